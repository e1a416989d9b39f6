import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { applyWebhooksJob } from "../../app/jobs/catalog.ts";
import { jobs } from "../../app/jobs/queue.server.ts";
import { storeWebhook } from "../../app/persistence/webhook-events.server.ts";
import { installShop } from "../factories/shop-history.ts";
import { samplePayload } from "../factories/webhooks.ts";

const shop = "worker-process.myshopify.com";

async function eventually(check: () => Promise<boolean>, ms: number, output: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within the time allowed; the worker wrote:\n${output()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

test("npm run worker applies what the web process stored, stays up when idle, and stops cleanly on SIGTERM", async () => {
  await installShop(shop, "UTC");
  // The web process (this one, with JOBS_RUN_IN=worker) stores the delivery and queues its job, and runs nothing.
  await storeWebhook(
    {
      shop,
      webhookId: "for-the-worker",
      topic: "orders/create",
      eventId: null,
      triggeredAt: null,
      apiVersion: "2026-10",
      payload: JSON.stringify(samplePayload("orders/create")),
    },
    new Date(),
  );
  expect(await jobs.send(applyWebhooksJob, { shop })).toBe(true);

  const worker = spawn(process.execPath, [resolve("app/worker.ts")], { env: { ...process.env, JOBS_RUN_IN: "worker" }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  worker.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => worker.once("exit", done));
  try {
    await eventually(
      async () => (await db.webhookEvent.findFirstOrThrow({ where: { shop } })).status === "done",
      30_000,
      () => stderr,
    );
    expect(await db.order.count({ where: { shop } })).toBe(1);
    // With nothing left to do it stays up, for the next job (it once exited as soon as it was idle, on SQLite).
    await new Promise((done) => setTimeout(done, 3_000));
    expect(worker.exitCode, stderr).toBeNull();
  } finally {
    worker.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
  // Its jobs may fail (the test's shop has no session for the loyalty push that follows the rescoring); it may not.
  expect(stderr).not.toMatch(/did not stop cleanly|\n\s+at /);
}, 60_000);

test.each(["web", "worker"])(
  "the web process (JOBS_RUN_IN=%s) exits on SIGTERM once its jobs and database connections are closed",
  async (runIn) => {
    const web = spawn(process.execPath, ["--import", "tsx", resolve("tests/support/web-entry-process.ts")], {
      env: { ...process.env, JOBS_RUN_IN: runIn, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [web.stdout, web.stderr]) stream.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => web.once("exit", done));
    try {
      await eventually(
        async () => output.includes("listening") && (runIn === "worker" || output.includes("background jobs started")),
        30_000,
        () => output,
      );
      // What the process holds while it runs: the job engine (sending, and on "web" working too) and the database.
      expect(await jobs.send(applyWebhooksJob, { shop })).toBe(true);
    } finally {
      web.kill("SIGTERM");
    }
    const exitedWithin = await Promise.race([exited, new Promise<string>((done) => setTimeout(() => done("still running after 20 s"), 20_000))]);
    web.kill("SIGKILL");
    expect(exitedWithin, output).toBe(0);
    expect(output).toContain("web process stopping");
    expect(output).not.toMatch(/did not stop cleanly/);
  },
  60_000,
);
