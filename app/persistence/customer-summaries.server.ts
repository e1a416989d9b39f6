import { db } from "../db.server.ts";
import type { PurchaseAggregate } from "../domain/scores.ts";
import { startOfLocalDay, type OffsetPeriod } from "../domain/time-zone.ts";
import { sqlDialect, type SqlDialect } from "./sql-dialect.server.ts";

interface RawRow {
  customer: string;
  first_day: number;
  last_day: number;
  purchase_days: number;
  order_count: number;
  net: string;
  first_day_net: string;
}

/**
 * Per-customer purchase summaries of a shop, computed by the database: the rules of the engine's `summarize`
 * (docs/decisions/0103) in SQL, so that a large shop is never loaded into memory order by order.
 *
 * Counted orders have a customer and are not cancelled, test or deleted; an order with a refund and nothing left
 * (net ≤ 0) is not a purchase, a $0 order without refunds is. Each order falls on the shop's calendar day of its
 * `processedAt` (`periods`, from the shop's time zone); orders after the day `lastDay` are left out. Orders of one
 * day form one purchase day.
 *
 * One statement, two GROUP BYs: orders → (customer, day) → customer. The net of the first purchase day is an
 * arg-min packed into one integer: MIN(day · 2^47 + net) − MIN(day) · 2^47 is the net of the earliest day, exact
 * while a day's net stays below 2^46 minor units (and day · 2^47 below 2^63 until the year 2149). It reads each
 * order once and returns one row per customer.
 */
export async function customerPurchaseSummaries(shop: string, periods: readonly OffsetPeriod[], lastDay: number): Promise<PurchaseAggregate[]> {
  checkInteger(lastDay, "lastDay");
  const dialect = sqlDialect();
  const cutoff = dialect.timestamp(startOfLocalDay(periods, lastDay + 1));
  const offset = offsetExpression('"processedAt"', periods, dialect);
  const sql = `
    SELECT customer,
           CAST(MIN(day) AS INTEGER) AS first_day,
           CAST(MAX(day) AS INTEGER) AS last_day,
           CAST(COUNT(*) AS INTEGER) AS purchase_days,
           CAST(SUM(orders) AS INTEGER) AS order_count,
           CAST(SUM(net) AS TEXT) AS net,
           CAST(MIN(day * ${PACK} + net) - MIN(day) * ${PACK} AS TEXT) AS first_day_net
    FROM (
      SELECT customer, day, CAST(SUM(net) AS BIGINT) AS net, COUNT(*) AS orders
      FROM (
        SELECT "customerGid" AS customer, (${dialect.epochSeconds('"processedAt"')} + ${offset}) / 86400 AS day, "netMinor" AS net
        FROM "Order"
        WHERE "shop" = ${dialect.param(1)} AND "customerGid" IS NOT NULL AND ${countedOrder('"Order"', cutoff)}
      ) counted
      GROUP BY customer, day
    ) days
    GROUP BY customer`;
  const rows = await db.$queryRawUnsafe<RawRow[]>(sql, shop);
  return rows.map((row) => ({
    customerGid: row.customer,
    firstDay: Number(row.first_day),
    lastDay: Number(row.last_day),
    purchaseDays: Number(row.purchase_days),
    orderCount: Number(row.order_count),
    netMinor: BigInt(row.net),
    firstDayNetMinor: BigInt(row.first_day_net),
  }));
}

const PACK = 2 ** 47;

/**
 * The shop's purchase days up to the day `lastDay`: one row per customer and calendar day with the day's net, from
 * the same counted orders as the summaries; of the customers named when `customers` is given (a sample), else of
 * all. The backtests replay them (app/scoring-jobs/model-health.ts, the model choice).
 */
export async function customerPurchaseDays(
  shop: string,
  periods: readonly OffsetPeriod[],
  lastDay: number,
  customers?: readonly string[],
): Promise<{ customerGid: string; day: number; netMinor: number }[]> {
  checkInteger(lastDay, "lastDay");
  const dialect = sqlDialect();
  const cutoff = dialect.timestamp(startOfLocalDay(periods, lastDay + 1));
  const offset = offsetExpression('"processedAt"', periods, dialect);
  const named = customers === undefined ? "" : `AND "customerGid" IN (SELECT CAST(value ->> 0 AS TEXT) FROM ${dialect.jsonArray(dialect.param(2))})`;
  const rows = await db.$queryRawUnsafe<{ customer: string; day: number | bigint; net: string }[]>(
    `SELECT customer, CAST(day AS INTEGER) AS day, CAST(SUM(net) AS TEXT) AS net
     FROM (
       SELECT "customerGid" AS customer, (${dialect.epochSeconds('"processedAt"')} + ${offset}) / 86400 AS day, "netMinor" AS net
       FROM "Order"
       WHERE "shop" = ${dialect.param(1)} AND "customerGid" IS NOT NULL AND ${countedOrder('"Order"', cutoff)} ${named}
     ) counted
     GROUP BY customer, day`,
    shop,
    ...(customers === undefined ? [] : [JSON.stringify(customers.map((gid) => [gid]))]),
  );
  return rows.map((row) => ({ customerGid: row.customer, day: Number(row.day), netMinor: Number(row.net) }));
}

/**
 * The shop's known customers (not deleted) without a counted order up to the day `lastDay`: its Prospects. Found
 * with an anti-join on the orders' (shop, customerGid) index, so only they come back, not every customer.
 */
export async function customersWithoutPurchases(shop: string, periods: readonly OffsetPeriod[], lastDay: number): Promise<string[]> {
  checkInteger(lastDay, "lastDay");
  const dialect = sqlDialect();
  const cutoff = dialect.timestamp(startOfLocalDay(periods, lastDay + 1));
  const rows = await db.$queryRawUnsafe<{ gid: string }[]>(
    `SELECT c."gid" AS gid FROM "Customer" c
     WHERE c."shop" = ${dialect.param(1)} AND c."deletedAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."shop" = c."shop" AND o."customerGid" = c."gid" AND ${countedOrder("o", cutoff)})`,
    shop,
  );
  return rows.map((row) => row.gid);
}

/** The orders `summarize` counts: not cancelled, test or deleted, not refunded in full, before the cutoff. */
export function countedOrder(table: string, cutoff: string): string {
  const column = (name: string) => `${table}."${name}"`;
  return `${column("cancelledAt")} IS NULL AND ${column("deletedAt")} IS NULL AND ${column("test")} = false
    AND (${column("netMinor")} > 0 OR ${column("refundedMinor")} = 0) AND ${column("processedAt")} < ${cutoff}`;
}

/**
 * The UTC offset in force at a timestamp column, as a CASE that bisects the periods (a handful of comparisons per
 * order even over decades of daylight-saving changes). Day = ⌊(epoch + offset) / 86 400⌋; integer division is the
 * floor here because every epoch is positive. Period starts and offsets are integers computed by the app and
 * written into the statement as literals.
 */
function offsetExpression(column: string, periods: readonly OffsetPeriod[], dialect: SqlDialect): string {
  if (periods.length === 0) throw new RangeError("No offset periods");
  const between = (lo: number, hi: number): string => {
    if (lo === hi) {
      const offset = periods[lo]!.offsetSeconds;
      checkInteger(offset, "offset");
      return String(offset);
    }
    const mid = Math.ceil((lo + hi) / 2);
    return `CASE WHEN ${column} >= ${dialect.timestamp(periods[mid]!.startsAt)} THEN ${between(mid, hi)} ELSE ${between(lo, mid - 1)} END`;
  };
  return between(0, periods.length - 1);
}

function checkInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} ${value} is not an integer`);
}
