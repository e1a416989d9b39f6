import type { CustomerPurchases } from "./summarize.ts";

/**
 * Σ over customers of Σ ln(days between consecutive purchase days / days per unit): the statistic ("litt" in
 * BTYDplus `elog2cbs`) that MBG/CNBD-k needs beyond (x, t_x, T) to estimate the regularity k of the inter-purchase
 * times. Purchase days are distinct, so every interval is at least one day and the logarithm is finite.
 */
export function logIntervalSum(purchases: ReadonlyMap<string, CustomerPurchases>, unitDays: number): number {
  let sum = 0;
  const lnUnit = Math.log(unitDays);
  for (const customer of purchases.values()) {
    const days = [...customer.days.keys()].sort((a, b) => a - b);
    for (let i = 1; i < days.length; i++) sum += Math.log(days[i]! - days[i - 1]!) - lnUnit;
  }
  return sum;
}

/**
 * The shop's purchase cycle in days: the median time between consecutive purchase days of the same customer, over
 * all customers; null when nobody bought twice.
 */
export function medianInterPurchaseDays(purchases: ReadonlyMap<string, CustomerPurchases>): number | null {
  const gaps: number[] = [];
  for (const customer of purchases.values()) {
    const days = [...customer.days.keys()].sort((a, b) => a - b);
    for (let i = 1; i < days.length; i++) gaps.push(days[i]! - days[i - 1]!);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[mid]! : 0.5 * (gaps[mid - 1]! + gaps[mid]!);
}
