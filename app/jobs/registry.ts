import type { JobDefinition, JobHandler, RegisteredJob } from "./types.ts";

// biome-ignore lint/suspicious/noExplicitAny: the registry holds jobs of every data type
export type AnyJob = RegisteredJob<any>;

/** A job declaration, typed by its schema. */
export function defineJob<T>(job: JobDefinition<T>): JobDefinition<T> {
  return job;
}

/** A declaration with the handler that runs it, for `registerJobs`. */
export function handle<T>(job: JobDefinition<T>, run: JobHandler<T>): RegisteredJob<T> {
  return { ...job, run };
}

/** The jobs this process runs, registered once at start (app/background.server.ts). */
const registered = new Map<string, AnyJob>();

export function registerJobs(jobs: readonly AnyJob[]): void {
  for (const job of jobs) {
    const existing = registered.get(job.name);
    if (existing && existing.run !== job.run) throw new Error(`Two handlers are registered for the job "${job.name}"`);
    registered.set(job.name, job);
  }
}

export function registeredJobs(): AnyJob[] {
  return [...registered.values()];
}

export function registeredJob(name: string): AnyJob | undefined {
  return registered.get(name);
}

/** The cron expression of a recurring job (pg-boss) and its period (the SQLite engine). */
export const RECURRENCE = {
  minute: { cron: "* * * * *", ms: 60_000 },
  hour: { cron: "7 * * * *", ms: 3_600_000 },
} as const;
