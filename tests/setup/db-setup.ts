import { copyFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { beforeEach, inject } from "vitest";
import { TEST_DB_DIR, postgresUrl, withPostgres } from "./databases.ts";
import { applyTestEnv } from "./test-env.ts";

// Each worker gets its own database, copied from the migrated template, before any app module
// (and so the Prisma client) is imported; every test then starts from empty tables.
const template = inject("templateDatabase");
const worker = process.env.VITEST_POOL_ID ?? "0";

async function workerDatabaseUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_PROVIDER === "sqlite") {
    const file = resolve(TEST_DB_DIR, `data.${worker}.db`);
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

applyTestEnv(await workerDatabaseUrl());

const { resetDatabase } = await import("../support/reset-database.ts");

beforeEach(async () => {
  await resetDatabase();
});
