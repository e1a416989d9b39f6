import { beforeEach, describe, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { storeWebhook } from "../../app/persistence/webhook-events.server.ts";
import { purgeDeliveries, sweepInbox } from "../../app/webhooks/jobs.server.ts";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create.tsx";
import { action as refundsCreate } from "../../app/routes/webhooks.refunds.create.tsx";
import { samplePayload, webhookRequest, webhookRouteAction } from "../factories/webhooks.ts";
import { runJobs } from "../support/jobs.ts";

const shop = "intake.myshopify.com";
const url = "http://127.0.0.1/webhooks/orders/create";

async function deliver(action: typeof ordersCreate, request: Request): Promise<number> {
  try {
    return (await action({ request, params: {}, context: {} })).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

// The app takes deliveries (but compliance ones) only from shops that installed it.
beforeEach(async () => {
  await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date() } });
});

const later = (ms: number) => () => new Date(Date.now() + ms);
const context = (now: () => Date) => ({ now, signal: new AbortController().signal });

describe("webhook intake", () => {
  const body = JSON.stringify(samplePayload("orders/create"));

  test("a bad signature gets 401 and nothing is stored", async () => {
    const status = await deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body, secret: "not-the-secret" }));
    expect(status).toBe(401);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  test("missing Shopify headers get 400 and nothing is stored", async () => {
    const status = await deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body, omit: ["X-Shopify-Webhook-Id"] }));
    expect(status).toBe(400);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  test("a topic header that is not the route's gets 400, nothing stored", async () => {
    const status = await deliver(refundsCreate, webhookRequest(url, { topic: "orders/create", shop, body }));
    expect(status).toBe(400);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  test("a compliance delivery for another shop than its signed shop_domain gets 400", async () => {
    const redact = await webhookRouteAction("shop/redact");
    const forged = webhookRequest(url, { topic: "shop/redact", shop: "victim.myshopify.com", body: JSON.stringify({ shop_id: 1, shop_domain: shop }) });
    expect((await redact({ request: forged, params: {}, context: {} })).status).toBe(400);
    const genuine = webhookRequest(url, { topic: "shop/redact", shop, body: JSON.stringify({ shop_id: 1, shop_domain: shop }) });
    expect((await redact({ request: genuine, params: {}, context: {} })).status).toBe(200);
    expect(await db.webhookEvent.count({ where: { topic: "shop/redact" } })).toBe(1);
  });

  test("a valid delivery is stored once, without personal data, before the 200", async () => {
    const request = () => webhookRequest(url, { topic: "orders/create", shop, body, webhookId: "wh-1" });
    expect(await deliver(ordersCreate, request())).toBe(200);
    expect(await deliver(ordersCreate, request())).toBe(200);
    const rows = await db.webhookEvent.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop, topic: "orders/create", webhookId: "wh-1", status: "pending" });
    expect(rows[0]?.payload).not.toMatch(/@example|first_name|address1|"phone"/);
    expect(rows[0]?.payload).toContain("gid://shopify/Order/820982911946154508");
  });

  test("deliveries arriving together are stored in one go, each webhook id once", async () => {
    const ids = ["wh-a", "wh-b", "wh-a", "wh-c", "wh-b", "wh-a"];
    await deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body, webhookId: "wh-c" }));
    const statuses = await Promise.all(ids.map((webhookId) => deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body, webhookId }))));
    expect(statuses).toEqual(ids.map(() => 200));
    const rows = await db.webhookEvent.findMany({ orderBy: { webhookId: "asc" } });
    expect(rows.map((r) => r.webhookId)).toEqual(["wh-a", "wh-b", "wh-c"]);
  });

  test("a malformed payload gets 422 naming the field, and is kept failed with only the fields the app reads", async () => {
    const bad = JSON.stringify({ ...samplePayload("orders/create"), total_price_set: null });
    expect(bad).toMatch(/first_name|address1/);
    const response = await ordersCreate({ request: webhookRequest(url, { topic: "orders/create", shop, body: bad }), params: {}, context: {} });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/total_price_set: expected object, received null/);
    const row = await db.webhookEvent.findFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/total_price_set/);
    expect(row.payload).not.toMatch(/@example|first_name|last_name|address1|"phone"|"email"|line_items/);
    expect(row.payload).toContain("gid://shopify/Order/820982911946154508");
  });

  test("stored deliveries are applied by the shop's apply-webhooks job, refund before order", async () => {
    // Shopify's sample file rounds the 18-digit order_id; the real one is exact in the raw body.
    const refund = JSON.stringify(samplePayload("refunds/create")).replace(/"order_id":\d+/, '"order_id":820982911946154508');
    const order = samplePayload("orders/create");
    // The refund comes first; the order after it.
    await deliver(refundsCreate, webhookRequest(url, { topic: "refunds/create", shop, body: refund }));
    await deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body: JSON.stringify(order) }));
    expect(await db.webhookEvent.count({ where: { status: "pending" } })).toBe(2);
    expect(await db.order.count()).toBe(0);

    await runJobs();

    expect(await db.webhookEvent.count({ where: { status: "done" } })).toBe(2);
    const stored = await db.order.findFirstOrThrow({ where: { shop } });
    expect(stored.gid).toBe("gid://shopify/Order/820982911946154508");
    expect(stored.totalMinor).toBe(40_495n);
    // The sample refund's successful transactions: 75.00 + 10.00.
    expect(stored.refundedMinor).toBe(8_500n);
    expect(stored.netMinor).toBe(40_495n - 8_500n);
  });
});

describe("deliveries whose job was lost, and retention", () => {
  const body = JSON.stringify(samplePayload("orders/create"));

  test("a delivery stored by a process that died before queueing its job is applied after the inbox sweep", async () => {
    const stored = { shop, topic: "orders/create", eventId: null, triggeredAt: null, apiVersion: "2026-10", payload: body };
    expect(await storeWebhook({ ...stored, webhookId: "orphan" }, new Date())).toBe(true);
    await runJobs();
    expect((await db.webhookEvent.findFirstOrThrow()).status).toBe("pending");

    await sweepInbox({}, context(later(10_000))); // too recent: its job may still be on its way
    await runJobs();
    expect((await db.webhookEvent.findFirstOrThrow()).status).toBe("pending");

    await sweepInbox({}, context(later(60_000)));
    await runJobs();
    expect((await db.webhookEvent.findFirstOrThrow()).status).toBe("done");
    expect(await db.order.count({ where: { shop } })).toBe(1);
  });

  test("applied deliveries are deleted after seven days; failed ones stay", async () => {
    await deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body }));
    await deliver(ordersCreate, webhookRequest(url, { topic: "orders/create", shop, body: "{}" }));
    await runJobs();
    expect(await db.webhookEvent.count()).toBe(2);
    await purgeDeliveries({}, context(later(6 * 86_400_000)));
    expect(await db.webhookEvent.count()).toBe(2);
    await purgeDeliveries({}, context(later(8 * 86_400_000)));
    expect((await db.webhookEvent.findMany()).map((r) => r.status)).toEqual(["failed"]);
  });
});
