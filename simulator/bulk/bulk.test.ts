import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimOrder, type Simulator } from "../index.ts";
import { formatDecimal } from "../money.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver.ts";

const SHOP = "bulk-shop.myshopify.com";
const CUSTOMERS = 400;
const ORDERS = 3000;
let sim: Simulator;
let receiver: WebhookReceiver;
let token: string;
let seededOrders: SimOrder[] = [];

const RUN = `mutation ($query: String!, $group: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $group) { bulkOperation { id status } userErrors { field message code } }
}`;

const ORDERS_QUERY = `{
  orders(query: "created_at:>=2019-01-01 AND test:false", sortKey: CREATED_AT) {
    edges { node {
      id createdAt processedAt cancelledAt test displayFinancialStatus currencyCode customer { id }
      currentTotalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      refunds { id createdAt totalRefundedSet { shopMoney { amount } } }
      lineItems { edges { node { id title quantity } } }
    } }
  }
}`;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ apiKey: "bulk-app", apiSecret: "bulk-secret" });
  sim = await startSimulator({
    apiKey: "bulk-app",
    apiSecret: "bulk-secret",
    appUrl: receiver.url,
    scopes: "read_customers,read_orders,read_all_orders",
    webhookSubscriptions: [{ topic: "bulk_operations/finish", uri: "/webhooks/bulk" }],
  });
  const shop = sim.createShop(SHOP);
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => shop.createCustomer({ createdAt: new Date(Date.UTC(2019, 0, 1 + i)) }, { silent: true }));
  const start = Date.UTC(2019, 6, 1);
  for (let i = 0; i < ORDERS; i++) {
    const order = shop.createOrder(
      {
        customerGid: customers[i % CUSTOMERS]?.gid ?? null,
        lineItems: Array.from({ length: 1 + (i % 3) }, (_, j) => ({ title: `Item ${j}`, priceMinor: 500 + i })),
        createdAt: new Date(start + i * 3_600_000),
      },
      { silent: true },
    );
    if (i % 10 === 0) shop.refundOrder(order.gid, { amountMinor: 100, processedAt: new Date(start + i * 3_600_000 + 60_000) }, { silent: true });
  }
  for (let i = 0; i < 20; i++) shop.createOrder({ totalMinor: 100, test: true, createdAt: new Date(start) }, { silent: true });
  seededOrders = shop.orders().filter((o) => !o.test);
  token = await offlineAccessToken(sim, SHOP, { apiKey: "bulk-app", apiSecret: "bulk-secret" });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

async function runBulk(query: string, groupObjects = false) {
  const response = await adminGraphQL(sim, SHOP, token, RUN, { query, group: groupObjects });
  return response.body.data?.bulkOperationRunQuery as { bulkOperation: { id: string; status: string } | null; userErrors: unknown[] };
}

async function waitForCompletion(id: string) {
  for (;;) {
    const response = await adminGraphQL(
      sim,
      SHOP,
      token,
      "query ($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url completedAt } }",
      { id },
    );
    const operation = response.body.data?.bulkOperation as Record<string, string | null>;
    if (operation.status !== "CREATED" && operation.status !== "RUNNING") return operation;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function download(url: string): Promise<Record<string, any>[]> {
  const response = await fetch(url);
  expect(response.headers.get("content-type")).toBe("application/jsonl");
  const text = await response.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, any>);
}

describe("bulk operations", () => {
  it("exports thousands of orders as JSONL with __parentId child lines, then fires bulk_operations/finish", async () => {
    const started = performance.now();
    const run = await runBulk(ORDERS_QUERY);
    expect(run.userErrors).toEqual([]);
    expect(run.bulkOperation?.status).toBe("CREATED");
    const operation = await waitForCompletion(run.bulkOperation?.id ?? "");
    const elapsed = performance.now() - started;

    const lineItemCount = seededOrders.reduce((sum, o) => sum + o.lineItems.length, 0);
    expect(operation).toMatchObject({
      status: "COMPLETED",
      errorCode: null,
      rootObjectCount: String(ORDERS),
      objectCount: String(ORDERS + lineItemCount),
      url: expect.stringMatching(/\/bulk\/\d+\.jsonl$/),
      completedAt: expect.any(String),
    });
    const lines = await download(operation.url ?? "");
    expect(String(lines.reduce((size, l) => size + Buffer.byteLength(JSON.stringify(l)) + 1, 0))).toBe(operation.fileSize);

    const roots = lines.filter((l) => !("__parentId" in l));
    const children = lines.filter((l) => "__parentId" in l);
    expect(roots).toHaveLength(ORDERS);
    expect(children).toHaveLength(lineItemCount);
    expect(lines.some((l) => "edges" in l || "node" in l || "lineItems" in l)).toBe(false);
    const rootIds = new Set(roots.map((r) => r.id));
    expect(children.every((c) => rootIds.has(c.__parentId) && String(c.id).startsWith("gid://shopify/LineItem/"))).toBe(true);
    expect(lines[1]).not.toHaveProperty("__parentId");

    const truth = new Map(seededOrders.map((o) => [o.gid, o]));
    for (const root of roots) {
      const order = truth.get(root.id);
      if (!order) throw new Error(`unknown order ${root.id}`);
      expect(root.currentTotalPriceSet.shopMoney.amount).toBe(formatDecimal(order.totalMinor - order.refundedMinor, "USD"));
      expect(root.refunds).toHaveLength(order.refundedMinor > 0 ? 1 : 0);
    }
    expect(roots.map((r) => r.createdAt)).toEqual([...roots.map((r) => r.createdAt)].sort());
    expect(elapsed).toBeLessThan(10_000);

    await sim.webhooksSettled();
    const finish = receiver.received.find((r) => r.payload.admin_graphql_api_id === run.bulkOperation?.id);
    expect(finish).toMatchObject({ topic: "bulk_operations/finish", valid: true });
    expect(finish?.payload).toMatchObject({ status: "completed", error_code: null, type: "query", completed_at: expect.any(String) });
  });

  it("groups children after their parent when asked to", async () => {
    const run = await runBulk("{ customers { edges { node { id orders(first: 1) { edges { node { id } } } } } } }", true);
    const operation = await waitForCompletion(run.bulkOperation?.id ?? "");
    const lines = await download(operation.url ?? "");
    expect(operation.rootObjectCount).toBe(String(CUSTOMERS));
    let parent: string | null = null;
    for (const line of lines) {
      if ("__parentId" in line) expect(line.__parentId).toBe(parent);
      else parent = line.id;
    }
    const listed = await adminGraphQL(sim, SHOP, token, '{ bulkOperations(first: 10, query: "status:COMPLETED") { nodes { id } } }');
    expect((listed.body.data!.bulkOperations as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toContain(run.bulkOperation?.id);
  });

  it.each([
    ["no connection", "{ shop { name } }", "Bulk queries must contain at least one connection."],
    ["a parse error", "{ orders { edges { node { id } }", "Invalid bulk query: Unexpected end of document"],
    ["an unknown field", "{ orders { edges { node { nope } } } }", "Invalid bulk query: Field 'nope' doesn't exist on type 'Order'"],
    ["top-level node", '{ node(id: "gid://shopify/Order/1") { id } }', "The top-level node and nodes fields can't be used in bulk queries."],
    [
      "three levels of connections",
      "{ customers { edges { node { id orders { edges { node { id lineItems { edges { node { id } } } } } } } } } }",
      "Bulk queries cannot contain connections nested more than 2 levels deep.",
    ],
    [
      "more than five connections",
      "{ orders { edges { node { id a: lineItems { nodes { id } } b: lineItems { nodes { id } } c: lineItems { nodes { id } } d: lineItems { nodes { id } } e: lineItems { nodes { id } } } } } }",
      "Bulk queries cannot contain more than 5 connections.",
    ],
    [
      "a nested connection whose parent lacks id",
      "{ orders { edges { node { createdAt lineItems { edges { node { id } } } } } } }",
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': lineItems.",
    ],
  ])("rejects a query with %s as INVALID", async (_label, query, message) => {
    const run = await runBulk(query);
    expect(run).toEqual({ bulkOperation: null, userErrors: [{ field: ["query"], message, code: "INVALID" }] });
  });

  it("runs at most five bulk queries at once", async () => {
    const query = JSON.stringify(ORDERS_QUERY);
    const mutation = `mutation { ${Array.from({ length: 6 }, (_, i) => `r${i}: bulkOperationRunQuery(query: ${query}, groupObjects: false) { bulkOperation { id } userErrors { code message } }`).join(" ")} }`;
    const response = await adminGraphQL(sim, SHOP, token, mutation);
    const results = Object.values(response.body.data ?? {}) as { bulkOperation: { id: string } | null; userErrors: { code: string; message: string }[] }[];
    expect(results.slice(0, 5).every((r) => r.bulkOperation !== null && r.userErrors.length === 0)).toBe(true);
    expect(results[5]).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          code: "OPERATION_IN_PROGRESS",
          message: expect.stringMatching(/^A bulk query operation for this app and shop is already in progress: gid:\/\/shopify\/BulkOperation\/\d+\.$/),
        },
      ],
    });
    await sim.webhooksSettled();
    expect(
      sim
        .shop(SHOP)
        .bulkOperations()
        .filter((op) => op.status === "COMPLETED").length,
    ).toBeGreaterThanOrEqual(7);
  });

  it("fails with ACCESS_DENIED when the token lacks a scope the query needs", async () => {
    const limited = await startSimulator({ apiKey: "bulk-app", apiSecret: "bulk-secret", appUrl: receiver.url, scopes: "read_orders" });
    try {
      limited.createShop(SHOP).createCustomer({}, { silent: true });
      const limitedToken = await offlineAccessToken(limited, SHOP, { apiKey: "bulk-app", apiSecret: "bulk-secret" });
      const response = await adminGraphQL(limited, SHOP, limitedToken, RUN, { query: "{ customers { edges { node { id } } } }", group: false });
      const id = (response.body.data!.bulkOperationRunQuery as { bulkOperation: { id: string } }).bulkOperation.id;
      await limited.webhooksSettled();
      const operation = limited
        .shop(SHOP)
        .bulkOperations()
        .find((op) => op.gid === id);
      expect(operation).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED", url: null });
    } finally {
      await limited.close();
    }
  });
});
