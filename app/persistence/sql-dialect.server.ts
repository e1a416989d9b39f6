import { databaseProvider } from "../../prisma/provider.ts";
import { env } from "../env.server.ts";

/**
 * The few pieces of raw SQL that differ between SQLite and PostgreSQL. Prisma's query builder is too slow for the
 * bulk work of a rescoring (its createMany sends SQLite 37 rows a statement, and each row costs milliseconds), so
 * the rescoring writes and aggregates with raw statements built from these. Everything else in those statements is
 * SQL both databases read the same way.
 */
export interface SqlDialect {
  /** The placeholder of the n-th parameter (1-based). SQLite's `$n` would be numbered by first appearance. */
  param(n: number): string;
  /** Whole seconds since 1970 of a DateTime column. */
  epochSeconds(column: string): string;
  /** A literal that compares with a DateTime column like the instant it names. */
  timestamp(epochSeconds: number): string;
  /** A table of the elements of a JSON array passed as a text parameter, one per row in a column `value`. */
  jsonArray(param: string): string;
  /** Whole days from the calendar day `earlier` to `later`, both "YYYY-MM-DD" text. */
  daysBetween(later: string, earlier: string): string;
  /** The SQL type to CAST a DateTime's text to, and that text for an instant (as Prisma itself stores it). */
  readonly dateTimeType: string;
  dateTimeText(at: Date): string;
}

const sqlite: SqlDialect = {
  param: (n) => `?${n}`,
  epochSeconds: (column) => `unixepoch(${column})`,
  // Prisma's libSQL adapter keeps DateTime as ISO 8601 text with a "+00:00" offset, which orders as text.
  timestamp: (seconds) => `'${isoSeconds(seconds).replace("Z", "+00:00")}'`,
  jsonArray: (param) => `json_each(${param})`,
  daysBetween: (later, earlier) => `(julianday(${later}) - julianday(${earlier}))`,
  dateTimeType: "TEXT",
  dateTimeText: (at) => at.toISOString().replace("Z", "+00:00"),
};

const postgresql: SqlDialect = {
  param: (n) => `$${n}`,
  epochSeconds: (column) => `CAST(FLOOR(EXTRACT(EPOCH FROM ${column})) AS BIGINT)`,
  // DateTime is timestamp(3) without time zone, holding UTC.
  timestamp: (seconds) => `TIMESTAMP '${isoSeconds(seconds).slice(0, 23).replace("T", " ")}'`,
  jsonArray: (param) => `jsonb_array_elements(CAST(${param} AS JSONB))`,
  daysBetween: (later, earlier) => `(CAST(${later} AS DATE) - CAST(${earlier} AS DATE))`,
  dateTimeType: "TIMESTAMP(3)",
  dateTimeText: (at) => at.toISOString().slice(0, 23),
};

export function sqlDialect(): SqlDialect {
  return databaseProvider(env().DATABASE_URL) === "sqlite" ? sqlite : postgresql;
}

function isoSeconds(seconds: number): string {
  if (!Number.isSafeInteger(seconds)) throw new RangeError(`timestamp ${seconds} is not a whole number of seconds`);
  return new Date(seconds * 1000).toISOString();
}
