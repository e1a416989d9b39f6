/**
 * Redemptions of the app's discount codes (LoyaltyRedemption), kept in line with the stored orders: an order that
 * used one of the app's codes and stands is one redemption per code, and each per-shopper offer points at its first
 * one (LoyaltyOffer.redeemedOrderGid / redeemedAt). What counts is decided in app/domain/redemptions.ts.
 */
import { db, isUniqueViolation } from "../db.server.ts";
import { splitDiscountCodes } from "../domain/discount-codes.ts";
import { redemptionsOf, type IssuedOffer, type Redemption } from "../domain/redemptions.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

const key = (r: { orderGid: string; code: string }) => `${r.orderGid}\u0000${r.code}`;

/**
 * Brings the redemptions of these orders in line with the orders as stored now, and each offer they touch with its
 * first standing redemption. Derived from the stored state, it is idempotent and order-independent: a duplicate
 * delivery, an older version after a newer one, or the backfill and the webhooks both storing an order end in the
 * same rows; an order cancelled, deleted or refunded in full loses its redemption, and its offer points at the next
 * order that used the code, or at none.
 *
 * Called once per batch, after its orders and refunds are written: one query when no order of the batch used a code
 * (most batches), a handful more when some did, whatever the batch's size.
 */
export async function syncRedemptions(shop: string, orderGids: Iterable<string>): Promise<void> {
  const gids = [...new Set(orderGids)];
  if (gids.length === 0) return;
  // An order's codes never change once placed, so an order stored without codes has no redemption to remove.
  const rows = await db.order.findMany({
    where: { shop, gid: { in: gids }, discountCodes: { not: "" } },
    select: {
      gid: true,
      customerGid: true,
      discountCodes: true,
      processedAt: true,
      cancelledAt: true,
      deletedAt: true,
      test: true,
      netMinor: true,
      refundedMinor: true,
    },
  });
  if (rows.length === 0) return;
  const orders = rows.map((row) => ({ ...row, discountCodes: splitDiscountCodes(row.discountCodes) }));
  const codes = [...new Set(orders.flatMap((order) => order.discountCodes))];
  const [offers, segmentCodes, existing] = await Promise.all([
    db.loyaltyOffer.findMany({ where: { shop, code: { in: codes }, holdout: false }, select: { id: true, ruleId: true, customerGid: true, code: true } }),
    db.loyaltySegmentCode.findMany({ where: { shop, code: { in: codes } }, select: { ruleId: true, code: true } }),
    db.loyaltyRedemption.findMany({ where: { shop, orderGid: { in: orders.map((order) => order.gid) } } }),
  ]);
  const issued = offers.filter((offer): offer is IssuedOffer => offer.code !== null);
  const intended = new Map(redemptionsOf(orders, issued, segmentCodes).map((r) => [key(r), r]));
  const held = new Map(existing.map((r) => [key(r), r]));

  const stale = existing.filter((r) => !intended.has(key(r)));
  const fresh = [...intended.values()].filter((r) => !held.has(key(r)));
  const changed = [...intended.values()].filter((r) => {
    const before = held.get(key(r));
    return before !== undefined && !sameRedemption(before, r);
  });
  if (stale.length > 0) {
    await db.loyaltyRedemption.deleteMany({ where: { shop, OR: stale.map((r) => ({ orderGid: r.orderGid, code: r.code })) } });
  }
  await insertRedemptions(shop, fresh);
  for (const r of changed) {
    await db.loyaltyRedemption.update({ where: { shop_orderGid_code: { shop, orderGid: r.orderGid, code: r.code } }, data: columns(r) });
  }
  const offerIds = new Set<number>();
  for (const r of [...stale, ...fresh, ...changed, ...changed.map((c) => held.get(key(c)))]) if (r?.offerId != null) offerIds.add(r.offerId);
  await markFirstRedemptions(shop, [...offerIds]);
}

function columns(r: Redemption) {
  return { customerGid: r.customerGid, ruleId: r.ruleId, offerId: r.offerId, redeemedAt: r.redeemedAt, netMinor: r.netMinor };
}

function sameRedemption(a: Redemption, b: Redemption): boolean {
  return (
    a.customerGid === b.customerGid &&
    a.ruleId === b.ruleId &&
    a.offerId === b.offerId &&
    a.redeemedAt.getTime() === b.redeemedAt.getTime() &&
    a.netMinor === b.netMinor
  );
}

/** New rows together; if another writer stored one of them meanwhile, one by one. */
async function insertRedemptions(shop: string, fresh: readonly Redemption[]): Promise<void> {
  if (fresh.length === 0) return;
  try {
    await db.loyaltyRedemption.createMany({ data: fresh.map((r) => ({ shop, orderGid: r.orderGid, code: r.code, ...columns(r) })) });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    for (const r of fresh) {
      await db.loyaltyRedemption.upsert({
        where: { shop_orderGid_code: { shop, orderGid: r.orderGid, code: r.code } },
        create: { shop, orderGid: r.orderGid, code: r.code, ...columns(r) },
        update: columns(r),
      });
    }
  }
}

/** Points each offer at its earliest standing redemption (ties broken by order GID), or at none; one statement. */
async function markFirstRedemptions(shop: string, offerIds: readonly number[]): Promise<void> {
  if (offerIds.length === 0) return;
  for (const id of offerIds) if (!Number.isSafeInteger(id)) throw new RangeError(`offer id ${id} is not an integer`);
  const dialect = sqlDialect();
  const first = (column: string) => `(
    SELECT r."${column}" FROM "LoyaltyRedemption" r
    WHERE r."shop" = "LoyaltyOffer"."shop" AND r."offerId" = "LoyaltyOffer"."id"
    ORDER BY r."redeemedAt", r."orderGid" LIMIT 1)`;
  await db.$executeRawUnsafe(
    `UPDATE "LoyaltyOffer" SET "redeemedOrderGid" = ${first("orderGid")}, "redeemedAt" = ${first("redeemedAt")}
     WHERE "shop" = ${dialect.param(1)} AND "id" IN (${offerIds.join(", ")})`,
    shop,
  );
}

/** Per rule of the shop: its redemptions and their net revenue now (for the admin pages). */
export async function redemptionTotalsByRule(shop: string): Promise<{ ruleId: string; redemptions: number; netMinor: bigint }[]> {
  const rows = await db.loyaltyRedemption.groupBy({ by: ["ruleId"], where: { shop }, _count: { _all: true }, _sum: { netMinor: true }, orderBy: { ruleId: "asc" } });
  return rows.map((row) => ({ ruleId: row.ruleId, redemptions: row._count._all, netMinor: row._sum.netMinor ?? 0n }));
}
