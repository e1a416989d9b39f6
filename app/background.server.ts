import { backfillRunner } from "./backfill/backfill.server.ts";
import { prepareDatabase } from "./db.server.ts";
import { rescoringRunner } from "./scoring-jobs/runner.server.ts";
import { inboxWorker } from "./webhooks/inbox-worker.server.ts";

const POLL_MS = 5_000;

declare global {
  var __backgroundStarted: boolean | undefined;
}

/**
 * Work done off the request path, in every app process: applying stored webhooks, importing
 * backfills and rescoring the shops that are due (one query on the shops when none is). Started
 * once per process; the first run picks up whatever a previous process left.
 */
export function startBackgroundWork(): void {
  if (globalThis.__backgroundStarted) return;
  globalThis.__backgroundStarted = true;
  const tick = () => {
    inboxWorker.notify();
    backfillRunner.notify();
    rescoringRunner.notify();
  };
  void prepareDatabase().then(tick);
  setInterval(tick, POLL_MS).unref();
}
