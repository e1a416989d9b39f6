import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { errorMessage, logger } from "../logger.server.ts";
import { shopsDueForRescoring, updateRescoreRequest } from "../persistence/rescoring.server.ts";
import { rescoreShop } from "./rescore.server.ts";
import { SerialTask } from "../utils/serial-task.ts";
import { RESCORE_POLICY, requestAfterChange, requestNow, rescoreTrigger, type RescorePolicy } from "./schedule.ts";

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
 * After a webhook has been applied: when its topic can change scores, asks for a debounced rescoring of the shop
 * (a burst of orders gives one rescoring a couple of minutes after the last of them).
 */
export async function requestRescoreAfterWebhook(shop: string, topic: string, at: Date): Promise<void> {
  if (!TOPICS_THAT_CHANGE_SCORES.has(topic)) return;
  await updateRescoreRequest(shop, (current) => requestAfterChange(current, at, RESCORE_POLICY));
}

/** The merchant's "Rescore now": due at once, started in this process without waiting for the next tick. */
export async function requestRescore(shop: string, at: Date): Promise<void> {
  await updateRescoreRequest(shop, (current) => requestNow(current, at));
  rescoringRunner.notify();
}

/**
 * Rescores the shops that are due, one at a time per process. The background tick calls `notify`; a tick that finds
 * a run in progress asks for one more pass after it. Any number of processes may run one: the lease in the database
 * keeps each shop to one rescoring at a time.
 */
export class RescoringRunner {
  private readonly task = new SerialTask(
    () => this.run(),
    (error) => logger.error("rescoring pass failed", { error: errorMessage(error) }),
  );
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly policy: RescorePolicy = RESCORE_POLICY,
  ) {}

  notify(): void {
    this.task.notify();
  }

  /** Resolves when every shop due now has been rescored. */
  drain(): Promise<void> {
    return this.task.drain();
  }

  private async run(): Promise<void> {
    // A shop is rescored at most once a pass, even if a clock ahead of ours makes it look due again.
    const done = new Set<string>();
    for (;;) {
      const now = this.now();
      const candidates = (await shopsDueForRescoring(now, this.policy, 20)).filter((shop) => !done.has(shop.domain));
      if (candidates.length === 0) return;
      for (const shop of candidates) {
        done.add(shop.domain);
        const trigger = rescoreTrigger(shop, now, this.policy);
        if (trigger === null) continue;
        await rescoreShop(shop.domain, { now: this.now(), clock: this.now, owner: this.owner, trigger, policy: this.policy });
      }
    }
  }
}

export const rescoringRunner = new RescoringRunner();
