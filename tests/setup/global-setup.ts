import { readdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { TEST_DB_DIR, migrate, postgresUrl, sqliteBaseUrl, withPostgres } from "./databases.ts";

/**
 * Once per run and provider: a migrated template database. SQLite: var/test/base.db, copied
 * per worker. PostgreSQL: a fresh database named for this run, cloned per worker.
 */
export default async function setup(project: TestProject) {
  const provider = project.config.env?.TEST_DATABASE_PROVIDER;
  if (provider === "sqlite") {
    const url = sqliteBaseUrl();
    for (const file of readdirSync(TEST_DB_DIR)) rmSync(resolve(TEST_DB_DIR, file), { force: true });
    migrate(url);
    project.provide("templateDatabase", url);
    return;
  }
  const name = `clv_test_${Date.now()}_${process.pid}`;
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  migrate(postgresUrl(name));
  project.provide("templateDatabase", name);
  return async () => {
    await withPostgres(async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${name}%`]);
      for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
