import { db } from "./db.server.ts";
import { jobs } from "./jobs/queue.server.ts";
import { errorMessage, logger } from "./logger.server.ts";

declare global {
  var __stopsOnSignals: boolean | undefined;
}

/** A stopped process still held open (by a client's kept-alive socket, say) exits after this long. */
const EXIT_AFTER_MS = 10_000;

/**
 * The web process's end on SIGTERM or SIGINT (a deploy, Ctrl-C): remix-serve closes its HTTP server on them, and
 * this stops the process's jobs (a running one is given pg-boss's graceful 30 s) and closes its database
 * connections, which would otherwise hold the process open for good (pg-boss's timers, PostgreSQL's pool). `npm run
 * worker` has its own (app/worker.ts).
 */
export function stopOnSignals(): void {
  if (globalThis.__stopsOnSignals) return;
  globalThis.__stopsOnSignals = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void stop(signal));
}

async function stop(signal: string): Promise<void> {
  logger.info("web process stopping", { signal });
  try {
    await jobs.stop();
    await db.$disconnect();
  } catch (error) {
    logger.error("web process did not stop cleanly", { error: errorMessage(error) });
    process.exitCode = 1;
  }
  setTimeout(() => process.exit(), EXIT_AFTER_MS).unref();
}
