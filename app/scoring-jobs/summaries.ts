import type { CustomerScore, CustomerSummary, ProspectScore } from "../scoring/index.ts";
import type { CustomerScoreRow, PurchaseAggregate } from "../domain/scores.ts";
import { isoDay } from "../domain/time-zone.ts";

export type { CustomerScoreRow, PurchaseAggregate };

/**
 * The engine's summary of one customer, in days, from the database's aggregate: the same numbers `summarize` gives
 * for the customer's orders (docs/decisions/0103). Money goes to the engine in the currency's major units
 * (`minorPerMajor` = 100 for USD) and comes back through `toMinorUnits`.
 */
export function summaryFromAggregate(row: PurchaseAggregate, observationEndDay: number, minorPerMajor: number): CustomerSummary {
  const frequency = row.purchaseDays - 1;
  return {
    customerId: row.customerGid,
    firstPurchase: isoDay(row.firstDay),
    lastPurchase: isoDay(row.lastDay),
    frequency,
    recency: row.lastDay - row.firstDay,
    age: observationEndDay - row.firstDay,
    monetary: frequency > 0 ? Number(row.netMinor - row.firstDayNetMinor) / frequency / minorPerMajor : 0,
    daysSinceLastOrder: observationEndDay - row.lastDay,
    orderCount: row.orderCount,
    netSpend: Number(row.netMinor) / minorPerMajor,
  };
}

/** An engine amount (major units) in minor units, or null when the engine had no finite number. */
export function toMinorUnits(amount: number, minorPerMajor: number): bigint | null {
  return Number.isFinite(amount) ? BigInt(Math.round(amount * minorPerMajor)) : null;
}

/**
 * The row of a scored customer. Historic CLV is the database's exact sum, not the engine's floating-point copy of
 * it; every other amount is rounded to the minor unit.
 */
export function scoreRow(score: CustomerScore, historicClvMinor: bigint, minorPerMajor: number): CustomerScoreRow {
  const minor = (amount: number) => toMinorUnits(amount, minorPerMajor);
  return {
    customerGid: score.customerId,
    segment: score.segment,
    rfmRecency: score.rfm.r,
    rfmFrequency: score.rfm.f,
    rfmMonetary: score.rfm.m,
    orderCount: score.summary.orderCount,
    repeatPurchaseDays: score.summary.frequency,
    firstPurchaseOn: score.summary.firstPurchase,
    lastPurchaseOn: score.summary.lastPurchase,
    historicClvMinor,
    predictedClvMinor: minor(score.predictedClv),
    predictedClvLowMinor: minor(score.predictedClvLow),
    predictedClvHighMinor: minor(score.predictedClvHigh),
    pAlive: finiteOrNull(score.pAlive),
    pAliveLow: finiteOrNull(score.pAliveLow),
    pAliveHigh: finiteOrNull(score.pAliveHigh),
    expectedPurchases30: finiteOrNull(score.expectedPurchases.days30),
    expectedPurchases90: finiteOrNull(score.expectedPurchases.days90),
    expectedPurchases365: finiteOrNull(score.expectedPurchases.days365),
    expectedOrderValueMinor: minor(score.expectedOrderValue),
    expectedNextPurchaseOn: score.expectedNextPurchase,
    expectedDaysBetweenPurchases: score.expectedDaysBetweenPurchases,
    confidence: score.confidence,
  };
}

/** The row of a customer without a counted order: a Prospect, nothing to predict from. */
export function prospectRow(prospect: ProspectScore): CustomerScoreRow {
  return {
    customerGid: prospect.customerId,
    segment: prospect.segment,
    rfmRecency: null,
    rfmFrequency: null,
    rfmMonetary: null,
    orderCount: 0,
    repeatPurchaseDays: null,
    firstPurchaseOn: null,
    lastPurchaseOn: null,
    historicClvMinor: 0n,
    predictedClvMinor: null,
    predictedClvLowMinor: null,
    predictedClvHighMinor: null,
    pAlive: null,
    pAliveLow: null,
    pAliveHigh: null,
    expectedPurchases30: null,
    expectedPurchases90: null,
    expectedPurchases365: null,
    expectedOrderValueMinor: null,
    expectedNextPurchaseOn: null,
    expectedDaysBetweenPurchases: null,
    confidence: null,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
