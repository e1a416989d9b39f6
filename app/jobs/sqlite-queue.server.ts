import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { db, isUniqueViolation } from "../db.server.ts";
import { errorMessage, logger } from "../logger.server.ts";
import { retryDelayMs } from "../shopify/errors.ts";
import { runAttempt, type AttemptOutcome } from "./attempt.ts";
import { RECURRENCE, registeredJob, registeredJobs, type AnyJob } from "./registry.ts";
import type { DeadJob, JobDefinition, JobQueue, SendOptions } from "./types.ts";

const POLL_MS = 1_000;
/** Jobs run at once by one process. */
const CONCURRENCY = 2;
/** Completed jobs are deleted after a day, dead ones after 14 days. */
const COMPLETED_RETENTION_MS = 24 * 3_600_000;
const DEAD_RETENTION_MS = 14 * 24 * 3_600_000;

type JobRow = NonNullable<Awaited<ReturnType<typeof db.job.findFirst>>>;

const slot = (name: string, key: string) => `${name}/${key}`;

/**
 * The job engine of the embedded SQLite deployment: one table (`Job`), one process per file.
 * Two unique columns carry the singleton rule: `queuedKey` holds "<name>/<key>" while a job is
 * queued, `activeKey` while it runs, so the database itself refuses a second queued or running
 * job of a key. A try holds a lease its worker renews; a lease that lapses (the process died)
 * sends the job back to the queue, or to the dead when its tries are spent.
 */
export class SqliteJobQueue implements JobQueue {
  readonly engine = "sqlite" as const;
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private nextRecurrence = new Map<string, number>();
  private lastCleanup = 0;
  private ticking = false;

  private readonly clock: () => Date;

  constructor(clock: () => Date = () => new Date()) {
    this.clock = clock;
  }

  async send<T>(job: JobDefinition<T>, data: T, options: SendOptions = {}): Promise<boolean> {
    const valid = job.schema.parse(data);
    const key = job.key(valid);
    const now = this.clock();
    try {
      await db.job.create({
        data: {
          name: job.name,
          key,
          shop: job.shop(valid),
          data: JSON.stringify(valid),
          state: "queued",
          queuedKey: slot(job.name, key),
          retryLimit: job.retry.limit,
          startAfter: options.startAfter ?? now,
          createdAt: now,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (options.reschedule && options.startAfter) {
        await db.job.updateMany({ where: { queuedKey: slot(job.name, key) }, data: { startAfter: options.startAfter } });
      }
      return false;
    }
    if (this.timer) setImmediate(() => void this.tick());
    return true;
  }

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
    await this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.running]);
  }

  async runUntilIdle(): Promise<void> {
    for (;;) {
      const job = await this.claimNext();
      if (!job) {
        if (this.running.size === 0) return;
        await Promise.race(this.running);
        continue;
      }
      await this.track(job);
    }
  }

  async deadJobs(shop: string, limit = 50): Promise<DeadJob[]> {
    const rows = await db.job.findMany({ where: { shop, state: "dead" }, orderBy: { id: "desc" }, take: limit });
    return rows.map((row) => ({
      id: String(row.id),
      name: row.name,
      shop: row.shop,
      key: row.key,
      attempts: row.attempts,
      error: row.lastError ?? "",
      failedAt: row.finishedAt ?? row.createdAt,
    }));
  }

  async forgetShop(shop: string): Promise<void> {
    await db.job.deleteMany({ where: { shop, state: { not: "active" } } });
  }

  /** One pass of the worker: recurring jobs sent, free slots filled, old jobs deleted now and then. */
  private async tick(): Promise<void> {
    if (this.ticking || !this.timer) return;
    this.ticking = true;
    try {
      const now = this.clock().getTime();
      for (const job of registeredJobs()) {
        if (!job.every || (this.nextRecurrence.get(job.name) ?? 0) > now) continue;
        this.nextRecurrence.set(job.name, now + RECURRENCE[job.every].ms);
        await this.send(job, {});
      }
      while (this.timer && this.running.size < CONCURRENCY) {
        const job = await this.claimNext();
        if (!job) break;
        void this.track(job);
      }
      if (now - this.lastCleanup >= 3_600_000) {
        this.lastCleanup = now;
        await db.job.deleteMany({
          where: {
            OR: [
              { state: "completed", finishedAt: { lt: new Date(now - COMPLETED_RETENTION_MS) } },
              { state: "dead", finishedAt: { lt: new Date(now - DEAD_RETENTION_MS) } },
            ],
          },
        });
      }
    } catch (error) {
      logger.error("job worker pass failed", { error: errorMessage(error) });
    } finally {
      this.ticking = false;
    }
  }

  private track(row: JobRow): Promise<void> {
    const run = this.runClaimed(row).finally(() => {
      this.running.delete(run);
      if (this.timer) setImmediate(() => void this.tick());
    });
    this.running.add(run);
    return run;
  }

  /**
   * Claims the oldest due job of a registered kind: a conditional update on the state read, so
   * two workers never take the same job, and refused by `activeKey` while its key runs elsewhere.
   */
  private async claimNext(): Promise<JobRow | null> {
    const now = this.clock();
    await this.recoverLapsed(now);
    const names = registeredJobs().map((job) => job.name);
    const candidates = await db.job.findMany({
      where: { state: { in: ["queued", "retry"] }, startAfter: { lte: now }, name: { in: names } },
      orderBy: { id: "asc" },
      take: 20,
    });
    for (const candidate of candidates) {
      const leaseMs = (registeredJob(candidate.name)?.leaseSeconds ?? 60) * 1000;
      try {
        const { count } = await db.job.updateMany({
          where: { id: candidate.id, state: candidate.state, attempts: candidate.attempts },
          data: {
            state: "active",
            queuedKey: null,
            activeKey: slot(candidate.name, candidate.key),
            attempts: { increment: 1 },
            lockedUntil: new Date(now.getTime() + leaseMs),
            lockedBy: this.owner,
          },
        });
        if (count === 1) return { ...candidate, state: "active", attempts: candidate.attempts + 1, lockedBy: this.owner };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Its key runs elsewhere; it waits its turn.
      }
    }
    return null;
  }

  /** Tries whose lease lapsed: their worker died. Back to the queue, or dead when no try is left. */
  private async recoverLapsed(now: Date): Promise<void> {
    const lapsed = await db.job.findMany({ where: { state: "active", lockedUntil: { lt: now } } });
    for (const job of lapsed) {
      const spent = job.attempts > job.retryLimit;
      const error = `the worker running try ${job.attempts} stopped renewing its lease (${job.lockedBy ?? "unknown"})`;
      await db.job.updateMany({
        where: { id: job.id, state: "active", lockedUntil: job.lockedUntil },
        data: spent
          ? { state: "dead", activeKey: null, lockedUntil: null, lastError: error, finishedAt: now }
          : { state: "retry", activeKey: null, lockedUntil: null, lockedBy: null, lastError: error, startAfter: now },
      });
      logger.warn(spent ? "job dead after its worker stopped" : "job taken back from a worker that stopped", {
        job: job.name,
        jobId: job.id,
        shop: job.shop,
      });
    }
  }

  private async runClaimed(row: JobRow): Promise<void> {
    const job = registeredJob(row.name) as AnyJob;
    const leaseMs = job.leaseSeconds * 1000;
    const controller = new AbortController();
    const renew = setInterval(() => {
      void db.job
        .updateMany({
          where: { id: row.id, state: "active", lockedBy: this.owner },
          data: { lockedUntil: new Date(this.clock().getTime() + leaseMs) },
        })
        .then(({ count }) => {
          if (count === 0) controller.abort(new Error("the job's lease was lost to another worker"));
        })
        .catch((error: unknown) => logger.warn("job lease renewal failed", { jobId: row.id, error: errorMessage(error) }));
    }, leaseMs / 3);
    const log = logger.child({ job: row.name, jobId: row.id, shop: row.shop, attempt: row.attempts });
    let outcome: AttemptOutcome;
    try {
      outcome = await runAttempt(job, JSON.parse(row.data) as unknown, {
        id: String(row.id),
        attempt: row.attempts,
        lastAttempt: row.attempts > job.retry.limit,
        signal: controller.signal,
        now: this.clock,
      });
    } finally {
      clearInterval(renew);
    }
    await this.settle(row, job, outcome, log);
  }

  private async settle(row: JobRow, job: AnyJob, outcome: AttemptOutcome, log: typeof logger): Promise<void> {
    const now = this.clock();
    const mine = { id: row.id, state: "active", lockedBy: this.owner };
    if (outcome.status === "completed") {
      await db.job.updateMany({ where: mine, data: { state: "completed", activeKey: null, lockedUntil: null, lastError: null, finishedAt: now } });
      return;
    }
    const dead = outcome.status === "dead" || row.attempts > job.retry.limit;
    if (dead) {
      log.error("job failed for good", { error: outcome.error });
      await db.job.updateMany({ where: mine, data: { state: "dead", activeKey: null, lockedUntil: null, lastError: outcome.error, finishedAt: now } });
      return;
    }
    const delay = retryDelayMs(row.attempts, { baseMs: job.retry.baseSeconds * 1000, maxMs: job.retry.maxSeconds * 1000 }, outcome.afterMs);
    log.warn("job failed, will retry", { error: outcome.error, retryInMs: delay });
    await db.job.updateMany({
      where: mine,
      data: { state: "retry", activeKey: null, lockedUntil: null, lockedBy: null, lastError: outcome.error, startAfter: new Date(now.getTime() + delay) },
    });
  }
}
