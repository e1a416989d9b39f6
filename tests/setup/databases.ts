import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";

export const ROOT = resolve(import.meta.dirname, "../..");
export const TEST_DB_DIR = resolve(ROOT, "var/test");
export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * The PostgreSQL server the tests use: TEST_POSTGRES_URL, else the machine's at 127.0.0.1:5432. The global setup
 * points TEST_POSTGRES_URL at a throwaway server when nothing answers there (postgres-server.ts).
 */
export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
}

export function postgresUrl(database: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** A directory of SQLite files for one test run, so that runs side by side never share a file. */
export function sqliteRunDirectory(runId: string): string {
  const dir = resolve(TEST_DB_DIR, runId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Applies the committed migrations, exactly as a deployment does. */
export function migrate(databaseUrl: string): void {
  execFileSync("npx", ["prisma", "migrate", "deploy", "--config", "prisma/prisma.config.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

export async function withPostgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const adminUrl = postgresAdminUrl();
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for the tests and is not reachable at ${adminUrl} (${(error as Error).message}). ` +
        "Start it (see README) or point TEST_POSTGRES_URL at a server.",
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
