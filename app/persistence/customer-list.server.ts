/**
 * The customers list (admin page and CSV export) straight from the database: one shop's scores, filtered and sorted
 * by any score, a page at a time by keyset (app/admin/keyset-cursor.ts). Rows with no value in the sort column
 * (prospects have no prediction) come after the others in either direction, in a second pass over the same index.
 * Raw SQL because the filters reach into the pushed tags and the offers, which Prisma models without relations.
 */
import { type CustomerListFilters, type CustomerListQuery, FOREIGN_CURSOR, listCursor, SORT_COLUMNS, type SortKey } from "../admin/customer-list-query.ts";
import { encodeCursor, type KeysetCursor } from "../admin/keyset-cursor.ts";
import { db } from "../db.server.ts";
import { currencyExponent } from "../utils/money.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

export interface CustomerListRow {
  customerGid: string;
  segment: string;
  rfm: { recency: number | null; frequency: number | null; monetary: number | null };
  orderCount: number;
  lastPurchaseOn: string | null;
  historicClvMinor: string;
  predictedClvMinor: string | null;
  pAlive: number | null;
  expectedNextPurchaseOn: string | null;
  /** The app's tags on the shopper as last pushed. */
  tags: string[];
  activeCode: string | null;
}

export interface CustomerListPage {
  rows: CustomerListRow[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

/** What the filters need to know about the shop beyond the query. */
export interface ListContext {
  readonly shop: string;
  readonly currencyCode: string;
  readonly now: Date;
  /** The last rescoring's observation end: "overdue" counts days up to it. */
  readonly observationEnd: string | null;
  /** Days since the last order over the shopper's own days between orders that count as overdue. */
  readonly overdueAtLeast: number;
  /** The GIDs Shopify's search returned for `q`, when the query has one. */
  readonly searchGids?: readonly string[];
}

const SELECT = `s."customerGid", s."segment", s."rfmRecency", s."rfmFrequency", s."rfmMonetary", s."orderCount", s."lastPurchaseOn",
  s."historicClvMinor", s."predictedClvMinor", s."pAlive", s."expectedNextPurchaseOn", p."tags"`;

class Sql {
  readonly params: unknown[] = [];
  readonly dialect = sqlDialect();
  bind(value: unknown): string {
    this.params.push(value);
    return this.dialect.param(this.params.length);
  }
}

function activeOffer(sql: Sql, now: Date): string {
  return `FROM "LoyaltyOffer" o WHERE o."shop" = s."shop" AND o."customerGid" = s."customerGid" AND o."status" = 'created'
    AND o."code" IS NOT NULL AND o."endsAt" > ${sql.dialect.timestamp(Math.floor(now.getTime() / 1000))}`;
}

function filterSql(sql: Sql, filters: CustomerListFilters, context: ListContext): string[] {
  const where = [`s."shop" = ${sql.bind(context.shop)}`];
  const scale = 10 ** currencyExponent(context.currencyCode);
  if (filters.segment) where.push(`s."segment" = ${sql.bind(filters.segment)}`);
  if (filters.r !== undefined) where.push(`s."rfmRecency" = ${sql.bind(filters.r)}`);
  if (filters.f !== undefined) where.push(`s."rfmFrequency" = ${sql.bind(filters.f)}`);
  if (filters.minClv !== undefined) where.push(`s."predictedClvMinor" >= ${sql.bind(Math.ceil(filters.minClv * scale))}`);
  if (filters.maxClv !== undefined) where.push(`s."predictedClvMinor" <= ${sql.bind(Math.floor(filters.maxClv * scale))}`);
  if (filters.minAlive !== undefined) where.push(`s."pAlive" >= ${sql.bind(filters.minAlive / 100)}`);
  if (filters.maxAlive !== undefined) where.push(`s."pAlive" <= ${sql.bind(filters.maxAlive / 100)}`);
  if (filters.tag) where.push(`(',' || p."tags" || ',') LIKE ${sql.bind(`%,${filters.tag},%`)}`);
  if (filters.code === "with") where.push(`EXISTS (SELECT 1 ${activeOffer(sql, context.now)})`);
  if (filters.code === "without") where.push(`NOT EXISTS (SELECT 1 ${activeOffer(sql, context.now)})`);
  if (filters.overdue) {
    // No rescoring yet: nobody is overdue.
    if (context.observationEnd === null) where.push("1 = 0");
    else
      where.push(
        `s."expectedDaysBetweenPurchases" > 0 AND ${sql.dialect.daysBetween(sql.bind(context.observationEnd), 's."lastPurchaseOn"')} >= ${sql.bind(context.overdueAtLeast)} * s."expectedDaysBetweenPurchases"`,
      );
  }
  if (context.searchGids !== undefined) {
    where.push(context.searchGids.length === 0 ? "1 = 0" : `s."customerGid" IN (${context.searchGids.map((gid) => sql.bind(gid)).join(", ")})`);
  }
  return where;
}

interface RawRow {
  customerGid: string;
  segment: string;
  rfmRecency: number | bigint | null;
  rfmFrequency: number | bigint | null;
  rfmMonetary: number | bigint | null;
  orderCount: number | bigint;
  lastPurchaseOn: string | null;
  historicClvMinor: number | bigint;
  predictedClvMinor: number | bigint | null;
  pAlive: number | null;
  expectedNextPurchaseOn: string | null;
  tags: string | null;
  activeCode?: string | null;
}

const orNull = (value: number | bigint | null) => (value === null ? null : Number(value));

function toRow(raw: RawRow): CustomerListRow {
  return {
    customerGid: raw.customerGid,
    segment: raw.segment,
    rfm: { recency: orNull(raw.rfmRecency), frequency: orNull(raw.rfmFrequency), monetary: orNull(raw.rfmMonetary) },
    orderCount: Number(raw.orderCount),
    lastPurchaseOn: raw.lastPurchaseOn,
    historicClvMinor: String(raw.historicClvMinor),
    predictedClvMinor: raw.predictedClvMinor === null ? null : String(raw.predictedClvMinor),
    pAlive: raw.pAlive,
    expectedNextPurchaseOn: raw.expectedNextPurchaseOn,
    tags: raw.tags ? raw.tags.split(",").filter(Boolean) : [],
    activeCode: raw.activeCode ?? null,
  };
}

function sortValue(raw: RawRow, sort: SortKey): string | number | null {
  const value = raw[SORT_COLUMNS[sort]];
  return value === null ? null : typeof value === "string" ? value : Number(value);
}

/** One pass: the rows with a sort value (after the cursor's), or the rows without one (after the cursor's GID). */
async function pass(query: CustomerListQuery, context: ListContext, nulls: boolean, after: KeysetCursor | null, limit: number): Promise<RawRow[]> {
  const sql = new Sql();
  const column = `s."${SORT_COLUMNS[query.sort]}"`;
  const where = filterSql(sql, query, context);
  const [cmp, dir] = query.dir === "desc" ? ["<", "DESC"] : [">", "ASC"];
  if (nulls) {
    where.push(`${column} IS NULL`);
    if (after) where.push(`s."customerGid" ${cmp} ${sql.bind(after.gid)}`);
  } else {
    where.push(`${column} IS NOT NULL`);
    if (after) {
      const value = sql.bind(after.value);
      where.push(`(${column} ${cmp} ${value} OR (${column} = ${value} AND s."customerGid" ${cmp} ${sql.bind(after.gid)}))`);
    }
  }
  const text = `SELECT ${SELECT}, (SELECT o."code" ${activeOffer(sql, context.now)} ORDER BY o."endsAt" DESC LIMIT 1) AS "activeCode"
    FROM "CustomerScore" s LEFT JOIN "PushedState" p ON p."shop" = s."shop" AND p."customerGid" = s."customerGid"
    WHERE ${where.join(" AND ")}
    ORDER BY ${nulls ? "" : `${column} ${dir}, `}s."customerGid" ${dir}
    LIMIT ${sql.bind(limit)}`;
  return db.$queryRawUnsafe<RawRow[]>(text, ...sql.params);
}

/**
 * One page of the list: `pageSize` rows after `query.after` and the cursor of the next page. An unreadable cursor
 * throws (the route answers 400); a cursor past the end gives an empty page.
 */
export async function customerListPage(query: CustomerListQuery, context: ListContext, pageSize: number): Promise<CustomerListPage> {
  const after = query.after === undefined ? null : listCursor(query.after, query.sort);
  if (query.after !== undefined && after === null) throw new RangeError(FOREIGN_CURSOR);
  const inNulls = after !== null && after.value === null;
  // One more row than the page shows says whether there is a next page.
  let raw = inNulls ? [] : await pass(query, context, false, after, pageSize + 1);
  if (raw.length <= pageSize) raw = [...raw, ...(await pass(query, context, true, inNulls ? after : null, pageSize + 1 - raw.length))];
  const rows = raw.slice(0, pageSize);
  const last = rows.at(-1);
  const next = raw.length > pageSize && last ? encodeCursor({ value: sortValue(last, query.sort), gid: last.customerGid }) : null;
  return { rows: rows.map(toRow), next };
}

/** Every row of the filtered list in its order, a page at a time, for the CSV export. */
export async function* customerListRows(query: CustomerListQuery, context: ListContext, batch = 1000): AsyncGenerator<CustomerListRow> {
  let after: string | undefined;
  do {
    const page = await customerListPage({ ...query, ...(after ? { after } : {}) }, context, batch);
    yield* page.rows;
    after = page.next ?? undefined;
  } while (after);
}
