import { dayNumberToIso, toDayNumber } from "./dates.ts";
import { ScoringInputError } from "./errors.ts";
import { DEFAULT_MODEL, fitPurchaseModel, type PurchaseModelReport } from "./purchase-model.ts";
import { logIntervalSum } from "./regularity.ts";
import { collectPurchaseDays, summarize } from "./summarize.ts";
import { DAYS_PER_UNIT, type ModelName, type Order, type TimeUnit } from "./types.ts";

export interface BacktestOptions {
  /** Last day of the calibration period, inclusive. */
  readonly calibrationEnd: string | Date;
  /** Last day of the holdout period, inclusive. */
  readonly holdoutEnd: string | Date;
  readonly model?: ModelName;
  readonly timeUnit?: TimeUnit;
  readonly utcOffsetMinutes?: number;
  /** Length of the reporting periods in days. Default 7 (week by week). */
  readonly periodDays?: number;
}

export interface FrequencyGroup {
  /** "0" … "6", then "7+". */
  readonly frequency: string;
  readonly customers: number;
  /** Mean repeat purchases per customer in the holdout: observed and predicted. */
  readonly actual: number;
  readonly predicted: number;
}

export interface PeriodComparison {
  readonly period: number;
  /** `YYYY-MM-DD`, last day of the period. */
  readonly end: string;
  readonly actual: number;
  readonly predicted: number;
  readonly actualCumulative: number;
  readonly predictedCumulative: number;
}

export interface BacktestResult {
  readonly calibrationEnd: string;
  readonly holdoutEnd: string;
  readonly holdoutDays: number;
  readonly model: PurchaseModelReport;
  readonly customers: number;
  /** Repeat purchase days in the holdout, all calibration customers together. */
  readonly total: { readonly actual: number; readonly predicted: number };
  readonly byFrequency: FrequencyGroup[];
  readonly byPeriod: PeriodComparison[];
}

const FREQUENCY_CAP = 7;

/**
 * Calibration/holdout backtest of a purchase model: fit on the orders up to `calibrationEnd`, then compare each
 * calibration customer's conditional expectation E[Y(t) | x, t_x, T] over the holdout with the purchase days they
 * actually made there: in total, by calibration frequency (0 … 7+, Fader, Hardie & Lee 2005 fig. 4) and period by
 * period (cumulative and incremental, their fig. 3 restricted to the calibration cohort).
 *
 * Customers whose first purchase falls in the holdout are not part of the comparison.
 *
 * @throws {ScoringInputError} when the holdout does not end after the calibration, or on invalid orders.
 */
export function backtest(orders: readonly Order[], options: BacktestOptions): BacktestResult {
  const timeUnit = options.timeUnit ?? "days";
  const unitDays = DAYS_PER_UNIT[timeUnit];
  const calibrationEnd = toDayNumber(options.calibrationEnd, 0, "calibrationEnd");
  const holdoutEnd = toDayNumber(options.holdoutEnd, 0, "holdoutEnd");
  if (holdoutEnd <= calibrationEnd) {
    throw new ScoringInputError(`holdoutEnd ${dayNumberToIso(holdoutEnd)} must be after calibrationEnd ${dayNumberToIso(calibrationEnd)}`);
  }
  const periodDays = options.periodDays ?? 7;
  if (!(Number.isInteger(periodDays) && periodDays > 0)) throw new ScoringInputError(`periodDays ${periodDays} is not a positive integer`);
  const holdoutDays = holdoutEnd - calibrationEnd;

  const summaries = summarize(orders, { observationEnd: options.calibrationEnd, timeUnit, utcOffsetMinutes: options.utcOffsetMinutes });
  const all = collectPurchaseDays(orders, holdoutEnd, options.utcOffsetMinutes ?? 0);
  const regularity = logIntervalSum(collectPurchaseDays(orders, calibrationEnd, options.utcOffsetMinutes ?? 0), unitDays);
  const fit = fitPurchaseModel(options.model ?? DEFAULT_MODEL, summaries, timeUnit, unitDays, { logIntervalSum: regularity });

  const periods = Math.ceil(holdoutDays / periodDays);
  const periodEnds = Array.from({ length: periods }, (_, k) => Math.min((k + 1) * periodDays, holdoutDays));
  const actualByPeriod = new Array<number>(periods).fill(0);
  const predictedCumulative = new Array<number>(periods).fill(0);
  const groups = Array.from({ length: FREQUENCY_CAP + 1 }, () => ({ customers: 0, actual: 0, predicted: 0 }));
  let totalActual = 0;
  let totalPredicted = 0;
  const cache = new Map<string, number[]>();

  for (const s of summaries) {
    const key = `${s.frequency}|${s.recency}|${s.age}`;
    let curve = cache.get(key);
    if (curve === undefined) {
      curve = periodEnds.map((d) => fit.model.conditionalExpectedPurchases(fit.params, d / unitDays, s.frequency, s.recency, s.age));
      cache.set(key, curve);
    }
    let actual = 0;
    for (const day of all.get(s.customerId)?.days.keys() ?? []) {
      if (day <= calibrationEnd) continue;
      actual += 1;
      actualByPeriod[Math.min(periods - 1, Math.floor((day - calibrationEnd - 1) / periodDays))]! += 1;
    }
    const predicted = curve[periods - 1]!;
    for (let k = 0; k < periods; k++) predictedCumulative[k]! += curve[k]!;
    const group = groups[Math.min(FREQUENCY_CAP, s.frequency)]!;
    group.customers += 1;
    group.actual += actual;
    group.predicted += predicted;
    totalActual += actual;
    totalPredicted += predicted;
  }

  let actualRunning = 0;
  const byPeriod = periodEnds.map((d, k) => {
    actualRunning += actualByPeriod[k]!;
    return {
      period: k + 1,
      end: dayNumberToIso(calibrationEnd + d),
      actual: actualByPeriod[k]!,
      predicted: predictedCumulative[k]! - (k > 0 ? predictedCumulative[k - 1]! : 0),
      actualCumulative: actualRunning,
      predictedCumulative: predictedCumulative[k]!,
    };
  });

  return {
    calibrationEnd: dayNumberToIso(calibrationEnd),
    holdoutEnd: dayNumberToIso(holdoutEnd),
    holdoutDays,
    model: fit.report,
    customers: summaries.length,
    total: { actual: totalActual, predicted: totalPredicted },
    byFrequency: groups.map((g, x) => ({
      frequency: x === FREQUENCY_CAP ? `${FREQUENCY_CAP}+` : String(x),
      customers: g.customers,
      actual: g.customers > 0 ? g.actual / g.customers : 0,
      predicted: g.customers > 0 ? g.predicted / g.customers : 0,
    })),
    byPeriod,
  };
}
