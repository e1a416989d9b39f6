import { dayNumberToIso, toDayNumber } from "./dates.ts";
import type { FrequencyGroup } from "./backtest.ts";
import { patternIndex } from "./models/patterns.ts";
import { DEFAULT_MODEL, fitPurchaseModel, type EstimationMethod } from "./purchase-model.ts";
import { logIntervalSum, medianInterPurchaseDays } from "./regularity.ts";
import { collectPurchaseDays, summariesOf, type CustomerPurchases } from "./summarize.ts";
import { DAYS_PER_UNIT, type ModelName, type Order, type TimeUnit } from "./types.ts";

/** The candidates of `model: "auto"`, in the order they are reported. */
export const CANDIDATE_MODELS: readonly ModelName[] = ["bgnbd", "mbgnbd", "pareto", "mbgcnbd"];

/** Estimated parameters per candidate: MBG/CNBD-k's k counts as one. The rule prefers fewer. */
export const ESTIMATED_PARAMETERS: Readonly<Record<ModelName, number>> = { bgnbd: 4, mbgnbd: 4, pareto: 4, mbgcnbd: 5 };

/**
 * The rule's constants (docs/decisions/0110-model-choice-by-backtest.md): the holdout spans `cycles` of the shop's
 * median time between purchases, rounded up to whole weeks, at least `minDays`, at most a third of the history; a
 * difference is noise when it is within `noiseMultiple` standard errors.
 */
export const CHOICE_RULE = { minHoldoutDays: 56, cycles: 3, maxHistoryShare: 1 / 3, noiseMultiple: 2 } as const;

const FREQUENCY_CAP = 7;

export type ChoiceReason =
  /** No current model: the best candidate, the simpler one when others are within noise. */
  | "initial-choice"
  /** The current model is within noise of the best candidate, so it stays. */
  | "kept-current"
  /** Another candidate beat the current model by more than noise (or the current one could not compete). */
  | "current-outperformed"
  /** The history is too short (or has no repeat purchase) for a holdout: the current model, else the default, stays. */
  | "history-too-short"
  /** No candidate fitted on the calibration part: the current model, else the default. */
  | "no-candidate-fitted";

export type CandidateStatus = "chosen" | "within-noise" | "outperformed" | "total-clearly-worse" | "not-fitted";

/** One candidate's backtest on the holdout: plain numbers, JSON-serialisable. */
export interface CandidateBacktest {
  readonly model: ModelName;
  readonly label: string;
  readonly estimatedParameters: number;
  /** The calibration fit: parameters (MBG/CNBD-k's k included), method and log-likelihood. */
  readonly params: Readonly<Record<string, number>>;
  readonly method: EstimationMethod;
  readonly logLikelihood: number;
  /** Repeat purchase days in the holdout, all calibration customers together; error = (predicted − actual)/actual. */
  readonly total: { readonly actual: number; readonly predicted: number; readonly error: number | null };
  /** The standard deviation of the actual total under this model: what a perfect model still misses by. */
  readonly totalStandardDeviation: number;
  /** Σ over calibration-frequency groups (0 … 7+) of |predicted − actual|, over the actual total. */
  readonly frequencyGroupError: number | null;
  readonly byFrequency: FrequencyGroup[];
  /** Mean per customer of ln P(the customer's actual holdout count), under the model; higher is better. */
  readonly logScore: number;
  /** The best candidate's log score less this one's, and the standard error of that paired difference. */
  readonly logScoreDeficit: number;
  readonly logScoreStandardError: number;
  readonly status: CandidateStatus;
}

export interface ModelChoice {
  readonly chosen: ModelName;
  /** The current model given as input, null for a first choice. */
  readonly previous: ModelName | null;
  readonly changed: boolean;
  readonly reason: ChoiceReason;
  /** The reason in words, with the figures behind it. */
  readonly reasonText: string;
  /** The shop's median days between purchases, from which the holdout length is chosen; null without repeats. */
  readonly purchaseCycleDays: number | null;
  /** `YYYY-MM-DD`; null when there was no holdout. */
  readonly calibrationEnd: string | null;
  readonly holdoutEnd: string;
  readonly holdoutDays: number | null;
  /** Customers of the calibration part, whose holdout purchases are compared. */
  readonly customers: number;
  /** Σ ln(inter-purchase time) over the whole history (time unit), for refitting MBG/CNBD-k's k on it. */
  readonly logIntervalSum: number;
  readonly timeUnit: TimeUnit;
  readonly candidates: CandidateBacktest[];
}

export interface ModelChoiceOptions {
  /** Last day of the history, inclusive; later orders are ignored. */
  readonly observationEnd: string | Date;
  readonly timeUnit?: TimeUnit;
  readonly utcOffsetMinutes?: number;
  /** The shop's model so far; kept unless another candidate wins by a clear margin. */
  readonly currentModel?: ModelName | null;
  readonly candidates?: readonly ModelName[];
}

/**
 * Chooses a shop's purchase model by a time-split backtest on its own history (pure; the observation end is an
 * argument and nothing after it is read):
 *
 * 1. Holdout: the last `cycles` × the median time between a customer's purchases, in whole weeks, at least 8 weeks,
 *    at most a third of the history (from the first purchase to the observation end). Too short a history: no choice.
 * 2. Each candidate is fitted on the orders before the holdout and predicts each calibration customer's holdout
 *    purchase days: the total, the total per calibration-frequency group (0 … 7+) and the per-customer log score.
 * 3. Rule: candidates whose fit fell back are out; so is a candidate whose total (or frequency-group) error exceeds
 *    the smallest by more than twice the standard deviation of the actual figure under that candidate. Of the rest,
 *    the best log score wins; a candidate is within noise of it when its deficit is at most twice the paired standard
 *    error. Among those within noise the fewest estimated parameters win, then the better log score.
 * 4. Stability: the current model stays whenever it is in the running and within noise of the best.
 *
 * The caller refits the chosen model on the whole history (scoreShop does). See
 * docs/decisions/0110-model-choice-by-backtest.md.
 *
 * @throws {ScoringInputError} on invalid orders (see `summarize`).
 */
export function chooseModel(orders: readonly Order[], options: ModelChoiceOptions): ModelChoice {
  const endDay = toDayNumber(options.observationEnd, 0, "observationEnd");
  return chooseModelFromPurchases(orders, collectPurchaseDays(orders, endDay, options.utcOffsetMinutes ?? 0), options);
}

/**
 * `chooseModel` when the caller has already collected the orders' purchases up to the observation end
 * (`collectPurchaseDays(orders, observation end, options.utcOffsetMinutes)`), as scoreShop has: the same choice,
 * without going over the orders again for them.
 */
export function chooseModelFromPurchases(orders: readonly Order[], all: ReadonlyMap<string, CustomerPurchases>, options: ModelChoiceOptions): ModelChoice {
  const timeUnit = options.timeUnit ?? "days";
  const unitDays = DAYS_PER_UNIT[timeUnit];
  const offset = options.utcOffsetMinutes ?? 0;
  const endDay = toDayNumber(options.observationEnd, 0, "observationEnd");
  const previous = options.currentModel ?? null;
  const names = options.candidates ?? CANDIDATE_MODELS;
  const wholeLogIntervalSum = logIntervalSum(all, unitDays);
  const cycle = medianInterPurchaseDays(all);
  let firstDay = Infinity;
  for (const customer of all.values()) for (const day of customer.days.keys()) firstDay = Math.min(firstDay, day);
  const holdoutDays = chooseHoldoutDays(firstDay, endDay, cycle);

  const base = {
    previous,
    purchaseCycleDays: cycle,
    holdoutEnd: dayNumberToIso(endDay),
    logIntervalSum: wholeLogIntervalSum,
    timeUnit,
  };
  const fallback = previous ?? DEFAULT_MODEL;
  if (holdoutDays === null) {
    return {
      ...base,
      chosen: fallback,
      changed: false,
      reason: "history-too-short",
      reasonText:
        cycle === null
          ? `no customer bought twice; ${fallback} stays`
          : `a third of the history is under ${CHOICE_RULE.minHoldoutDays / 7} weeks, too short for a holdout; ${fallback} stays`,
      calibrationEnd: null,
      holdoutDays: null,
      customers: 0,
      candidates: [],
    };
  }

  const calibrationEnd = endDay - holdoutDays;
  const evaluation = evaluateCandidates(orders, all, names, { calibrationEnd, endDay, timeUnit, unitDays, offset, holdoutDays });
  const decision = decide(evaluation.scored, previous);
  const candidates = evaluation.scored.map((c) => {
    const [deficit, se] = decision.deficits.get(c.figures.model) ?? [NaN, NaN];
    return { ...c.figures, logScoreDeficit: deficit, logScoreStandardError: se, status: decision.status.get(c.figures.model)! };
  });
  return {
    ...base,
    chosen: decision.chosen ?? fallback,
    changed: previous !== null && (decision.chosen ?? fallback) !== previous,
    reason: decision.reason,
    reasonText: decision.chosen === null ? `no candidate fitted on the calibration part; ${fallback} stays` : decision.text,
    calibrationEnd: dayNumberToIso(calibrationEnd),
    holdoutDays,
    customers: evaluation.customers,
    candidates,
  };
}

/** The holdout length in days for a history from `firstDay` to `endDay`, or null when it is too short. */
export function chooseHoldoutDays(firstDay: number, endDay: number, purchaseCycleDays: number | null): number | null {
  if (purchaseCycleDays === null || !Number.isFinite(firstDay)) return null;
  const longest = Math.floor((endDay - firstDay) * CHOICE_RULE.maxHistoryShare);
  if (longest < CHOICE_RULE.minHoldoutDays) return null;
  const wanted = Math.ceil((CHOICE_RULE.cycles * purchaseCycleDays) / 7) * 7;
  return Math.min(longest, Math.max(CHOICE_RULE.minHoldoutDays, wanted));
}

interface Scored {
  readonly figures: Omit<CandidateBacktest, "status" | "logScoreDeficit" | "logScoreStandardError">;
  /** Per calibration customer, in one order for all candidates. */
  readonly logScores: Float64Array | null;
  /** The noise of the frequency-group error: Σ_g sd of the group's actual total. */
  readonly groupNoise: number;
  readonly fitted: boolean;
}

interface Window {
  readonly calibrationEnd: number;
  readonly endDay: number;
  readonly timeUnit: TimeUnit;
  readonly unitDays: number;
  readonly offset: number;
  readonly holdoutDays: number;
}

function evaluateCandidates(orders: readonly Order[], all: ReadonlyMap<string, CustomerPurchases>, names: readonly ModelName[], w: Window) {
  const calibrationPurchases = collectPurchaseDays(orders, w.calibrationEnd, w.offset);
  const summaries = summariesOf(calibrationPurchases, w.calibrationEnd, w.timeUnit);
  const calibrationLogIntervals = logIntervalSum(calibrationPurchases, w.unitDays);
  const actual = summaries.map((s) => {
    let n = 0;
    for (const day of all.get(s.customerId)?.days.keys() ?? []) if (day > w.calibrationEnd) n += 1;
    return n;
  });
  const totalActual = actual.reduce((a, b) => a + b, 0);
  const t = w.holdoutDays / w.unitDays;
  // each customer's (x, t_x, T) pattern, numbered once for all candidates
  const patterns = patternIndex(summaries);

  const scored: Scored[] = names.map((name) => {
    const fit = fitPurchaseModel(name, summaries, w.timeUnit, w.unitDays, { logIntervalSum: calibrationLogIntervals });
    const groups = Array.from({ length: FREQUENCY_CAP + 1 }, () => ({ customers: 0, actual: 0, predicted: 0, variance: 0 }));
    const logScores = new Float64Array(summaries.length);
    const cache = new Array<{ mean: number; variance: number; pAlive: number; tail: number[] } | undefined>(patterns.size);
    let predicted = 0;
    let variance = 0;
    let logScoreSum = 0;
    summaries.forEach((s, i) => {
      const key = patterns.index[i]!;
      let pattern = cache[key];
      if (pattern === undefined || pattern.tail.length < actual[i]! + 2) {
        const pAlive = fit.model.pAlive(fit.params, s.frequency, s.recency, s.age);
        const tail = fit.model.aliveCountTail(fit.params, t, s.frequency, s.recency, s.age, Math.max(actual[i]! + 1, pattern?.tail.length ?? 0));
        let mean = 0;
        let second = 0;
        for (let n = 1; n < tail.length; n++) {
          mean += tail[n]!;
          second += (2 * n - 1) * tail[n]!;
        }
        mean *= pAlive;
        second *= pAlive;
        pattern = { mean, variance: Math.max(0, second - mean * mean), pAlive, tail };
        cache[key] = pattern;
      }
      const y = actual[i]!;
      const given = Math.max(0, (pattern.tail[y] ?? 0) - (pattern.tail[y + 1] ?? 0));
      const probability = pattern.pAlive * given + (y === 0 ? 1 - pattern.pAlive : 0);
      const score = Math.log(Math.max(probability, 1e-300));
      logScores[i] = score;
      logScoreSum += score;
      predicted += pattern.mean;
      variance += pattern.variance;
      const group = groups[Math.min(FREQUENCY_CAP, s.frequency)]!;
      group.customers += 1;
      group.actual += y;
      group.predicted += pattern.mean;
      group.variance += pattern.variance;
    });
    const fitted = fit.report.method === "maximum-likelihood";
    let groupAbsolute = 0;
    let groupNoise = 0;
    for (const g of groups) {
      groupAbsolute += Math.abs(g.predicted - g.actual);
      groupNoise += Math.sqrt(g.variance);
    }
    return {
      figures: {
        model: name,
        label: fit.model.label,
        estimatedParameters: ESTIMATED_PARAMETERS[name],
        params: fit.report.params,
        method: fit.report.method,
        logLikelihood: fit.report.logLikelihood,
        total: { actual: totalActual, predicted, error: totalActual > 0 ? (predicted - totalActual) / totalActual : null },
        totalStandardDeviation: Math.sqrt(variance),
        frequencyGroupError: totalActual > 0 ? groupAbsolute / totalActual : null,
        byFrequency: groups.map((g, x) => ({
          frequency: x === FREQUENCY_CAP ? `${FREQUENCY_CAP}+` : String(x),
          customers: g.customers,
          actual: g.customers > 0 ? g.actual / g.customers : 0,
          predicted: g.customers > 0 ? g.predicted / g.customers : 0,
        })),
        logScore: summaries.length > 0 ? logScoreSum / summaries.length : 0,
      },
      logScores: fitted && Number.isFinite(logScoreSum) ? logScores : null,
      groupNoise,
      fitted: fitted && Number.isFinite(logScoreSum) && Number.isFinite(predicted),
    };
  });
  return { scored, customers: summaries.length };
}

interface Decision {
  readonly chosen: ModelName | null;
  readonly reason: ChoiceReason;
  readonly text: string;
  readonly status: Map<ModelName, CandidateStatus>;
}

/** Step 3 and 4 of `chooseModel` on the candidates' figures. */
function decide(scored: Scored[], previous: ModelName | null): Decision & { deficits: Map<ModelName, [number, number]> } {
  const status = new Map<ModelName, CandidateStatus>();
  const deficits = new Map<ModelName, [number, number]>();
  const k = CHOICE_RULE.noiseMultiple;
  const fitted = scored.filter((c) => c.fitted);
  for (const c of scored) if (!c.fitted) status.set(c.figures.model, "not-fitted");
  if (fitted.length === 0) return { chosen: null, reason: "no-candidate-fitted", text: "", status, deficits };

  const absTotal = (c: Scored) => Math.abs(c.figures.total.predicted - c.figures.total.actual);
  const absGroups = (c: Scored) => (c.figures.frequencyGroupError ?? 0) * c.figures.total.actual;
  const bestTotal = Math.min(...fitted.map(absTotal));
  const bestGroups = Math.min(...fitted.map(absGroups));
  const running = fitted.filter((c) => {
    const worse = absTotal(c) - bestTotal > k * c.figures.totalStandardDeviation || absGroups(c) - bestGroups > k * c.groupNoise;
    if (worse) status.set(c.figures.model, "total-clearly-worse");
    return !worse;
  });
  const best = running.reduce((a, b) => (b.figures.logScore > a.figures.logScore ? b : a));
  const withinNoise = new Set<ModelName>();
  for (const c of running) {
    const [deficit, se] = pairedDeficit(best.logScores!, c.logScores!);
    deficits.set(c.figures.model, [deficit, se]);
    if (deficit <= k * se) withinNoise.add(c.figures.model);
  }
  for (const c of fitted) if (!deficits.has(c.figures.model)) deficits.set(c.figures.model, pairedDeficit(best.logScores!, c.logScores!));

  const current = previous === null ? undefined : running.find((c) => c.figures.model === previous);
  let chosen: Scored;
  let reason: ChoiceReason;
  let text: string;
  const describe = (c: Scored) => {
    const [deficit, se] = deficits.get(c.figures.model)!;
    return `${c.figures.label} log score ${c.figures.logScore.toFixed(4)} (${deficit === 0 ? "best" : `−${deficit.toFixed(4)} ± ${se.toFixed(4)}`})`;
  };
  if (current !== undefined && withinNoise.has(current.figures.model)) {
    chosen = current;
    reason = "kept-current";
    text = `${current.figures.label} stays: within noise of the best (${describe(best)}; ${describe(current)})`;
  } else {
    const eligible = running.filter((c) => withinNoise.has(c.figures.model));
    const fewest = Math.min(...eligible.map((c) => c.figures.estimatedParameters));
    chosen = eligible.filter((c) => c.figures.estimatedParameters === fewest).reduce((a, b) => (b.figures.logScore > a.figures.logScore ? b : a));
    const simpler = chosen !== best ? `, the simpler model within noise of ${best.figures.label}` : "";
    if (previous === null) {
      reason = "initial-choice";
      text = `${chosen.figures.label}: ${describe(chosen)}${simpler}`;
    } else {
      reason = "current-outperformed";
      const was = scored.find((c) => c.figures.model === previous);
      const why =
        was === undefined
          ? `${previous} was not a candidate`
          : status.get(previous) === "not-fitted"
            ? `${was.figures.label} did not fit the calibration part`
            : status.get(previous) === "total-clearly-worse"
              ? `${was.figures.label}'s holdout total was off by more than noise (${formatError(was.figures.total.error)} against ${formatError(best.figures.total.error)})`
              : `${describe(was)} is beyond noise`;
      text = `${chosen.figures.label} replaces ${was?.figures.label ?? previous}: ${why}; ${describe(chosen)}${simpler}`;
    }
  }
  for (const c of running) {
    if (c === chosen) status.set(c.figures.model, "chosen");
    else status.set(c.figures.model, withinNoise.has(c.figures.model) ? "within-noise" : "outperformed");
  }
  return { chosen: chosen.figures.model, reason, text, status, deficits };
}

function formatError(error: number | null): string {
  return error === null ? "n/a" : `${error >= 0 ? "+" : ""}${(100 * error).toFixed(1)}%`;
}

/** Mean of best − other over customers and its standard error (sd / √n). */
function pairedDeficit(best: Float64Array, other: Float64Array): [number, number] {
  const n = best.length;
  if (n === 0) return [0, 0];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += best[i]! - other[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (best[i]! - other[i]! - mean) ** 2;
  return [mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0];
}
