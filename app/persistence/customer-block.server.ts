import type { CustomerBlockAnswer } from "../../extensions/customer-block/src/answer.ts";
import { db } from "../db.server.ts";
import { pAliveWithInterval, predictedClvWithInterval } from "../domain/score-intervals.ts";
import { currencyExponent } from "../utils/money.ts";

/**
 * What the block on Shopify's customer details page shows of one shopper (extensions/customer-block): the shopper's
 * score row, the discount code the app gave them that runs at `now` (created in Shopify, not the control group's,
 * ending after `now`; the latest ending when there were two), and the shop's currency and time zone. Every read is by
 * `shop`, so another shop's shopper is "not-scored". BigInt money goes out as decimal strings of minor units.
 */
export async function customerBlock(shop: string, customerGid: string, now: Date): Promise<CustomerBlockAnswer> {
  const [score, offer, shopRow] = await Promise.all([
    db.customerScore.findUnique({ where: { shop_customerGid: { shop, customerGid } } }),
    db.loyaltyOffer.findFirst({
      where: { shop, customerGid, status: "created", code: { not: null }, endsAt: { gt: now } },
      orderBy: { endsAt: "desc" },
      select: { code: true, percentOff: true, endsAt: true },
    }),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, ianaTimezone: true } }),
  ]);
  if (!score) return { status: "not-scored" };
  const currencyCode = shopRow?.currencyCode ?? null;
  return {
    status: "scored",
    currency: currencyCode ? { code: currencyCode, minorDigits: currencyExponent(currencyCode) } : null,
    timeZone: shopRow?.ianaTimezone ?? null,
    segment: score.segment,
    rfm: { r: score.rfmRecency, f: score.rfmFrequency, m: score.rfmMonetary },
    historicClvMinor: String(score.historicClvMinor),
    predictedClv: predictedClvWithInterval(score),
    pAlive: pAliveWithInterval(score),
    expectedNextPurchaseOn: score.expectedNextPurchaseOn,
    activeOffer: offer?.code ? { code: offer.code, percentOff: offer.percentOff, endsAt: offer.endsAt.toISOString() } : null,
    scoredAt: score.scoredAt.toISOString(),
  };
}
