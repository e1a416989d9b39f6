import { db } from "../db.server.ts";
import type { RescoreRequest, RescoreTrigger, ShopRescoreState } from "../domain/rescore-schedule.ts";
import type { SegmentRule } from "../scoring/index.ts";

const SCHEDULE_COLUMNS = {
  domain: true,
  state: true,
  backfillStatus: true,
  backfillCompletedAt: true,
  rescoreRequestedAt: true,
  rescoreDueAt: true,
  lastRescoreAt: true,
  nextDailyRescoreAt: true,
} as const;

export type ShopSchedule = ShopRescoreState & { readonly domain: string };

/**
 * Records a request to rescore the shop: `next` turns the pending request into the new one (see
 * scoring-jobs/schedule.ts). Optimistic: the write is conditional on the request read, and repeated when another
 * process changed it in between. Returns the request written, or null for an unknown shop.
 */
export async function updateRescoreRequest(shop: string, next: (current: RescoreRequest) => RescoreRequest): Promise<RescoreRequest | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await db.shop.findUnique({
      where: { domain: shop },
      select: { rescoreRequestedAt: true, rescoreDueAt: true },
    });
    if (!current) return null;
    const request = next(current);
    const { count } = await db.shop.updateMany({
      where: { domain: shop, rescoreRequestedAt: current.rescoreRequestedAt, rescoreDueAt: current.rescoreDueAt },
      data: request,
    });
    if (count === 1) return request;
  }
  throw new Error(`The rescoring request of ${shop} kept changing under five attempts to update it`);
}

/**
 * Shops that may be due for rescoring at `now`: the filter of `rescoreTrigger` in SQL (on the indexes of Shop), so
 * the planning job reads only the few shops with something to do. The caller decides with `rescoreTrigger`.
 */
export async function shopsDueForRescoring(now: Date, limit: number): Promise<ShopSchedule[]> {
  return db.shop.findMany({
    where: {
      state: "installed",
      backfillStatus: { not: "running" },
      OR: [
        { rescoreDueAt: { lte: now } },
        { lastRescoreAt: null },
        { nextDailyRescoreAt: null },
        { nextDailyRescoreAt: { lte: now } },
        { backfillCompletedAt: { gt: db.shop.fields.lastRescoreAt } },
      ],
    },
    select: SCHEDULE_COLUMNS,
    orderBy: { domain: "asc" },
    take: limit,
  });
}

export async function findShopSchedule(shop: string): Promise<ShopSchedule | null> {
  return db.shop.findUnique({ where: { domain: shop }, select: SCHEDULE_COLUMNS });
}

export interface StartedRescoring {
  readonly shop: string;
  readonly runId: number;
  readonly trigger: RescoreTrigger;
  readonly ianaTimezone: string | null;
  readonly currencyCode: string | null;
  /** The shop's purchase model as last chosen; null before the first choice. */
  readonly purchaseModel: string | null;
}

export async function shopCurrencyAndZone(
  shop: string,
): Promise<{ ianaTimezone: string | null; currencyCode: string | null; purchaseModel: string | null; dailyRescoreMinute: number | null } | null> {
  const [found, settings] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true, currencyCode: true, purchaseModel: true } }),
    db.shopSettings.findUnique({ where: { shop }, select: { dailyRescoreMinute: true } }),
  ]);
  return found && { ...found, dailyRescoreMinute: settings?.dailyRescoreMinute ?? null };
}

/**
 * Whether a rescoring of the shop since `since` made the day's checks: measured its model's health or chose its
 * model (each at most once a day; a shop too young for a health measure still has its choice recorded).
 */
export async function dailyChecksMadeSince(shop: string, since: Date): Promise<boolean> {
  const made = await db.scoringRun.count({
    where: { shop, status: "succeeded", startedAt: { gt: since }, OR: [{ modelHealthJson: { not: null } }, { modelChoiceJson: { not: null } }] },
  });
  return made > 0;
}

/** How far a running rescoring is, for the admin's progress bar. */
export async function recordRescoreProgress(
  runId: number,
  progress: { phase: "summarising" | "choosing" | "scoring" | "writing"; rowsWritten?: number; rowsTotal?: number },
): Promise<void> {
  await db.scoringRun.update({ where: { id: runId }, data: progress });
}

/**
 * Starts a rescoring of the shop (its job holds the shop: no other rescoring of it runs): takes the pending request
 * with it, plans the next daily one, and records the run as running. Returns the run's id.
 */
export async function startScoringRun(
  shop: string,
  { now, trigger, nextDailyRescoreAt }: { now: Date; trigger: RescoreTrigger; nextDailyRescoreAt: Date },
): Promise<number> {
  await db.shop.updateMany({
    where: { domain: shop },
    data: { lastRescoreAt: now, nextDailyRescoreAt, rescoreRequestedAt: null, rescoreDueAt: null },
  });
  const run = await db.scoringRun.create({ data: { shop, trigger, status: "running", startedAt: now }, select: { id: true } });
  return run.id;
}

export interface ScoringRunResult {
  readonly finishedAt: Date;
  readonly durationMs: number;
  readonly observationEnd: string;
  readonly timeZone: string;
  readonly modelName: string;
  readonly modelParamsJson: string;
  readonly logLikelihood: number | null;
  readonly converged: boolean;
  readonly modelMethod: string;
  readonly modelFallbackReason: string | null;
  readonly spendP: number;
  readonly spendQ: number;
  readonly spendGamma: number;
  readonly spendMethod: string;
  readonly spendFallbackReason: string | null;
  readonly customersScored: number;
  readonly modelHealthJson: string | null;
  readonly dashboardJson: string | null;
  readonly modelChoiceJson: string | null;
  readonly prospects: number;
  readonly segmentChanges: number;
}

/** Records the run as succeeded and, when it chose the shop's purchase model, keeps the choice on the shop. */
export async function finishScoringRun(claim: Pick<StartedRescoring, "shop" | "runId">, result: ScoringRunResult, purchaseModel: string | null): Promise<void> {
  await db.$transaction([
    db.scoringRun.update({ where: { id: claim.runId }, data: { ...result, status: "succeeded" } }),
    ...(purchaseModel === null ? [] : [db.shop.updateMany({ where: { domain: claim.shop }, data: { purchaseModel } })]),
  ]);
}

export async function failScoringRun(runId: number, error: string, finishedAt: Date, durationMs: number): Promise<void> {
  await db.scoringRun.update({ where: { id: runId }, data: { status: "failed", error, finishedAt, durationMs } });
}

/**
 * The segment rules a run placed its shoppers by (recorded on the run since shops edit their grid); null when the run
 * is gone or recorded none (runs from before the grid was editable used Shopify's groups).
 */
export async function segmentRulesOfRun(shop: string, runId: number): Promise<SegmentRule[] | null> {
  const run = await db.scoringRun.findFirst({ where: { id: runId, shop }, select: { modelParamsJson: true } });
  if (!run?.modelParamsJson) return null;
  try {
    const rules: unknown = (JSON.parse(run.modelParamsJson) as { segmentTable?: { rules?: unknown } }).segmentTable?.rules;
    return Array.isArray(rules) ? (rules as SegmentRule[]) : null;
  } catch {
    return null;
  }
}
