/**
 * When a shop is rescored (pure; the clock is an argument). See docs/decisions/0301-rescoring-schedule-and-lease.md.
 *
 * Three triggers: a request (a change to the shop's orders or customers, debounced; or the merchant's "Rescore
 * now", at once), the end of a history import, and a daily rescoring so that P(alive) and the expected purchases
 * follow the passing of time even in a quiet shop.
 */

export interface RescorePolicy {
  /** A change waits this long for more changes before the shop is rescored. */
  readonly debounceMs: number;
  /** A stream of changes postpones the rescoring at most this long after the first of them. */
  readonly maxDelayMs: number;
  /** A shop is rescored at least this often. */
  readonly dailyMs: number;
  /** A failed rescoring is tried again this much later. */
  readonly retryAfterFailureMs: number;
  /** How long a claim on a shop lasts without renewal; a rescoring renews it as it writes. */
  readonly leaseMs: number;
}

export const RESCORE_POLICY: RescorePolicy = {
  debounceMs: 2 * 60_000,
  maxDelayMs: 15 * 60_000,
  dailyMs: 24 * 3_600_000,
  retryAfterFailureMs: 30 * 60_000,
  leaseMs: 5 * 60_000,
};

/** The shop's columns that decide. */
export interface ShopRescoreState {
  readonly state: string;
  readonly backfillStatus: string;
  readonly backfillCompletedAt: Date | null;
  readonly rescoreRequestedAt: Date | null;
  readonly rescoreDueAt: Date | null;
  readonly lastRescoreAt: Date | null;
  readonly scoringLockedUntil: Date | null;
}

export type RescoreTrigger = "requested" | "backfill" | "daily";

/** A pending request: when it was first made and when it is served. */
export interface RescoreRequest {
  readonly rescoreRequestedAt: Date | null;
  readonly rescoreDueAt: Date | null;
}

/** True while another rescoring holds the shop's lease (a lease that ran out at `now` or before is free). */
export function isLeased(shop: Pick<ShopRescoreState, "scoringLockedUntil">, now: Date): boolean {
  return shop.scoringLockedUntil !== null && shop.scoringLockedUntil.getTime() >= now.getTime();
}

/**
 * Why the shop is due for rescoring at `now`, or null when it is not. Uninstalled and leased shops never are; nor is
 * a shop whose history is still being imported (its requests wait, and the import's end triggers a rescoring).
 */
export function rescoreTrigger(shop: ShopRescoreState, now: Date, policy: RescorePolicy = RESCORE_POLICY): RescoreTrigger | null {
  if (shop.state !== "installed" || isLeased(shop, now) || shop.backfillStatus === "running") return null;
  const t = now.getTime();
  if (shop.rescoreDueAt !== null && shop.rescoreDueAt.getTime() <= t) return "requested";
  const last = shop.lastRescoreAt?.getTime() ?? null;
  if (shop.backfillCompletedAt !== null && (last === null || shop.backfillCompletedAt.getTime() > last)) return "backfill";
  if (last === null || t - last >= policy.dailyMs) return "daily";
  return null;
}

/**
 * The request after a change to the shop's data at `at`: due `debounceMs` after the latest change, but no later than
 * `maxDelayMs` after the first unserved one. A due time that has already come is kept, so a change arriving just
 * before the claim does not postpone it.
 */
export function requestAfterChange(current: RescoreRequest, at: Date, policy: RescorePolicy = RESCORE_POLICY): RescoreRequest {
  if (current.rescoreDueAt !== null && current.rescoreDueAt.getTime() <= at.getTime()) {
    return { rescoreRequestedAt: current.rescoreRequestedAt ?? at, rescoreDueAt: current.rescoreDueAt };
  }
  const first = current.rescoreRequestedAt ?? at;
  const due = Math.min(at.getTime() + policy.debounceMs, first.getTime() + policy.maxDelayMs);
  return { rescoreRequestedAt: first, rescoreDueAt: new Date(due) };
}

/** The request after the merchant asks for a rescoring at `at`: due at once. */
export function requestNow(current: RescoreRequest, at: Date): RescoreRequest {
  return { rescoreRequestedAt: current.rescoreRequestedAt ?? at, rescoreDueAt: at };
}

/**
 * The request after a rescoring failed at `at`: tried again `retryAfterFailureMs` later, or sooner when a change
 * made during the run is due sooner.
 */
export function requestAfterFailure(current: RescoreRequest, at: Date, policy: RescorePolicy = RESCORE_POLICY): RescoreRequest {
  const retry = at.getTime() + policy.retryAfterFailureMs;
  const due = current.rescoreDueAt === null ? retry : Math.min(current.rescoreDueAt.getTime(), retry);
  return { rescoreRequestedAt: current.rescoreRequestedAt ?? at, rescoreDueAt: new Date(due) };
}
