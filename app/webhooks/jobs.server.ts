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
} from "../persistence/webhook-events.server.ts";
import { classifyFailure } from "../shopify/errors.ts";
import { requestRescoreAfterWebhook } from "../scoring-jobs/jobs.server.ts";
import { applyDelivery } from "./apply.server.ts";
import { applyWebhooksJob } from "../jobs/catalog.ts";

/** A delivery that keeps failing with retryable errors is given up after this many tries, and kept as failed. */
const MAX_DELIVERY_TRIES = 10;
/** Applied deliveries are kept this long (to see what came in), then deleted. */
const APPLIED_RETENTION_MS = 7 * 24 * 3_600_000;
/** A delivery waiting longer than this has lost its job (its process died before it queued one). */
const SWEEP_AFTER_MS = 30_000;
const BATCH = 100;

/**
 * The apply-webhooks job: the shop's pending deliveries, oldest first. A delivery that fails for good (a malformed
 * payload, a shop Shopify says is gone) is marked failed and the rest go on; a retryable failure stops the pass and
 * the job is retried with backoff, the deliveries after it waiting their turn.
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
    const applied: number[] = [];
    const appliedTopics = new Set<string>();
    const changedOrders = new Set<string>();
    try {
      for (const delivery of batch) {
        signal.throwIfAborted();
        afterId = delivery.id;
        try {
          const orderGid = await applyDelivery(delivery);
          if (orderGid !== null) changedOrders.add(orderGid);
          applied.push(delivery.id);
          appliedTopics.add(delivery.topic);
        } catch (error) {
          const decision = classifyFailure(error);
          const givenUp = decision.kind === "terminal" || delivery.attempts + 1 >= MAX_DELIVERY_TRIES;
          const log = { shop, topic: delivery.topic, id: delivery.id, attempts: delivery.attempts + 1, error: errorMessage(error) };
          await markDeliveryTried(delivery.id, errorMessage(error), givenUp);
          if (givenUp) {
            logger.warn("webhook delivery failed for good", log);
            continue;
          }
          logger.warn("webhook delivery failed, will retry", log);
          throw error;
        }
      }
    } finally {
      await syncRedemptions(shop, changedOrders);
      await markDeliveriesApplied(applied, now());
      for (const topic of appliedTopics) await requestRescoreAfterWebhook(shop, topic, now());
    }
  }
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
