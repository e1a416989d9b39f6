import type { TransactionModel } from "../models/model.ts";

/** Average days in a month; the CLV sum discounts once per month, as lifetimes does. */
export const DAYS_PER_MONTH = 365.25 / 12;

/**
 * Discounted expected number of repeat purchases over the next `horizonDays`:
 *
 *   Σ_{i=1..n} (E[Y(i·Δ)] − E[Y((i−1)·Δ)]) / (1 + d)^(i·Δ/365),   n = round(horizon / month), Δ = horizon / n
 *
 * where E[Y(t)] is the model's conditional expectation and d the annual discount rate: each month's purchases are
 * discounted at the month's end. Multiplied by the expected order value this is the predicted CLV
 * (lifetimes `utils._customer_lifetime_value`, with the discount rate per year instead of per month).
 *
 * @param unitDays days per model time unit (1 for days, 7 for weeks).
 */
export function discountedExpectedPurchases(
  model: TransactionModel,
  params: readonly number[],
  x: number,
  tx: number,
  T: number,
  horizonDays: number,
  annualDiscountRate: number,
  unitDays: number,
): number {
  if (horizonDays <= 0) return 0;
  const steps = Math.max(1, Math.round(horizonDays / DAYS_PER_MONTH));
  const stepDays = horizonDays / steps;
  let previous = 0;
  let total = 0;
  for (let i = 1; i <= steps; i++) {
    const days = i * stepDays;
    const cumulative = model.conditionalExpectedPurchases(params, days / unitDays, x, tx, T);
    total += Math.max(0, cumulative - previous) / (1 + annualDiscountRate) ** (days / 365);
    previous = cumulative;
  }
  return total;
}
