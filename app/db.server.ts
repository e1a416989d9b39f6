import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresqlClient } from "@generated/prisma-postgresql";
import { PrismaClient as SqliteClient } from "@generated/prisma-sqlite";
import { databaseProvider } from "../prisma/provider.ts";
import { env } from "./env.server.ts";
import { BusyWaitingLibSQL } from "./sqlite-adapter.server.ts";

/** Both generated clients share one API; the SQLite client's types describe either. */
export type Db = SqliteClient;

function connect(url: string): Db {
  if (databaseProvider(url) === "sqlite") return new SqliteClient({ adapter: new BusyWaitingLibSQL({ url }) });
  return new PostgresqlClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
}

declare global {
  var __db: Db | undefined;
}

// One client per process, kept across dev-server reloads.
export const db: Db = (globalThis.__db ??= connect(env().DATABASE_URL));

let prepared: Promise<void> | undefined;

/**
 * Write-ahead logging, so readers and a writer share the SQLite file (the setting is kept in the file). Every
 * connection also waits for another's write lock (sqlite-adapter.server.ts). One app process per SQLite file;
 * PostgreSQL for several.
 */
export function prepareDatabase(): Promise<void> {
  prepared ??= (async () => {
    if (databaseProvider(env().DATABASE_URL) !== "sqlite") return;
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  })();
  return prepared;
}

/** True when the error is a unique-constraint violation (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
