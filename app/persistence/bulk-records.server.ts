import { db, isUniqueViolation } from "../db.server.ts";
import type { CustomerRecord, OrderRecord, RefundRecord } from "../domain/order.ts";
import { refundedMinor } from "../domain/refunds.ts";
import { ensureCustomer, upsertCustomer } from "./customers.server.ts";
import { syncRedemptions } from "./loyalty-redemptions.server.ts";
import { orderColumns, refreshOrderTotals, saveRefund, upsertOrder } from "./orders.server.ts";
import { redactedAmong } from "./redactions.server.ts";
import { CUSTOMER_COLUMNS, insertRows, ORDER_COLUMNS, orderRow, REFUND_COLUMNS } from "./record-rows.server.ts";

export interface RecordBatch {
  orders: OrderRecord[];
  refunds: RefundRecord[];
  customers: CustomerRecord[];
}

/**
 * Stores a batch of backfill records with the same rules as single upserts (the newest
 * `updated_at` wins, tombstones stay, refunds are kept by GID), in a handful of queries: rows
 * the app does not hold yet are inserted together in one transaction; the few it already holds
 * go through the single-record upserts. If a webhook stores one of the new rows meanwhile, the
 * batch is applied record by record instead. Then the discount-code redemptions of the batch's
 * orders are brought up to date, together.
 */
export async function saveRecordBatch(shop: string, input: RecordBatch): Promise<void> {
  const batch = await withoutRedacted(shop, input);
  try {
    await saveNewRecordsTogether(shop, batch);
  } catch (error) {
    if (!isUniqueViolationOfBatch(error)) throw error;
    await saveOneByOne(shop, batch);
  }
  await syncRedemptions(shop, [...batch.orders.map((o) => o.gid), ...batch.refunds.map((r) => r.orderGid)]);
}

async function saveNewRecordsTogether(shop: string, batch: RecordBatch): Promise<void> {
  const customerGids = [...new Set([...batch.customers.map((c) => c.gid), ...batch.orders.flatMap((o) => (o.customerGid ? [o.customerGid] : []))])];
  const orderGids = batch.orders.map((o) => o.gid);
  const [knownCustomers, knownOrders, knownRefunds] = await Promise.all([
    db.customer.findMany({ where: { shop, gid: { in: customerGids } }, select: { gid: true } }),
    db.order.findMany({ where: { shop, gid: { in: orderGids } }, select: { gid: true } }),
    db.refund.findMany({ where: { shop, gid: { in: batch.refunds.map((r) => r.gid) } }, select: { gid: true } }),
  ]);
  const heldCustomers = new Set(knownCustomers.map((c) => c.gid));
  const heldOrders = new Set(knownOrders.map((o) => o.gid));
  const heldRefunds = new Set(knownRefunds.map((r) => r.gid));

  const newRefunds = uniqueBy(
    batch.refunds.filter((r) => !heldRefunds.has(r.gid)),
    (r) => r.gid,
  );
  const listedCustomers = new Map(batch.customers.map((c) => [c.gid, c]));
  const newCustomers = customerGids.filter((gid) => !heldCustomers.has(gid));
  const newOrders = uniqueBy(
    batch.orders.filter((o) => !heldOrders.has(o.gid)),
    (o) => o.gid,
  );

  // Refunds already stored for the new orders (a refund may come before its order).
  const storedRefunds = await db.refund.findMany({
    where: { shop, orderGid: { in: newOrders.map((o) => o.gid) } },
    select: { orderGid: true, amount: true, currencyCode: true },
  });
  const refundsByOrder = new Map<string, { amount: string; currencyCode: string | null }[]>();
  for (const refund of [...storedRefunds, ...newRefunds]) {
    refundsByOrder.set(refund.orderGid, [...(refundsByOrder.get(refund.orderGid) ?? []), refund]);
  }

  await db.$transaction(
    [
      insertRows("Customer", shop, CUSTOMER_COLUMNS, newCustomers, (gid) => {
        const listed = listedCustomers.get(gid);
        return [gid, listed?.createdAt ?? null, listed?.updatedAt ?? null];
      }),
      insertRows("Refund", shop, REFUND_COLUMNS, newRefunds, (r) => [r.gid, r.orderGid, r.processedAt, r.amount, r.currencyCode]),
      insertRows("Order", shop, [["gid", "TEXT"], ...ORDER_COLUMNS], newOrders, (order) =>
        orderRow(order.gid, orderColumns(order, refundedMinor(order, refundsByOrder.get(order.gid) ?? []))),
      ),
    ].filter((statement) => statement !== null),
  );

  // What the app already held goes through the single-record rules.
  for (const customer of batch.customers) if (heldCustomers.has(customer.gid)) await upsertCustomer(shop, customer);
  for (const refund of batch.refunds) if (heldRefunds.has(refund.gid)) await saveRefund(shop, refund);
  for (const order of batch.orders) if (heldOrders.has(order.gid)) await upsertOrder(shop, order);
  // Orders that gained refunds: new refunds of orders stored before this batch, and new orders
  // whose refunds a webhook saved after the batch read them.
  const created = new Set(newOrders.map((o) => o.gid));
  const touched = new Set(newRefunds.map((r) => r.orderGid).filter((gid) => !created.has(gid)));
  const included = new Map(newOrders.map((o) => [o.gid, refundsByOrder.get(o.gid)?.length ?? 0]));
  const refundCounts = await db.refund.groupBy({ by: ["orderGid"], where: { shop, orderGid: { in: [...created] } }, _count: { _all: true } });
  for (const row of refundCounts) if (row._count._all !== included.get(row.orderGid)) touched.add(row.orderGid);
  for (const orderGid of touched) await refreshOrderTotals(shop, orderGid);
}

/** A unique violation of createMany (P2002) or of a raw statement (P2010, the driver adapter's kind). */
function isUniqueViolationOfBatch(error: unknown): boolean {
  if (isUniqueViolation(error)) return true;
  const failed = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null;
  return failed?.code === "P2010" && failed.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}

async function saveOneByOne(shop: string, batch: RecordBatch): Promise<void> {
  for (const customer of batch.customers) await upsertCustomer(shop, customer);
  for (const refund of batch.refunds) await saveRefund(shop, refund);
  for (const order of batch.orders) {
    if (order.customerGid) await ensureCustomer(shop, order.customerGid);
    await upsertOrder(shop, order);
  }
  for (const orderGid of new Set(batch.refunds.map((r) => r.orderGid))) await refreshOrderTotals(shop, orderGid);
}

/** Drops what customers/redact erased: its shoppers, their orders and those orders' refunds. */
async function withoutRedacted(shop: string, batch: RecordBatch): Promise<RecordBatch> {
  const redacted = await redactedAmong(shop, [
    ...batch.customers.map((c) => c.gid),
    ...batch.orders.flatMap((o) => [o.gid, o.customerGid]),
    ...batch.refunds.map((r) => r.orderGid),
  ]);
  if (redacted.size === 0) return batch;
  return {
    customers: batch.customers.filter((c) => !redacted.has(c.gid)),
    orders: batch.orders.filter((o) => !redacted.has(o.gid) && !(o.customerGid && redacted.has(o.customerGid))),
    refunds: batch.refunds.filter((r) => !redacted.has(r.orderGid)),
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}
