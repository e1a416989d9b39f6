import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index.ts";
import { adminGraphQL, postAccessToken, TOKEN_EXCHANGE } from "../testing/admin-client.ts";

const SHOP = "token-shop.myshopify.com";
const CREDENTIALS = { client_id: "test-key", client_secret: "test-secret" };
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ apiKey: "test-key", apiSecret: "test-secret", appUrl: "http://127.0.0.1:9", scopes: "read_orders, write_customers" });
  sim.createShop(SHOP);
});
afterEach(() => sim.close());

function exchange(subjectToken: string, overrides: Record<string, string> = {}) {
  return postAccessToken(sim, SHOP, {
    ...CREDENTIALS,
    grant_type: TOKEN_EXCHANGE.grant,
    subject_token: subjectToken,
    subject_token_type: TOKEN_EXCHANGE.idToken,
    requested_token_type: TOKEN_EXCHANGE.offline,
    expiring: "0",
    ...overrides,
  });
}

const shopQuery = "{ shop { myshopifyDomain } }";

describe("POST /admin/oauth/access_token", () => {
  it("exchanges a session token for a working offline token", async () => {
    const response = await exchange(await sim.sessionToken(SHOP));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: "read_orders,write_customers" });
    const graphql = await adminGraphQL(sim, SHOP, String(response.body.access_token), shopQuery);
    expect(graphql.body.data).toEqual({ shop: { myshopifyDomain: SHOP } });
  });

  it("issues expiring offline tokens with a refresh token, and rotates on refresh", async () => {
    const first = await exchange(await sim.sessionToken(SHOP), { expiring: "1" });
    expect(first.body).toMatchObject({ expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: 7776000 });
    const refresh = (token: unknown) => postAccessToken(sim, SHOP, { ...CREDENTIALS, grant_type: "refresh_token", refresh_token: String(token) });

    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect((await adminGraphQL(sim, SHOP, String(second.body.access_token), shopQuery)).status).toBe(200);
    // The used refresh token still works until its replacement is used, then it is retired.
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
    expect((await refresh(second.body.refresh_token)).status).toBe(200);
    const retired = await refresh(first.body.refresh_token);
    expect(retired).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("answers online token requests with the associated user", async () => {
    const response = await exchange(await sim.sessionToken(SHOP, { sub: "42" }), { requested_token_type: TOKEN_EXCHANGE.online });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      expires_in: 86399,
      associated_user_scope: "read_orders,write_customers",
      associated_user: { id: 42, account_owner: true },
    });
  });

  it.each([
    ["signed with another secret", async () => (await sim.sessionToken(SHOP)).replace(/\.[^.]+$/, ".c2lnbmF0dXJl")],
    ["expired", () => sim.sessionToken(SHOP, { exp: Math.floor(Date.now() / 1000) - 120 })],
    ["for another app", () => sim.sessionToken(SHOP, { aud: "other-key" })],
    ["for another shop", () => sim.sessionToken("elsewhere.myshopify.com")],
    ["not a JWT", async () => "not-a-token"],
  ])("rejects a session token %s as invalid_subject_token", async (_label, token) => {
    const response = await exchange(await token());
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: "invalid_subject_token",
      error_description: "Token exchange cannot be performed due to an invalid subject token.",
    });
  });

  it("rejects wrong client credentials", async () => {
    const response = await exchange(await sim.sessionToken(SHOP), { client_secret: "wrong" });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("invalid_client");
  });

  it("migrates a non-expiring offline token to an expiring one and revokes the old token", async () => {
    const legacy = String((await exchange(await sim.sessionToken(SHOP))).body.access_token);
    const migrated = await exchange(legacy, { subject_token_type: TOKEN_EXCHANGE.offline, expiring: "1" });
    expect(migrated.status).toBe(200);
    expect(migrated.body).toMatchObject({ expires_in: 3600, refresh_token: expect.any(String) });
    expect((await adminGraphQL(sim, SHOP, legacy, shopQuery)).status).toBe(401);
  });

  it("revokes the shop's tokens when the app is uninstalled, and reinstalls on the next exchange", async () => {
    const token = String((await exchange(await sim.sessionToken(SHOP))).body.access_token);
    const shop = sim.shop(SHOP);
    shop.uninstallApp();
    expect(shop.installed).toBe(false);
    const denied = await adminGraphQL(sim, SHOP, token, shopQuery);
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

    expect((await exchange(await sim.sessionToken(SHOP))).status).toBe(200);
    expect(shop.installed).toBe(true);
  });

  it("answers 404 for a shop the simulator does not have", async () => {
    const response = await postAccessToken(sim, "missing.myshopify.com", { ...CREDENTIALS });
    expect(response.status).toBe(404);
  });
});
