import { jobs } from "../jobs/queue.server.ts";
import type { JobContext } from "../jobs/types.ts";
import { findShopSchedule, shopsDueForRescoring, updateRescoreRequest } from "../persistence/rescoring.server.ts";
import { pushLoyaltyJob, rescoreShopJob } from "../jobs/catalog.ts";
import { rescoreShopInThread } from "./rescore-in-thread.server.ts";
import { requestAfterChange, requestNow, rescoreTrigger } from "./schedule.ts";

/** Webhook topics after which a shop's scores may be out of date. */
const TOPICS_THAT_CHANGE_SCORES: ReadonlySet<string> = new Set([
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/delete",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
  // The next rescoring drops the redacted shopper's scores and segment history.
  "customers/redact",
]);

/**
 * The rescore-shop job: rescores in a worker thread (rescore-in-thread.server.ts). The first try rescores only when
 * the planner (schedule.ts) says the shop is due; a retry rescores regardless (the failed try took the request).
 */
export async function rescoreDueShop({ shop }: { shop: string }, { attempt, now, signal }: Pick<JobContext, "attempt" | "now" | "signal">): Promise<void> {
  const schedule = await findShopSchedule(shop);
  if (!schedule) return;
  const at = now();
  const trigger = attempt === 1 ? rescoreTrigger(schedule, at) : "retry";
  if (trigger === null) return;
  const outcome = await rescoreShopInThread({ shop, now: at.toISOString(), fixedClock: false, trigger }, signal);
  if (outcome.status === "failed") throw new Error(`The rescoring of ${shop} failed: ${outcome.error}`);
  // New scores: the store's loyalty tags follow them.
  if (outcome.status === "succeeded") await jobs.send(pushLoyaltyJob, { shop }, { startAfter: now(), reschedule: true });
}

/** The plan-rescorings job. */
export async function planRescorings(_data: unknown, { now }: Pick<JobContext, "now">): Promise<void> {
  const at = now();
  for (const shop of await shopsDueForRescoring(at, 500)) {
    // Due now: a debounced rescoring queued for later is brought forward.
    if (rescoreTrigger(shop, at) !== null) await jobs.send(rescoreShopJob, { shop: shop.domain }, { startAfter: at, reschedule: true });
  }
}

/**
 * After webhooks have been applied (one, or a batch's, by their topics): when one of the topics can change scores,
 * asks once for a debounced rescoring of the shop (a burst of orders gives one rescoring a couple of minutes after
 * the last of them).
 */
export async function requestRescoreAfterWebhooks(shop: string, topics: Iterable<string>, at: Date): Promise<void> {
  if (![...topics].some((topic) => TOPICS_THAT_CHANGE_SCORES.has(topic))) return;
  const request = await updateRescoreRequest(shop, (current) => requestAfterChange(current, at));
  if (request?.rescoreDueAt) await jobs.send(rescoreShopJob, { shop }, { startAfter: request.rescoreDueAt, reschedule: true });
}

/** The merchant's "Rescore now": due at once, a queued debounced rescoring brought forward. */
export async function requestRescore(shop: string, at: Date): Promise<void> {
  const request = await updateRescoreRequest(shop, (current) => requestNow(current, at));
  if (request) await jobs.send(rescoreShopJob, { shop }, { startAfter: at, reschedule: true });
}
