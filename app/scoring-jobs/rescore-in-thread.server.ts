import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { RescoreTrigger } from "../domain/rescore-schedule.ts";
import type { RescoreOptions, RescoreOutcome } from "./rescore.server.ts";

export interface RescoreThreadInput {
  readonly shop: string;
  /** ISO instant the observation ends on (the shop's calendar day of it). */
  readonly now: string;
  /** Keep `now` for the schedule too (benchmarks and tests with a fixed clock). */
  readonly fixedClock: boolean;
  readonly trigger: RescoreTrigger;
  readonly scoring?: RescoreOptions["scoring"];
  readonly batchSize?: number;
}

type ThreadMessage = { ok: true; outcome: RescoreOutcome } | { ok: false; error: string };

/**
 * The thread's entry, from the project's root: the built server bundle and the sources agree on it, since both are
 * started from there (npm start, npm run worker, the tests).
 */
const THREAD_ENTRY = resolve(process.cwd(), "app/scoring-jobs/rescore-thread.ts");

/**
 * Rescores one shop in a worker thread of its own (rescore-thread.ts) and resolves with its outcome. The fit and
 * the scoring of 100,000 customers take seconds of CPU; here they never hold this process's event loop.
 */
export function rescoreShopInThread(input: RescoreThreadInput, signal?: AbortSignal): Promise<RescoreOutcome> {
  return new Promise<RescoreOutcome>((resolvePromise, reject) => {
    const worker = new Worker(THREAD_ENTRY, { workerData: input });
    let settled = false;
    const abort = () => void worker.terminate();
    signal?.addEventListener("abort", abort, { once: true });
    worker.once("message", (message: ThreadMessage) => {
      settled = true;
      if (message.ok) resolvePromise(message.outcome);
      else reject(new Error(message.error));
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      signal?.removeEventListener("abort", abort);
      if (!settled) reject(new Error(`The rescoring thread of ${input.shop} exited with code ${code} before it answered`));
    });
  });
}
