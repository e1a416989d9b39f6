import { expect, test } from "vitest";
import type { CustomerRecord, OrderRecord, RefundRecord } from "./order.ts";
import { changeSetOf, ordersTouched, type RecordChange } from "./record-change-set.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 0, minute));
const order = (id: number, updatedMinute: number, customer: number | null = 1): OrderRecord => ({
  gid: `gid://shopify/Order/${id}`,
  customerGid: customer === null ? null : `gid://shopify/Customer/${customer}`,
  createdAt: at(0),
  processedAt: at(0),
  cancelledAt: null,
  test: false,
  currencyCode: "USD",
  presentmentCurrencyCode: "USD",
  totalMinor: BigInt(1_000 + updatedMinute),
  presentmentTotalMinor: BigInt(1_000 + updatedMinute),
  discountCodes: [],
  sourceUpdatedAt: at(updatedMinute),
});
const refund = (id: number, orderId: number, amount: string): RefundRecord => ({
  gid: `gid://shopify/Refund/${id}`,
  orderGid: `gid://shopify/Order/${orderId}`,
  processedAt: at(5),
  amount,
  currencyCode: "USD",
});
const customer = (id: number, updatedMinute: number | null): CustomerRecord => ({
  gid: `gid://shopify/Customer/${id}`,
  createdAt: at(0),
  updatedAt: updatedMinute === null ? null : at(updatedMinute),
});

test("each order and customer once, at its newest version, the later delivery winning a tie; each refund once, the last sent", () => {
  const tie = { ...order(1, 20), totalMinor: 7n };
  const changes: RecordChange[] = [
    { kind: "order", order: order(1, 20), refunds: [refund(10, 1, "1.00")] },
    { kind: "order", order: order(1, 30), refunds: [] },
    { kind: "order", order: order(1, 10), refunds: [refund(10, 1, "2.00")] },
    { kind: "order", order: order(2, 5, null), refunds: [] },
    { kind: "order", order: order(2, 5, null), refunds: [] },
    { kind: "order", order: tie, refunds: [] },
    { kind: "order", order: { ...tie, gid: "gid://shopify/Order/3" }, refunds: [] },
    { kind: "order", order: { ...order(3, 20), totalMinor: 8n }, refunds: [] },
    { kind: "refund", refund: refund(11, 4, "3.00") },
    { kind: "customer", customer: customer(1, 9) },
    { kind: "customer", customer: customer(1, 3) },
    { kind: "customer", customer: customer(2, null) },
  ];
  const set = changeSetOf(changes);
  expect(set.orders.map((o) => [o.gid, o.sourceUpdatedAt.getUTCMinutes(), o.totalMinor])).toEqual([
    ["gid://shopify/Order/1", 30, 1_030n],
    ["gid://shopify/Order/2", 5, 1_005n],
    ["gid://shopify/Order/3", 20, 8n],
  ]);
  expect(set.refunds.map((r) => [r.gid, r.amount])).toEqual([
    ["gid://shopify/Refund/10", "2.00"],
    ["gid://shopify/Refund/11", "3.00"],
  ]);
  expect(set.customers.map((c) => [c.gid, c.updatedAt?.getUTCMinutes()])).toEqual([["gid://shopify/Customer/1", 9]]);
  expect(set.undatedCustomers.map((c) => c.gid)).toEqual(["gid://shopify/Customer/2"]);
  expect(set.orderCustomers).toEqual(["gid://shopify/Customer/1"]);
  expect(ordersTouched(set)).toEqual(["gid://shopify/Order/1", "gid://shopify/Order/2", "gid://shopify/Order/3", "gid://shopify/Order/4"]);
});

test("a deletion keeps the time of its first delivery; the deleted order counts among those touched", () => {
  const set = changeSetOf([
    { kind: "order deleted", orderGid: "gid://shopify/Order/9", at: at(40) },
    { kind: "order deleted", orderGid: "gid://shopify/Order/9", at: at(50) },
    { kind: "customer deleted", customerGid: "gid://shopify/Customer/9", at: at(45) },
  ]);
  expect(set.deletedOrders).toEqual([{ gid: "gid://shopify/Order/9", at: at(40) }]);
  expect(set.deletedCustomers).toEqual([{ gid: "gid://shopify/Customer/9", at: at(45) }]);
  expect(ordersTouched(set)).toEqual(["gid://shopify/Order/9"]);
});
