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

// The signal handlers go in before the jobs start: a SIGTERM during startup (a deploy, a test that is done) waits for
// the start to finish and then stops cleanly, instead of killing the process with jobs half-fetched.
const started = startBackgroundWork();

// The job engines' timers do not hold a process open (a web process or a test ends when the rest of its work does).
// A worker's whole life is its jobs: it holds itself open until it is told to stop, idle or not.
const holdOpen = setInterval(() => {}, 3_600_000);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info("worker stopping", { signal });
  try {
    await started;
    await jobs.stop();
    clearInterval(holdOpen);
    process.exit(0);
  } catch (error) {
    logger.error("worker did not stop cleanly", { error: errorMessage(error) });
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

await started;
logger.info("worker running", { engine: jobs.engine });
