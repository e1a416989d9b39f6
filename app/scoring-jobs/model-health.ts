/**
 * Model health (pure): how well the shop's purchase model predicted its own recent past. The model is fitted on the
 * history up to a calibration end and its predicted repeat purchases over the rest are compared with the actual
 * ones (the engine's backtest, Fader, Hardie & Lee 2005). The holdout is a third of the shop's history, at least 8
 * weeks and at most 39 weeks (CDNOW's published holdout); a shop with less than 24 weeks of history gets none.
 */
import { backtest, type BacktestResult, type ModelName } from "../scoring/index.ts";
import { isoDay } from "../domain/time-zone.ts";
import { ordersOfPurchaseDays, type PurchaseDay } from "./purchase-days.ts";

export const HOLDOUT_DAYS = { min: 56, max: 273 } as const;

export interface ModelHealth {
  readonly calibrationEnd: string;
  readonly holdoutEnd: string;
  readonly holdoutDays: number;
  readonly model: string;
  /** The customers of the backtest (with a purchase before the holdout). */
  readonly customers: number;
  /** When the backtest ran on a sample: its customers, drawn from the shop's customers with a purchase (`of`). */
  readonly sample?: { readonly customers: number; readonly of: number };
  readonly total: { readonly actual: number; readonly predicted: number };
  /** Week by week, cumulative. */
  readonly weeks: readonly { readonly end: string; readonly actual: number; readonly predicted: number }[];
}

/** The holdout length for a history from day `firstDay` to day `lastDay`, or null when it is too short for one. */
export function holdoutDays(firstDay: number, lastDay: number): number | null {
  const third = Math.floor((lastDay - firstDay) / 3);
  if (third < HOLDOUT_DAYS.min) return null;
  return Math.min(HOLDOUT_DAYS.max, third);
}

export function modelHealth(days: readonly PurchaseDay[], lastDay: number, model: ModelName): ModelHealth | null {
  if (days.length === 0) return null;
  let firstDay = Number.POSITIVE_INFINITY;
  for (const d of days) if (d.day < firstDay) firstDay = d.day;
  const holdout = holdoutDays(firstDay, lastDay);
  if (holdout === null) return null;
  const orders = ordersOfPurchaseDays(days);
  const result: BacktestResult = backtest(orders, { calibrationEnd: isoDay(lastDay - holdout), holdoutEnd: isoDay(lastDay), model, periodDays: 7 });
  return {
    calibrationEnd: result.calibrationEnd,
    holdoutEnd: result.holdoutEnd,
    holdoutDays: result.holdoutDays,
    model: result.model.name,
    customers: result.customers,
    total: result.total,
    weeks: result.byPeriod.map((p) => ({ end: p.end, actual: p.actualCumulative, predicted: p.predictedCumulative })),
  };
}

/** The error of the predicted total, as a share of the actual; null when there was nothing to predict. */
export function totalError(health: Pick<ModelHealth, "total">): number | null {
  return health.total.actual === 0 ? null : (health.total.predicted - health.total.actual) / health.total.actual;
}

/** A plain-words confidence grade from the backtest's total error: within 10% good, within 25% fair, else poor. */
export function healthGrade(health: Pick<ModelHealth, "total">): "good" | "fair" | "poor" | "unknown" {
  const error = totalError(health);
  if (error === null) return "unknown";
  const size = Math.abs(error);
  return size <= 0.1 ? "good" : size <= 0.25 ? "fair" : "poor";
}
