import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "vitest";
import { postgresqlSchemaFrom } from "./generate-postgresql-schema.ts";
import { databaseProvider } from "./provider.ts";

const here = import.meta.dirname;

test("the PostgreSQL schema is generated from the SQLite one (npm run db:schemas)", () => {
  const sqlite = readFileSync(resolve(here, "sqlite/schema.prisma"), "utf8");
  expect(readFileSync(resolve(here, "postgresql/schema.prisma"), "utf8")).toBe(postgresqlSchemaFrom(sqlite));
});

test("both providers carry the same migrations, and the last one matches the schema", () => {
  const names = (provider: string) => readdirSync(resolve(here, provider, "migrations")).filter((n) => /^\d{14}_/.test(n));
  expect(names("postgresql")).toEqual(names("sqlite"));
  for (const provider of ["sqlite", "postgresql"]) {
    const snapshot = readFileSync(resolve(here, provider, "migrations/schema.snapshot.prisma"), "utf8");
    expect(snapshot, `${provider}: run npm run db:migration -- <name>`).toBe(readFileSync(resolve(here, provider, "schema.prisma"), "utf8"));
  }
});

test("DATABASE_URL picks the provider, and anything else is refused with the reason", () => {
  expect(databaseProvider("file:./var/app.db")).toBe("sqlite");
  expect(databaseProvider("postgresql://u@h/db")).toBe("postgresql");
  expect(databaseProvider("postgres://u@h/db")).toBe("postgresql");
  expect(() => databaseProvider("mysql://u@h/db")).toThrow(/must start with "file:"/);
});
