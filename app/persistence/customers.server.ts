import { db, isUniqueViolation } from "../db.server.ts";
import type { CustomerRecord } from "../domain/order.ts";
import { isRedacted } from "./redactions.server.ts";

/** Stores a customer unless a newer version is kept; a deleted customer stays deleted. */
export async function upsertCustomer(shop: string, customer: CustomerRecord): Promise<void> {
  if (await isRedacted(shop, customer.gid)) return;
  // A version without created_at keeps the creation date known (it never changes), whichever came first.
  const data = { ...(customer.createdAt ? { shopifyCreatedAt: customer.createdAt } : {}), shopifyUpdatedAt: customer.updatedAt };
  const existing = await db.customer.findUnique({ where: { shop_gid: { shop, gid: customer.gid } } });
  if (!existing) {
    try {
      await db.customer.create({ data: { shop, gid: customer.gid, ...data } });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  await db.customer.updateMany({
    where: {
      shop,
      gid: customer.gid,
      deletedAt: null,
      ...(customer.updatedAt ? { OR: [{ shopifyUpdatedAt: null }, { shopifyUpdatedAt: { lte: customer.updatedAt } }] } : {}),
    },
    data: customer.updatedAt ? data : { shopifyCreatedAt: customer.createdAt ?? existing?.shopifyCreatedAt ?? null },
  });
}

/** Makes sure a customer referenced by an order is known, without touching a kept version. */
export async function ensureCustomer(shop: string, gid: string): Promise<void> {
  if (await isRedacted(shop, gid)) return;
  await db.customer.upsert({ where: { shop_gid: { shop, gid } }, create: { shop, gid }, update: {} });
}

export async function markCustomerDeleted(shop: string, gid: string, at: Date): Promise<void> {
  if (await isRedacted(shop, gid)) return;
  const updated = await db.customer.updateMany({ where: { shop, gid, deletedAt: null }, data: { deletedAt: at } });
  if (updated.count === 0) {
    try {
      await db.customer.create({ data: { shop, gid, deletedAt: at } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
