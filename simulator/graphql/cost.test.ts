import { getOperationAST, parse } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";
import { actualQueryCost, requestedQueryCost } from "./cost.ts";
import { adminSchema } from "./schema.ts";
import { fragmentMap } from "./selection.ts";

function cost(query: string, variables: Record<string, unknown> = {}, data?: unknown) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("no operation");
  const ctx = { schema: adminSchema(), fragments: fragmentMap(document.definitions), variables };
  return { requested: requestedQueryCost(ctx, operation), actual: data === undefined ? null : actualQueryCost(ctx, operation, data) };
}

describe("calculated query cost", () => {
  it("charges objects 1, scalars 0, connections 2 + page size × node cost", () => {
    expect(cost("{ shop { id name currencyCode } }").requested).toBe(1);
    expect(cost("{ orders(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }").requested).toBe(12);
    expect(cost("{ orders(first: 10) { nodes { id totalPriceSet { shopMoney { amount } } } } }").requested).toBe(2 + 10 * 3);
    expect(cost("query ($n: Int) { customers(last: $n) { nodes { id } } }", { n: 50 }).requested).toBe(52);
    // nested connection: 2 + 5 × (1 + (2 + 10 × 1))
    expect(cost("{ customers(first: 5) { nodes { orders(first: 10) { nodes { id } } } } }").requested).toBe(67);
  });

  it("multiplies plain lists by first and prices interfaces by their most expensive type", () => {
    expect(cost("{ orders(first: 1) { nodes { refunds(first: 5) { id totalRefundedSet { shopMoney { amount } } } } } }").requested).toBe(2 + 1 * (1 + 5 * 3));
    expect(cost('{ node(id: "gid://shopify/Customer/1") { id ... on Customer { amountSpent { amount } } } }').requested).toBe(2);
  });

  it("charges 10 per mutation field whatever it selects", () => {
    expect(cost('mutation { a: tagsAdd(id: "x", tags: []) { node { id } } b: tagsRemove(id: "x", tags: []) { userErrors { message } } }').requested).toBe(20);
  });

  it("computes the actual cost from the nodes returned", () => {
    const query = "{ orders(first: 10) { edges { node { id customer { id } } } } }";
    const data = {
      orders: { edges: [{ node: { id: "gid://shopify/Order/1", customer: null } }, { node: { id: "gid://shopify/Order/2", customer: { id: "c" } } }] },
    };
    expect(cost(query, {}, data)).toEqual({ requested: 22, actual: 2 + 1 + 2 });
  });
});

describe("cost limits and throttling over HTTP", () => {
  const SHOP = "cost-shop.myshopify.com";
  let sim: Simulator;
  afterEach(() => sim.close());

  async function setUp(bucket?: { maximumAvailable: number; restoreRate: number; clock: () => number }) {
    sim = await startSimulator({ apiKey: "k", apiSecret: "s", appUrl: "http://127.0.0.1:9", scopes: "read_customers", ...(bucket ? { bucket } : {}) });
    const shop = sim.createShop(SHOP);
    for (let i = 0; i < 3; i++) shop.createCustomer({}, { silent: true });
    return offlineAccessToken(sim, SHOP, { apiKey: "k", apiSecret: "s" });
  }

  it("reports cost and a Standard-plan bucket on every response, refunding unused points", async () => {
    const token = await setUp();
    const response = await adminGraphQL(sim, SHOP, token, "{ customers(first: 100) { nodes { id } } }");
    expect(response.body.extensions?.cost).toEqual({
      requestedQueryCost: 102,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
    expect(response.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(1995);
  });

  it("refuses queries above 1000 points before running them", async () => {
    const token = await setUp();
    const response = await adminGraphQL(sim, SHOP, token, "{ customers(first: 250) { nodes { id amountSpent { amount } orders(first: 10) { nodes { id } } } } }");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Query cost is 3502, which exceeds the single query max cost limit \(1000\)\./),
          extensions: { code: "MAX_COST_EXCEEDED", cost: 3502, maxCost: 1000, documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
    });
  });

  it("answers THROTTLED when the bucket cannot cover the request, and recovers at the restore rate", async () => {
    let now = 0;
    const token = await setUp({ maximumAvailable: 100, restoreRate: 10, clock: () => now });
    const query = "{ customers(first: 40) { nodes { id } } }";
    const first = await adminGraphQL(sim, SHOP, token, query);
    expect(first.body.extensions?.cost).toMatchObject({ requestedQueryCost: 42, actualQueryCost: 5, throttleStatus: { currentlyAvailable: 95 } });
    const expensive = "{ customers(first: 97) { nodes { id } } }";
    const throttled = await adminGraphQL(sim, SHOP, token, expensive);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: {
          requestedQueryCost: 99,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 95, restoreRate: 10 },
        },
      },
    });
    now += 300;
    expect((await adminGraphQL(sim, SHOP, token, expensive)).body.extensions?.cost).toMatchObject({
      actualQueryCost: null,
      throttleStatus: { currentlyAvailable: 98 },
    });
    now += 100;
    const admitted = await adminGraphQL(sim, SHOP, token, expensive);
    expect(admitted.body.errors).toBeUndefined();
    expect(admitted.body.extensions?.cost).toMatchObject({ actualQueryCost: 5, throttleStatus: { currentlyAvailable: 94 } });
  });
});
