import type { AccessTokenRegistry } from "./access-tokens.ts";
import { ONLINE_ACCESS_TOKEN_SECONDS } from "./access-tokens.ts";
import { verifyJwt } from "./jwt.ts";

/**
 * `POST /admin/oauth/access_token`, as `@shopify/shopify-api` 15 calls it: token exchange of a session token for
 * an offline or online access token (managed installation), migration of a non-expiring offline token to an
 * expiring one, and the refresh grant.
 */

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Session tokens live one minute; this much clock skew is tolerated. */
const SESSION_TOKEN_LEEWAY_SECONDS = 5;

export interface TokenRequestContext {
  shop: string;
  apiKey: string;
  apiSecret: string;
  registry: AccessTokenRegistry;
  nowMs: number;
  /** Called when a session token is exchanged: the merchant has opened the app, so it is installed. */
  onInstalled: () => void;
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

function oauthError(status: number, error: string, description: string): TokenResponse {
  return { status, body: { error, error_description: description } };
}

const invalidSubjectToken = () => oauthError(400, "invalid_subject_token", "Token exchange cannot be performed due to an invalid subject token.");

export async function handleAccessTokenRequest(params: Record<string, unknown>, ctx: TokenRequestContext): Promise<TokenResponse> {
  const field = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : "");
  if (field("client_id") !== ctx.apiKey || field("client_secret") !== ctx.apiSecret) {
    return oauthError(
      401,
      "invalid_client",
      "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
    );
  }
  const grantType = field("grant_type");
  if (grantType === "refresh_token") {
    const refreshed = ctx.registry.refresh(ctx.shop, field("refresh_token"), ctx.nowMs);
    if (!refreshed) return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    return { status: 200, body: { ...refreshed } };
  }
  if (grantType !== TOKEN_EXCHANGE_GRANT) {
    return oauthError(400, "unsupported_grant_type", `The grant type ${grantType || "(missing)"} is not supported.`);
  }

  const subjectTokenType = field("subject_token_type");
  const requestedTokenType = field("requested_token_type");
  const expiring = field("expiring") === "1";

  if (subjectTokenType === OFFLINE_TOKEN_TYPE) {
    const existing = ctx.registry.lookup(ctx.shop, field("subject_token"), ctx.nowMs);
    if (!existing || existing.kind !== "offline" || requestedTokenType !== OFFLINE_TOKEN_TYPE || !expiring) {
      return invalidSubjectToken();
    }
    ctx.registry.revoke(existing.token);
    return { status: 200, body: { ...ctx.registry.issueOffline(ctx.shop, true, ctx.nowMs) } };
  }
  if (subjectTokenType !== ID_TOKEN_TYPE) {
    return oauthError(400, "invalid_request", `The subject_token_type ${subjectTokenType || "(missing)"} is not supported.`);
  }

  const verified = await verifyJwt(field("subject_token"), ctx.apiSecret, Math.floor(ctx.nowMs / 1000), SESSION_TOKEN_LEEWAY_SECONDS);
  if (!verified.valid) return invalidSubjectToken();
  const { claims } = verified;
  if (claims.aud !== ctx.apiKey || claims.dest !== `https://${ctx.shop}`) return invalidSubjectToken();

  if (requestedTokenType === OFFLINE_TOKEN_TYPE) {
    ctx.onInstalled();
    return { status: 200, body: { ...ctx.registry.issueOffline(ctx.shop, expiring, ctx.nowMs) } };
  }
  if (requestedTokenType === ONLINE_TOKEN_TYPE) {
    const userId = String(claims.sub ?? "");
    if (!userId) return invalidSubjectToken();
    ctx.onInstalled();
    const token = ctx.registry.issueOnline(ctx.shop, userId, ctx.nowMs);
    const numericUser = /^\d+$/.test(userId) ? Number(userId) : userId;
    return {
      status: 200,
      body: {
        access_token: token.token,
        scope: ctx.registry.scopeString,
        expires_in: ONLINE_ACCESS_TOKEN_SECONDS,
        associated_user_scope: ctx.registry.scopeString,
        session: typeof claims.sid === "string" ? claims.sid : undefined,
        associated_user: {
          id: numericUser,
          first_name: "Simulated",
          last_name: "Staff",
          email: `staff-${userId}@${ctx.shop}`,
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      },
    };
  }
  return oauthError(400, "invalid_request", `The requested_token_type ${requestedTokenType || "(missing)"} is not supported.`);
}
