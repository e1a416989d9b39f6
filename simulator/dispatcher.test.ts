import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { ApiVersion, GraphqlQueryError, HttpResponseError, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeShopifyToSimulator } from "./dispatcher.ts";
import { startSimulator, type Simulator } from "./index.ts";

const SHOP = "routed-shop.myshopify.com";
const API_KEY = "routed-app";
const API_SECRET = "routed-secret";
let sim: Simulator;
let previousDispatcher: Dispatcher;
const clockMs = 0;

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "app.example.com",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

beforeAll(async () => {
  previousDispatcher = getGlobalDispatcher();
  sim = await startSimulator({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: "http://127.0.0.1:9",
    scopes: "read_orders,read_customers",
    bucket: { maximumAvailable: 60, restoreRate: 1, clock: () => clockMs },
  });
  const shop = sim.createShop(SHOP, { currencyCode: "CAD" });
  shop.createOrder({ totalMinor: 4200 }, { silent: true });
  routeShopifyToSimulator(sim.url);
});
afterAll(async () => {
  setGlobalDispatcher(previousDispatcher);
  await sim.close();
});

describe("routeShopifyToSimulator", () => {
  it("lets the real @shopify/shopify-api exchange a session token and query the simulator over a socket", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sim.sessionToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session).toMatchObject({ shop: SHOP, isOnline: false, accessToken: expect.stringMatching(/^shpat_/), refreshToken: expect.stringMatching(/^shprt_/) });
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);

    const client = new shopify.clients.Graphql({ session });
    const response = await client.request<{ shop: { myshopifyDomain: string; currencyCode: string }; orders: { nodes: { totalPriceSet: unknown }[] } }>(
      "query Routed { shop { myshopifyDomain currencyCode } orders(first: 5) { nodes { totalPriceSet { shopMoney { amount currencyCode } } } } }",
    );
    expect(response.data).toEqual({
      shop: { myshopifyDomain: SHOP, currencyCode: "CAD" },
      orders: { nodes: [{ totalPriceSet: { shopMoney: { amount: "42.0", currencyCode: "CAD" } } }] },
    });
    expect(response.extensions).toMatchObject({ cost: { requestedQueryCost: 18, actualQueryCost: 6 } });

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken ?? "" });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
  });

  it("surfaces THROTTLED as a GraphqlQueryError and a revoked token as a 401", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sim.sessionToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    const client = new shopify.clients.Graphql({ session });
    const expensive = "{ orders(first: 100) { nodes { id } } }";
    const throttled = await client.request(expensive).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(GraphqlQueryError);
    const body = (throttled as GraphqlQueryError).body as { errors: { graphQLErrors: { extensions: { code: string } }[] } };
    expect(body.errors.graphQLErrors[0]?.extensions.code).toBe("THROTTLED");

    sim.shop(SHOP).uninstallApp();
    const denied = await client.request("{ shop { name } }").catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(HttpResponseError);
    expect((denied as HttpResponseError).response.code).toBe(401);
  });

  it("leaves requests to other hosts alone", async () => {
    let seen: IncomingHttpHeaders | null = null;
    const server = createServer((req, res) => {
      seen = req.headers;
      res.end("plain");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    try {
      const address = server.address();
      const port = address && typeof address === "object" ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/x`, { headers: { "x-test": "1" } });
      expect(await response.text()).toBe("plain");
      expect(seen).toMatchObject({ "x-test": "1" });
      expect(seen).not.toHaveProperty("x-simulator-shop");
    } finally {
      server.close();
    }
  });
});
