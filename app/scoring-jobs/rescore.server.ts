import { customerPurchaseDays, customerPurchaseSummaries, customersWithoutPurchases } from "../persistence/customer-summaries.server.ts";
import { deleteScoresOfCustomersGone, writeCustomerScores } from "../persistence/customer-scores.server.ts";
import { shopSegmentTable } from "../persistence/shop-settings.server.ts";
import {
  failScoringRun,
  finishScoringRun,
  dailyChecksMadeSince,
  recordRescoreProgress,
  shopCurrencyAndZone,
  startScoringRun,
  type ScoringRunResult,
  type StartedRescoring,
} from "../persistence/rescoring.server.ts";
import { errorMessage, logger } from "../logger.server.ts";
import {
  chooseModel,
  collectPurchaseDays,
  DEFAULT_MODEL,
  logIntervalSum,
  MODELS,
  type ModelChoice,
  type ModelName,
  scoreSummariesInSlices,
  type ScoreOptions,
  type SegmentTable,
  type ShopScores,
} from "../scoring/index.ts";
import { ordersOfPurchaseDays, type PurchaseDay, sampleOfCustomers } from "./purchase-days.ts";
import { shopScoreFigures } from "./dashboard-figures.server.ts";
import { modelHealth } from "./model-health.ts";
import { currencyExponent } from "../utils/money.ts";
import { nextDailyRescoreAt, RESCORE_POLICY, type RescorePolicy, type RescoreTrigger, withDailyMinute } from "./schedule.ts";
import { prospectRow, scoreRow, summaryFromAggregate, type CustomerScoreRow } from "./summaries.ts";
import { isoDay, localDayNumber, offsetPeriods } from "../domain/time-zone.ts";

export interface RescoreOptions {
  /** The observation ends on the shop's calendar day of `now`; scores and segment changes are stamped with it. */
  readonly now: Date;
  /**
   * Reads the time for the schedule (the run's start and duration, the next daily rescoring), never for scores.
   * The same clock as `now` in the app; a benchmark may fix `now` and keep real time here.
   */
  readonly clock: () => Date;
  readonly trigger?: RescoreTrigger;
  readonly policy?: RescorePolicy;
  /**
   * Engine settings; the observation end, time unit and customer list are the job's. A `model` given here is used as
   * it is; without one the shop's model is chosen by backtest once a day and kept between (decision 0110).
   */
  readonly scoring?: Pick<ScoreOptions, "model" | "horizonDays" | "discountRate">;
  /** Customers written per transaction. */
  readonly batchSize?: number;
  /** The daily checks' sample size (tests); DAILY_CHECK_CUSTOMERS otherwise. */
  readonly dailyCheckCustomers?: number;
}

export interface RescorePhases {
  /** SQL aggregates to engine summaries. */
  readonly summariesMs: number;
  /** Model fits and every customer's scores. */
  readonly scoringMs: number;
  /** Scores and segment changes written, customers gone deleted. */
  readonly writeMs: number;
}

export type RescoreOutcome =
  | { readonly status: "unknown shop" }
  | {
      readonly status: "succeeded";
      readonly runId: number;
      readonly customersScored: number;
      readonly prospects: number;
      readonly segmentChanges: number;
      readonly phases: RescorePhases;
    }
  | { readonly status: "failed"; readonly runId: number; readonly error: string };

/** Customers scored between two yields to the event loop (a few milliseconds of work). */
const SCORING_SLICE = 1_000;

/** Database errors can quote whole statements; the run keeps their beginning. */
const MAX_ERROR_LENGTH = 2000;

/**
 * The model's health is measured, and the shop's model chosen, by the first rescoring of each day (a backtest costs
 * about another fit; the choice one per candidate).
 */
const MODEL_HEALTH_EVERY_MS = 20 * 3_600_000;

/**
 * The daily checks of a large shop (the model choice, the model health) backtest on a sample of about this many
 * customers (the same ones each day): at 100,000 customers the whole shop cost the choice 38 s and 2 GB, and the
 * health another 6 s and 300 MB; their figures are settled long before.
 */
const DAILY_CHECK_CUSTOMERS = 10_000;

/** Offsets are worked out from here on; an order before 1970 takes the zone's offset of 1970. */
const ZONE_HISTORY_START = new Date(0);

/**
 * Rescores one shop: summarises its orders in the database, fits the models and scores every customer with the
 * engine, writes the scores and the segment changes in batches, and records the run. The caller holds the shop (the
 * rescoring job is keyed by it), so no other rescoring of the shop runs meanwhile. A failure is recorded on the run
 * and returned, not thrown; the job decides about retrying (the engine already falls back when a fit fails).
 */
export async function rescoreShop(shop: string, options: RescoreOptions): Promise<RescoreOutcome> {
  const startedAt = options.clock();
  const found = await shopCurrencyAndZone(shop);
  if (!found) return { status: "unknown shop" };
  const basePolicy = options.policy ?? RESCORE_POLICY;
  // The merchant's time of day for the daily rescoring (settings page), when they chose one.
  const policy = found.dailyRescoreMinute === null ? basePolicy : withDailyMinute(basePolicy, found.dailyRescoreMinute);
  const trigger = options.trigger ?? "requested";
  const runId = await startScoringRun(shop, { now: startedAt, trigger, nextDailyRescoreAt: dailyAfter(found.ianaTimezone ?? "UTC", startedAt, policy) });
  const claim: StartedRescoring = { shop, runId, trigger, ...found };
  const log = logger.child({ shop, scoringRunId: claim.runId });
  try {
    const { result, phases, purchaseModel } = await rescoreStarted(claim, startedAt, options);
    await finishScoringRun(claim, result, purchaseModel);
    log.info("rescored", { trigger: claim.trigger, customers: result.customersScored, durationMs: result.durationMs });
    return {
      status: "succeeded",
      runId: claim.runId,
      customersScored: result.customersScored,
      prospects: result.prospects,
      segmentChanges: result.segmentChanges,
      phases,
    };
  } catch (error) {
    const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    log.error("rescoring failed", { error: message });
    const failedAt = options.clock();
    await failScoringRun(claim.runId, message, failedAt, failedAt.getTime() - startedAt.getTime());
    return { status: "failed", runId: claim.runId, error: message };
  }
}

/** The next daily rescoring; by UTC midnight when the runtime does not know the shop's zone (the run fails and says why). */
function dailyAfter(timeZone: string, startedAt: Date, policy: RescorePolicy): Date {
  try {
    return nextDailyRescoreAt(timeZone, startedAt, policy);
  } catch {
    return nextDailyRescoreAt("UTC", startedAt, policy);
  }
}

async function rescoreStarted(
  claim: StartedRescoring,
  claimedAt: Date,
  options: RescoreOptions,
): Promise<{ result: ScoringRunResult; phases: RescorePhases; purchaseModel: string | null }> {
  const { now, clock } = options;
  const shop = claim.shop;
  const timeZone = claim.ianaTimezone ?? "UTC";
  const started = claimedAt.getTime();
  const minorPerMajor = 10 ** (claim.currencyCode ? currencyExponent(claim.currencyCode) : 2);
  const periods = offsetPeriods(timeZone, ZONE_HISTORY_START, now);
  const endDay = localDayNumber(periods, now);
  const observationEnd = isoDay(endDay);

  await recordRescoreProgress(claim.runId, { phase: "summarising" });
  const aggregates = await customerPurchaseSummaries(shop, periods, endDay);
  const summaries = aggregates.map((row) => summaryFromAggregate(row, endDay, minorPerMajor));
  const prospectGids = await customersWithoutPurchases(shop, periods, endDay);
  // The merchant's segment grid as it is when the run starts; the run records it, so each score's explanation is the
  // table that placed it.
  const segmentTable = await shopSegmentTable(shop);
  // The daily backtests replay the purchase days of a sample of a large shop's customers, read for them alone.
  const sample = sampleOfCustomers(
    aggregates.map((row) => row.customerGid),
    options.dailyCheckCustomers ?? DAILY_CHECK_CUSTOMERS,
  );
  let sampleDays: PurchaseDay[] | null = null;
  const purchaseDays: PurchaseDaysOfRun = {
    sample: sample === null ? null : { customers: sample.length, of: aggregates.length },
    ofSample: async () => {
      sampleDays ??= await customerPurchaseDays(shop, periods, endDay, sample ?? undefined);
      return sampleDays;
    },
    ofShop: () => (sample === null ? purchaseDays.ofSample() : customerPurchaseDays(shop, periods, endDay)),
  };
  const summarised = clock().getTime();
  const daily = !(await dailyChecksMadeSince(shop, new Date(now.getTime() - MODEL_HEALTH_EVERY_MS)));
  const purchase = await purchaseModelOfRun(claim, options.scoring?.model, daily, observationEnd, endDay, purchaseDays);
  await recordRescoreProgress(claim.runId, { phase: "scoring", rowsWritten: 0, rowsTotal: summaries.length + prospectGids.length });

  // Scored in slices, yielding between them (a rescoring in the main thread, as the CLI and tests run it, leaves other
  // work room; the app runs it in a worker thread of its own, scoring-jobs/rescore-thread.ts).
  const scores = await scoreSummariesInSlices(
    summaries,
    { ...options.scoring, ...purchase.scoring, observationEnd, timeUnit: "days", customerIds: prospectGids, segmentTable },
    { sliceSize: SCORING_SLICE, pause: () => new Promise((resolve) => setImmediate(resolve)) },
  );
  const scored = clock().getTime();

  const batchSize = options.batchSize ?? 2000;
  function* batches(): Generator<CustomerScoreRow[]> {
    for (let start = 0; start < scores.customers.length; start += batchSize) {
      const rows: CustomerScoreRow[] = [];
      for (let i = start; i < Math.min(start + batchSize, scores.customers.length); i++) {
        const score = scores.customers[i]!;
        const aggregate = aggregates[i]!;
        if (score.customerId !== aggregate.customerGid) throw new Error(`Scores out of order at ${aggregate.customerGid}`);
        rows.push(scoreRow(score, aggregate.netMinor, minorPerMajor));
      }
      yield rows;
    }
    for (let start = 0; start < scores.prospects.length; start += batchSize) {
      yield scores.prospects.slice(start, start + batchSize).map(prospectRow);
    }
  }
  let segmentChanges = 0;
  let rowsWritten = 0;
  await recordRescoreProgress(claim.runId, { phase: "writing", rowsWritten });
  for (const rows of batches()) {
    segmentChanges += (await writeCustomerScores(shop, claim.runId, now, rows)).segmentChanges;
    rowsWritten += rows.length;
    await recordRescoreProgress(claim.runId, { phase: "writing", rowsWritten });
  }
  // Rows not written by this run are of customers gone (no other rescoring of the shop runs meanwhile).
  await deleteScoresOfCustomersGone(shop, claim.runId);
  const written = clock().getTime();
  const figures = await workOutDashboardFigures(shop, now);
  const health = daily ? measureModelHealth(shop, await purchaseDays.ofSample(), purchaseDays.sample, endDay, scores) : null;

  return {
    result: {
      ...modelColumns(scores, segmentTable),
      finishedAt: new Date(written),
      durationMs: written - started,
      observationEnd,
      timeZone,
      customersScored: scores.customers.length,
      prospects: scores.prospects.length,
      segmentChanges,
      modelHealthJson: health === null ? null : JSON.stringify(health),
      modelChoiceJson: purchase.choice === null ? null : JSON.stringify(purchase.choice),
      dashboardJson: figures === null ? null : JSON.stringify(figures),
    },
    phases: { summariesMs: summarised - started, scoringMs: scored - summarised, writeMs: written - scored },
    purchaseModel: purchase.choice?.chosen ?? null,
  };
}

/** The dashboard's figures from the new scores; a failure is logged, and the dashboard works them out when viewed. */
async function workOutDashboardFigures(shop: string, now: Date) {
  try {
    return await shopScoreFigures(shop, now);
  } catch (error) {
    logger.warn("dashboard figures not worked out", { shop, error: errorMessage(error) });
    return null;
  }
}

/** The backtest of the run's model; a failure to measure it is logged and leaves the scores as they are. */
function measureModelHealth(shop: string, days: readonly PurchaseDay[], sample: PurchaseDaysOfRun["sample"], endDay: number, scores: ShopScores) {
  try {
    const health = modelHealth(days, endDay, scores.model.name as ModelName);
    return health === null || sample === null ? health : { ...health, sample };
  } catch (error) {
    logger.warn("model health not measured", { shop, error: errorMessage(error) });
    return null;
  }
}

const isModelName = (name: string | null): name is ModelName => name !== null && Object.hasOwn(MODELS, name);

/** The purchase days the run's backtests and regularity read, each at most once. */
interface PurchaseDaysOfRun {
  /** The sample of the daily checks, of the shop's customers with a purchase; null when they run on all. */
  readonly sample: { readonly customers: number; readonly of: number } | null;
  /** The purchase days of the daily checks' customers (the sample, or the whole shop). */
  ofSample(): Promise<PurchaseDay[]>;
  /** The purchase days of every customer. */
  ofShop(): Promise<PurchaseDay[]>;
}

/**
 * The purchase model of this run: the one asked for (benchmarks, tests); else, on the day's first rescoring, the
 * backtest's choice on the daily checks' customers (the shop's current model kept unless another wins by a clear
 * margin); else the shop's current model, or the default before any choice. MBG/CNBD-k's regularity is that of the
 * customers it is fitted on: the whole shop.
 */
async function purchaseModelOfRun(
  claim: StartedRescoring,
  asked: ScoreOptions["model"],
  daily: boolean,
  observationEnd: string,
  endDay: number,
  purchaseDays: PurchaseDaysOfRun,
): Promise<{ scoring: Pick<ScoreOptions, "model" | "logIntervalSum">; choice: ModelChoice | null }> {
  const current = isModelName(claim.purchaseModel) ? claim.purchaseModel : null;
  let choice: ModelChoice | null = null;
  if (asked === undefined && (daily || current === null)) {
    await recordRescoreProgress(claim.runId, { phase: "choosing" });
    choice = chooseModel(ordersOfPurchaseDays(await purchaseDays.ofSample()), { observationEnd, timeUnit: "days", currentModel: current });
    if (choice.changed) logger.info("purchase model changed", { shop: claim.shop, from: choice.previous, to: choice.chosen, why: choice.reasonText });
  }
  const model = asked ?? choice?.chosen ?? current ?? DEFAULT_MODEL;
  if (model !== "mbgcnbd") return { scoring: { model }, choice };
  const regularity =
    choice !== null && purchaseDays.sample === null
      ? choice.logIntervalSum
      : logIntervalSum(collectPurchaseDays(ordersOfPurchaseDays(await purchaseDays.ofShop()), endDay), 1);
  return { scoring: { model, logIntervalSum: regularity }, choice };
}

function modelColumns(scores: ShopScores, segmentTable: SegmentTable) {
  const { model, spend } = scores;
  return {
    modelName: model.name,
    modelParamsJson: JSON.stringify({
      params: model.params,
      standardErrors: model.standardErrors,
      timeUnit: model.timeUnit,
      iterations: model.iterations,
      customers: model.customers,
      repeatCustomers: model.repeatCustomers,
      horizonDays: scores.horizonDays,
      discountRate: scores.discountRate,
      intervalLevel: scores.intervalLevel,
      segmentTable: { ...scores.segmentTable, rules: segmentTable.rules },
    }),
    logLikelihood: Number.isFinite(model.logLikelihood) ? model.logLikelihood : null,
    converged: model.converged,
    modelMethod: model.method,
    modelFallbackReason: model.fallbackReason,
    spendP: spend.p,
    spendQ: spend.q,
    spendGamma: spend.gamma,
    spendMethod: spend.method,
    spendFallbackReason: spend.fallbackReason,
  };
}
