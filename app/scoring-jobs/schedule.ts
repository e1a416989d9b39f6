/**
 * When a shop is rescored (pure; the clock is an argument). See docs/decisions/0301-rescoring-schedule.md.
 *
 * Three triggers: a request (a change to the shop's orders or customers, debounced; or the merchant's "Rescore
 * now", at once), the end of a history import, and a daily rescoring just after midnight in the shop's time zone,
 * so that P(alive) and the expected purchases follow the shop's calendar even in a quiet shop. The rescoring itself
 * is a job keyed by the shop (scoring-jobs/jobs.server.ts), so two never run at once.
 */
import type { RescoreRequest, RescoreTrigger, ShopRescoreState } from "../domain/rescore-schedule.ts";
import { localDayNumber, offsetPeriods, startOfLocalDay } from "../domain/time-zone.ts";

export type { RescoreRequest, RescoreTrigger, ShopRescoreState };

export interface RescorePolicy {
  /** A change waits this long for more changes before the shop is rescored. */
  readonly debounceMs: number;
  /** A stream of changes postpones the rescoring at most this long after the first of them. */
  readonly maxDelayMs: number;
  /** The daily rescoring runs this long after the shop's midnight (the day's last orders have arrived). */
  readonly dailyAfterMidnightMs: number;
}

export const RESCORE_POLICY: RescorePolicy = {
  debounceMs: 2 * 60_000,
  maxDelayMs: 15 * 60_000,
  dailyAfterMidnightMs: 10 * 60_000,
};

/**
 * Why the shop is due for rescoring at `now`, or null when it is not. Uninstalled shops never are; nor is a shop whose
 * history is still being imported (its requests wait, and the import's end triggers a rescoring).
 */
export function rescoreTrigger(shop: ShopRescoreState, now: Date): RescoreTrigger | null {
  if (shop.state !== "installed" || shop.backfillStatus === "running") return null;
  const t = now.getTime();
  if (shop.rescoreDueAt !== null && shop.rescoreDueAt.getTime() <= t) return "requested";
  const last = shop.lastRescoreAt?.getTime() ?? null;
  if (shop.backfillCompletedAt !== null && (last === null || shop.backfillCompletedAt.getTime() > last)) return "backfill";
  if (last === null || shop.nextDailyRescoreAt === null || shop.nextDailyRescoreAt.getTime() <= t) return "daily";
  return null;
}

/** When the shop should be looked at next: its pending request, or else its daily rescoring (null when neither). */
export function nextRescoreAt(shop: ShopRescoreState): Date | null {
  return shop.rescoreDueAt ?? shop.nextDailyRescoreAt;
}

/**
 * The daily rescoring after one that starts at `startedAt`: `dailyAfterMidnightMs` after the next midnight in the
 * shop's time zone (a day that starts at a daylight-saving jump starts when the zone says it does).
 */
export function nextDailyRescoreAt(timeZone: string, startedAt: Date, policy: RescorePolicy = RESCORE_POLICY): Date {
  const periods = offsetPeriods(timeZone, new Date(startedAt.getTime() - 2 * 86_400_000), new Date(startedAt.getTime() + 3 * 86_400_000));
  const tomorrow = localDayNumber(periods, startedAt) + 1;
  return new Date(startOfLocalDay(periods, tomorrow) * 1000 + policy.dailyAfterMidnightMs);
}

/**
 * The first daily rescoring after `now` at the policy's time of day: today's when it is still ahead, else tomorrow's.
 * A merchant who moves the time of day gets the next one at the new time, not a day skipped.
 */
export function nextDailySlotAfter(timeZone: string, now: Date, policy: RescorePolicy = RESCORE_POLICY): Date {
  const today = nextDailyRescoreAt(timeZone, new Date(now.getTime() - 86_400_000), policy);
  return today.getTime() > now.getTime() ? today : nextDailyRescoreAt(timeZone, now, policy);
}

/** The policy with the shop's own time of day for the daily rescoring (minutes after midnight). */
export function withDailyMinute(policy: RescorePolicy, minute: number): RescorePolicy {
  return { ...policy, dailyAfterMidnightMs: minute * 60_000 };
}

/**
 * The request after a change to the shop's data at `at`: due `debounceMs` after the latest change, but no later than
 * `maxDelayMs` after the first unserved one. A due time that has already come is kept, so a change arriving just
 * before the rescoring starts does not postpone it.
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
