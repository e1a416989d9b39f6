import type { Simulator } from "../simulator.ts";

/**
 * Raw HTTP helpers for tests that talk to the simulator without `@shopify/shopify-api`: they send exactly what
 * the library sends (token exchange body, `X-Shopify-Access-Token`), addressed with `x-simulator-shop`.
 */
export const TOKEN_EXCHANGE = {
  grant: "urn:ietf:params:oauth:grant-type:token-exchange",
  idToken: "urn:ietf:params:oauth:token-type:id_token",
  offline: "urn:shopify:params:oauth:token-type:offline-access-token",
  online: "urn:shopify:params:oauth:token-type:online-access-token",
} as const;

export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function postAccessToken(sim: Simulator, shop: string, params: Record<string, string>): Promise<RawResponse<Record<string, unknown>>> {
  const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "x-simulator-shop": shop },
    body: JSON.stringify(params),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** An offline access token for `shop`, obtained by token exchange of a fresh session token. */
export async function offlineAccessToken(sim: Simulator, shop: string, credentials: { apiKey: string; apiSecret: string }): Promise<string> {
  const response = await postAccessToken(sim, shop, {
    client_id: credentials.apiKey,
    client_secret: credentials.apiSecret,
    grant_type: TOKEN_EXCHANGE.grant,
    subject_token: await sim.sessionToken(shop),
    subject_token_type: TOKEN_EXCHANGE.idToken,
    requested_token_type: TOKEN_EXCHANGE.offline,
    expiring: "0",
  });
  if (response.status !== 200 || typeof response.body.access_token !== "string") {
    throw new Error(`Token exchange failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.access_token;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: unknown;
  extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> } } & Record<string, unknown>;
}

export async function adminGraphQL(
  sim: Simulator,
  shop: string,
  accessToken: string,
  query: string,
  variables?: Record<string, unknown>,
  apiVersion = "2026-10",
): Promise<RawResponse<GraphQLBody>> {
  const response = await fetch(`${sim.url}/admin/api/${apiVersion}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "x-simulator-shop": shop },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody };
}
