// Writes prisma/postgresql/schema.prisma from prisma/sqlite/schema.prisma: the models are
// identical, only the datasource provider differs. Run with `npm run db:schemas`.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function postgresqlSchemaFrom(sqliteSchema: string): string {
  const out = sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('"../../node_modules/@generated/prisma-sqlite"', '"../../node_modules/@generated/prisma-postgresql"')
    .replace(/^\/\/ The data model\. .*\n\/\/ .*\n/m, "// Generated from prisma/sqlite/schema.prisma by `npm run db:schemas`; do not edit.\n");
  if (out === sqliteSchema) throw new Error("prisma/sqlite/schema.prisma has no sqlite datasource to convert");
  return out;
}

const sqlitePath = fileURLToPath(new URL("./sqlite/schema.prisma", import.meta.url));
const postgresqlPath = fileURLToPath(new URL("./postgresql/schema.prisma", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(postgresqlPath, postgresqlSchemaFrom(readFileSync(sqlitePath, "utf8")));
}
