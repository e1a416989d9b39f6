import { PgBoss, type Job, type JobResult } from "pg-boss";
import { errorMessage, logger } from "../logger.server.ts";
import { runAttempt } from "./attempt.ts";
import { RECURRENCE, registeredJobs, type AnyJob } from "./registry.ts";
import type { DeadJob, JobDefinition, JobQueue, SendOptions } from "./types.ts";

/** pg-boss's tables live in a schema of their own, created and migrated by pg-boss at start. */
export const PG_BOSS_SCHEMA = "pgboss";
/** Every queue's jobs that failed for good are copied here, where the merchant's view reads them. */
const DEAD_LETTERS = "dead-jobs";
/** pg-boss's heartbeats are at least 10 s apart; a shorter lease is an expiry instead. */
const MIN_HEARTBEAT_SECONDS = 10;
/** A try that sends heartbeats may still run no longer than this. */
const MAX_RUN_SECONDS = 2 * 3_600;
/** Jobs a worker fetches at once (and runs one after the other); a full batch fetches the next at once. */
const BATCH_SIZE = 4;

interface PgBossQueueOptions {
  readonly connectionString: string;
  /** Polling between fetches when no job is waiting; LISTEN/NOTIFY wakes workers sooner. */
  readonly pollingIntervalSeconds?: number;
  /** How often pg-boss's supervisor looks for tries whose worker stopped (expired, no heartbeat). */
  readonly superviseIntervalSeconds?: number;
}

/**
 * The job engine on PostgreSQL: pg-boss. Each job kind is a `stately` queue (one queued and one
 * active job per singletonKey), with pg-boss's exponential backoff with jitter, heartbeats for
 * long tries, cron for recurring jobs, and a dead-letter queue. A terminal failure is settled as
 * `deadletter`, which skips the remaining retries.
 */
export class PgBossJobQueue implements JobQueue {
  readonly engine = "pg-boss" as const;
  private readonly boss: PgBoss;
  private started: Promise<void> | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  private workers: { name: string; id: string }[] = [];
  private working = false;

  private readonly options: PgBossQueueOptions;

  constructor(options: PgBossQueueOptions) {
    this.options = options;
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: PG_BOSS_SCHEMA,
      application_name: "clv-crm jobs",
      max: 4,
      useListenNotify: true,
      registerInstance: false,
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 30,
      monitorIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    });
    this.boss.on("error", (error: unknown) => logger.error("pg-boss error", { error: errorMessage(error) }));
  }

  async send<T>(job: JobDefinition<T>, data: T, options: SendOptions = {}): Promise<boolean> {
    const valid = job.schema.parse(data);
    await this.ensureQueue(job);
    const singletonKey = job.key(valid);
    const id = await this.boss.send(job.name, valid as object, {
      singletonKey,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
    if (id === null && options.reschedule && options.startAfter) {
      await this.boss.update(job.name, undefined, { singletonKey, startAfter: options.startAfter });
    }
    return id !== null;
  }

  async start(): Promise<void> {
    if (this.working) return;
    this.working = true;
    await this.work(this.options.pollingIntervalSeconds ?? 2);
    for (const job of registeredJobs()) {
      if (job.every) await this.boss.schedule(job.name, RECURRENCE[job.every].cron, {}, { singletonKey: job.name });
    }
  }

  async stop(): Promise<void> {
    this.working = false;
    if (!this.started) return;
    await this.boss.stop({ graceful: true, timeout: 30_000 });
    this.started = undefined;
    this.queues.clear();
  }

  async runUntilIdle(): Promise<void> {
    await this.ready();
    const names = registeredJobs().map((job) => job.name);
    for (const job of registeredJobs()) await this.ensureQueue(job);
    const stopAfter = !this.working;
    if (stopAfter) await this.work(0.5, 0.5);
    try {
      let quiet = 0;
      let supervised = 0;
      while (quiet < 2) {
        // Tries whose worker died are expired by pg-boss's supervisor; run it here rather than wait for its timer.
        if (Date.now() - supervised >= 1_000) {
          await this.boss.supervise();
          supervised = Date.now();
        }
        quiet = (await this.pendingCount(names)) === 0 ? quiet + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      if (stopAfter) await this.offWork();
    }
  }

  async deadJobs(shop: string, limit = 50): Promise<DeadJob[]> {
    await this.ready();
    await this.ensureDeadLetters();
    const jobs = await this.boss.findJobs<{ shop?: string }>(DEAD_LETTERS, { data: { shop }, limit: 1000 });
    return jobs
      .map((job) => ({
        id: job.sourceId ?? job.id,
        name: job.sourceName ?? DEAD_LETTERS,
        shop: job.data.shop ?? null,
        key: job.singletonKey ?? "",
        attempts: (job.sourceRetryCount ?? 0) + 1,
        error: describeOutput(job.sourceOutput),
        failedAt: job.createdOn,
      }))
      .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
      .slice(0, limit);
  }

  async forgetShop(shop: string): Promise<void> {
    await this.ready();
    await this.ensureDeadLetters();
    for (const job of registeredJobs()) await this.ensureQueue(job);
    for (const name of this.queues.keys()) {
      const found = await this.boss.findJobs<{ shop?: string }>(name, { data: { shop }, limit: 100_000 });
      const ids = found.filter((job) => job.state !== "active").map((job) => job.id);
      if (ids.length > 0) await this.boss.deleteJob(name, ids);
    }
  }

  private ready(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  private ensureDeadLetters(): Promise<void> {
    let created = this.queues.get(DEAD_LETTERS);
    if (!created) {
      created = this.ready().then(() => this.boss.createQueue(DEAD_LETTERS, { retentionSeconds: 14 * 86_400, deleteAfterSeconds: 14 * 86_400 }));
      this.queues.set(DEAD_LETTERS, created);
    }
    return created;
  }

  private ensureQueue(job: Pick<AnyJob, "name" | "retry" | "leaseSeconds">): Promise<void> {
    let created = this.queues.get(job.name);
    if (!created) {
      const lease =
        job.leaseSeconds >= MIN_HEARTBEAT_SECONDS ? { heartbeatSeconds: job.leaseSeconds, expireInSeconds: MAX_RUN_SECONDS } : { expireInSeconds: job.leaseSeconds };
      created = this.ensureDeadLetters().then(() =>
        this.boss.createQueue(job.name, {
          policy: "stately",
          retryLimit: job.retry.limit,
          retryDelay: job.retry.baseSeconds,
          retryBackoff: true,
          retryDelayMax: job.retry.maxSeconds,
          deadLetter: DEAD_LETTERS,
          notify: true,
          ...lease,
        }),
      );
      this.queues.set(job.name, created);
    }
    return created;
  }

  private async work(pollingIntervalSeconds: number, notifyPollingIntervalSeconds = 10): Promise<void> {
    await this.ready();
    for (const job of registeredJobs()) {
      await this.ensureQueue(job);
      const id = await this.boss.work<unknown>(
        job.name,
        {
          batchSize: BATCH_SIZE,
          burstWhenBatchFull: true,
          perJobResults: true,
          pollingIntervalSeconds,
          notifyPollingIntervalSeconds,
        },
        (jobs: Job<unknown>[]) => this.runBatch(job, jobs),
      );
      this.workers.push({ name: job.name, id });
    }
  }

  private async offWork(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    for (const { name, id } of workers) await this.boss.offWork(name, { id, wait: true });
  }

  private async runBatch(job: AnyJob, jobs: Job<unknown>[]): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const claimed of jobs) {
      const attempt = claimed.retryCount + 1;
      const outcome = await runAttempt(job, claimed.data, {
        id: claimed.id,
        attempt,
        lastAttempt: attempt > job.retry.limit,
        signal: claimed.signal,
        now: () => new Date(),
      });
      const log = logger.child({ job: job.name, jobId: claimed.id, shop: shopOf(claimed.data), attempt });
      if (outcome.status === "completed") {
        results.push({ id: claimed.id, status: "completed" });
      } else if (outcome.status === "dead" || attempt > job.retry.limit) {
        log.error("job failed for good", { error: outcome.error });
        results.push({ id: claimed.id, status: "deadletter", output: { message: outcome.error } });
      } else {
        log.warn("job failed, will retry", { error: outcome.error });
        results.push({ id: claimed.id, status: "failed", output: { message: outcome.error } });
      }
    }
    return results;
  }

  /** Due or running jobs of the given queues. */
  private async pendingCount(names: readonly string[]): Promise<number> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT count(*)::int AS n FROM ${PG_BOSS_SCHEMA}.job
       WHERE name = ANY($1) AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
      [names],
    );
    return (rows[0] as { n: number }).n;
  }
}

function shopOf(data: unknown): string | null {
  const shop = (data as { shop?: unknown } | null)?.shop;
  return typeof shop === "string" ? shop : null;
}

function describeOutput(output: unknown): string {
  const message = (output as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : JSON.stringify(output ?? null);
}
