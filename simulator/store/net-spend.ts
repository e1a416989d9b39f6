import type { SimOrder } from "./types.ts";

/**
 * Net spend per customer: the sum over the customer's orders that are neither cancelled nor test orders of
 * total minus refunded, in shop-currency minor units. Every customer appears, with 0 when nothing counts.
 */
export function netSpendByCustomer(customerGids: Iterable<string>, orders: Iterable<SimOrder>): Map<string, number> {
  const spend = new Map<string, number>();
  for (const customerGid of customerGids) spend.set(customerGid, 0);
  for (const order of orders) {
    if (!order.customerGid || order.cancelledAt || order.test) continue;
    spend.set(order.customerGid, (spend.get(order.customerGid) ?? 0) + order.totalMinor - order.refundedMinor);
  }
  return spend;
}
