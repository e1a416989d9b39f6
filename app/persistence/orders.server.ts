import { db, isUniqueViolation } from "../db.server.ts";
import { joinDiscountCodes } from "../domain/discount-codes.ts";
import type { OrderRecord, RefundRecord } from "../domain/order.ts";
import { refundedMinor } from "../domain/refunds.ts";
import { isRedacted } from "./redactions.server.ts";

export type UpsertResult = "created" | "updated" | "stale" | "deleted";

/**
 * Stores a version of an order unless a newer one (by Shopify's updated_at) is already kept.
 * orders/updated before orders/create works: whichever comes first creates the row.
 * The refunded and net amounts come from the refunds stored for the order, checked again after
 * the write in case a refund was saved meanwhile.
 */
export async function upsertOrder(shop: string, order: OrderRecord): Promise<UpsertResult> {
  if (await isRedacted(shop, order.gid, order.customerGid)) return "deleted";
  for (let attempt = 0; ; attempt++) {
    const existing = await db.order.findUnique({
      where: { shop_gid: { shop, gid: order.gid } },
      select: { sourceUpdatedAt: true, deletedAt: true },
    });
    if (existing?.deletedAt) return "deleted";
    if (existing && existing.sourceUpdatedAt > order.sourceUpdatedAt) return "stale";
    const refunds = await db.refund.findMany({ where: { shop, orderGid: order.gid }, select: { amount: true, currencyCode: true } });
    const data = orderColumns(order, refundedMinor(order, refunds));
    if (!existing) {
      try {
        await db.order.create({ data: { shop, gid: order.gid, ...data } });
        await refreshOrderTotals(shop, order.gid);
        return "created";
      } catch (error) {
        if (isUniqueViolation(error) && attempt === 0) continue;
        throw error;
      }
    }
    const { count } = await db.order.updateMany({
      where: { shop, gid: order.gid, deletedAt: null, sourceUpdatedAt: { lte: order.sourceUpdatedAt } },
      data,
    });
    if (count === 1) {
      await refreshOrderTotals(shop, order.gid);
      return "updated";
    }
    if (attempt > 0) return "stale";
  }
}

/** An order's columns, with its refunded and net amounts. */
export function orderColumns(order: OrderRecord, refunded: bigint) {
  return {
    customerGid: order.customerGid,
    shopifyCreatedAt: order.createdAt,
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    test: order.test,
    currencyCode: order.currencyCode,
    presentmentCurrencyCode: order.presentmentCurrencyCode,
    totalMinor: order.totalMinor,
    presentmentTotalMinor: order.presentmentTotalMinor,
    refundedMinor: refunded,
    netMinor: order.totalMinor - refunded,
    discountCodes: joinDiscountCodes(order.discountCodes),
    sourceUpdatedAt: order.sourceUpdatedAt,
  };
}

/** Stores a refund (idempotent by its GID) and brings its order's totals up to date if the order is kept. */
export async function upsertRefund(shop: string, refund: RefundRecord): Promise<void> {
  await saveRefund(shop, refund);
  await refreshOrderTotals(shop, refund.orderGid);
}

export async function saveRefund(shop: string, refund: RefundRecord): Promise<void> {
  if (await isRedacted(shop, refund.orderGid)) return;
  const data = {
    orderGid: refund.orderGid,
    processedAt: refund.processedAt,
    amount: refund.amount,
    currencyCode: refund.currencyCode,
  };
  await db.refund.upsert({ where: { shop_gid: { shop, gid: refund.gid } }, create: { shop, gid: refund.gid, ...data }, update: data });
}

/**
 * Recomputes an order's refunded and net amounts from its stored refunds. The write is a
 * compare-and-set on the values it read, repeated until it holds, so two writers that each saw
 * only some of the refunds (two processes, or the inbox and the backfill in one) cannot leave a
 * stale total: whichever writes last has read every refund saved before its read.
 */
export async function refreshOrderTotals(shop: string, orderGid: string): Promise<void> {
  for (;;) {
    const order = await db.order.findUnique({ where: { shop_gid: { shop, gid: orderGid } } });
    if (!order || order.deletedAt) return;
    const refunds = await db.refund.findMany({ where: { shop, orderGid }, select: { amount: true, currencyCode: true } });
    const refunded = refundedMinor(order, refunds);
    if (refunded === order.refundedMinor && order.netMinor === order.totalMinor - refunded) return;
    const { count } = await db.order.updateMany({
      where: { id: order.id, totalMinor: order.totalMinor, refundedMinor: order.refundedMinor, sourceUpdatedAt: order.sourceUpdatedAt },
      data: { refundedMinor: refunded, netMinor: order.totalMinor - refunded },
    });
    if (count === 1) return;
  }
}

/**
 * orders/delete: the row stays as a tombstone so that a late create or update cannot bring the
 * order back. A delete that arrives before the order leaves an empty tombstone (currency "XXX",
 * ISO 4217's "no currency", amounts zero).
 */
export async function markOrderDeleted(shop: string, gid: string, at: Date): Promise<void> {
  const { count } = await db.order.updateMany({ where: { shop, gid, deletedAt: null }, data: { deletedAt: at } });
  if (count > 0) return;
  try {
    await db.order.create({
      data: {
        shop,
        gid,
        shopifyCreatedAt: at,
        processedAt: at,
        test: false,
        currencyCode: "XXX",
        presentmentCurrencyCode: "XXX",
        totalMinor: 0n,
        presentmentTotalMinor: 0n,
        netMinor: 0n,
        sourceUpdatedAt: at,
        deletedAt: at,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
