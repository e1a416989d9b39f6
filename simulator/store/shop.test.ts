import { describe, expect, it } from "vitest";
import { IdSequence } from "../ids.ts";
import type { WebhookEvent } from "../webhooks/deliver.ts";
import { samplePayload } from "../webhooks/samples.ts";
import { ShopStore } from "./shop.ts";

function makeShop(options: { currencyCode?: string; now?: Date } = {}) {
  const events: (WebhookEvent & { body: Record<string, any> })[] = [];
  let now = options.now ?? new Date("2026-03-01T15:00:00Z");
  const uninstalled: string[] = [];
  const shop = new ShopStore(
    { domain: "store.myshopify.com", name: "Store", currencyCode: options.currencyCode ?? "USD", ianaTimezone: "America/New_York" },
    {
      clock: () => now,
      ids: new IdSequence(),
      webhooks: { trigger: (event) => events.push({ ...event, body: event.payload() as Record<string, any> }) },
      onUninstall: (domain) => uninstalled.push(domain),
      appNamespace: "app--1",
    },
  );
  return { shop, events, uninstalled, setNow: (date: Date) => (now = date) };
}

const topics = (events: { topic: string }[]) => events.map((e) => e.topic);

describe("scripted orders", () => {
  it("fires orders/create and orders/paid as one event, with a payload shaped like Shopify's example", () => {
    const { shop, events } = makeShop();
    const customer = shop.createCustomer({ firstName: "Ada", email: "ada@example.com" });
    events.length = 0;
    const order = shop.createOrder({ customerGid: customer.gid, lineItems: [{ title: "Book", quantity: 2, priceMinor: 1250 }] });

    expect(topics(events)).toEqual(["orders/create", "orders/paid"]);
    expect(events[0]?.eventId).toBe(events[1]?.eventId);
    const payload = events[0]?.body ?? {};
    expect(Object.keys(payload)).toEqual(Object.keys(samplePayload("orders/create")));
    expect(payload).toMatchObject({
      id: order.legacyId,
      admin_graphql_api_id: order.gid,
      created_at: "2026-03-01T10:00:00-05:00",
      updated_at: "2026-03-01T10:00:00-05:00",
      processed_at: "2026-03-01T10:00:00-05:00",
      cancelled_at: null,
      test: false,
      currency: "USD",
      presentment_currency: "USD",
      total_price: "25.00",
      current_total_price: "25.00",
      financial_status: "paid",
      total_price_set: { shop_money: { amount: "25.00", currency_code: "USD" }, presentment_money: { amount: "25.00", currency_code: "USD" } },
      customer: { id: customer.legacyId, admin_graphql_api_id: customer.gid, email: "ada@example.com" },
      refunds: [],
      name: "#1001",
    });
    expect(payload.line_items).toEqual([expect.objectContaining({ title: "Book", quantity: 2, price: "12.50" })]);
  });

  it("converts presentment money to shop money, and a full refund returns exactly the shop total", () => {
    const { shop, events } = makeShop({ currencyCode: "EUR" });
    const order = shop.createOrder({ totalMinor: 9999, currency: "USD" });
    expect(order).toMatchObject({ currency: "EUR", presentmentCurrency: "USD", presentmentTotalMinor: 9999, totalMinor: 9258 });
    events.length = 0;

    const partial = shop.refundOrder(order.gid, { amountMinor: 3333 });
    const rest = shop.refundOrder(order.gid, { amountMinor: 6666 });
    expect(partial.amountMinor + rest.amountMinor).toBe(9258);
    expect(shop.order(order.gid)).toMatchObject({ financialStatus: "refunded", refundedMinor: 9258, presentmentRefundedMinor: 9999 });

    expect(topics(events)).toEqual(["refunds/create", "orders/updated", "refunds/create", "orders/updated"]);
    expect(events[0]?.eventId).toBe(events[1]?.eventId);
    const refund = events[0]?.body ?? {};
    expect(Object.keys(refund)).toEqual(Object.keys(samplePayload("refunds/create")));
    expect(refund).toMatchObject({ admin_graphql_api_id: partial.gid, order_id: order.legacyId });
    expect(refund.transactions).toEqual([expect.objectContaining({ amount: "33.33", currency: "USD", kind: "refund", status: "success" })]);
    const updated = events[1]?.body ?? {};
    expect(updated).toMatchObject({
      financial_status: "partially_refunded",
      current_total_price_set: { shop_money: { amount: "61.72", currency_code: "EUR" }, presentment_money: { amount: "66.66", currency_code: "USD" } },
    });
    expect(updated.refunds).toHaveLength(1);
    expect(() => shop.refundOrder(order.gid, { amountMinor: 1 })).toThrow(/exceeds the refundable 0/);
  });

  it("moves updated_at strictly forward on every change, even with a frozen clock", () => {
    const { shop, events } = makeShop();
    const order = shop.createOrder({ totalMinor: 1000, financialStatus: "pending" });
    shop.updateOrder(order.gid, { note: "gift" });
    shop.payOrder(order.gid);
    shop.refundOrder(order.gid, { amountMinor: 100 });
    shop.cancelOrder(order.gid);
    const stamps = events.filter((e) => e.topic === "orders/updated").map((e) => Date.parse(String(e.body.updated_at)));
    expect(stamps).toHaveLength(4);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1] ?? Infinity);
    expect(topics(events)).toEqual([
      "orders/create",
      "orders/updated",
      "orders/paid",
      "orders/updated",
      "refunds/create",
      "orders/updated",
      "orders/cancelled",
      "orders/updated",
    ]);
  });

  it("keeps historical timestamps for seeded orders and refunds", () => {
    const { shop, events } = makeShop();
    const order = shop.createOrder({ totalMinor: 1000, createdAt: new Date("2020-05-01T10:00:00Z") }, { silent: true });
    const refund = shop.refundOrder(order.gid, { amountMinor: 400, processedAt: new Date("2020-05-03T10:00:00Z") }, { silent: true });
    expect(events).toHaveLength(0);
    expect(refund).toMatchObject({ createdAt: new Date("2020-05-03T10:00:00Z"), processedAt: new Date("2020-05-03T10:00:00Z") });
    expect(shop.order(order.gid)?.updatedAt).toEqual(new Date("2020-05-03T10:00:00Z"));
  });

  it("deletes orders with a numeric-id payload and refuses to delete customers who have orders", () => {
    const { shop, events } = makeShop();
    const customer = shop.createCustomer();
    const order = shop.createOrder({ customerGid: customer.gid, totalMinor: 100 });
    expect(() => shop.deleteCustomer(customer.gid)).toThrow(/has orders/);
    shop.deleteOrder(order.gid);
    expect(events.at(-1)).toMatchObject({ topic: "orders/delete", body: { id: order.legacyId } });
    shop.deleteCustomer(customer.gid);
    expect(events.at(-1)).toMatchObject({ topic: "customers/delete", body: { id: customer.legacyId, admin_graphql_api_id: customer.gid } });
    expect(shop.orders()).toEqual([]);
    expect(shop.customers()).toEqual([]);
  });
});

describe("the store's truth", () => {
  it("computes net spend per customer over non-cancelled, non-test orders", () => {
    const { shop } = makeShop();
    const a = shop.createCustomer({}, { silent: true });
    const b = shop.createCustomer({}, { silent: true });
    const c = shop.createCustomer({}, { silent: true });
    const kept = shop.createOrder({ customerGid: a.gid, totalMinor: 10_000 }, { silent: true });
    shop.refundOrder(kept.gid, { amountMinor: 2_500 }, { silent: true });
    shop.createOrder({ customerGid: a.gid, totalMinor: 1_000, test: true }, { silent: true });
    const cancelled = shop.createOrder({ customerGid: a.gid, totalMinor: 7_000 }, { silent: true });
    shop.cancelOrder(cancelled.gid, { silent: true });
    shop.createOrder({ customerGid: b.gid, totalMinor: 300 }, { silent: true });
    shop.createOrder({ totalMinor: 999 }, { silent: true });
    expect(shop.netSpendByCustomer()).toEqual(
      new Map([
        [a.gid, 7_500],
        [b.gid, 300],
        [c.gid, 0],
      ]),
    );
  });

  it("hands out copies, so tests cannot change the store by accident", () => {
    const { shop } = makeShop();
    const order = shop.createOrder({ totalMinor: 100 }, { silent: true });
    const copy = shop.orders()[0];
    if (copy) copy.totalMinor = 1;
    order.totalMinor = 2;
    expect(shop.order(order.gid)?.totalMinor).toBe(100);
  });

  it("sends compliance payloads with numeric ids and revokes tokens on uninstall", () => {
    const { shop, events, uninstalled } = makeShop();
    const customer = shop.createCustomer({ email: "c@example.com", phone: "+15550100" }, { silent: true });
    const first = shop.createOrder({ customerGid: customer.gid, totalMinor: 100 }, { silent: true });
    const second = shop.createOrder({ customerGid: customer.gid, totalMinor: 200 }, { silent: true });
    shop.requestCustomerData(customer.gid);
    shop.redactCustomer(customer.gid, [second.gid]);
    shop.uninstallApp();
    shop.redactShop();
    expect(topics(events)).toEqual(["customers/data_request", "customers/redact", "app/uninstalled", "shop/redact"]);
    expect(events[0]?.body).toMatchObject({
      shop_id: expect.any(Number),
      shop_domain: "store.myshopify.com",
      customer: { id: customer.legacyId, email: "c@example.com", phone: "+15550100" },
      orders_requested: [first.legacyId, second.legacyId],
      data_request: { id: expect.any(Number) },
    });
    expect(events[1]?.body).toMatchObject({ orders_to_redact: [second.legacyId] });
    expect(events[3]?.body).toEqual({ shop_id: events[0]?.body.shop_id, shop_domain: "store.myshopify.com" });
    expect(uninstalled).toEqual(["store.myshopify.com"]);
  });
});
