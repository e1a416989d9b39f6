/**
 * Changes to the app's records (orders, refunds, customers) as webhooks bring them, and a run of them reduced to what
 * a set-based write needs (pure). These changes commute: each record keeps its newest version (by Shopify's
 * updated_at), a tombstone stays, a refund is kept by its GID; so a run of them can be written together, in any
 * order, and end as if applied one after the other (app/persistence/record-changes.server.ts).
 */
import type { CustomerRecord, OrderRecord, RefundRecord } from "./order.ts";

export type RecordChange =
  | { readonly kind: "order"; readonly order: OrderRecord; readonly refunds: readonly RefundRecord[] }
  | { readonly kind: "order deleted"; readonly orderGid: string; readonly at: Date }
  | { readonly kind: "refund"; readonly refund: RefundRecord }
  | { readonly kind: "customer"; readonly customer: CustomerRecord }
  | { readonly kind: "customer deleted"; readonly customerGid: string; readonly at: Date };

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
