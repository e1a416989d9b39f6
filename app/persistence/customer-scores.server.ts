import { db } from "../db.server.ts";
import type { CustomerScoreRow } from "../domain/scores.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

/** Columns a rescoring writes per customer, in the order of the JSON arrays it sends, with their SQL types. */
const SCORE_COLUMNS = [
  ["customerGid", "TEXT"],
  ["segment", "TEXT"],
  ["rfmRecency", "INTEGER"],
  ["rfmFrequency", "INTEGER"],
  ["rfmMonetary", "INTEGER"],
  ["orderCount", "INTEGER"],
  ["repeatPurchaseDays", "INTEGER"],
  ["firstPurchaseOn", "TEXT"],
  ["lastPurchaseOn", "TEXT"],
  ["historicClvMinor", "BIGINT"],
  ["predictedClvMinor", "BIGINT"],
  ["predictedClvLowMinor", "BIGINT"],
  ["predictedClvHighMinor", "BIGINT"],
  ["pAlive", "DOUBLE PRECISION"],
  ["pAliveLow", "DOUBLE PRECISION"],
  ["pAliveHigh", "DOUBLE PRECISION"],
  ["expectedPurchases30", "DOUBLE PRECISION"],
  ["expectedPurchases90", "DOUBLE PRECISION"],
  ["expectedPurchases365", "DOUBLE PRECISION"],
  ["expectedOrderValueMinor", "BIGINT"],
  ["expectedNextPurchaseOn", "TEXT"],
  ["expectedDaysBetweenPurchases", "DOUBLE PRECISION"],
  ["confidence", "TEXT"],
] as const satisfies readonly (readonly [keyof CustomerScoreRow, string])[];

export interface WrittenScores {
  readonly written: number;
  readonly segmentChanges: number;
}

/**
 * Writes the scores of one batch of customers and records the segment changes among them, in one transaction: a
 * reader sees each customer's old row or new row, never none. A change is recorded only when the segment differs
 * from the stored one (old segment null for a customer scored for the first time).
 *
 * Two raw statements, because Prisma's createMany is far too slow at this volume: the batch goes over as one JSON
 * array of arrays (money as decimal strings, so BigInts stay exact), which both databases unpack in SQL; the
 * history INSERT compares with the stored rows before the upsert replaces them.
 */
export async function writeCustomerScores(shop: string, scoringRunId: number, scoredAt: Date, rows: readonly CustomerScoreRow[]): Promise<WrittenScores> {
  if (rows.length === 0) return { written: 0, segmentChanges: 0 };
  const { param, jsonArray } = sqlDialect();
  const [shopParam, runParam, atParam, rowsParam] = [param(1), param(2), param(3), param(4)];
  const json = JSON.stringify(rows.map((row) => SCORE_COLUMNS.map(([name]) => jsonValue(row[name]))));
  const columns = SCORE_COLUMNS.map(([name]) => `"${name}"`).join(", ");
  const values = SCORE_COLUMNS.map(([, type], i) => `CAST(value ->> ${i} AS ${type})`).join(", ");
  const changes = `
    INSERT INTO "CustomerSegmentChange" ("shop", "customerGid", "oldSegment", "newSegment", "changedAt", "scoringRunId")
    SELECT ${shopParam}, scored.gid, stored."segment", scored.segment, ${atParam}, ${runParam}
    FROM (SELECT CAST(value ->> 0 AS TEXT) AS gid, CAST(value ->> 1 AS TEXT) AS segment FROM ${jsonArray(rowsParam)}) scored
    LEFT JOIN "CustomerScore" stored ON stored."shop" = ${shopParam} AND stored."customerGid" = scored.gid
    WHERE stored."segment" IS NULL OR stored."segment" <> scored.segment`;
  // "WHERE true" lets SQLite tell the upsert's ON CONFLICT from a join constraint.
  const upsert = `
    INSERT INTO "CustomerScore" ("shop", "scoringRunId", "scoredAt", ${columns})
    SELECT ${shopParam}, ${runParam}, ${atParam}, ${values} FROM ${jsonArray(rowsParam)} WHERE true
    ON CONFLICT ("shop", "customerGid") DO UPDATE SET
      ${["scoringRunId", "scoredAt", ...SCORE_COLUMNS.slice(1).map(([name]) => name)].map((name) => `"${name}" = excluded."${name}"`).join(", ")}`;
  const [segmentChanges] = await db.$transaction([
    db.$executeRawUnsafe(changes, shop, scoringRunId, scoredAt, json),
    db.$executeRawUnsafe(upsert, shop, scoringRunId, scoredAt, json),
  ]);
  return { written: rows.length, segmentChanges };
}

function jsonValue(value: string | number | bigint | null): string | number | null {
  return typeof value === "bigint" ? value.toString() : value;
}

/**
 * Deletes the scores and segment history of customers that a finished rescoring did not score: the shop no longer
 * holds them (redacted, or deleted without orders); and of customers redacted while it ran, whose scores it may have
 * written from a read made before the redaction. Returns how many customers went.
 */
export async function deleteScoresOfCustomersGone(shop: string, scoringRunId: number): Promise<number> {
  const redacted = await db.redactedSubject.findMany({
    where: { shop, gid: { startsWith: "gid://shopify/Customer/" } },
    select: { gid: true },
  });
  const gone = await db.customerScore.findMany({
    where: { shop, OR: [{ scoringRunId: { not: scoringRunId } }, { customerGid: { in: redacted.map((r) => r.gid) } }] },
    select: { customerGid: true },
  });
  const gids = gone.map((row) => row.customerGid);
  // Prisma sends SQLite at most 999 parameters a statement.
  for (let start = 0; start < gids.length; start += 500) {
    const batch = gids.slice(start, start + 500);
    await db.$transaction([
      db.customerSegmentChange.deleteMany({ where: { shop, customerGid: { in: batch } } }),
      db.customerScore.deleteMany({ where: { shop, customerGid: { in: batch } } }),
    ]);
  }
  return gids.length;
}

export interface ShopScoreOverview {
  readonly segments: { segment: string; customers: number }[];
  readonly lastRun: {
    status: string;
    trigger: string;
    startedAt: string;
    finishedAt: string | null;
    customersScored: number | null;
    modelMethod: string | null;
    error: string | null;
  } | null;
}

/** What the home page shows about scoring: customers per segment and the latest rescoring. */
export async function shopScoreOverview(shop: string): Promise<ShopScoreOverview> {
  const [segments, lastRun] = await Promise.all([
    db.customerScore.groupBy({ by: ["segment"], where: { shop }, _count: { _all: true } }),
    db.scoringRun.findFirst({ where: { shop }, orderBy: { id: "desc" } }),
  ]);
  return {
    segments: segments.map((row) => ({ segment: row.segment, customers: row._count._all })).sort((a, b) => b.customers - a.customers),
    lastRun: lastRun && {
      status: lastRun.status,
      trigger: lastRun.trigger,
      startedAt: lastRun.startedAt.toISOString(),
      finishedAt: lastRun.finishedAt?.toISOString() ?? null,
      customersScored: lastRun.customersScored,
      modelMethod: lastRun.modelMethod,
      error: lastRun.error,
    },
  };
}
