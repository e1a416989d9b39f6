import { describe, expect, test } from "vitest";
import { db } from "../db.server.ts";
import { redactCustomer } from "../persistence/compliance.server.ts";
import { saveRecordChanges } from "../persistence/record-changes.server.ts";
import { storeWebhook } from "../persistence/webhook-events.server.ts";
import { createRandom, type Random } from "../scoring/math/random.ts";
import { applyDelivery } from "./apply.server.ts";
import { applyPendingDeliveries } from "./jobs.server.ts";
import { changeSetOf } from "../domain/record-change-set.ts";
import { recordChangeOf } from "./record-changes.ts";
import type { RecordTopic } from "./topics.ts";

// A run of record deliveries written together (saveRecordChanges, one set-based write) must end exactly as the same
// deliveries applied one after the other by the single-record rules (applyDelivery), whatever their order: versions
// out of order, duplicates, refunds before their order, deletions before and after, customers with and without
// updated_at, a redacted shopper.

interface Delivery {
  readonly topic: RecordTopic;
  readonly payload: string;
  readonly at: Date;
}

const base = Date.parse("2026-06-01T00:00:00Z");
const iso = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
const orderGid = (id: number) => `gid://shopify/Order/${id}`;
const customerGid = (id: number) => `gid://shopify/Customer/${id}`;

function orderPayload(id: number, version: number, customer: number | null, options: { eur: boolean; refunds: number[]; cancelled: boolean; code: string | null }) {
  const amount = (10 + (id % 7) * 3.25).toFixed(2);
  return {
    id,
    admin_graphql_api_id: orderGid(id),
    customer: customer === null ? null : { id: customer, admin_graphql_api_id: customerGid(customer) },
    created_at: iso(id),
    updated_at: iso(id + version * 100),
    processed_at: iso(id),
    cancelled_at: options.cancelled ? iso(id + version * 100) : null,
    test: false,
    currency: "USD",
    presentment_currency: options.eur ? "EUR" : "USD",
    total_price_set: {
      shop_money: { amount, currency_code: "USD" },
      presentment_money: { amount: options.eur ? (Number(amount) * 0.9).toFixed(2) : amount, currency_code: options.eur ? "EUR" : "USD" },
    },
    discount_codes: options.code ? [{ code: options.code }] : [],
    refunds: options.refunds.map((refund) => refundPayload(refund, id, options.eur)),
  };
}

function refundPayload(refund: number, order: number, eur: boolean) {
  return {
    admin_graphql_api_id: `gid://shopify/Refund/${refund}`,
    order_id: order,
    created_at: iso(order + 50),
    processed_at: iso(order + 50),
    // In the presentment currency without naming it, as Shopify's transactions may be; or named.
    transactions: [
      { kind: "refund", status: "success", amount: "1.50", currency: eur ? null : "USD" },
      { kind: "refund", status: "failure", amount: "9.00", currency: eur ? null : "USD" },
    ],
  };
}

/** A shuffled stream of record deliveries for `orders` orders of a few customers, a tenth of them sent twice. */
function deliveries(random: Random, orders: number): Delivery[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random.uniform() * items.length)]!;
  const all: Delivery[] = [];
  const add = (topic: RecordTopic, payload: unknown, atMinutes: number) => all.push({ topic, payload: JSON.stringify(payload), at: new Date(iso(atMinutes)) });
  for (let id = 1; id <= orders; id++) {
    const customer = random.uniform() < 0.1 ? null : 1 + Math.floor(random.uniform() * 8);
    const eur = random.uniform() < 0.3;
    const code = random.uniform() < 0.2 ? pick(["SAVE10", "vip-5"]) : null;
    const versions = 1 + Math.floor(random.uniform() * 3);
    const refunds: number[] = [];
    for (let version = 0; version < versions; version++) {
      if (random.uniform() < 0.3) refunds.push(id * 10 + refunds.length);
      const topic = version === 0 ? "orders/create" : pick(["orders/updated", "orders/paid", "orders/cancelled"] as const);
      add(topic, orderPayload(id, version, customer, { eur, refunds: [...refunds], cancelled: topic === "orders/cancelled", code }), id + version * 100);
    }
    // A refund sent on its own (before or after its order, in the shuffle), sometimes one the order also lists.
    if (random.uniform() < 0.25) add("refunds/create", refundPayload(refunds[0] ?? id * 10 + 9, id, eur), id + 50);
    if (random.uniform() < 0.08) add("orders/delete", { id }, id + 400);
  }
  for (let customer = 1; customer <= 8; customer++) {
    for (let version = 0; version < 3; version++) {
      const dated = random.uniform() < 0.8;
      add(
        version === 0 ? "customers/create" : "customers/update",
        {
          admin_graphql_api_id: customerGid(customer),
          created_at: random.uniform() < 0.9 ? iso(-customer) : null,
          updated_at: dated ? iso(version * 10 + customer) : null,
        },
        version * 10,
      );
    }
    if (customer % 3 === 0 || random.uniform() < 0.15) add("customers/delete", { admin_graphql_api_id: customerGid(customer) }, 500 + customer);
  }
  for (const delivery of all.filter(() => random.uniform() < 0.1)) all.push(delivery);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

/**
 * What the shop holds of its records, without row ids or the shop's name. A tombstone (a deleted order or customer)
 * is its GID and when it was deleted: what else it holds depends, either way, on whether the delete came before the
 * record's versions, and nothing reads it.
 */
async function recordsOf(shop: string) {
  const [rows, refunds, customerRows] = await Promise.all([
    db.order.findMany({ where: { shop }, orderBy: { gid: "asc" }, omit: { id: true, shop: true } }),
    db.refund.findMany({ where: { shop }, orderBy: { gid: "asc" }, omit: { id: true, shop: true } }),
    db.customer.findMany({ where: { shop }, orderBy: { gid: "asc" }, omit: { id: true, shop: true } }),
  ]);
  const orders = rows.map((order) => (order.deletedAt === null ? order : { gid: order.gid, deletedAt: order.deletedAt }));
  const customers = customerRows.map((customer) => (customer.deletedAt === null ? customer : { gid: customer.gid, deletedAt: customer.deletedAt }));
  return { orders, refunds, customers };
}

describe("a run of record deliveries written together", () => {
  test.each([1, 2, 3])("ends as the same deliveries applied one by one, in chunks of any size (seed %i)", async (seed) => {
    const random = createRandom(seed);
    const stream = deliveries(random, 60);
    // Customer 8 asked to be forgotten before any of it: both ways drop what concerns them.
    for (const shop of ["together.myshopify.com", "one-by-one.myshopify.com"]) await redactCustomer(shop, customerGid(8), []);

    for (let i = 0; i < stream.length; ) {
      const size = 1 + Math.floor(random.uniform() * 80);
      const chunk = stream.slice(i, i + size);
      await saveRecordChanges("together.myshopify.com", changeSetOf(chunk.map((d) => recordChangeOf(d.topic, d.payload, d.at))));
      i += size;
    }
    for (const d of stream) {
      await applyDelivery({ shop: "one-by-one.myshopify.com", topic: d.topic, payload: d.payload, triggeredAt: d.at, receivedAt: d.at });
    }

    const together = await recordsOf("together.myshopify.com");
    const oneByOne = await recordsOf("one-by-one.myshopify.com");
    expect(together).toEqual(oneByOne);
    // The stream exercised what it is meant to: refunds counted, tombstones, deletions, an order of no customer.
    expect(together.orders.some((o) => "refundedMinor" in o && o.refundedMinor > 0n)).toBe(true);
    expect(together.orders.some((o) => "refundedMinor" in o && o.presentmentCurrencyCode === "EUR" && o.refundedMinor > 0n)).toBe(true);
    expect(together.orders.some((o) => o.deletedAt !== null)).toBe(true);
    expect(together.customers.some((c) => c.deletedAt !== null)).toBe(true);
    expect(together.orders.some((o) => "customerGid" in o && o.customerGid === null)).toBe(true);
    expect(together.customers.map((c) => c.gid)).not.toContain(customerGid(8));
    expect(together.orders.map((o) => ("customerGid" in o ? o.customerGid : null))).not.toContain(customerGid(8));
  });

  test("an order written together counts the refunds stored for it earlier, and an older version changes nothing", async () => {
    const shop = "earlier-refunds.myshopify.com";
    const refund = recordChangeOf("refunds/create", JSON.stringify(refundPayload(71, 7, false)), new Date(base));
    await saveRecordChanges(shop, changeSetOf([refund]));
    const newer = orderPayload(7, 2, 1, { eur: false, refunds: [], cancelled: false, code: null });
    const older = orderPayload(7, 1, 1, { eur: false, refunds: [], cancelled: true, code: null });
    await saveRecordChanges(shop, changeSetOf([recordChangeOf("orders/updated", JSON.stringify(newer), new Date(base))]));
    await saveRecordChanges(shop, changeSetOf([recordChangeOf("orders/updated", JSON.stringify(older), new Date(base))]));

    const order = await db.order.findUniqueOrThrow({ where: { shop_gid: { shop, gid: orderGid(7) } } });
    expect(order.refundedMinor).toBe(150n);
    expect(order.netMinor).toBe(order.totalMinor - 150n);
    expect(order.cancelledAt).toBeNull();
    expect(order.sourceUpdatedAt.toISOString()).toBe(newer.updated_at);
  });
});

describe("the apply-webhooks job", () => {
  const shop = "runs.myshopify.com";
  const context = { now: () => new Date(), signal: new AbortController().signal };
  let sequence = 0;

  async function store(topic: string, payload: unknown): Promise<void> {
    const webhook = { shop, webhookId: `w-${++sequence}`, topic, eventId: null, triggeredAt: new Date(base), apiVersion: "2026-10" };
    expect(await storeWebhook({ ...webhook, payload: typeof payload === "string" ? payload : JSON.stringify(payload) }, new Date())).toBe(true);
  }
  const statusOf = async () =>
    (await db.webhookEvent.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { topic: true, status: true, attempts: true, lastError: true } })).map(
      (row) => ({ ...row, lastError: row.lastError?.slice(0, 80) ?? null }),
    );
  const plain = { eur: false, refunds: [], cancelled: false, code: null };

  test("applies the deliveries around a customers/redact in their order: what came before is erased, what came after is dropped", async () => {
    await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date() } });
    await store("orders/create", orderPayload(1, 0, 1, plain));
    await store("orders/create", orderPayload(2, 0, 2, plain));
    await store("customers/redact", { shop_domain: shop, customer: { id: 1 }, orders_to_redact: [] });
    await store("orders/updated", orderPayload(1, 1, 1, plain));
    await store("orders/create", orderPayload(3, 0, 2, plain));

    await applyPendingDeliveries({ shop }, context);

    expect((await db.order.findMany({ where: { shop }, orderBy: { gid: "asc" } })).map((o) => [o.gid, o.customerGid])).toEqual([
      [orderGid(2), customerGid(2)],
      [orderGid(3), customerGid(2)],
    ]);
    expect(await db.customer.findMany({ where: { shop }, select: { gid: true } })).toEqual([{ gid: customerGid(2) }]);
    // The redaction deleted the stored deliveries that named the shopper; the rest are applied.
    expect((await statusOf()).map((row) => [row.topic, row.status])).toEqual([
      ["orders/create", "done"],
      ["customers/redact", "done"],
      ["orders/create", "done"],
    ]);
  });

  test("a delivery of a run that cannot be read fails for good and the rest of the run is written", async () => {
    await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date() } });
    await store("orders/create", orderPayload(1, 0, 1, plain));
    await store("orders/create", { ...orderPayload(2, 0, 1, plain), updated_at: "yesterday" });
    await store("orders/create", orderPayload(3, 0, 1, plain));

    await applyPendingDeliveries({ shop }, context);

    expect(await statusOf()).toEqual([
      { topic: "orders/create", status: "done", attempts: 1, lastError: null },
      { topic: "orders/create", status: "failed", attempts: 1, lastError: expect.stringContaining("updated_at") },
      { topic: "orders/create", status: "done", attempts: 1, lastError: null },
    ]);
    expect(await db.order.count({ where: { shop } })).toBe(2);
  });

  test("a run whose write fails is applied one by one: the deliveries before the one at fault are kept, the one at fault is retried later", async () => {
    await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date() } });
    await store("orders/create", orderPayload(1, 0, 1, plain));
    // A refund in a currency the order was not paid in cannot be converted: the run's write throws.
    await store("refunds/create", { ...refundPayload(11, 1, false), transactions: [{ kind: "refund", status: "success", amount: "1.00", currency: "JPY" }] });
    await store("orders/create", orderPayload(2, 0, 1, plain));

    await expect(applyPendingDeliveries({ shop }, context)).rejects.toThrow(/cannot be converted/);

    expect(await statusOf()).toEqual([
      { topic: "orders/create", status: "done", attempts: 1, lastError: null },
      { topic: "refunds/create", status: "pending", attempts: 1, lastError: expect.stringContaining("cannot be converted") },
      { topic: "orders/create", status: "pending", attempts: 0, lastError: null },
    ]);
    expect((await db.order.findMany({ where: { shop }, select: { gid: true } })).map((o) => o.gid)).toEqual([orderGid(1)]);
  });
});
