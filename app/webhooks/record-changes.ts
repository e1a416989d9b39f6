/**
 * What a delivery of a record topic (orders, refunds, customers) changes in the app's records, and a batch of such
 * changes reduced to what a set-based write needs (pure). These changes commute: each record keeps its newest version
 * (by Shopify's updated_at), a tombstone stays, a refund is kept by its GID; so a run of them can be written together,
 * in any order, and end as if applied one after the other (app/webhooks/jobs.server.ts).
 */
import type { CustomerRecord, OrderRecord, RefundRecord } from "../domain/order.ts";
import { TerminalError } from "../shopify/errors.ts";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { describeJsonError } from "./minimize.ts";
import { PAYLOAD_SCHEMAS, describePayloadError, type PayloadOf } from "./payloads.ts";
import { customerFromPayload, orderFromPayload, orderGidFromId, refundFromPayload } from "./to-domain.ts";
import type { WebhookTopic } from "./topics.ts";

export const RECORD_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/delete",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
] as const satisfies readonly WebhookTopic[];

export type RecordTopic = (typeof RECORD_TOPICS)[number];

export function isRecordTopic(topic: string): topic is RecordTopic {
  return (RECORD_TOPICS as readonly string[]).includes(topic);
}

export type RecordChange =
  | { readonly kind: "order"; readonly order: OrderRecord; readonly refunds: readonly RefundRecord[] }
  | { readonly kind: "order deleted"; readonly orderGid: string; readonly at: Date }
  | { readonly kind: "refund"; readonly refund: RefundRecord }
  | { readonly kind: "customer"; readonly customer: CustomerRecord }
  | { readonly kind: "customer deleted"; readonly customerGid: string; readonly at: Date };

/**
 * The change a stored delivery of a record topic makes. `at` is when Shopify sent it (a deletion's time). A payload
 * that is not JSON, does not match its topic's schema or cannot be read as the app's records throws a TerminalError:
 * the same bytes fail on every try. The reason names fields and GIDs, never a value of the payload.
 */
export function recordChangeOf(topic: RecordTopic, payload: string, at: Date): RecordChange {
  let json: unknown;
  try {
    json = parseJsonKeepingBigIntegers(payload);
  } catch (error) {
    throw new TerminalError(`${topic} payload ${describeJsonError(error)}`);
  }
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled": {
      const parsed = readPayload(topic, json);
      return {
        kind: "order",
        order: convert(topic, () => orderFromPayload(parsed)),
        refunds: convert(topic, () => parsed.refunds.map(refundFromPayload)),
      };
    }
    case "orders/delete":
      return { kind: "order deleted", orderGid: orderGidFromId(readPayload(topic, json).id), at };
    case "refunds/create": {
      const parsed = readPayload(topic, json);
      return { kind: "refund", refund: convert(topic, () => refundFromPayload(parsed)) };
    }
    case "customers/create":
    case "customers/update": {
      const parsed = readPayload(topic, json);
      return { kind: "customer", customer: convert(topic, () => customerFromPayload(parsed)) };
    }
    case "customers/delete":
      return { kind: "customer deleted", customerGid: readPayload(topic, json).admin_graphql_api_id, at };
  }
}

/** A run of changes as a set-based write takes them: one version per record, what is left for the single rules. */
export interface RecordChangeSet {
  /** The newest version of each order (the later delivery when two carry the same updated_at). */
  readonly orders: readonly OrderRecord[];
  /** Each refund once, as its last delivery had it: from refunds/create and from the orders' refunds[]. */
  readonly refunds: readonly RefundRecord[];
  /** The newest version of each customer that carries its updated_at. */
  readonly customers: readonly CustomerRecord[];
  /** Customers sent without updated_at, which only fill in a missing creation date (upsertCustomer's rule). */
  readonly undatedCustomers: readonly CustomerRecord[];
  /** The customers the orders name, kept as known without touching a kept version. */
  readonly orderCustomers: readonly string[];
  readonly deletedOrders: readonly { readonly gid: string; readonly at: Date }[];
  readonly deletedCustomers: readonly { readonly gid: string; readonly at: Date }[];
}

export function changeSetOf(changes: readonly RecordChange[]): RecordChangeSet {
  const orders = new Map<string, OrderRecord>();
  const refunds = new Map<string, RefundRecord>();
  const customers = new Map<string, CustomerRecord>();
  const undatedCustomers: CustomerRecord[] = [];
  const deletedOrders = new Map<string, Date>();
  const deletedCustomers = new Map<string, Date>();
  for (const change of changes) {
    switch (change.kind) {
      case "order": {
        const kept = orders.get(change.order.gid);
        if (!kept || kept.sourceUpdatedAt <= change.order.sourceUpdatedAt) orders.set(change.order.gid, change.order);
        for (const refund of change.refunds) refunds.set(refund.gid, refund);
        break;
      }
      case "refund":
        refunds.set(change.refund.gid, change.refund);
        break;
      case "customer": {
        const { customer } = change;
        if (customer.updatedAt === null) {
          undatedCustomers.push(customer);
          break;
        }
        const kept = customers.get(customer.gid);
        if (!kept?.updatedAt || kept.updatedAt <= customer.updatedAt) customers.set(customer.gid, customer);
        break;
      }
      case "order deleted":
        if (!deletedOrders.has(change.orderGid)) deletedOrders.set(change.orderGid, change.at);
        break;
      case "customer deleted":
        if (!deletedCustomers.has(change.customerGid)) deletedCustomers.set(change.customerGid, change.at);
        break;
    }
  }
  return {
    orders: [...orders.values()],
    refunds: [...refunds.values()],
    customers: [...customers.values()],
    undatedCustomers,
    orderCustomers: [...new Set([...orders.values()].flatMap((order) => (order.customerGid ? [order.customerGid] : [])))],
    deletedOrders: [...deletedOrders].map(([gid, at]) => ({ gid, at })),
    deletedCustomers: [...deletedCustomers].map(([gid, at]) => ({ gid, at })),
  };
}

/** The orders a change set may change (their redemptions are brought up to date after it is written). */
export function ordersTouched(set: RecordChangeSet): string[] {
  return [...new Set([...set.orders.map((o) => o.gid), ...set.refunds.map((r) => r.orderGid), ...set.deletedOrders.map((o) => o.gid)])];
}

/**
 * The delivery's payload, parsed by its topic's schema. A payload that does not parse fails for good (the same bytes
 * fail on every try), with a reason that names fields, not their values.
 */
export function readPayload<T extends WebhookTopic>(topic: T, json: unknown): PayloadOf<T> {
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(json);
  if (!parsed.success) throw new TerminalError(describePayloadError(topic, parsed.error));
  return parsed.data as PayloadOf<T>;
}

/**
 * A payload's records (pure: no I/O, so a failure is in the payload and fails for good). The error may quote a
 * value of the payload, so only the GIDs it names are kept: the schema refuses such payloads at intake already.
 */
function convert<T>(topic: WebhookTopic, from: () => T): T {
  try {
    return from();
  } catch (error) {
    const gids = error instanceof Error ? (error.message.match(/gid:\/\/shopify\/\w+\/\d+/g) ?? []) : [];
    throw new TerminalError(`${topic} payload cannot be read as the app's records${gids.length > 0 ? ` (${gids.join(", ")})` : ""}`);
  }
}
