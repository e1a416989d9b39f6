import { db } from "../db.server.ts";

/** The shop's saved loyalty rules as JSON (validated when saved), or null when the shop has the defaults. */
export async function findLoyaltyRulesJson(shop: string): Promise<string | null> {
  return (await db.loyaltySettings.findUnique({ where: { shop }, select: { rulesJson: true } }))?.rulesJson ?? null;
}

export async function saveLoyaltyRulesJson(shop: string, rulesJson: string): Promise<void> {
  await db.loyaltySettings.upsert({ where: { shop }, create: { shop, rulesJson }, update: { rulesJson } });
}

export interface ScoredShopper {
  readonly customerGid: string;
  readonly segment: string;
  readonly predictedClvMinor: bigint | null;
  readonly pAlive: number | null;
  readonly lastPurchaseOn: string | null;
  readonly expectedDaysBetweenPurchases: number | null;
  readonly historicClvMinor: bigint;
  readonly rfmRecency: number | null;
  readonly rfmFrequency: number | null;
  readonly rfmMonetary: number | null;
  readonly scoredAt: Date;
}

/** One page of the shop's scored shoppers in GID order, after `afterGid` (keyset pagination on the primary key). */
export async function scoredShoppersPage(shop: string, afterGid: string | null, limit: number): Promise<ScoredShopper[]> {
  return db.customerScore.findMany({
    where: { shop, ...(afterGid === null ? {} : { customerGid: { gt: afterGid } }) },
    orderBy: { customerGid: "asc" },
    take: limit,
    select: {
      customerGid: true,
      segment: true,
      predictedClvMinor: true,
      pAlive: true,
      lastPurchaseOn: true,
      expectedDaysBetweenPurchases: true,
      historicClvMinor: true,
      rfmRecency: true,
      rfmFrequency: true,
      rfmMonetary: true,
      scoredAt: true,
    },
  });
}

/** The shop's last successful rescoring (null id: none yet): the calendar day its observation ended (YYYY-MM-DD), and the currency. */
export async function latestScoringOf(shop: string): Promise<{ runId: number | null; observationEnd: string | null; currencyCode: string | null }> {
  const [run, shopRow] = await Promise.all([
    db.scoringRun.findFirst({ where: { shop, status: "succeeded" }, orderBy: { id: "desc" }, select: { id: true, observationEnd: true } }),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  return { runId: run?.id ?? null, observationEnd: run?.observationEnd ?? null, currencyCode: shopRow?.currencyCode ?? null };
}

/**
 * The shop's predicted CLV at a percentile (0-100) of its shoppers with one: the value at rank ⌊p/100 · (n − 1)⌋
 * in ascending order, read through the (shop, predictedClvMinor) index. Null when no shopper has one.
 */
export async function predictedClvAtPercentile(shop: string, percentile: number): Promise<bigint | null> {
  const where = { shop, predictedClvMinor: { not: null } };
  const count = await db.customerScore.count({ where });
  if (count === 0) return null;
  const rank = Math.floor((Math.min(100, Math.max(0, percentile)) / 100) * (count - 1));
  const [row] = await db.customerScore.findMany({ where, orderBy: { predictedClvMinor: "asc" }, skip: rank, take: 1, select: { predictedClvMinor: true } });
  return row?.predictedClvMinor ?? null;
}
