/**
 * The dashboard's figures that come from the scores: shoppers and revenue by segment, the CLV distributions, the RFM
 * grid, the segment migration matrix and the KPIs, each one aggregate query over the shop's rows (no customer list in
 * memory). They take seconds at 100,000 shoppers on SQLite, so a rescoring works them out once, in its thread, and
 * keeps them on its run (ScoringRun.dashboardJson); the dashboard reads that one row.
 */
import { db } from "../db.server.ts";
import { niceBuckets } from "../domain/histogram.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

const AT_RISK = ["At risk", "Previously loyal", "Almost lost"];
const DAY_MS = 86_400_000;

type Num = number | bigint | string | null;
const n = (value: Num) => (value === null ? 0 : Number(value));

async function segments(shop: string) {
  const rows = await db.customerScore.groupBy({
    by: ["segment"],
    where: { shop },
    _count: { _all: true },
    _sum: { historicClvMinor: true, predictedClvMinor: true },
  });
  return rows
    .map((row) => ({
      segment: row.segment,
      customers: row._count._all,
      historicMinor: n(row._sum.historicClvMinor),
      predictedMinor: n(row._sum.predictedClvMinor),
    }))
    .sort((a, b) => b.customers - a.customers);
}

/** Counts of customers by bucket of one money column; the buckets span 0 to the 95th percentile, the rest in the last. */
async function distribution(shop: string, column: "historicClvMinor" | "predictedClvMinor") {
  const { param } = sqlDialect();
  const [count] = await db.$queryRawUnsafe<{ n: Num }[]>(
    `SELECT COUNT(*) AS n FROM "CustomerScore" WHERE "shop" = ${param(1)} AND "${column}" IS NOT NULL AND "orderCount" > 0`,
    shop,
  );
  const total = n(count?.n ?? 0);
  if (total === 0) return [];
  const [p95] = await db.$queryRawUnsafe<{ v: Num }[]>(
    `SELECT "${column}" AS v FROM "CustomerScore" WHERE "shop" = ${param(1)} AND "${column}" IS NOT NULL AND "orderCount" > 0 ORDER BY "${column}" LIMIT 1 OFFSET ${param(2)}`,
    shop,
    Math.floor(0.95 * (total - 1)),
  );
  const buckets = niceBuckets(n(p95?.v ?? 0), 8);
  const width = buckets.width;
  const rows = await db.$queryRawUnsafe<{ b: Num; n: Num }[]>(
    `SELECT CASE WHEN "${column}" >= ${param(2)} THEN ${param(3)} ELSE CAST("${column}" / ${param(4)} AS INTEGER) END AS b, COUNT(*) AS n
     FROM "CustomerScore" WHERE "shop" = ${param(1)} AND "${column}" IS NOT NULL AND "orderCount" > 0 GROUP BY 1`,
    shop,
    width * buckets.count,
    buckets.count,
    width,
  );
  const counts = new Map(rows.map((row) => [n(row.b), n(row.n)]));
  return Array.from({ length: buckets.count + 1 }, (_, i) => ({
    fromMinor: Math.max(0, i) * width,
    toMinor: i === buckets.count ? null : (i + 1) * width,
    customers: counts.get(i) ?? 0,
  }));
}

async function rfmGrid(shop: string) {
  const rows = await db.customerScore.groupBy({
    by: ["rfmRecency", "rfmFrequency"],
    where: { shop, rfmRecency: { not: null } },
    _count: { _all: true },
    _sum: { predictedClvMinor: true },
  });
  return rows.map((row) => ({ r: row.rfmRecency!, f: row.rfmFrequency!, customers: row._count._all, predictedMinor: n(row._sum.predictedClvMinor) }));
}

/** Who moved from which segment to which since `since`: each customer's segment then (their last change before it) against now. */
async function migration(shop: string, since: Date) {
  const { param, timestamp } = sqlDialect();
  const at = timestamp(Math.floor(since.getTime() / 1000));
  const rows = await db.$queryRawUnsafe<{ source: string | null; target: string; n: Num }[]>(
    `SELECT before."newSegment" AS source, s."segment" AS target, COUNT(*) AS n
     FROM "CustomerScore" s
     LEFT JOIN (
       SELECT c."customerGid", c."newSegment" FROM "CustomerSegmentChange" c
       JOIN (SELECT "customerGid", MAX("changedAt") AS at FROM "CustomerSegmentChange" WHERE "shop" = ${param(1)} AND "changedAt" <= ${at} GROUP BY "customerGid") latest
         ON latest."customerGid" = c."customerGid" AND latest.at = c."changedAt"
       WHERE c."shop" = ${param(1)}
     ) before ON before."customerGid" = s."customerGid"
     WHERE s."shop" = ${param(1)}
     GROUP BY before."newSegment", s."segment"`,
    shop,
  );
  return rows.map((row) => ({ from: row.source, to: row.target, customers: n(row.n) }));
}

/**
 * At-risk retention: of the customers who entered an at-risk segment between 2N and N days ago, the share who ordered
 * within N days of entering. Null when no customer entered in that window (too little history yet).
 */
async function atRiskRetention(shop: string, now: Date, days: number) {
  const { param, timestamp, epochSeconds } = sqlDialect();
  const from = timestamp(Math.floor((now.getTime() - 2 * days * DAY_MS) / 1000));
  const to = timestamp(Math.floor((now.getTime() - days * DAY_MS) / 1000));
  const atRisk = AT_RISK.map((_, i) => param(i + 2)).join(", ");
  const [row] = await db.$queryRawUnsafe<{ entered: Num; retained: Num }[]>(
    `SELECT COUNT(*) AS entered,
            SUM(CASE WHEN EXISTS (
              SELECT 1 FROM "Order" o WHERE o."shop" = c."shop" AND o."customerGid" = c."customerGid" AND o."deletedAt" IS NULL AND o."cancelledAt" IS NULL
                AND o."processedAt" > c."changedAt" AND ${epochSeconds('o."processedAt"')} <= ${epochSeconds('c."changedAt"')} + ${days * 86_400}
            ) THEN 1 ELSE 0 END) AS retained
     FROM "CustomerSegmentChange" c
     WHERE c."shop" = ${param(1)} AND c."newSegment" IN (${atRisk}) AND (c."oldSegment" IS NULL OR c."oldSegment" NOT IN (${atRisk}))
       AND c."changedAt" >= ${from} AND c."changedAt" < ${to}`,
    shop,
    ...AT_RISK,
  );
  const entered = n(row?.entered ?? 0);
  return entered === 0 ? null : { entered, retained: n(row?.retained ?? 0) };
}

async function kpis(shop: string, now: Date, { retentionDays }: ScoreFiguresOptions) {
  const { param } = sqlDialect();
  const [repeat] = await db.$queryRawUnsafe<{ buyers: Num; repeaters: Num; next90: Num; next365: Num }[]>(
    `SELECT SUM(CASE WHEN "orderCount" > 0 THEN 1 ELSE 0 END) AS buyers, SUM(CASE WHEN "orderCount" > 1 THEN 1 ELSE 0 END) AS repeaters,
            SUM("expectedPurchases90" * "expectedOrderValueMinor") AS next90, SUM("expectedPurchases365" * "expectedOrderValueMinor") AS next365
     FROM "CustomerScore" WHERE "shop" = ${param(1)}`,
    shop,
  );
  const buyers = n(repeat?.buyers ?? 0);
  return {
    repeatRate: buyers === 0 ? null : n(repeat!.repeaters) / buyers,
    predictedRevenue90Minor: Math.round(n(repeat?.next90 ?? 0)),
    predictedRevenue365Minor: Math.round(n(repeat?.next365 ?? 0)),
    atRiskRetention: await atRiskRetention(shop, now, retentionDays),
  };
}

/** What the figures depend on besides the scores: the KPI windows. */
export interface ScoreFiguresOptions {
  readonly migrationDays: number;
  readonly retentionDays: number;
}

/**
 * VIP CLV growth: the net revenue the VIPs (the shoppers with the VIP rule's tag, as last pushed) brought in the last
 * `days`, per VIP; null when no shopper has the tag. Read on each view (one query over the VIPs' orders), since the
 * push that tags them runs after the rescoring that keeps the other figures.
 */
export async function vipGrowth(shop: string, now: Date, days: number, vipTag: string): Promise<{ vips: number; grownMinor: number } | null> {
  const { param, timestamp } = sqlDialect();
  const since = timestamp(Math.floor((now.getTime() - days * DAY_MS) / 1000));
  const [row] = await db.$queryRawUnsafe<{ vips: Num; grown: Num }[]>(
    `SELECT COUNT(*) AS vips, SUM((SELECT COALESCE(SUM(o."netMinor"), 0) FROM "Order" o
        WHERE o."shop" = p."shop" AND o."customerGid" = p."customerGid" AND o."deletedAt" IS NULL AND o."cancelledAt" IS NULL AND o."test" = false
          AND o."processedAt" > ${since})) AS grown
     FROM "PushedState" p WHERE p."shop" = ${param(1)} AND (',' || p."tags" || ',') LIKE ${param(2)}`,
    shop,
    `%,${vipTag},%`,
  );
  return n(row?.vips ?? 0) > 0 ? { vips: n(row!.vips), grownMinor: n(row!.grown) } : null;
}

/** The score figures as of `now`, with the options they were worked out with (a dashboard with others works them out again). */
export async function scoreFigures(shop: string, now: Date, options: ScoreFiguresOptions) {
  const [bySegment, historic, predicted, grid, moves, kpi] = await Promise.all([
    segments(shop),
    distribution(shop, "historicClvMinor"),
    distribution(shop, "predictedClvMinor"),
    rfmGrid(shop),
    migration(shop, new Date(now.getTime() - options.migrationDays * DAY_MS)),
    kpis(shop, now, options),
  ]);
  return {
    at: now.toISOString(),
    options,
    segments: bySegment,
    distributions: { historic, predicted },
    rfmGrid: grid,
    migration: moves,
    kpis: kpi,
  };
}

export type ScoreFigures = Awaited<ReturnType<typeof scoreFigures>>;

/** The last succeeded rescoring of the shop and the figures kept on it (null when none were kept). */
export async function lastRunFigures(shop: string): Promise<{ runId: number; figures: ScoreFigures | null } | null> {
  const run = await db.scoringRun.findFirst({ where: { shop, status: "succeeded" }, orderBy: { id: "desc" }, select: { id: true, dashboardJson: true } });
  if (!run) return null;
  return { runId: run.id, figures: run.dashboardJson ? (JSON.parse(run.dashboardJson) as ScoreFigures) : null };
}

export async function keepRunFigures(runId: number, figures: ScoreFigures): Promise<void> {
  await db.scoringRun.update({ where: { id: runId }, data: { dashboardJson: JSON.stringify(figures) } });
}
