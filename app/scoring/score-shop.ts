import { checkMargin, historicClv } from "./clv/historic.ts";
import { discountedExpectedPurchases } from "./clv/predictive.ts";
import { dayNumberToIso, toDayNumber } from "./dates.ts";
import { ScoringInputError } from "./errors.ts";
import { normalQuantile } from "./math/normal.ts";
import { expectedOrderValue } from "./models/gamma-gamma.ts";
import { DEFAULT_MODEL, fitPurchaseModel, fitSpendModel, type PurchaseModelFit, type PurchaseModelReport, type SpendModelReport } from "./purchase-model.ts";
import { priorCovariance, priorPurchaseParams } from "./fallback.ts";
import { rfmScores } from "./rfm/score.ts";
import { SHOPIFY_RFM_GROUPS_V1, type SegmentTable } from "./rfm/segment-rules.ts";
import { checkSegmentTable, segmentFor } from "./rfm/segments.ts";
import { chooseModelFromPurchases, type ModelChoice } from "./model-choice.ts";
import { MAX_ERLANG_K } from "./models/mbg-cnbd.ts";
import { patternIndex } from "./models/patterns.ts";
import { logIntervalSum } from "./regularity.ts";
import { collectPurchaseDays, summariesOf, validateSummaries } from "./summarize.ts";
import {
  DAYS_PER_UNIT,
  MODEL_NAMES,
  type Confidence,
  type CustomerSummary,
  type ModelName,
  type ModelSelection,
  type Order,
  type RfmScore,
  type SegmentName,
  type TimeUnit,
} from "./types.ts";
import { deltaMethodVariance, logit, positiveInterval, probabilityInterval } from "./uncertainty.ts";

export interface ScoreOptions {
  /** Last day of observation, inclusive (`YYYY-MM-DD` or a Date). Orders after it are ignored. */
  readonly observationEnd: string | Date;
  /** Horizon of `expectedPurchases.horizon` and of the predicted CLV, in days. Default 365. */
  readonly horizonDays?: number;
  /** Annual discount rate of the predicted CLV, e.g. 0.1 for 10% a year. Default 0.1. */
  readonly discountRate?: number;
  /** Purchase model. Default `DEFAULT_MODEL`. */
  readonly model?: ModelName;
  /**
   * For MBG/CNBD-k: Σ ln(inter-purchase time) over the customers, in `timeUnit` (a `ModelChoice`'s `logIntervalSum`),
   * so that k is estimated; without it (and without `erlangK`) k is 1. `scoreShop` works it out from the orders.
   */
  readonly logIntervalSum?: number;
  /** For MBG/CNBD-k: a known k, used instead of estimating it. */
  readonly erlangK?: number;
  /** Gross margin in percent (0–100); when given, profit CLVs are reported too. */
  readonly marginPct?: number;
  /** Unit of recency, age and the model's time parameters. Default "days". */
  readonly timeUnit?: TimeUnit;
  /** The shop's UTC offset, used to put order timestamps on calendar days. Default 0. */
  readonly utcOffsetMinutes?: number;
  /** Coverage of the intervals. Default 0.9. */
  readonly intervalLevel?: number;
  /** All customers of the shop; those without a counted order are listed as prospects. */
  readonly customerIds?: readonly string[];
  /** Segment table; default `SHOPIFY_RFM_GROUPS_V1`. */
  readonly segmentTable?: SegmentTable;
}

/** `scoreShop`'s options: the model may be `auto`, chosen by a backtest on the shop's own history. */
export interface ScoreShopOptions extends Omit<ScoreOptions, "model"> {
  /** A purchase model, or `auto` (chooseModel, then the chosen model refitted on the whole history). Default `DEFAULT_MODEL`. */
  readonly model?: ModelSelection;
  /** With `auto`: the shop's current model, kept unless another wins by a clear margin. */
  readonly currentModel?: ModelName | null;
}

export interface ExpectedPurchases {
  readonly days30: number;
  readonly days90: number;
  readonly days365: number;
  /** Over `horizonDays`. */
  readonly horizon: number;
}

export interface CustomerScore {
  readonly customerId: string;
  readonly summary: CustomerSummary;
  readonly rfm: RfmScore;
  readonly segment: SegmentName;
  /** Net revenue to date. */
  readonly historicClv: number;
  /** Net revenue to date × margin; null without a margin. */
  readonly historicProfit: number | null;
  /** P(the customer is still active at the observation end). */
  readonly pAlive: number;
  readonly pAliveLow: number;
  readonly pAliveHigh: number;
  /** Expected number of repeat purchases (purchase days) after the observation end. */
  readonly expectedPurchases: ExpectedPurchases;
  /** Expected value of a future purchase (Gamma-Gamma conditional mean). */
  readonly expectedOrderValue: number;
  /** Discounted expected revenue over the horizon: expected order value × discounted expected purchases. */
  readonly predictedClv: number;
  readonly predictedClvLow: number;
  readonly predictedClvHigh: number;
  /** predictedClv × margin; null without a margin. */
  readonly predictedProfit: number | null;
  /**
   * `YYYY-MM-DD` by which the customer, if still active, has even odds of having bought again: the median of the
   * waiting time, (α+T)(2^(1/(r+x)) − 1), with the customer's rate λ ~ Gamma(r+x, α+T) given the history.
   */
  readonly expectedNextPurchase: string;
  /**
   * The customer's own days between purchases while active, at their expected rate given the history:
   * 1 / E[λ] = (α+T)/(r+x). Days since the last purchase over this is how overdue the customer is.
   */
  readonly expectedDaysBetweenPurchases: number;
  /** `low` when the purchase or the spend model is the pooled prior, or this customer's numbers needed it. */
  readonly confidence: Confidence;
}

export interface ProspectScore {
  readonly customerId: string;
  readonly segment: SegmentName;
}

export interface ShopScores {
  /** `YYYY-MM-DD` */
  readonly observationEnd: string;
  readonly timeUnit: TimeUnit;
  readonly horizonDays: number;
  readonly discountRate: number;
  readonly marginPct: number | null;
  readonly intervalLevel: number;
  readonly model: PurchaseModelReport;
  /** With `model: "auto"` (scoreShop): the choice, its reason and every candidate's backtest; null otherwise. */
  readonly choice: ModelChoice | null;
  readonly spend: SpendModelReport;
  readonly segmentTable: { readonly id: string; readonly version: number };
  readonly customers: CustomerScore[];
  readonly prospects: ProspectScore[];
}

interface PatternScore {
  pAlive: number;
  pAliveLow: number;
  pAliveHigh: number;
  expected: ExpectedPurchases;
  discounted: number;
  discountedLogVariance: number;
  nextPurchaseDays: number;
  daysBetweenPurchases: number;
  lowConfidence: boolean;
}

/**
 * Scores a shop from its orders: summaries, RFM segments, historic CLV, the purchase and spend models, and each
 * customer's predictions with intervals. This is the engine's entry point for a rescoring job.
 *
 * @throws {ScoringInputError} on invalid orders or options (see `summarize`); never on a failed fit, which falls
 *   back to the pooled prior and marks the results low confidence.
 * @example scoreShop(orders, { observationEnd: "2025-06-30", marginPct: 40 })
 */
export function scoreShop(orders: readonly Order[], options: ScoreShopOptions): ShopScores {
  const timeUnit = options.timeUnit ?? "days";
  const { model: selection, currentModel, ...rest } = options;
  // the orders are gone over once for the whole history, and the summaries, the choice and k's regularity use it
  const endDay = toDayNumber(options.observationEnd, 0, "observationEnd");
  const purchases = collectPurchaseDays(orders, endDay, options.utcOffsetMinutes ?? 0);
  const summaries = summariesOf(purchases, endDay, timeUnit);
  if (selection === "auto") {
    const choice = chooseModelFromPurchases(orders, purchases, {
      observationEnd: options.observationEnd,
      timeUnit,
      utcOffsetMinutes: options.utcOffsetMinutes,
      currentModel: currentModel ?? null,
    });
    const scores = scoreSummaries(summaries, { ...rest, model: choice.chosen, logIntervalSum: choice.logIntervalSum });
    return { ...scores, choice };
  }
  let regularity = options.logIntervalSum;
  if (selection === "mbgcnbd" && regularity === undefined && options.erlangK === undefined) {
    regularity = logIntervalSum(purchases, DAYS_PER_UNIT[timeUnit]);
  }
  return scoreSummaries(summaries, { ...rest, model: selection, logIntervalSum: regularity });
}

/**
 * Scores customers already summarised, e.g. by SQL aggregates in a large shop. The summaries must follow the
 * definitions of `summarize` (same time unit as `options.timeUnit`); they are validated first.
 *
 * @throws {ScoringInputError} on invalid summaries or options.
 */
export function scoreSummaries(summaries: readonly CustomerSummary[], options: ScoreOptions): ShopScores {
  const scoring = prepareScoring(summaries, options);
  return scoring.finish(summaries.map((s, i) => scoring.scoreCustomer(s, i)));
}

/**
 * `scoreSummaries` for a caller that must stay responsive: the customers are scored in slices of
 * `sliceSize`, and `pause` is awaited between slices (an app passes one that yields to its event
 * loop). The result is the same as `scoreSummaries`'s.
 */
export async function scoreSummariesInSlices(
  summaries: readonly CustomerSummary[],
  options: ScoreOptions,
  slicing: { readonly sliceSize: number; readonly pause: () => Promise<void> },
): Promise<ShopScores> {
  const scoring = prepareScoring(summaries, options);
  const customers: CustomerScore[] = [];
  for (let start = 0; start < summaries.length; start += slicing.sliceSize) {
    if (start > 0) await slicing.pause();
    const end = Math.min(start + slicing.sliceSize, summaries.length);
    for (let i = start; i < end; i++) customers.push(scoring.scoreCustomer(summaries[i]!, i));
  }
  return scoring.finish(customers);
}

/** Validates, fits the models and ranks the shop once; then scores customers one by one. */
function prepareScoring(summaries: readonly CustomerSummary[], options: ScoreOptions) {
  const timeUnit = options.timeUnit ?? "days";
  const unitDays = DAYS_PER_UNIT[timeUnit];
  const horizonDays = options.horizonDays ?? 365;
  const discountRate = options.discountRate ?? 0.1;
  const modelName = options.model ?? DEFAULT_MODEL;
  const intervalLevel = options.intervalLevel ?? 0.9;
  const table = options.segmentTable ?? SHOPIFY_RFM_GROUPS_V1;
  checkOptions({ horizonDays, discountRate, modelName, intervalLevel, marginPct: options.marginPct, table });
  if (options.erlangK !== undefined && !(Number.isInteger(options.erlangK) && options.erlangK >= 1 && options.erlangK <= MAX_ERLANG_K)) {
    throw new ScoringInputError(`erlangK ${options.erlangK} is not a whole number from 1 to ${MAX_ERLANG_K}`);
  }
  validateSummaries(summaries);
  const endDay = toDayNumber(options.observationEnd, 0, "observationEnd");
  const z = normalQuantile(0.5 + intervalLevel / 2);
  const margin = options.marginPct === undefined ? null : options.marginPct / 100;

  const purchase = fitPurchaseModel(modelName, summaries, timeUnit, unitDays, { logIntervalSum: options.logIntervalSum, erlangK: options.erlangK });
  const spend = fitSpendModel(summaries);
  const rfm = rfmScores(summaries);

  // customers with the same (x, t_x, T) share their purchase-model scores
  const patterns = patternIndex(summaries);
  const patternScores = new Array<PatternScore | undefined>(patterns.size);
  const scorePattern = (s: CustomerSummary, i: number): PatternScore => {
    const key = patterns.index[i]!;
    let score = patternScores[key];
    if (score === undefined) {
      score = scoreOnePattern(purchase, s.frequency, s.recency, s.age, { horizonDays, discountRate, unitDays, z });
      patternScores[key] = score;
    }
    return score;
  };

  const spendLogParams = [spend.params.p, spend.params.q, spend.params.gamma].map(Math.log);
  const scoreCustomer = (s: CustomerSummary, i: number): CustomerScore => {
    const pattern = scorePattern(s, i);
    const eov = expectedOrderValue(spend.params, s.frequency, s.monetary);
    const eovLogVariance = deltaMethodVariance(
      ([p, q, gamma]) => Math.log(expectedOrderValue({ p: p!, q: q!, gamma: gamma! }, s.frequency, s.monetary)),
      spendLogParams,
      spend.covariance,
    );
    const clv = eov * pattern.discounted;
    const [clvLow, clvHigh] = positiveInterval(clv, pattern.discountedLogVariance + finiteOr0(eovLogVariance), z);
    const historic = historicClv(s.netSpend, options.marginPct);
    const score = rfm[i]!;
    return {
      customerId: s.customerId,
      summary: s,
      rfm: score,
      segment: segmentFor(table, score),
      historicClv: historic.revenue,
      historicProfit: historic.profit,
      pAlive: pattern.pAlive,
      pAliveLow: pattern.pAliveLow,
      pAliveHigh: pattern.pAliveHigh,
      expectedPurchases: pattern.expected,
      expectedOrderValue: eov,
      predictedClv: clv,
      predictedClvLow: clvLow,
      predictedClvHigh: clvHigh,
      predictedProfit: margin === null ? null : clv * margin,
      expectedNextPurchase: dayNumberToIso(endDay + Math.ceil(pattern.nextPurchaseDays)),
      expectedDaysBetweenPurchases: pattern.daysBetweenPurchases,
      confidence: pattern.lowConfidence || purchase.report.confidence === "low" || spend.report.confidence === "low" ? "low" : "high",
    };
  };

  const finish = (customers: CustomerScore[]): ShopScores => {
    const scored = new Set(summaries.map((s) => s.customerId));
    const prospects: ProspectScore[] = [];
    for (const id of new Set(options.customerIds ?? [])) {
      if (!scored.has(id)) prospects.push({ customerId: id, segment: segmentFor(table, null) });
    }

    return {
      observationEnd: dayNumberToIso(endDay),
      timeUnit,
      horizonDays,
      discountRate,
      marginPct: options.marginPct ?? null,
      intervalLevel,
      model: purchase.report,
      choice: null,
      spend: spend.report,
      segmentTable: { id: table.id, version: table.version },
      customers,
      prospects,
    };
  };

  return { scoreCustomer, finish };
}

interface PatternSettings {
  readonly horizonDays: number;
  readonly discountRate: number;
  readonly unitDays: number;
  readonly z: number;
}

function scoreOnePattern(purchase: PurchaseModelFit, x: number, tx: number, T: number, settings: PatternSettings): PatternScore {
  try {
    const score = scoreWithParams(purchase, purchase.params, purchase.covariance, x, tx, T, settings);
    if (isFinitePatternScore(score)) return score;
  } catch {
    // a numerical failure for one extreme customer falls through to the prior below
  }
  const prior = priorPurchaseParams(purchase.model, purchase.patterns, settings.unitDays);
  const score = scoreWithParams(purchase, prior, priorCovariance(prior.length), x, tx, T, settings);
  return { ...score, lowConfidence: true };
}

function scoreWithParams(
  purchase: PurchaseModelFit,
  params: readonly number[],
  covariance: readonly (readonly number[])[],
  x: number,
  tx: number,
  T: number,
  { horizonDays, discountRate, unitDays, z }: PatternSettings,
): PatternScore {
  const model = purchase.model;
  const logParams = params.map(Math.log);
  const pAlive = model.pAlive(params, x, tx, T);
  const pAliveVariance = pAlive > 0 && pAlive < 1 ? deltaMethodVariance((p) => logit(model.pAlive(p, x, tx, T)), logParams, covariance) : 0;
  const [pAliveLow, pAliveHigh] = probabilityInterval(pAlive, finiteOr0(pAliveVariance), z);
  const expectedIn = (days: number) => model.conditionalExpectedPurchases(params, days / unitDays, x, tx, T);
  const discountedOf = (p: readonly number[]) => discountedExpectedPurchases(model, p, x, tx, T, horizonDays, discountRate, unitDays);
  const discounted = discountedOf(params);
  const discountedLogVariance = discounted > 0 ? deltaMethodVariance((p) => Math.log(discountedOf(p)), logParams, covariance) : 0;
  const r = params[0]!;
  const alpha = params[1]!;
  return {
    pAlive,
    pAliveLow,
    pAliveHigh,
    expected: { days30: expectedIn(30), days90: expectedIn(90), days365: expectedIn(365), horizon: expectedIn(horizonDays) },
    discounted,
    discountedLogVariance: finiteOr0(discountedLogVariance),
    nextPurchaseDays: (alpha + T) * Math.expm1(Math.LN2 / (r + x)) * unitDays,
    daysBetweenPurchases: ((alpha + T) / (r + x)) * unitDays,
    lowConfidence: false,
  };
}

function isFinitePatternScore(s: PatternScore): boolean {
  return [s.pAlive, s.expected.days30, s.expected.days90, s.expected.days365, s.expected.horizon, s.discounted, s.nextPurchaseDays, s.daysBetweenPurchases].every(
    Number.isFinite,
  );
}

function finiteOr0(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}

function checkOptions(o: {
  horizonDays: number;
  discountRate: number;
  modelName: string;
  intervalLevel: number;
  marginPct: number | undefined;
  table: SegmentTable;
}): void {
  if (!(Number.isFinite(o.horizonDays) && o.horizonDays > 0)) {
    throw new ScoringInputError(`horizonDays ${o.horizonDays} is not a positive number`);
  }
  if (!(Number.isFinite(o.discountRate) && o.discountRate > -1)) {
    throw new ScoringInputError(`discountRate ${o.discountRate} is not a rate above −100%`);
  }
  if (o.modelName === "auto") {
    throw new ScoringInputError(`model "auto" needs the orders: call scoreShop, or chooseModel and pass its chosen model`);
  }
  if (!(MODEL_NAMES as readonly string[]).includes(o.modelName)) {
    throw new ScoringInputError(`model "${o.modelName}" is not one of ${MODEL_NAMES.join(", ")}`);
  }
  if (!(o.intervalLevel > 0 && o.intervalLevel < 1)) {
    throw new ScoringInputError(`intervalLevel ${o.intervalLevel} is not in (0, 1)`);
  }
  checkMargin(o.marginPct);
  const problems = checkSegmentTable(o.table);
  if (problems.length > 0) {
    throw new ScoringInputError(`segment table ${o.table.id} v${o.table.version} is not a partition: ${problems.slice(0, 3).join("; ")}`);
  }
}
