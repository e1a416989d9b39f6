/**
 * A full rescoring of a synthetic shop (100,000 customers, 1,000,000 orders) on SQLite and on PostgreSQL: summaries
 * in SQL, the fits, every customer's scores and the segment history written. Each database is created fresh,
 * filled by raw INSERTs (not timed), and rescored in a child process of its own, so that its peak memory (the
 * process's RSS high-water mark) is the rescoring's alone: twice, the first time (every row new) and a day later
 * (every row rewritten). The rescoring runs as the app runs it, in a worker thread (rescore-in-thread.server.ts),
 * while the process's own event loop is watched: the longest it was held is what webhook intake and the admin
 * pages of a web process would wait at worst.
 *
 *   npm run bench -- rescoring
 *   npx tsx tests/bench/rescoring.ts [--seed N] [--customers N] [--orders N] [--provider sqlite|postgresql]
 *
 * Targets: each rescoring under 20 s and under 1 GB, the event loop never held over 50 ms. The figures go to
 * bench/results.json as rescoring.100k.<database>.{seconds,peak_mb,max_event_loop_block_ms} (the worst of the two).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, migrate, postgresUrl, withPostgres } from "../setup/databases.ts";
import { applyTestEnv } from "../setup/test-env.ts";
import { BENCH_SHOP, benchOrders, insertIntoPostgresql, insertIntoSqlite } from "./rescoring-shop.ts";
import { recordFigures, type Figure } from "./results.ts";

const TARGET_MS = 20_000;
const TARGET_MB = 1024;
const TARGET_BLOCK_MS = 50;
// Noon in New York, the shop's zone, on the day after the history ends; the second rescoring is a day later.
const RESCORINGS = [
  { label: "first rescoring", now: "2026-01-01T17:00:00Z" },
  { label: "next day", now: "2026-01-02T17:00:00Z" },
] as const;

interface ChildReport {
  wallMs: number;
  maxRssMb: number;
  /** The longest the process's event loop was held during the rescoring. */
  maxLoopDelayMs: number;
  outcome: unknown;
}

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "20261123" },
    customers: { type: "string", default: "100000" },
    orders: { type: "string", default: "1000000" },
    provider: { type: "string", multiple: true },
    child: { type: "string" },
  },
});

if (values.child !== undefined) await rescoreInThisProcess(values.child);
else await main();

async function main(): Promise<void> {
  const seed = Number(values.seed);
  const customers = Number(values.customers);
  const orderCount = Number(values.orders);
  const providers = values.provider ?? ["sqlite", "postgresql"];
  console.log(`node ${process.versions.node}; seed ${seed}; ${customers.toLocaleString()} customers, ${orderCount.toLocaleString()} orders`);

  let t0 = performance.now();
  const orders = benchOrders({ seed, customers, orders: orderCount });
  console.log(`setup: ${orders.count.toLocaleString()} orders generated in ${seconds(t0)} s`);

  const results: string[] = [];
  const figures: Figure[] = [];
  let ok = true;
  for (const provider of providers) {
    const { url, drop } = await freshDatabase(provider);
    try {
      t0 = performance.now();
      migrate(url);
      const installedAt = new Date("2026-01-01T00:00:00Z");
      if (provider === "sqlite") await insertIntoSqlite(url, customers, orders, installedAt);
      else await insertIntoPostgresql(url, customers, orders, installedAt);
      console.log(`setup: ${provider} migrated and filled in ${seconds(t0)} s (not timed)`);
      const reports: ChildReport[] = [];
      for (const { label, now } of RESCORINGS) {
        const report = runChild(url, now);
        reports.push(report);
        const within = report.wallMs < TARGET_MS && report.maxRssMb < TARGET_MB && report.maxLoopDelayMs < TARGET_BLOCK_MS;
        ok &&= within;
        const line =
          `${provider.padEnd(10)} ${label.padEnd(16)} ${(report.wallMs / 1000).toFixed(2).padStart(6)} s  ` +
          `peak RSS ${report.maxRssMb.toFixed(0).padStart(4)} MB  ${within ? "OK" : "OVER TARGET"}  ` +
          `event loop blocked at most ${report.maxLoopDelayMs.toFixed(0)} ms`;
        console.log(`${line}\n  ${JSON.stringify(report.outcome)}`);
        results.push(line);
      }
      if (customers === 100_000 && orderCount === 1_000_000) {
        const worst = (pick: (r: ChildReport) => number) => Math.max(...reports.map(pick));
        const name = `rescoring.100k.${provider}`;
        figures.push(
          { name: `${name}.seconds`, value: round(worst((r) => r.wallMs) / 1000, 2), unit: "s" },
          {
            name: `${name}.peak_mb`,
            value: round(
              worst((r) => r.maxRssMb),
              0,
            ),
            unit: "MB",
          },
          {
            name: `${name}.max_event_loop_block_ms`,
            value: round(
              worst((r) => r.maxLoopDelayMs),
              1,
            ),
            unit: "ms",
          },
        );
      }
    } finally {
      await drop();
    }
  }
  console.log(
    `\nRescoring of ${customers.toLocaleString()} customers / ${orders.count.toLocaleString()} orders (seed ${seed}); targets < 20 s, < 1 GB, event loop < 50 ms:`,
  );
  for (const line of results) console.log(line);
  if (figures.length > 0) recordFigures(figures);
  if (!ok) process.exitCode = 1;
}

async function freshDatabase(provider: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `clv_bench_rescoring_${Date.now()}_${process.pid}`;
  if (provider === "sqlite") {
    const dir = resolve(ROOT, "var/bench");
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `${name}.db`);
    const drop = async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
    };
    return { url: `file:${file}`, drop };
  }
  if (provider !== "postgresql") throw new Error(`Unknown provider "${provider}"; use sqlite or postgresql`);
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  const drop = () => withPostgres((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  return { url: postgresUrl(name), drop };
}

function runChild(url: string, now: string): ChildReport {
  const result = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--child", now], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  if (result.status !== 0 || !last.startsWith("{")) throw new Error(`The rescoring process failed (exit ${result.status}):\n${result.stdout}`);
  return JSON.parse(last) as ChildReport;
}

/**
 * The child: one rescoring of the bench shop in a worker thread, as the rescore-shop job runs it; its wall time, the
 * process's peak RSS (the thread's memory is the process's) and the longest hold of this thread's event loop, as
 * one JSON line.
 */
async function rescoreInThisProcess(now: string): Promise<void> {
  applyTestEnv(process.env.DATABASE_URL!);
  const { rescoreShopInThread } = await import("../../app/scoring-jobs/rescore-in-thread.server.ts");
  // How long the event loop (and so webhook intake in the same process) waits at worst.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const t0 = performance.now();
  const outcome = await rescoreShopInThread({ shop: BENCH_SHOP, now, fixedClock: false, trigger: "requested" });
  const wallMs = performance.now() - t0;
  loopDelay.disable();
  if (outcome.status !== "succeeded") throw new Error(`Rescoring ${outcome.status}: ${JSON.stringify(outcome)}`);
  const report: ChildReport = { wallMs, maxRssMb: peakRssMb(), maxLoopDelayMs: loopDelay.max / 1e6, outcome };
  console.log(JSON.stringify(report));
}

/**
 * This process's RSS high-water mark. On Linux, getrusage's maxRSS survives exec and so starts at the size of the
 * parent that forked the process (here the parent holds the generated orders); /proc's VmHWM belongs to this
 * process's own memory.
 */
function peakRssMb(): number {
  const status = existsSync("/proc/self/status") ? readFileSync("/proc/self/status", "utf8") : "";
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
