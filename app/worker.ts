/**
 * `npm run worker`: a process that runs the app's background jobs and serves nothing. Use it with JOBS_RUN_IN=worker
 * on the web processes, so that webhook intake and the admin pages never share a process with imports and
 * rescorings (README, "Running it for real").
 */
import { startBackgroundWork } from "./background.server.ts";
import { jobs } from "./jobs/queue.server.ts";
import { errorMessage, logger } from "./logger.server.ts";
import { assertJsonSourceTextAccess } from "./utils/json.ts";

assertJsonSourceTextAccess();

await startBackgroundWork();
logger.info("worker running", { engine: jobs.engine });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info("worker stopping", { signal });
  try {
    await jobs.stop();
    process.exit(0);
  } catch (error) {
    logger.error("worker did not stop cleanly", { error: errorMessage(error) });
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
