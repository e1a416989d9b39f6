import type { ZodType } from "zod";

/**
 * Background work as jobs: what a job is, and the queue that runs them. Two engines implement
 * `JobQueue` (pg-boss on PostgreSQL, one table on SQLite; docs/decisions/0007-job-engine.md);
 * nothing outside app/jobs knows which one runs.
 */

export interface JobContext {
  readonly id: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** No retry follows this try if it fails (the job is dead-lettered then). */
  readonly lastAttempt: boolean;
  /** Aborted when this worker lost the job (its lease ran out and another took it) or is stopping. */
  readonly signal: AbortSignal;
  /** The clock of the run; tests give their own. */
  readonly now: () => Date;
}

export interface RetryPolicy {
  /** Retries after the first try; a job that fails them all is dead-lettered. */
  readonly limit: number;
  /** The first retry waits about this long; each next one about twice as long (with jitter). */
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

/** A kind of job, as its senders know it: name, data, key and policies. */
export interface JobDefinition<T> {
  /** Queue name: lower case, dashes. */
  readonly name: string;
  /** What the job does, as the merchant reads it on the home page when it stopped. */
  readonly title: string;
  readonly schema: ZodType<T>;
  /**
   * The singleton key: at most one job per key is queued and one runs, across every process, so a
   * shop's rescoring never runs twice at once, and a burst of sends leaves one job queued.
   */
  readonly key: (data: T) => string;
  /** The shop a job is for, so the merchant sees the jobs of their shop that failed for good. */
  readonly shop: (data: T) => string | null;
  readonly retry: RetryPolicy;
  /**
   * How long a try may go without a sign of life from its worker before another worker takes the
   * job up (the worker renews it while it runs, so a long job is fine; a killed process is not).
   */
  readonly leaseSeconds: number;
  /** A recurring job, sent every minute or hour by the engine (one at a time cluster-wide). */
  readonly every?: "minute" | "hour";
}

/**
 * What a job does. Declarations (JobDefinition) are what senders import; handlers are registered apart, in one place
 * (app/background.server.ts), so that sending a job never pulls in the code that runs it.
 */
export type JobHandler<T> = (data: T, context: JobContext) => Promise<unknown>;

export interface RegisteredJob<T> extends JobDefinition<T> {
  readonly run: JobHandler<T>;
}

export interface SendOptions {
  /** Not run before this time (a debounce, a retry planned by the caller). */
  readonly startAfter?: Date;
  /**
   * When a job of the key is already queued, move its start to `startAfter` instead of leaving it (a debounce
   * that a later change postpones, or a "now" that brings it forward).
   */
  readonly reschedule?: boolean;
}

/** A job that failed for good: what the merchant sees, and what support reads. */
export interface DeadJob {
  readonly id: string;
  readonly name: string;
  readonly shop: string | null;
  readonly key: string;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: Date;
}

export interface JobQueue {
  /** Which engine runs the jobs (for logs and the README's figures). */
  readonly engine: "pg-boss" | "sqlite";
  /**
   * Queues a job. Resolves false when a job with the same key is already queued (it will do the
   * same work). Throws when `data` does not match the definition's schema.
   */
  send<T>(job: JobDefinition<T>, data: T, options?: SendOptions): Promise<boolean>;
  /** Starts working the registered jobs in this process until `stop`. */
  start(): Promise<void>;
  /** Stops taking jobs, lets the running ones end, and closes the engine's connections. */
  stop(): Promise<void>;
  /** Runs the registered jobs in this process until none is due (tests, the demo's setup, benchmarks). */
  runUntilIdle(): Promise<void>;
  /** Jobs of the shop that failed for good, newest first. */
  deadJobs(shop: string, limit?: number): Promise<DeadJob[]>;
  /** Deletes every job of the shop but a running one (shop/redact: nothing of the shop is kept). */
  forgetShop(shop: string): Promise<void>;
}
