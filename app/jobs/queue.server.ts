import { databaseProvider } from "../../prisma/provider.ts";
import { env } from "../env.server.ts";
import { PgBossJobQueue } from "./pg-boss-queue.server.ts";
import { SqliteJobQueue } from "./sqlite-queue.server.ts";
import type { JobQueue } from "./types.ts";

/** A job queue on DATABASE_URL's engine; the app has one per process (`jobs`), tests make more to play two workers. */
export function createJobQueue(url: string): JobQueue {
  if (databaseProvider(url) === "sqlite") return new SqliteJobQueue();
  // Under test, a dead worker's try is found within a second or two rather than half a minute.
  return new PgBossJobQueue({ connectionString: url, superviseIntervalSeconds: env().NODE_ENV === "test" ? 1 : 30 });
}

/** The process's job queue, on the engine that DATABASE_URL's provider calls for. */
export const jobs: JobQueue = createJobQueue(env().DATABASE_URL);
