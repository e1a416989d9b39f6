/**
 * A worker process that a test kills: it registers the test's "held" job, runs the queue, prints "started <attempt>"
 * when the job begins, and never finishes it. Run with Node's TypeScript type stripping.
 */
import { z } from "zod";
import { createJobQueue } from "../../app/jobs/queue.server.ts";
import { defineJob, handle, registerJobs } from "../../app/jobs/registry.ts";

export const heldJob = defineJob({
  name: "test-held",
  title: "A test job whose worker is killed",
  schema: z.object({ shop: z.string() }),
  key: ({ shop }) => shop,
  shop: ({ shop }) => shop,
  retry: { limit: 3, baseSeconds: 1, maxSeconds: 1 },
  leaseSeconds: 1,
});

if (process.argv[2] === "work") {
  registerJobs([
    handle(heldJob, async (_data, { attempt }) => {
      process.stdout.write(`started ${attempt}\n`);
      await new Promise(() => {});
    }),
  ]);
  const queue = createJobQueue(process.env.DATABASE_URL ?? "");
  await queue.start();
}
