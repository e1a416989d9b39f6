import { copyFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { afterAll, beforeEach, inject } from "vitest";
import { postgresUrl, withPostgres } from "./databases.ts";
import "./fail-on-console.ts";
import { applyTestEnv } from "./test-env.ts";

// Each worker gets its own database, copied from the migrated template, before any app module
// (and so the Prisma client) is imported; every test then starts from empty tables.
const template = inject("templateDatabase");
// The run's PostgreSQL server, which may be a throwaway one the global setup started.
if (process.env.TEST_DATABASE_PROVIDER === "postgresql") process.env.TEST_POSTGRES_URL = inject("postgresAdminUrl");
const worker = process.env.VITEST_POOL_ID ?? "0";

async function workerDatabaseUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_PROVIDER === "sqlite") {
    const file = resolve(dirname(template.slice("file:".length)), `data.${worker}.db`);
    if (!existsSync(file)) copyFileSync(template.slice("file:".length), file);
    return `file:${file}`;
  }
  const name = `${template}_w${worker}`;
  await withPostgres(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  });
  return postgresUrl(name);
}

/** A free loopback port for this worker's app server, known before the app reads its URL. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

process.env.TEST_APP_PORT ??= String(await freePort());
process.env.SHOPIFY_APP_URL = `http://127.0.0.1:${process.env.TEST_APP_PORT}`;
applyTestEnv(await workerDatabaseUrl());

const { resetDatabase } = await import("../support/reset-database.ts");
// The app's jobs, registered as the app registers them; each test file stops its job engine (pg-boss holds connections).
const { registerAppJobs } = await import("../../app/background.server.ts");
const { jobs } = await import("../../app/jobs/queue.server.ts");
registerAppJobs();

beforeEach(async () => {
  await resetDatabase();
});

afterAll(async () => {
  await jobs.stop();
});
