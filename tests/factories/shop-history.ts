/** Shops with an order history, stored through the app's own persistence, and read back for the engine. */
import { db } from "../../app/db.server.ts";
import type { OrderRecord } from "../../app/domain/order.ts";
import { ensureCustomer } from "../../app/persistence/customers.server.ts";
import { upsertOrder, upsertRefund } from "../../app/persistence/orders.server.ts";
import { recordInstall, saveShopDetails } from "../../app/persistence/shops.server.ts";
import type { Order } from "../../app/scoring/index.ts";

let sequence = 0;

export async function installShop(domain: string, ianaTimezone: string, installedAt = new Date("2025-01-01T00:00:00Z")): Promise<void> {
  await recordInstall(domain, "read_orders,read_customers", installedAt);
  await saveShopDetails(domain, { name: domain, currencyCode: "USD", ianaTimezone });
  await db.shop.update({ where: { domain }, data: { backfillStatus: "completed", backfillCompletedAt: installedAt } });
}

export interface HistoryOrder {
  readonly customer: string;
  readonly processedAt: string | Date;
  readonly totalMinor: bigint;
  /** Decimal USD, as Shopify sends a refund. */
  readonly refund?: string;
  readonly cancelled?: boolean;
  readonly test?: boolean;
  readonly deleted?: boolean;
}

export const customerGid = (customer: string) => `gid://shopify/Customer/${customer}`;

/** Stores orders (and their customers and refunds) the way webhooks and the backfill do. */
export async function storeOrders(shop: string, orders: readonly HistoryOrder[]): Promise<void> {
  for (const order of orders) {
    sequence += 1;
    const gid = `gid://shopify/Order/${sequence}`;
    const processedAt = new Date(order.processedAt);
    const record: OrderRecord = {
      gid,
      customerGid: customerGid(order.customer),
      createdAt: processedAt,
      processedAt,
      cancelledAt: order.cancelled ? processedAt : null,
      test: order.test ?? false,
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      totalMinor: order.totalMinor,
      presentmentTotalMinor: order.totalMinor,
      discountCodes: [],
      sourceUpdatedAt: processedAt,
    };
    await ensureCustomer(shop, record.customerGid!);
    await upsertOrder(shop, record);
    if (order.refund) {
      await upsertRefund(shop, { gid: `gid://shopify/Refund/${sequence}`, orderGid: gid, processedAt, amount: order.refund, currencyCode: "USD" });
    }
    if (order.deleted) await db.order.update({ where: { shop_gid: { shop, gid } }, data: { deletedAt: processedAt } });
  }
}

/** Stores many plain orders (no refunds) and their customers at once, for histories of hundreds of orders. */
export async function storeManyOrders(shop: string, orders: readonly HistoryOrder[]): Promise<void> {
  const customers = [...new Set(orders.map((order) => customerGid(order.customer)))];
  await db.customer.createMany({ data: customers.map((gid) => ({ shop, gid })) });
  await db.order.createMany({
    data: orders.map((order) => {
      sequence += 1;
      const processedAt = new Date(order.processedAt);
      return {
        shop,
        gid: `gid://shopify/Order/${sequence}`,
        customerGid: customerGid(order.customer),
        shopifyCreatedAt: processedAt,
        processedAt,
        cancelledAt: order.cancelled ? processedAt : null,
        test: order.test ?? false,
        currencyCode: "USD",
        presentmentCurrencyCode: "USD",
        presentmentTotalMinor: order.totalMinor,
        totalMinor: order.totalMinor,
        netMinor: order.totalMinor,
        sourceUpdatedAt: processedAt,
      };
    }),
  });
}

/** The calendar day of an instant in a time zone, as Intl shows it. */
export function calendarDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/**
 * The shop's stored orders as the engine's `Order`s: each on its calendar day in the shop's zone (by Intl, not by
 * the rescoring's own offset tables), deleted orders left out, amounts in dollars.
 */
export async function engineOrdersOf(shop: string, timeZone: string): Promise<Order[]> {
  const rows = await db.order.findMany({ where: { shop, deletedAt: null, customerGid: { not: null } }, orderBy: { id: "asc" } });
  return rows.map((row) => ({
    id: row.gid,
    customerId: row.customerGid!,
    placedAt: calendarDay(row.processedAt, timeZone),
    total: Number(row.totalMinor) / 100,
    refunded: Number(row.refundedMinor) / 100,
    currency: row.currencyCode,
    cancelled: row.cancelledAt !== null,
    test: row.test,
  }));
}
