import { db } from "../db.server.ts";
import {
  isLeased,
  type RescorePolicy,
  type RescoreRequest,
  type RescoreTrigger,
  type ShopRescoreState,
} from "../scoring-jobs/schedule.ts";

const SCHEDULE_COLUMNS = {
  domain: true,
  state: true,
  backfillStatus: true,
  backfillCompletedAt: true,
  rescoreRequestedAt: true,
  rescoreDueAt: true,
  lastRescoreAt: true,
  scoringLockedUntil: true,
} as const;

export type ShopSchedule = ShopRescoreState & { readonly domain: string };

/**
 * Records a request to rescore the shop: `next` turns the pending request into the new one (see
 * scoring-jobs/schedule.ts). Optimistic: the write is conditional on the request read, and repeated when another
 * process changed it in between. Returns false for an unknown shop.
 */
export async function updateRescoreRequest(shop: string, next: (current: RescoreRequest) => RescoreRequest): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await db.shop.findUnique({
      where: { domain: shop },
      select: { rescoreRequestedAt: true, rescoreDueAt: true },
    });
    if (!current) return false;
    const { count } = await db.shop.updateMany({
      where: { domain: shop, rescoreRequestedAt: current.rescoreRequestedAt, rescoreDueAt: current.rescoreDueAt },
      data: next(current),
    });
    if (count === 1) return true;
  }
  throw new Error(`The rescoring request of ${shop} kept changing under five attempts to update it`);
}

/**
 * Shops that may be due for rescoring at `now`: the filter of `rescoreTrigger` in SQL, so the background tick reads
 * only the few shops with something to do. The caller decides with `rescoreTrigger` on the rows.
 */
export async function shopsDueForRescoring(now: Date, policy: RescorePolicy, limit: number): Promise<ShopSchedule[]> {
  return db.shop.findMany({
    where: {
      state: "installed",
      backfillStatus: { not: "running" },
      AND: [
        { OR: [{ scoringLockedUntil: null }, { scoringLockedUntil: { lt: now } }] },
        {
          OR: [
            { rescoreDueAt: { lte: now } },
            { lastRescoreAt: null },
            { lastRescoreAt: { lte: new Date(now.getTime() - policy.dailyMs) } },
            { backfillCompletedAt: { gt: db.shop.fields.lastRescoreAt } },
          ],
        },
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

export interface ClaimedRescoring {
  readonly shop: string;
  readonly runId: number;
  readonly trigger: RescoreTrigger;
  readonly ianaTimezone: string | null;
  readonly currencyCode: string | null;
}

/**
 * Claims the shop for one rescoring: a conditional update on the lease read (like `claimPendingWebhooks`), so of
 * several processes claiming at once exactly one wins, on SQLite and PostgreSQL alike. The claim takes the pending
 * request with it and starts the daily clock; the rescoring is recorded as a running ScoringRun.
 * Returns null when another rescoring holds the lease.
 */
export async function claimShopForRescoring(
  shop: string,
  { now, owner, leaseMs, trigger }: { now: Date; owner: string; leaseMs: number; trigger: RescoreTrigger },
): Promise<ClaimedRescoring | null> {
  const found = await db.shop.findUnique({
    where: { domain: shop },
    select: { scoringLockedUntil: true, ianaTimezone: true, currencyCode: true },
  });
  if (!found || isLeased(found, now)) return null;
  const { count } = await db.shop.updateMany({
    where: { domain: shop, scoringLockedUntil: found.scoringLockedUntil },
    data: {
      scoringLockedUntil: new Date(now.getTime() + leaseMs),
      scoringLockedBy: owner,
      lastRescoreAt: now,
      rescoreRequestedAt: null,
      rescoreDueAt: null,
    },
  });
  if (count !== 1) return null;
  const run = await db.scoringRun.create({ data: { shop, trigger, status: "running", startedAt: now }, select: { id: true } });
  return { shop, runId: run.id, trigger, ianaTimezone: found.ianaTimezone, currencyCode: found.currencyCode };
}

/** Extends the lease while its owner still holds it; false when the lease was lost to another process. */
export async function renewScoringLease(shop: string, owner: string, until: Date): Promise<boolean> {
  const { count } = await db.shop.updateMany({
    where: { domain: shop, scoringLockedBy: owner },
    data: { scoringLockedUntil: until },
  });
  return count === 1;
}

export async function releaseScoringLease(shop: string, owner: string): Promise<void> {
  await db.shop.updateMany({ where: { domain: shop, scoringLockedBy: owner }, data: { scoringLockedUntil: null, scoringLockedBy: null } });
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
  readonly prospects: number;
  readonly segmentChanges: number;
}

export async function finishScoringRun(runId: number, result: ScoringRunResult): Promise<void> {
  await db.scoringRun.update({ where: { id: runId }, data: { ...result, status: "succeeded" } });
}

export async function failScoringRun(runId: number, error: string, finishedAt: Date, durationMs: number): Promise<void> {
  await db.scoringRun.update({ where: { id: runId }, data: { status: "failed", error, finishedAt, durationMs } });
}
