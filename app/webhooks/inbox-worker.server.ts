import { errorMessage, logger } from "../logger.server.ts";
import {
  claimPendingWebhooks,
  markWebhookDone,
  markWebhookFailed,
  purgeAppliedWebhooks,
  type ClaimedWebhook,
} from "../persistence/webhook-events.server.ts";
import { applyWebhook } from "./apply.server.ts";
import { nextAttemptAt } from "./retry-policy.ts";
import { SerialTask } from "../utils/serial-task.ts";

export interface InboxWorkerOptions {
  apply?: (webhook: ClaimedWebhook) => Promise<void>;
  now?: () => Date;
  batchSize?: number;
  leaseMs?: number;
}

/** Applied deliveries are kept this long (to see what came in), then deleted. */
const APPLIED_RETENTION_MS = 7 * 24 * 3_600_000;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Applies stored webhook deliveries off the request path. `notify` after a store wakes it; the
 * background poll also picks up deliveries left pending by a process that died between its
 * 200 and applying them, and retries that are due.
 */
export class InboxWorker {
  private readonly task = new SerialTask(
    () => this.runUntilEmpty(),
    (error) => logger.error("webhook inbox run failed", { error: errorMessage(error) }),
  );
  private readonly apply: (webhook: ClaimedWebhook) => Promise<void>;
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(options: InboxWorkerOptions = {}) {
    this.apply = options.apply ?? applyWebhook;
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 25;
    this.leaseMs = options.leaseMs ?? 120_000;
  }

  /** Starts a run soon, or one more run after the current one. */
  notify(): void {
    this.task.notify();
  }

  /**
   * Stops taking new work (at shutdown) and resolves when the current run ends. Deliveries
   * that arrive meanwhile stay pending in the inbox for the next process.
   */
  stop(): Promise<void> {
    return this.task.stop();
  }

  resume(): void {
    this.task.resume();
  }

  /** Resolves when every claimable delivery has been applied (or has failed). */
  drain(): Promise<void> {
    return this.task.drain();
  }

  private async runUntilEmpty(): Promise<void> {
    for (;;) {
      const batch = await claimPendingWebhooks(this.batchSize, this.now(), this.leaseMs);
      if (batch.length === 0) break;
      for (const webhook of batch) await this.applyOne(webhook);
    }
    const now = this.now();
    if (now.getTime() - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now.getTime();
      await purgeAppliedWebhooks(new Date(now.getTime() - APPLIED_RETENTION_MS));
    }
  }

  private async applyOne(webhook: ClaimedWebhook): Promise<void> {
    try {
      await this.apply(webhook);
      await markWebhookDone(webhook, this.now());
    } catch (error) {
      const retryAt = nextAttemptAt(error, webhook.attempts, this.now());
      logger.warn(retryAt ? "webhook apply failed, will retry" : "webhook apply failed for good", {
        shop: webhook.shop,
        topic: webhook.topic,
        id: webhook.id,
        attempts: webhook.attempts,
        error: errorMessage(error),
      });
      await markWebhookFailed(webhook, errorMessage(error), retryAt);
    }
  }
}

export const inboxWorker = new InboxWorker();
