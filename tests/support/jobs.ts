import { jobs } from "../../app/jobs/queue.server.ts";
import { applyingQueued } from "../../app/webhooks/receive.server.ts";

/** Runs every due job in this process, once the deliveries received so far have queued theirs. */
export async function runJobs(): Promise<void> {
  await applyingQueued();
  await jobs.runUntilIdle();
}
