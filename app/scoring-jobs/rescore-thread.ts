/**
 * Entry of the worker thread that rescores one shop (started by rescore-in-thread.server.ts). The whole rescoring
 * (reading the summaries, fitting, scoring, writing) runs here, on a database client of the thread's own, so the
 * process's event loop keeps answering webhooks and admin pages meanwhile. Node runs this file as TypeScript
 * (type stripping), so it and what it imports use erasable syntax only.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { db } from "../db.server.ts";
import { rescoreShop } from "./rescore.server.ts";
import type { RescoreThreadInput } from "./rescore-in-thread.server.ts";

/**
 * A rescoring is background work: this thread yields the CPU to the process's main thread (webhook intake, the admin
 * pages) when both want it. On Linux a thread has a nice value of its own, set through its thread id; elsewhere the
 * thread keeps the process's priority.
 */
function yieldCpuToTheMainThread(): void {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10);
  } catch {
    // not Linux, or not allowed: the thread runs at the process's priority
  }
}

yieldCpuToTheMainThread();
const input = workerData as RescoreThreadInput;
const now = new Date(input.now);
try {
  const outcome = await rescoreShop(input.shop, {
    now,
    clock: input.fixedClock ? () => now : () => new Date(),
    trigger: input.trigger,
    ...(input.scoring ? { scoring: input.scoring } : {}),
    ...(input.batchSize ? { batchSize: input.batchSize } : {}),
  });
  parentPort?.postMessage({ ok: true, outcome });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
} finally {
  await db.$disconnect();
}
