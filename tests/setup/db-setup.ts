import { copyFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { beforeEach, inject } from "vitest";
import { postgresUrl, withPostgres } from "./databases.ts";
import { applyTestEnv } from "./test-env.ts";

// Each worker gets its own database, copied from the migrated template, before any app module
// (and so the Prisma client) is imported; every test then starts from empty tables.
const template = inject("templateDatabase");
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

beforeEach(async () => {
  await resetDatabase();
});
