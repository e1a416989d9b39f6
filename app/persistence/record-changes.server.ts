import { db } from "../db.server.ts";
import type { RefundRecord } from "../domain/order.ts";
import { refundedMinor } from "../domain/refunds.ts";
import type { RecordChangeSet } from "../domain/record-change-set.ts";
import { markCustomerDeleted, upsertCustomer } from "./customers.server.ts";
import { markOrderDeleted, orderColumns, refreshOrderTotals } from "./orders.server.ts";
import { castCells, CUSTOMER_COLUMNS, insertRows, jsonRows, ORDER_COLUMNS, orderRow, REFUND_COLUMNS } from "./record-rows.server.ts";
import { redactedAmong } from "./redactions.server.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

const UPSERT = `ON CONFLICT ("shop", "gid") DO UPDATE SET`;

/**
 * Writes a run of webhook changes together, by the rules the single-record upserts follow (orders.server.ts,
 * customers.server.ts), in a few statements whatever the run's size: refunds kept by GID (the last version wins);
 * customers by their updated_at unless deleted (a known creation date kept), and each customer an order names kept
 * as known; orders by their updated_at unless tombstoned, with the refunded and net amounts of the refunds stored for
 * them. Each rule is a condition of the upsert itself, so a concurrent writer (another process, the backfill) cannot
 * slip between a read and a write. Then every order the run touched has its totals checked against its refunds as
 * stored now, and brought up to date with a compare-and-set (refreshOrderTotals for any that changed meanwhile).
 * Deletions and customers without updated_at, rare, go through the single-record functions. What customers/redact
 * erased is dropped first.
 *
 * Throws when a statement fails or an order's refunds cannot be converted; the caller then applies the run's
 * deliveries one by one, which finds the one at fault. A pass cut off halfway is safe to run again: every write is
 * idempotent.
 */
export async function saveRecordChanges(shop: string, changes: RecordChangeSet): Promise<void> {
  const set = await withoutRedacted(shop, changes);
  const orderGids = set.orders.map((o) => o.gid);
  const stored = orderGids.length === 0 ? [] : await db.refund.findMany({ where: { shop, orderGid: { in: orderGids } }, select: refundFields });
  const refundsOf = refundsByOrder([...stored, ...set.refunds]);
  const orderRows = set.orders.map((order) => orderRow(order.gid, orderColumns(order, refundedMinor(order, refundsOf.get(order.gid) ?? []))));

  const statements = [
    insertRows(
      "Refund",
      shop,
      REFUND_COLUMNS,
      set.refunds,
      (r) => [r.gid, r.orderGid, r.processedAt, r.amount, r.currencyCode],
      `${UPSERT} ${assignFromExcluded(REFUND_COLUMNS.slice(1))}`,
    ),
    insertRows(
      "Customer",
      shop,
      CUSTOMER_COLUMNS,
      set.customers,
      (c) => [c.gid, c.createdAt, c.updatedAt],
      `${UPSERT} "shopifyCreatedAt" = COALESCE(excluded."shopifyCreatedAt", "Customer"."shopifyCreatedAt"), "shopifyUpdatedAt" = excluded."shopifyUpdatedAt"
       WHERE "Customer"."deletedAt" IS NULL AND ("Customer"."shopifyUpdatedAt" IS NULL OR "Customer"."shopifyUpdatedAt" <= excluded."shopifyUpdatedAt")`,
    ),
    insertRows("Customer", shop, [["gid", "TEXT"]], set.orderCustomers, (gid) => [gid], `ON CONFLICT ("shop", "gid") DO NOTHING`),
    insertRows(
      "Order",
      shop,
      [["gid", "TEXT"], ...ORDER_COLUMNS],
      orderRows,
      (row) => row,
      `${UPSERT} ${assignFromExcluded(ORDER_COLUMNS)} WHERE "Order"."deletedAt" IS NULL AND "Order"."sourceUpdatedAt" <= excluded."sourceUpdatedAt"`,
    ),
  ].filter((statement) => statement !== null);
  if (statements.length > 0) await db.$transaction(statements);

  for (const customer of set.undatedCustomers) await upsertCustomer(shop, customer);
  for (const { gid, at } of set.deletedCustomers) await markCustomerDeleted(shop, gid, at);
  for (const { gid, at } of set.deletedOrders) await markOrderDeleted(shop, gid, at);
  await refreshTotals(shop, [...new Set([...orderGids, ...set.refunds.map((r) => r.orderGid)])]);
}

const refundFields = { gid: true, orderGid: true, amount: true, currencyCode: true } as const;
type StoredRefund = Pick<RefundRecord, "gid" | "orderGid" | "amount" | "currencyCode">;

/** Each order's refunds, each refund once (a later one of the same GID replacing an earlier). */
function refundsByOrder(refunds: readonly StoredRefund[]): Map<string, StoredRefund[]> {
  const byGid = new Map(refunds.map((r) => [r.gid, r]));
  const byOrder = new Map<string, StoredRefund[]>();
  for (const refund of byGid.values()) byOrder.set(refund.orderGid, [...(byOrder.get(refund.orderGid) ?? []), refund]);
  return byOrder;
}

function assignFromExcluded(columns: readonly (readonly [string, unknown])[]): string {
  return columns.map(([name]) => `"${name}" = excluded."${name}"`).join(", ");
}

/**
 * Brings the refunded and net amounts of these orders in line with their refunds as stored now: one read of each,
 * one compare-and-set of those that differ (on the values read, as refreshOrderTotals does); an order that changed
 * in between goes through refreshOrderTotals, which repeats until its write holds.
 */
async function refreshTotals(shop: string, orderGids: readonly string[]): Promise<void> {
  if (orderGids.length === 0) return;
  const [orders, refunds] = await Promise.all([
    db.order.findMany({
      where: { shop, gid: { in: [...orderGids] }, deletedAt: null },
      select: {
        id: true,
        gid: true,
        currencyCode: true,
        presentmentCurrencyCode: true,
        totalMinor: true,
        presentmentTotalMinor: true,
        refundedMinor: true,
        netMinor: true,
        sourceUpdatedAt: true,
      },
    }),
    db.refund.findMany({ where: { shop, orderGid: { in: [...orderGids] } }, select: refundFields }),
  ]);
  const refundsOf = refundsByOrder(refunds);
  const behind = orders.flatMap((order) => {
    const refunded = refundedMinor(order, refundsOf.get(order.gid) ?? []);
    return refunded === order.refundedMinor && order.netMinor === order.totalMinor - refunded ? [] : [{ order, refunded }];
  });
  if (behind.length === 0) return;
  const { param, jsonArray } = sqlDialect();
  const [id, refunded, net, total, wasRefunded, updatedAt] = castCells(
    [
      ["id", "BIGINT"],
      ["refundedMinor", "BIGINT"],
      ["netMinor", "BIGINT"],
      ["totalMinor", "BIGINT"],
      ["refundedMinor", "BIGINT"],
      ["sourceUpdatedAt", "DATETIME"],
    ],
    "j.value",
  );
  const written = await db.$executeRawUnsafe(
    `UPDATE "Order" SET "refundedMinor" = ${refunded}, "netMinor" = ${net}
     FROM (SELECT value FROM ${jsonArray(param(1))}) AS j
     WHERE "Order"."id" = ${id} AND "Order"."totalMinor" = ${total} AND "Order"."refundedMinor" = ${wasRefunded} AND "Order"."sourceUpdatedAt" = ${updatedAt}`,
    jsonRows(
      behind.map(({ order, refunded }) => [BigInt(order.id), refunded, order.totalMinor - refunded, order.totalMinor, order.refundedMinor, order.sourceUpdatedAt]),
    ),
  );
  if (written < behind.length) for (const { order } of behind) await refreshOrderTotals(shop, order.gid);
}

/** Drops what customers/redact erased: its shoppers, their orders and those orders' refunds. */
async function withoutRedacted(shop: string, set: RecordChangeSet): Promise<RecordChangeSet> {
  const redacted = await redactedAmong(shop, [
    ...set.customers.map((c) => c.gid),
    ...set.undatedCustomers.map((c) => c.gid),
    ...set.orderCustomers,
    ...set.orders.flatMap((o) => [o.gid, o.customerGid]),
    ...set.refunds.map((r) => r.orderGid),
  ]);
  if (redacted.size === 0) return set;
  return {
    ...set,
    customers: set.customers.filter((c) => !redacted.has(c.gid)),
    undatedCustomers: set.undatedCustomers.filter((c) => !redacted.has(c.gid)),
    orderCustomers: set.orderCustomers.filter((gid) => !redacted.has(gid)),
    orders: set.orders.filter((o) => !redacted.has(o.gid) && !(o.customerGid && redacted.has(o.customerGid))),
    refunds: set.refunds.filter((r) => !redacted.has(r.orderGid)),
  };
}
