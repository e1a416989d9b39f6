import { rmSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { migrate, postgresUrl, sqliteRunDirectory, withPostgres } from "./databases.ts";

/**
 * Once per run and provider: a migrated template database. SQLite: var/test/<run>/base.db,
 * copied per worker. PostgreSQL: a fresh database named for this run, cloned per worker.
 * Both are removed when the run ends.
 */
export default async function setup(project: TestProject) {
  const provider = project.config.env?.TEST_DATABASE_PROVIDER;
  const runId = `run_${Date.now()}_${process.pid}`;
  if (provider === "sqlite") {
    const dir = sqliteRunDirectory(runId);
    const url = `file:${resolve(dir, "base.db")}`;
    migrate(url);
    project.provide("templateDatabase", url);
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const name = `clv_test_${runId.slice(4)}`;
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
