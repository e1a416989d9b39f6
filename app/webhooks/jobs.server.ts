import { jobs } from "../jobs/queue.server.ts";
import type { JobContext } from "../jobs/types.ts";
import { errorMessage, logger } from "../logger.server.ts";
import { syncRedemptions } from "../persistence/loyalty-redemptions.server.ts";
import {
  markDeliveriesApplied,
  markDeliveryTried,
  pendingDeliveries,
  purgeAppliedWebhooks,
  shopsWithPendingDeliveries,
  type StoredDelivery,
} from "../persistence/webhook-events.server.ts";
import { classifyFailure } from "../shopify/errors.ts";
import { requestRescoreAfterWebhooks } from "../scoring-jobs/jobs.server.ts";
import { saveRecordChanges } from "../persistence/record-changes.server.ts";
import { applyDelivery } from "./apply.server.ts";
import { changeSetOf, ordersTouched, type RecordChange } from "../domain/record-change-set.ts";
import { recordChangeOf } from "./record-changes.ts";
import { isRecordTopic, type RecordTopic } from "./topics.ts";
import { applyWebhooksJob } from "../jobs/catalog.ts";

/** A delivery that keeps failing with retryable errors is given up after this many tries, and kept as failed. */
const MAX_DELIVERY_TRIES = 10;
/** Applied deliveries are kept this long (to see what came in), then deleted. */
const APPLIED_RETENTION_MS = 7 * 24 * 3_600_000;
/** A delivery waiting longer than this has lost its job (its process died before it queued one). */
const SWEEP_AFTER_MS = 30_000;
/** Deliveries read and applied at a time (payloads are reduced to the fields the app reads: about 1-2 kB each). */
const BATCH = 500;

/**
 * The apply-webhooks job: the shop's pending deliveries, oldest first, BATCH at a time. A run of consecutive
 * deliveries of record topics (orders, refunds, customers: their changes commute, domain/record-change-set.ts) is
 * written together (saveRecordChanges); any other delivery (an uninstall, a compliance request, a finished bulk
 * operation) is applied alone, in its place between the runs. A delivery that fails for good (a malformed payload, a shop
 * Shopify says is gone) is marked failed and the rest go on; when a run's write fails, its deliveries are applied one
 * by one, so that the one at fault is found; a retryable failure stops the pass and the job is retried with backoff,
 * the deliveries after it waiting their turn.
 *
 * The discount-code redemptions of the orders a batch changed are brought up to date once for the batch, before its
 * deliveries are marked applied (in one statement): a pass cut off in between applies them again, which changes
 * nothing but the redemptions it had not written. The (debounced) rescoring the batch calls for is asked for once,
 * after its changes are stored, not once per delivery.
 */
export async function applyPendingDeliveries({ shop }: { shop: string }, { now, signal }: Pick<JobContext, "now" | "signal">): Promise<void> {
  let afterId = 0;
  for (;;) {
    const batch = await pendingDeliveries(shop, afterId, BATCH);
    if (batch.length === 0) return;
    afterId = batch.at(-1)!.id;
    const pass: Pass = { shop, applied: [], appliedTopics: new Set(), changedOrders: new Set() };
    try {
      for (const run of runsOf(batch)) {
        signal.throwIfAborted();
        if (run.length > 1 && isRecordTopic(run[0]!.topic)) await applyRecordRun(pass, run, signal);
        else await applyEach(pass, run, signal);
      }
    } finally {
      await syncRedemptions(shop, pass.changedOrders);
      await markDeliveriesApplied(pass.applied, now());
      await requestRescoreAfterWebhooks(shop, pass.appliedTopics, now());
    }
  }
}

/** What a pass over one batch has applied so far. */
interface Pass {
  readonly shop: string;
  readonly applied: number[];
  readonly appliedTopics: Set<string>;
  readonly changedOrders: Set<string>;
}

/** The batch cut into runs: consecutive deliveries of record topics together, every other delivery alone. */
function runsOf(batch: readonly StoredDelivery[]): StoredDelivery[][] {
  const runs: StoredDelivery[][] = [];
  for (const delivery of batch) {
    const last = runs.at(-1);
    if (last && isRecordTopic(delivery.topic) && isRecordTopic(last[0]!.topic)) last.push(delivery);
    else runs.push([delivery]);
  }
  return runs;
}

/**
 * A run of record deliveries written together. The ones whose payload cannot be read are marked failed for good
 * first; if the write fails, the run is applied one by one instead (which retries or gives up on the one at fault).
 */
async function applyRecordRun(pass: Pass, run: readonly StoredDelivery[], signal: AbortSignal): Promise<void> {
  const readable: StoredDelivery[] = [];
  const changes: RecordChange[] = [];
  for (const delivery of run) {
    try {
      changes.push(recordChangeOf(delivery.topic as RecordTopic, delivery.payload, delivery.triggeredAt ?? delivery.receivedAt));
      readable.push(delivery);
    } catch (error) {
      await failed(pass.shop, delivery, error, true);
    }
  }
  const set = changeSetOf(changes);
  try {
    await saveRecordChanges(pass.shop, set);
  } catch (error) {
    logger.info("a run of webhook deliveries could not be written together; applying them one by one", {
      shop: pass.shop,
      deliveries: readable.length,
      error: errorMessage(error),
    });
    return applyEach(pass, readable, signal);
  }
  for (const gid of ordersTouched(set)) pass.changedOrders.add(gid);
  for (const delivery of readable) {
    pass.applied.push(delivery.id);
    pass.appliedTopics.add(delivery.topic);
  }
}

/** Deliveries applied one after the other; a retryable failure is thrown (after it is recorded). */
async function applyEach(pass: Pass, deliveries: readonly StoredDelivery[], signal: AbortSignal): Promise<void> {
  for (const delivery of deliveries) {
    signal.throwIfAborted();
    try {
      const orderGid = await applyDelivery(delivery);
      if (orderGid !== null) pass.changedOrders.add(orderGid);
      pass.applied.push(delivery.id);
      pass.appliedTopics.add(delivery.topic);
    } catch (error) {
      const terminal = classifyFailure(error).kind === "terminal";
      if (!(await failed(pass.shop, delivery, error, terminal))) throw error;
    }
  }
}

/** Records a failed try; returns whether the delivery is given up (failed for good, or out of tries). */
async function failed(shop: string, delivery: StoredDelivery, error: unknown, terminal: boolean): Promise<boolean> {
  const givenUp = terminal || delivery.attempts + 1 >= MAX_DELIVERY_TRIES;
  const log = { shop, topic: delivery.topic, id: delivery.id, attempts: delivery.attempts + 1, error: errorMessage(error) };
  await markDeliveryTried(delivery.id, errorMessage(error), givenUp);
  if (givenUp) logger.warn("webhook delivery failed for good", log);
  else logger.warn("webhook delivery failed, will retry", log);
  return givenUp;
}

/** The sweep-inbox job. */
export async function sweepInbox(_data: unknown, { now }: Pick<JobContext, "now">): Promise<void> {
  for (const shop of await shopsWithPendingDeliveries(new Date(now().getTime() - SWEEP_AFTER_MS), 1_000)) {
    await jobs.send(applyWebhooksJob, { shop });
  }
}

/** The purge-deliveries job. */
export async function purgeDeliveries(_data: unknown, { now }: Pick<JobContext, "now">): Promise<void> {
  await purgeAppliedWebhooks(new Date(now().getTime() - APPLIED_RETENTION_MS));
}
