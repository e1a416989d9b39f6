import { rmSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { migrate, postgresAdminUrl, postgresUrl, sqliteRunDirectory, withPostgres } from "./databases.ts";
import { ensurePostgres } from "./postgres-server.ts";

/**
 * Once per run and provider: a migrated template database. SQLite: var/test/<run>/base.db,
 * copied per worker. PostgreSQL: a fresh database named for this run, cloned per worker.
 * Both are removed when the run ends, and so is the throwaway PostgreSQL server started when none answered.
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
  // The machine's server, or a throwaway one when nothing answers at TEST_POSTGRES_URL (or 127.0.0.1:5432).
  const server = await ensurePostgres(postgresAdminUrl());
  process.env.TEST_POSTGRES_URL = server.url;
  project.provide("postgresAdminUrl", server.url);
  const name = `clv_test_${runId.slice(4)}`;
  try {
    await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
    migrate(postgresUrl(name));
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("templateDatabase", name);
  return async () => {
    try {
      await withPostgres(async (client) => {
        const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${name}%`]);
        for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      });
    } finally {
      await server.stop();
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
    /** The PostgreSQL server of the run (postgresql project only). */
    postgresAdminUrl: string;
  }
}
