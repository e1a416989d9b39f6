import { errorMessage, logger } from "../logger.server.ts";
import {
  claimPendingWebhooks,
  markWebhookDone,
  markWebhookFailed,
  type ClaimedWebhook,
} from "../persistence/webhook-events.server.ts";
import { applyWebhook } from "./apply.server.ts";
import { nextAttemptAt } from "./retry-policy.ts";

export interface InboxWorkerOptions {
  apply?: (webhook: ClaimedWebhook) => Promise<void>;
  now?: () => Date;
  batchSize?: number;
  leaseMs?: number;
}

/**
 * Applies stored webhook deliveries off the request path. `notify` after a store wakes it; the
 * background poll also picks up deliveries left pending by a process that died between its
 * 200 and applying them, and retries that are due.
 */
export class InboxWorker {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly apply: (webhook: ClaimedWebhook) => Promise<void>;
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly leaseMs: number;

  constructor(options: InboxWorkerOptions = {}) {
    this.apply = options.apply ?? applyWebhook;
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Starts a run soon, or one more run after the current one. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.runUntilEmpty())
      .catch((error) => logger.error("webhook inbox run failed", { error: errorMessage(error) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }

  /**
   * Stops taking new work (at shutdown) and resolves when the current run ends. Deliveries
   * that arrive meanwhile stay pending in the inbox for the next process.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running) await this.running;
  }

  resume(): void {
    this.stopped = false;
    this.notify();
  }

  /** Resolves when every claimable delivery has been applied (or has failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    await this.runUntilEmpty();
  }

  private async runUntilEmpty(): Promise<void> {
    for (;;) {
      const batch = await claimPendingWebhooks(this.batchSize, this.now(), this.leaseMs);
      if (batch.length === 0) return;
      for (const webhook of batch) await this.applyOne(webhook);
    }
  }

  private async applyOne(webhook: ClaimedWebhook): Promise<void> {
    try {
      await this.apply(webhook);
      await markWebhookDone(webhook.id, this.now());
    } catch (error) {
      const retryAt = nextAttemptAt(error, webhook.attempts, this.now());
      logger.warn(retryAt ? "webhook apply failed, will retry" : "webhook apply failed for good", {
        shop: webhook.shop,
        topic: webhook.topic,
        id: webhook.id,
        attempts: webhook.attempts,
        error: errorMessage(error),
      });
      await markWebhookFailed(webhook.id, errorMessage(error), retryAt);
    }
  }
}

export const inboxWorker = new InboxWorker();
