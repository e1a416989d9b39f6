/**
 * The app's record tables (Customer, Refund, Order) written many rows per statement: the rows go over as one JSON
 * array of arrays, unpacked in SQL as the rescoring writes its scores (customer-scores.server.ts). Prisma's createMany
 * is far too slow at a backfill's or a webhook burst's volume (it sends SQLite a few dozen rows a statement, each
 * costing milliseconds). Used by the backfill (bulk-records.server.ts) and by the webhook apply job
 * (record-changes.server.ts).
 */
import { db } from "../db.server.ts";
import type { orderColumns } from "./orders.server.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

export type SqlType = "TEXT" | "BIGINT" | "BOOLEAN" | "DATETIME";
export type Cell = string | bigint | boolean | Date | null;
export type Columns = readonly (readonly [string, SqlType])[];

/** The columns written (besides "shop"), in the order of the JSON arrays sent, with their SQL types. */
export const CUSTOMER_COLUMNS = [
  ["gid", "TEXT"],
  ["shopifyCreatedAt", "DATETIME"],
  ["shopifyUpdatedAt", "DATETIME"],
] as const satisfies Columns;
export const REFUND_COLUMNS = [
  ["gid", "TEXT"],
  ["orderGid", "TEXT"],
  ["processedAt", "DATETIME"],
  ["amount", "TEXT"],
  ["currencyCode", "TEXT"],
] as const satisfies Columns;
/** An order's columns but its GID, as orderColumns gives them. */
export const ORDER_COLUMNS = [
  ["customerGid", "TEXT"],
  ["shopifyCreatedAt", "DATETIME"],
  ["processedAt", "DATETIME"],
  ["cancelledAt", "DATETIME"],
  ["test", "BOOLEAN"],
  ["currencyCode", "TEXT"],
  ["presentmentCurrencyCode", "TEXT"],
  ["totalMinor", "BIGINT"],
  ["presentmentTotalMinor", "BIGINT"],
  ["refundedMinor", "BIGINT"],
  ["netMinor", "BIGINT"],
  ["discountCodes", "TEXT"],
  ["sourceUpdatedAt", "DATETIME"],
] as const satisfies readonly (readonly [keyof ReturnType<typeof orderColumns>, SqlType])[];
// every column orderColumns gives is written: a column added there and not here fails the type check
const everyOrderColumn: Exclude<keyof ReturnType<typeof orderColumns>, (typeof ORDER_COLUMNS)[number][0]> extends never ? true : never = true;
void everyOrderColumn;

/** The cells of one order row: its GID, then ORDER_COLUMNS. */
export function orderRow(gid: string, columns: ReturnType<typeof orderColumns>): Cell[] {
  return [gid, ...ORDER_COLUMNS.map(([name]) => columns[name])];
}

/** The rows as the JSON text the statements unpack: money as decimal strings, so BigInts stay exact; DateTimes as
 * the text Prisma stores; booleans as 0 and 1. */
export function jsonRows(rows: readonly (readonly Cell[])[]): string {
  const { dateTimeText } = sqlDialect();
  return JSON.stringify(
    rows.map((cells) =>
      cells.map((cell) =>
        cell === null
          ? null
          : typeof cell === "bigint"
            ? cell.toString()
            : typeof cell === "boolean"
              ? cell
                ? 1
                : 0
              : cell instanceof Date
                ? dateTimeText(cell)
                : cell,
      ),
    ),
  );
}

/** `CAST(value ->> i AS type)` of each column: the cells of one row of a jsonArray, as SQL values. */
export function castCells(columns: Columns, row = "value"): string[] {
  const { dateTimeType } = sqlDialect();
  return columns.map(([, type], i) => `CAST(${row} ->> ${i} AS ${type === "DATETIME" ? dateTimeType : type})`);
}

/**
 * One INSERT of `items` into `table` for the shop, or null when there are none. Without `onConflict` a row that
 * exists already fails the statement with a unique violation, as createMany did; with it, the clause decides (an
 * upsert on ("shop", "gid"): `ON CONFLICT ("shop", "gid") DO ...`).
 */
export function insertRows<T>(table: string, shop: string, columns: Columns, items: readonly T[], cells: (item: T) => Cell[], onConflict = "") {
  if (items.length === 0) return null;
  const { param, jsonArray } = sqlDialect();
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  // "WHERE true": SQLite would read the ON of an upsert after a bare FROM as a join's (its documented ambiguity).
  return db.$executeRawUnsafe(
    `INSERT INTO "${table}" ("shop", ${names}) SELECT ${param(1)}, ${castCells(columns).join(", ")} FROM ${jsonArray(param(2))} WHERE true ${onConflict}`,
    shop,
    jsonRows(items.map(cells)),
  );
}
