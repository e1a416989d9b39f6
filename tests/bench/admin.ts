// The admin's database work at 100,000 scored shoppers, on SQLite and PostgreSQL: the customers list's first page,
// a filtered page, a page 50,000 rows deep (keyset), and the dashboard as viewed after a rescoring (which works out
// the score figures once and keeps them on its run: admin.dashboard_figures_ms, measured apart); medians of RUNS
// loads each, after a warm-up. The list loader's other step, the names of the 50 rows on screen, is one Shopify call and not measured here.
// Run: npm run bench -- admin (BENCH_ADMIN_SHOPPERS, BENCH_ADMIN_PROVIDERS=sqlite,postgresql; BENCH_KEEP=1 keeps the SQLite file).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { migrate, postgresAdminUrl, postgresUrl, ROOT, withPostgres } from "../setup/databases.ts";
import { ensurePostgres } from "../setup/postgres-server.ts";
import { applyTestEnv } from "../setup/test-env.ts";
import { type Figure, recordFigures } from "./results.ts";

const SHOPPERS = Number(process.env.BENCH_ADMIN_SHOPPERS ?? 100_000);
const PROVIDERS = (process.env.BENCH_ADMIN_PROVIDERS ?? "sqlite,postgresql").split(",");
const RUNS = 15;
const TARGET_MS = 150;
const SHOP = "bench-admin.myshopify.com";

interface ChildReport {
  firstPageMs: number;
  filteredMs: number;
  deepPageMs: number;
  dashboardMs: number;
  figuresMs: number;
  rows: number;
}

if (process.argv[2] === "--child") await child();
else await main();

async function main(): Promise<void> {
  const figures: Figure[] = [];
  for (const provider of PROVIDERS) {
    const name = `clv_bench_admin_${Date.now()}`;
    let url: string;
    let drop: () => Promise<void>;
    if (provider === "sqlite") {
      mkdirSync(resolve(ROOT, "var/bench"), { recursive: true });
      const file = resolve(ROOT, `var/bench/${name}.db`);
      url = `file:${file}`;
      drop = async () => {
        for (const suffix of ["", "-wal", "-shm", "-journal"]) if (!process.env.BENCH_KEEP) rmSync(`${file}${suffix}`, { force: true });
      };
    } else {
      const server = await ensurePostgres(postgresAdminUrl());
      await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
      url = postgresUrl(name);
      drop = async () => {
        await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
        await server.stop();
      };
    }
    try {
      migrate(url);
      const result = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--child"], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      const last = result.stdout.trim().split("\n").at(-1) ?? "";
      if (result.status !== 0 || !last.startsWith("{")) throw new Error(`the ${provider} run failed (exit ${result.status}):\n${result.stdout}`);
      const report = JSON.parse(last) as ChildReport;
      const suffix = provider === "sqlite" ? "" : `.${provider}`;
      for (const [figure, value] of [
        ["first_page_ms", report.firstPageMs],
        ["filtered_ms", report.filteredMs],
        ["deep_page_ms", report.deepPageMs],
        ["dashboard_ms", report.dashboardMs],
        ["dashboard_figures_ms", report.figuresMs],
      ] as const) {
        figures.push({
          name: figure.startsWith("dashboard") ? `admin.${figure}${suffix}` : `admin.list.${figure}${suffix}`,
          value: Math.round(value * 10) / 10,
          unit: "ms",
        });
      }
      console.log(
        `${provider.padEnd(10)} ${report.rows.toLocaleString()} shoppers: first page ${report.firstPageMs.toFixed(1)} ms, filtered ${report.filteredMs.toFixed(1)} ms, ` +
          `50,000 deep ${report.deepPageMs.toFixed(1)} ms, dashboard ${report.dashboardMs.toFixed(1)} ms (medians of ${RUNS}; target < ${TARGET_MS} ms on SQLite); ` +
          `the score figures a rescoring works out ${report.figuresMs.toFixed(0)} ms`,
      );
    } finally {
      await drop();
    }
  }
  recordFigures(figures);
}

async function median(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** In a process of its own, with the app's modules bound to the fresh database: fills it, then times the loads. */
async function child(): Promise<void> {
  applyTestEnv(process.env.DATABASE_URL!);
  const { db } = await import("../../app/db.server.ts");
  const { writeCustomerScores } = await import("../../app/persistence/customer-scores.server.ts");
  const { customerListPage } = await import("../../app/persistence/customer-list.server.ts");
  const { parseCustomerListQuery } = await import("../../app/admin/customer-list-query.ts");
  const { encodeCursor } = await import("../../app/admin/keyset-cursor.ts");
  const { dashboard } = await import("../../app/admin/dashboard.server.ts");
  const { shopScoreFigures } = await import("../../app/scoring-jobs/dashboard-figures.server.ts");
  const { keepRunFigures } = await import("../../app/persistence/score-figures.server.ts");
  const { scoredCustomers } = await import("../factories/scored-customers.ts");

  const now = new Date("2026-10-01T00:00:00Z");
  await db.shop.create({ data: { domain: SHOP, state: "installed", installedAt: now, currencyCode: "USD", ianaTimezone: "UTC", backfillStatus: "completed" } });
  const run = await db.scoringRun.create({
    data: { shop: SHOP, trigger: "backfill", status: "succeeded", startedAt: now, finishedAt: now, observationEnd: "2026-09-30" },
  });
  const rows = scoredCustomers(SHOPPERS, 7);
  for (let i = 0; i < rows.length; i += 5_000) {
    await writeCustomerScores(
      SHOP,
      1,
      now,
      rows.slice(i, i + 5_000).map((row) => ({
        ...row,
        repeatPurchaseDays: row.orderCount > 0 ? row.orderCount - 1 : null,
        firstPurchaseOn: row.lastPurchaseOn,
        predictedClvLowMinor: row.predictedClvMinor,
        predictedClvHighMinor: row.predictedClvMinor,
        pAliveLow: row.pAlive,
        pAliveHigh: row.pAlive,
        expectedPurchases30: row.pAlive,
        expectedPurchases90: row.pAlive,
        expectedPurchases365: row.pAlive,
        expectedOrderValueMinor: row.predictedClvMinor,
        expectedNextPurchaseOn: row.lastPurchaseOn,
        confidence: "high",
      })),
    );
  }
  // The VIPs' growth is read on each view: 5% of the shoppers carry the VIP tag, with 10 orders each over the last year.
  const vips = rows.filter((_, i) => i % 20 === 0).map((row) => row.customerGid);
  for (let i = 0; i < vips.length; i += 1_000) {
    const slice = vips.slice(i, i + 1_000);
    await db.pushedState.createMany({ data: slice.map((customerGid) => ({ shop: SHOP, customerGid, tags: "crm-segment-champions,crm-vip", pushedAt: now })) });
    await db.order.createMany({
      data: slice.flatMap((customerGid, v) =>
        Array.from({ length: 10 }, (_, k) => {
          const processedAt = new Date(now.getTime() - (k * 36 + 1) * 86_400_000);
          return {
            shop: SHOP,
            gid: `gid://shopify/Order/${(i + v) * 10 + k}`,
            customerGid,
            shopifyCreatedAt: processedAt,
            processedAt,
            test: false,
            currencyCode: "USD",
            presentmentCurrencyCode: "USD",
            presentmentTotalMinor: 5_000n,
            totalMinor: 5_000n,
            netMinor: 5_000n,
            sourceUpdatedAt: processedAt,
          };
        }),
      ),
    });
  }
  if (process.env.DATABASE_URL!.startsWith("postgres"))
    for (const table of ["CustomerScore", "PushedState", "Order"]) await db.$executeRawUnsafe(`ANALYZE "${table}"`);
  const context = { shop: SHOP, currencyCode: "USD", now, observationEnd: "2026-09-30", overdueAtLeast: 1.5 };
  const query = (text: string) => {
    const parsed = parseCustomerListQuery(new URLSearchParams(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.query;
  };
  // The row 50,000 deep in the default order (set up without timing).
  const [deep] = await db.$queryRawUnsafe<{ predictedClvMinor: bigint | number; customerGid: string }[]>(
    `SELECT "predictedClvMinor", "customerGid" FROM "CustomerScore" WHERE "shop" = '${SHOP}' AND "predictedClvMinor" IS NOT NULL
     ORDER BY "predictedClvMinor" DESC, "customerGid" DESC LIMIT 1 OFFSET ${Math.floor(SHOPPERS / 2)}`,
  );
  const after = encodeCursor({ value: Number(deep!.predictedClvMinor), gid: deep!.customerGid });
  // What the rescoring does once after writing the scores (in its thread), then the dashboard's loads read it.
  const figuresMs = await median(() => shopScoreFigures(SHOP, now), 3);
  await keepRunFigures(run.id, await shopScoreFigures(SHOP, now));
  const report: ChildReport = {
    firstPageMs: await median(() => customerListPage(query(""), context, 50)),
    filteredMs: await median(() => customerListPage(query("segment=Champions&minAlive=50&sort=pAlive"), context, 50)),
    deepPageMs: await median(() => customerListPage(query(`after=${after}`), context, 50)),
    dashboardMs: await median(() => dashboard(SHOP, now)),
    figuresMs,
    rows: await db.customerScore.count({ where: { shop: SHOP } }),
  };
  console.log(JSON.stringify(report));
  await db.$disconnect();
}
