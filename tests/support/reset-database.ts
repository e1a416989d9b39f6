import { databaseProvider } from "../../prisma/provider.ts";
import { db, prepareDatabase } from "../../app/db.server.ts";
import { env } from "../../app/env.server.ts";
import { PG_BOSS_SCHEMA } from "../../app/jobs/pg-boss-queue.server.ts";
import { delegate, MODELS } from "./datamodel.ts";

// Every model of the Prisma data model, so that a new table is emptied too. The models have no relations (no
// foreign keys), so the order does not matter; one with a relation would need children deleted first.
const withRelations = MODELS.filter((model) => model.fields.some((field) => field.kind === "object"));
if (withRelations.length > 0) {
  throw new Error(`resetDatabase: ${withRelations.map((m) => m.name).join(", ")} have relations; delete children first`);
}

/** Empties every table. Cheaper than a new database per test, and the same on both providers. */
export async function resetDatabase(): Promise<void> {
  await prepareDatabase();
  await db.$transaction(MODELS.map((model) => delegate(model).deleteMany()));
  // pg-boss keeps its jobs in a schema of its own on PostgreSQL, there once the job engine has started.
  if (databaseProvider(env().DATABASE_URL) === "postgresql") {
    // Jobs, and the schedules of recurring jobs (a test that started a worker leaves them, and any pg-boss instance
    // would then send them every minute).
    for (const table of ["job", "schedule"]) {
      await db.$executeRawUnsafe(`DO $$ BEGIN IF to_regclass('${PG_BOSS_SCHEMA}.${table}') IS NOT NULL THEN DELETE FROM ${PG_BOSS_SCHEMA}.${table}; END IF; END $$`);
    }
  }
}
