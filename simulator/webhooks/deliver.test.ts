import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorOptions } from "../index.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver.ts";
import { orderForRelease } from "./deliver.ts";
import { RETRY_DELAYS_SECONDS } from "./retry-schedule.ts";

const SHOP = "hooks.myshopify.com";
const TOPICS = ["customers/create", "orders/create", "orders/paid", "orders/updated", "refunds/create", "app/uninstalled", "shop/redact"];
let receiver: WebhookReceiver;
let sim: Simulator;

beforeEach(async () => {
  receiver = await startWebhookReceiver({ apiKey: "hook-app", apiSecret: "hook-secret" });
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

async function start(options: Partial<SimulatorOptions> = {}) {
  sim = await startSimulator({
    apiKey: "hook-app",
    apiSecret: "hook-secret",
    appUrl: receiver.url,
    scopes: "read_orders",
    webhookSubscriptions: TOPICS.map((topic) => ({ topic, uri: `/webhooks/${topic.replace("/", "-")}` })),
    ...options,
  });
  return sim.createShop(SHOP);
}

describe("webhook delivery", () => {
  it("signs deliveries so that @shopify/shopify-api validates them, with Shopify's headers", async () => {
    const shop = await start();
    const customer = shop.createCustomer({ email: "ada@example.com" });
    const order = shop.createOrder({ customerGid: customer.gid, totalMinor: 2500 });
    await sim.webhooksSettled();

    expect(receiver.received.map((r) => [r.topic, r.valid, r.status, r.path])).toEqual(
      expect.arrayContaining([
        ["customers/create", true, 200, "/webhooks/customers-create"],
        ["orders/create", true, 200, "/webhooks/orders-create"],
        ["orders/paid", true, 200, "/webhooks/orders-paid"],
      ]),
    );
    expect(receiver.received).toHaveLength(3);
    for (const delivery of receiver.received) {
      expect(delivery).toMatchObject({ shop: SHOP, apiVersion: "2026-10", triggeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    }
    const byTopic = Object.fromEntries(receiver.received.map((r) => [r.topic, r]));
    expect(byTopic["orders/create"]?.eventId).toBe(byTopic["orders/paid"]?.eventId);
    expect(byTopic["orders/create"]?.eventId).not.toBe(byTopic["customers/create"]?.eventId);
    expect(new Set(receiver.received.map((r) => r.webhookId)).size).toBe(3);
    expect(byTopic["orders/create"]?.payload).toMatchObject({
      admin_graphql_api_id: order.gid,
      total_price: "25.00",
      customer: { admin_graphql_api_id: customer.gid },
    });
    expect(sim.deliveries().map((d) => [d.topic, d.status, d.attempts.length])).toEqual(expect.arrayContaining([["orders/create", "delivered", 1]]));
  });

  it("retries non-2xx answers with Shopify's backoff, scaled, keeping the webhook id and the original body", async () => {
    const scale = 1 / 3600;
    const shop = await start({ retryDelayScale: scale, webhookSubscriptions: [{ topic: "orders/create", uri: "/webhooks/orders" }] });
    receiver.respond = (_delivery, attempt) => (attempt < 3 ? 500 : 200);
    const order = shop.createOrder({ totalMinor: 1000 });
    shop.updateOrder(order.gid, { note: "changed after the first attempt" });
    await sim.webhooksSettled();

    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.webhookId)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(receiver.received[2]?.payload.note).toBeNull();
    const [record] = sim.deliveries();
    expect(record?.status).toBe("delivered");
    expect(record?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const gaps = record ? record.attempts.slice(1).map((a, i) => a.startedAt.getTime() - (record.attempts[i]?.startedAt.getTime() ?? 0)) : [];
    expect(gaps[0]).toBeGreaterThanOrEqual(Math.floor((RETRY_DELAYS_SECONDS[0] ?? 0) * 1000 * scale));
    expect(gaps[1]).toBeGreaterThanOrEqual(Math.floor((RETRY_DELAYS_SECONDS[1] ?? 0) * 1000 * scale));
  });

  it("gives up after 8 retries", async () => {
    const shop = await start({ retryDelayScale: 1 / 360_000, webhookSubscriptions: [{ topic: "orders/create", uri: "/webhooks/orders" }] });
    receiver.respond = () => 503;
    shop.createOrder({ totalMinor: 1000 });
    await sim.webhooksSettled();
    const [record] = sim.deliveries();
    expect(record?.status).toBe("failed");
    expect(record?.attempts).toHaveLength(9);
    expect(receiver.received).toHaveLength(9);
  });

  it("counts an answer slower than the timeout as a failure and retries", async () => {
    const shop = await start({ webhookTimeoutMs: 100, webhookSubscriptions: [{ topic: "orders/create", uri: "/webhooks/orders" }] });
    receiver.respond = async (_delivery, attempt) => {
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, 300));
      return 200;
    };
    shop.createOrder({ totalMinor: 1000 });
    await sim.webhooksSettled();
    const [record] = sim.deliveries();
    expect(record?.attempts.map((a) => [a.status, a.error])).toEqual([
      [null, "timeout after 100 ms"],
      [200, null],
    ]);
  });

  it("sends duplicates with the same webhook id on demand", async () => {
    const shop = await start({ webhookSubscriptions: [{ topic: "orders/create", uri: "/webhooks/orders" }] });
    sim.setWebhookMode({ duplicates: true });
    shop.createOrder({ totalMinor: 1000 });
    await sim.webhooksSettled();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]?.webhookId).toBe(receiver.received[1]?.webhookId);
    expect(receiver.received.every((r) => r.valid)).toBe(true);
    expect(
      sim
        .deliveries()
        .map((d) => d.duplicate)
        .sort(),
    ).toEqual([false, true]);
  });

  it("holds deliveries and releases them in reverse or seeded-shuffle order", async () => {
    const shop = await start({ webhookSubscriptions: [{ topic: "orders/create", uri: "/webhooks/orders" }] });
    sim.setWebhookMode({ hold: true });
    const created = Array.from({ length: 6 }, (_, i) => shop.createOrder({ totalMinor: 100 + i }).gid);
    await sim.webhooksSettled();
    expect(receiver.received).toHaveLength(0);
    expect(sim.deliveries().every((d) => d.status === "held")).toBe(true);

    sim.releaseHeld("reverse");
    await sim.webhooksSettled();
    expect(receiver.received.map((r) => r.payload.admin_graphql_api_id)).toEqual([...created].reverse());

    receiver.received.length = 0;
    const more = Array.from({ length: 6 }, (_, i) => shop.createOrder({ totalMinor: 200 + i }).gid);
    sim.releaseHeld({ shuffleSeed: 7 });
    await sim.webhooksSettled();
    const order = receiver.received.map((r) => r.payload.admin_graphql_api_id);
    expect(order).toEqual(orderForRelease(more, { shuffleSeed: 7 }));
    expect(order).not.toEqual(more);
  });

  it("precedes deliveries with a badly signed copy on demand, which the app rejects and which is not retried", async () => {
    const shop = await start({ webhookSubscriptions: [{ topic: "customers/create", uri: "/webhooks/customers" }] });
    sim.setWebhookMode({ badSignature: true });
    shop.createCustomer();
    await sim.webhooksSettled();
    // Queued in that order, sent concurrently: they may arrive in either order.
    expect(receiver.received.map((r) => [r.valid, r.status]).sort()).toEqual([
      [false, 401],
      [true, 200],
    ]);
    expect(sim.deliveries().map((d) => [d.signature, d.status, d.attempts.length])).toEqual([
      ["invalid", "failed", 1],
      ["valid", "delivered", 1],
    ]);
  });

  it("sends nothing for silent changes, and only lifecycle topics once the app is uninstalled", async () => {
    const shop = await start();
    shop.createOrder({ totalMinor: 100 }, { silent: true });
    shop.uninstallApp();
    shop.createOrder({ totalMinor: 100 });
    shop.redactShop();
    await sim.webhooksSettled();
    expect(receiver.received.map((r) => r.topic)).toEqual(expect.arrayContaining(["app/uninstalled", "shop/redact"]));
    expect(receiver.received).toHaveLength(2);
    const uninstalled = receiver.received.find((r) => r.topic === "app/uninstalled");
    expect(uninstalled?.payload).toMatchObject({ myshopify_domain: SHOP, iana_timezone: "UTC" });
  });

  it("reads its subscriptions from shopify.app.toml", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-toml-"));
    try {
      const toml = join(dir, "shopify.app.toml");
      writeFileSync(toml, '[webhooks]\napi_version = "2026-07"\n\n[[webhooks.subscriptions]]\ntopics = ["orders/create"]\nuri = "/webhooks/orders/create"\n');
      const shop = await start({ appTomlPath: toml, webhookSubscriptions: undefined });
      shop.createOrder({ totalMinor: 100 });
      await sim.webhooksSettled();
      expect(receiver.received.map((r) => [r.topic, r.path, r.apiVersion])).toEqual([["orders/create", "/webhooks/orders/create", "2026-07"]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
