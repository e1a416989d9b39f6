import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { heldJob } from "../../tests/support/job-worker-process.ts";
import { env } from "../env.server.ts";
import { TerminalError } from "../shopify/errors.ts";
import { createJobQueue, jobs } from "./queue.server.ts";
import { defineJob, handle, registerJobs } from "./registry.ts";
import type { JobQueue } from "./types.ts";

/** What the test jobs did, in order: which key, which try, when it began and ended. */
interface Run {
  key: string;
  attempt: number;
  startedAt: number;
  endedAt: number;
}
const runs: Run[] = [];
/** Keys whose job has begun, in order. */
const begun: string[] = [];
const runsOf = (key: string) => runs.filter((run) => run.key === key);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const shopData = z.object({ shop: z.string() });
const base = { schema: shopData, key: ({ shop }: { shop: string }) => shop, shop: ({ shop }: { shop: string }) => shop, leaseSeconds: 30 };

/** Takes a while, so that a second worker would overlap it if it could. */
const slowJob = defineJob({ ...base, name: "test-slow", title: "A slow test job", retry: { limit: 0, baseSeconds: 1, maxSeconds: 1 } });
const goneJob = defineJob({ ...base, name: "test-gone", title: "A test job for a shop that is gone", retry: { limit: 5, baseSeconds: 1, maxSeconds: 1 } });
const busyJob = defineJob({ ...base, name: "test-busy", title: "A test job that meets a busy database", retry: { limit: 2, baseSeconds: 1, maxSeconds: 1 } });

function recorded(run: (shop: string) => Promise<void>) {
  return async ({ shop }: { shop: string }, { attempt }: { attempt: number }) => {
    const startedAt = Date.now();
    begun.push(shop);
    try {
      await run(shop);
    } finally {
      runs.push({ key: shop, attempt, startedAt, endedAt: Date.now() });
    }
  };
}

registerJobs([
  handle(
    slowJob,
    recorded(() => sleep(400)),
  ),
  handle(
    goneJob,
    recorded(async () => {
      throw new TerminalError("the shop was not found (404)");
    }),
  ),
  handle(
    busyJob,
    recorded(async () => {
      throw new Error("the database is busy");
    }),
  ),
  handle(
    heldJob,
    recorded(async () => {}),
  ),
]);

const others: JobQueue[] = [];
afterAll(async () => {
  for (const queue of others) await queue.stop();
});

/** A second worker on the same database, as another process would be. */
function anotherWorker(): JobQueue {
  const queue = createJobQueue(env().DATABASE_URL);
  others.push(queue);
  return queue;
}

async function waitFor(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("waited in vain");
    await sleep(20);
  }
}

/** Runs due jobs until `done` holds (retries come due over seconds), or fails after `ms`. */
async function runUntil(done: () => boolean | Promise<boolean>, ms = 20_000, queue: JobQueue = jobs): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("the jobs did not get there in time");
    await queue.runUntilIdle();
    await sleep(100);
  }
}

describe(`the job queue (${jobs.engine})`, () => {
  test("a burst of sends leaves one job queued per key; reschedule moves its start", async () => {
    runs.length = 0;
    const later = new Date(Date.now() + 3_600_000);
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await jobs.send(slowJob, { shop: "burst" }, { startAfter: later }));
    expect(sent).toEqual([true, false, false]);
    await jobs.runUntilIdle();
    expect(runsOf("burst")).toHaveLength(0); // not due

    expect(await jobs.send(slowJob, { shop: "burst" }, { startAfter: new Date(), reschedule: true })).toBe(false);
    await jobs.runUntilIdle();
    expect(runsOf("burst")).toHaveLength(1);
  });

  test("data that does not match the job's schema is refused at send, naming the field", async () => {
    await expect(jobs.send(slowJob, { shop: 42 } as unknown as { shop: string })).rejects.toThrow(/shop/);
  });

  test("two workers never run one key at once; other keys run beside it", async () => {
    runs.length = 0;
    begun.length = 0;
    const second = anotherWorker();
    await jobs.send(slowJob, { shop: "one-key" });
    const first = jobs.runUntilIdle();
    await waitFor(() => begun.includes("one-key"));
    // While the first try runs, the key is queued again; neither worker may start it before the first ends.
    expect(await jobs.send(slowJob, { shop: "one-key" })).toBe(true);
    await jobs.send(slowJob, { shop: "other-key" });
    const other = second.runUntilIdle();
    await Promise.all([first, other]);
    await runUntil(() => runsOf("one-key").length === 2 && runsOf("other-key").length === 1, 20_000, second);

    const [a, b] = runsOf("one-key").sort((x, y) => x.startedAt - y.startedAt);
    expect(b!.startedAt).toBeGreaterThanOrEqual(a!.endedAt);
  });

  test("a job failing with a terminal error stops at once and is visible as dead, until the shop is forgotten", async () => {
    runs.length = 0;
    await jobs.send(goneJob, { shop: "gone.myshopify.com" });
    await runUntil(async () => (await jobs.deadJobs("gone.myshopify.com")).length > 0);
    expect(runsOf("gone.myshopify.com").map((run) => run.attempt)).toEqual([1]);
    const [dead] = await jobs.deadJobs("gone.myshopify.com");
    expect(dead).toMatchObject({
      name: "test-gone",
      shop: "gone.myshopify.com",
      attempts: 1,
      error: expect.stringMatching(/not found \(404\)/),
    });
    expect(await jobs.deadJobs("another.myshopify.com")).toEqual([]);

    // shop/redact: the engine keeps nothing of the shop.
    await jobs.send(busyJob, { shop: "gone.myshopify.com" }, { startAfter: new Date(Date.now() + 3_600_000) });
    await jobs.forgetShop("gone.myshopify.com");
    expect(await jobs.deadJobs("gone.myshopify.com")).toEqual([]);
    expect(await jobs.send(busyJob, { shop: "gone.myshopify.com" }, { startAfter: new Date(Date.now() + 3_600_000) })).toBe(true);
  });

  test("a job failing with a retryable error is retried with backoff, then dead-lettered", async () => {
    runs.length = 0;
    await jobs.send(busyJob, { shop: "busy.myshopify.com" });
    await runUntil(async () => (await jobs.deadJobs("busy.myshopify.com")).length > 0, 30_000);
    const tries = runsOf("busy.myshopify.com");
    expect(tries.map((run) => run.attempt)).toEqual([1, 2, 3]);
    // Each retry waited at least half the base delay of one second (the jitter takes off at most half).
    for (let i = 1; i < tries.length; i++) expect(tries[i]!.startedAt - tries[i - 1]!.endedAt).toBeGreaterThanOrEqual(450);
    const [dead] = await jobs.deadJobs("busy.myshopify.com");
    expect(dead).toMatchObject({ name: "test-busy", attempts: 3, error: expect.stringMatching(/database is busy/) });
  }, 40_000);

  test("a job whose worker process is killed is taken up by another worker", async () => {
    runs.length = 0;
    await jobs.send(heldJob, { shop: "held.myshopify.com" });
    const child = spawn(process.execPath, [resolve("tests/support/job-worker-process.ts"), "work"], {
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const started = await new Promise<string>((resolveStarted, reject) => {
      const timer = setTimeout(() => reject(new Error("the worker process did not start the job")), 20_000);
      child.stdout.on("data", (chunk: Buffer) => {
        const line = chunk.toString().trim();
        if (line.startsWith("started")) {
          clearTimeout(timer);
          resolveStarted(line);
        }
      });
    });
    expect(started).toBe("started 1");
    child.kill("SIGKILL");
    await new Promise((done) => child.once("exit", done));

    // Its lease (one second) runs out; this worker takes the job up as its second try.
    await runUntil(() => runsOf("held.myshopify.com").length > 0, 30_000);
    expect(runsOf("held.myshopify.com").map((run) => run.attempt)).toEqual([2]);
  }, 60_000);
});
