import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimCustomer, type SimOrder, type Simulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";

const SHOP = "query-shop.myshopify.com";
const NOW = new Date("2026-06-15T12:00:00Z");
const clock = NOW;
let sim: Simulator;
let token: string;
const customers: SimCustomer[] = [];
const orders: SimOrder[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: "k",
    apiSecret: "s",
    appUrl: "http://127.0.0.1:9",
    scopes: "read_customers,read_orders,read_all_orders",
    now: () => clock,
  });
  const shop = sim.createShop(SHOP, { currencyCode: "USD", ianaTimezone: "America/New_York" });
  for (let i = 0; i < 5; i++) {
    customers.push(shop.createCustomer({ firstName: `C${i}`, createdAt: new Date(Date.UTC(2025, i, 1)) }, { silent: true }));
  }
  const [a, b] = customers as [SimCustomer, SimCustomer];
  orders.push(shop.createOrder({ customerGid: a.gid, totalMinor: 10_000, createdAt: new Date("2025-01-10T10:00:00Z") }, { silent: true }));
  orders.push(shop.createOrder({ customerGid: a.gid, totalMinor: 5_000, currency: "EUR", createdAt: new Date("2026-05-20T10:00:00Z") }, { silent: true }));
  orders.push(shop.createOrder({ customerGid: b.gid, totalMinor: 7_000, test: true, createdAt: new Date("2026-06-01T03:00:00Z") }, { silent: true }));
  orders.push(
    shop.createOrder(
      { customerGid: b.gid, lineItems: [{ title: "Book", quantity: 2, priceMinor: 1_250 }], createdAt: new Date("2026-06-10T10:00:00Z") },
      { silent: true },
    ),
  );
  shop.refundOrder((orders[1] as SimOrder).gid, { amountMinor: 2_000, processedAt: new Date("2026-06-05T10:00:00Z") }, { silent: true });
  shop.cancelOrder((orders[3] as SimOrder).gid, { silent: true });
  token = await offlineAccessToken(sim, SHOP, { apiKey: "k", apiSecret: "s" });
});
afterAll(() => sim.close());

async function data(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await adminGraphQL(sim, SHOP, token, query, variables);
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data as Record<string, any>;
}

describe("connections", () => {
  it("pages forward with first/after and backward with last/before", async () => {
    const page = (after: string | null) =>
      data("query ($after: String) { customers(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }", {
        after,
      });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result = await page(after);
      seen.push(...result.customers.nodes.map((n: { id: string }) => n.id));
      pages++;
      if (!result.customers.pageInfo.hasNextPage) break;
      after = result.customers.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(customers.map((c) => c.gid));

    const last = await data("{ customers(last: 2) { nodes { id } pageInfo { startCursor hasPreviousPage hasNextPage } } }");
    expect(last.customers.nodes.map((n: { id: string }) => n.id)).toEqual(customers.slice(3).map((c) => c.gid));
    expect(last.customers.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await data("query ($b: String) { customers(last: 2, before: $b) { nodes { id } } }", { b: last.customers.pageInfo.startCursor });
    expect(before.customers.nodes.map((n: { id: string }) => n.id)).toEqual(customers.slice(1, 3).map((c) => c.gid));
  });

  it("sorts by a sort key, reversed on request", async () => {
    const result = await data("{ orders(first: 10, sortKey: CREATED_AT, reverse: true) { nodes { id createdAt } } }");
    expect(result.orders.nodes.map((n: { createdAt: string }) => n.createdAt)).toEqual([
      "2026-06-10T10:00:00Z",
      "2026-06-01T03:00:00Z",
      "2026-05-20T10:00:00Z",
      "2025-01-10T10:00:00Z",
    ]);
  });

  it("filters with the search syntax (dates in the shop's zone, test flag, updated_at)", async () => {
    const ids = async (query: string) =>
      (await data("query ($q: String) { orders(first: 10, query: $q) { nodes { id } } }", { q: query })).orders.nodes.map((n: { id: string }) => n.id);
    expect(await ids("test:false")).toEqual([orders[0], orders[1], orders[3]].map((o) => o?.gid));
    expect(await ids("created_at:>=2026-06-01")).toEqual([orders[3]?.gid]);
    expect(await ids("created_at:>=2026-05-31 AND test:false")).toEqual([orders[3]?.gid]);
    expect(await ids("updated_at:>='2026-06-05T00:00:00Z'")).toEqual([orders[1]?.gid, orders[3]?.gid]);
    expect(await ids("status:cancelled")).toEqual([orders[3]?.gid]);
    const warned = await adminGraphQL(sim, SHOP, token, '{ orders(first: 1, query: "colour:red") { nodes { id } } }');
    expect(warned.body.extensions?.search).toEqual([
      { path: ["orders"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query." }] },
    ]);
  });
});

describe("orders, refunds and customers", () => {
  it("reports shop and presentment money for multi-currency orders with refunds", async () => {
    const result = await data(
      `query ($id: ID!) { order(id: $id) {
        id test displayFinancialStatus currencyCode presentmentCurrencyCode customer { id }
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        currentTotalPriceSet { shopMoney { amount } presentmentMoney { amount } }
        totalRefundedSet { shopMoney { amount } presentmentMoney { amount } }
        refunds { id createdAt updatedAt totalRefundedSet { shopMoney { amount } presentmentMoney { amount currencyCode } } }
      } }`,
      { id: orders[1]?.gid },
    );
    expect(result.order).toEqual({
      id: orders[1]?.gid,
      test: false,
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      currencyCode: "USD",
      presentmentCurrencyCode: "EUR",
      customer: { id: customers[0]?.gid },
      totalPriceSet: { shopMoney: { amount: "54.0", currencyCode: "USD" }, presentmentMoney: { amount: "50.0", currencyCode: "EUR" } },
      currentTotalPriceSet: { shopMoney: { amount: "32.4" }, presentmentMoney: { amount: "30.0" } },
      totalRefundedSet: { shopMoney: { amount: "21.6" }, presentmentMoney: { amount: "20.0" } },
      refunds: [
        {
          id: expect.stringMatching(/^gid:\/\/shopify\/Refund\/\d+$/),
          createdAt: "2026-06-05T10:00:00Z",
          updatedAt: "2026-06-05T10:00:00Z",
          totalRefundedSet: { shopMoney: { amount: "21.6" }, presentmentMoney: { amount: "20.0", currencyCode: "EUR" } },
        },
      ],
    });
  });

  it("gives customers their order count, net spend and orders", async () => {
    const result = await data(
      "query ($id: ID!) { customer(id: $id) { id numberOfOrders amountSpent { amount currencyCode } orders(first: 5) { nodes { id } } lastOrder { id } } }",
      { id: customers[0]?.gid },
    );
    expect(result.customer).toEqual({
      id: customers[0]?.gid,
      numberOfOrders: "2",
      amountSpent: { amount: "132.4", currencyCode: "USD" },
      orders: { nodes: [{ id: orders[0]?.gid }, { id: orders[1]?.gid }] },
      lastOrder: { id: orders[1]?.gid },
    });
    expect(
      sim
        .shop(SHOP)
        .netSpendByCustomer()
        .get(customers[0]?.gid ?? ""),
    ).toBe(13_240);
  });

  it("resolves nodes by GID and counts", async () => {
    const result = await data(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } ordersCount(query: "test:false") { count precision } customersCount { count } }',
      { ids: [orders[0]?.gid, customers[1]?.gid, "gid://shopify/Order/1"] },
    );
    expect(result).toEqual({
      nodes: [{ __typename: "Order", id: orders[0]?.gid }, { __typename: "Customer", id: customers[1]?.gid }, null],
      ordersCount: { count: 3, precision: "EXACT" },
      customersCount: { count: 5 },
    });
  });
});

describe("order visibility without read_all_orders", () => {
  it("shows only the orders created in the last 60 days", async () => {
    const limited = await startSimulator({ apiKey: "k", apiSecret: "s", appUrl: "http://127.0.0.1:9", scopes: "read_orders", now: () => NOW });
    try {
      const shop = limited.createShop(SHOP);
      const old = shop.createOrder({ totalMinor: 100, createdAt: new Date("2026-04-01T00:00:00Z") }, { silent: true });
      const recent = shop.createOrder({ totalMinor: 100, createdAt: new Date("2026-05-01T00:00:00Z") }, { silent: true });
      const limitedToken = await offlineAccessToken(limited, SHOP, { apiKey: "k", apiSecret: "s" });
      const response = await adminGraphQL(limited, SHOP, limitedToken, "query ($id: ID!) { orders(first: 5) { nodes { id } } order(id: $id) { id } }", {
        id: old.gid,
      });
      expect(response.body.data).toEqual({ orders: { nodes: [{ id: recent.gid }] }, order: null });
    } finally {
      await limited.close();
    }
  });
});
