/**
 * The backfill's ingestion of bulk-operation results: 1,000,000 JSONL lines (100,000 customers, then 900,000 orders
 * with their refunds) streamed into a fresh database by the app's own import (importBulkResult: download, line by
 * line, batches of 500 through saveRecordBatch, progress saved after each), on SQLite and on PostgreSQL.
 *
 *   npm run bench -- backfill
 *   npx tsx tests/bench/backfill.ts [--lines 1000000] [--seed N] [--provider sqlite|postgresql]
 *
 * The lines have the shape the store simulator gives the app's two bulk queries (BackfillCustomersBulkQuery,
 * BackfillOrdersBulkQuery, groupObjects false): one line of each is taken from a simulator run and every generated
 * line has its keys, with the ids, dates and amounts of the rescoring benchmark's synthetic shop (rescoring-shop.ts,
 * 1% cancelled, 0.2% test, 4% refunded). Refunds are a list on Order, not a connection, so they come inside their
 * order's line and no line has a __parentId. Setup (not timed): the files are written to var/bench/ (and deleted at the
 * end) and served over HTTP by this process; each database is migrated and ingested in a child process of its own,
 * which checks the rows it ends with against the files (counts and sums) and reports its time and peak memory.
 *
 * Records backfill.rows_per_s and backfill.peak_mb (SQLite), with a .postgresql suffix for PostgreSQL, in
 * bench/results.json.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BackfillCustomersBulkQuery } from "../../app/backfill/graphql/BackfillCustomersBulkQuery.ts";
import { BackfillOrdersBulkQuery } from "../../app/backfill/graphql/BackfillOrdersBulkQuery.ts";
import { startSimulator } from "../../simulator/index.ts";
import { formatDecimal } from "../../simulator/money.ts";
import { adminGraphQL, offlineAccessToken } from "../../simulator/testing/admin-client.ts";
import { migrate, postgresAdminUrl, postgresUrl, ROOT, withPostgres } from "../setup/databases.ts";
import { ensurePostgres } from "../setup/postgres-server.ts";
import { applyTestEnv } from "../setup/test-env.ts";
import { benchOrders, type BenchOrders } from "./rescoring-shop.ts";
import { recordFigures, type Figure } from "./results.ts";

const SHOP = "bench-backfill.myshopify.com";
const DIR = resolve(ROOT, "var/bench");

interface Expected {
  customers: number;
  orders: number;
  refunds: number;
  totalMinor: number;
  refundedMinor: number;
}

interface ChildReport {
  lines: number;
  ms: number;
  /** Per file: lines and milliseconds. */
  files: { kind: string; lines: number; ms: number }[];
  maxRssMb: number;
  stored: Expected;
}

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    seed: { type: "string", default: "20261123" },
    provider: { type: "string", multiple: true },
    child: { type: "string" },
  },
});

if (values.child !== undefined) await ingestInThisProcess(JSON.parse(values.child) as { urls: Record<string, string>; lines: Record<string, number> });
else await main();

async function main(): Promise<void> {
  const lines = Number(values.lines);
  const seed = Number(values.seed);
  const providers = values.provider ?? ["sqlite", "postgresql"];
  const customers = Math.round(lines / 10);
  console.log(
    `node ${process.versions.node}; ${lines.toLocaleString()} lines: ${customers.toLocaleString()} customers, ${(lines - customers).toLocaleString()} orders (seed ${seed})`,
  );

  let t0 = performance.now();
  const templates = await simulatorLines();
  mkdirSync(DIR, { recursive: true });
  const files = { customers: resolve(DIR, `backfill-customers-${lines}.jsonl`), orders: resolve(DIR, `backfill-orders-${lines}.jsonl`) };
  const expected = await writeResults(files, templates, { seed, customers, orders: lines - customers });
  console.log(
    `setup: files written in ${seconds(t0)} s (${mb(statSync(files.customers).size + statSync(files.orders).size)} MB; ${expected.refunds.toLocaleString()} refunds)`,
  );

  const server = serve(files);
  await once(server.listen(0, "127.0.0.1"), "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const figures: Figure[] = [];
  const report: string[] = [];
  try {
    for (const provider of providers) {
      const { url, drop } = await freshDatabase(provider);
      try {
        t0 = performance.now();
        migrate(url);
        console.log(`setup: ${provider} migrated in ${seconds(t0)} s (not timed)`);
        const child = await runChild(url, {
          urls: { customers: `${base}/customers.jsonl`, orders: `${base}/orders.jsonl` },
          lines: { customers, orders: lines - customers },
        });
        for (const key of Object.keys(expected) as (keyof Expected)[]) {
          if (child.stored[key] !== expected[key]) {
            throw new Error(`${provider}: the database holds ${key} ${child.stored[key]}, the files ${expected[key]}`);
          }
        }
        const rate = child.lines / (child.ms / 1000);
        const perFile = child.files.map((f) => `${f.kind} ${Math.round(f.lines / (f.ms / 1000)).toLocaleString()}/s`).join(", ");
        const line =
          `${provider.padEnd(10)} ${child.lines.toLocaleString()} lines in ${(child.ms / 1000).toFixed(1)} s: ` +
          `${Math.round(rate).toLocaleString()} lines/s (${perFile}); peak RSS ${child.maxRssMb.toFixed(0)} MB; rows checked against the files`;
        console.log(line);
        report.push(line);
        if (lines === 1_000_000) {
          const suffix = provider === "sqlite" ? "" : `.${provider}`;
          figures.push(
            { name: `backfill.rows_per_s${suffix}`, value: Math.round(rate), unit: "lines/s" },
            { name: `backfill.peak_mb${suffix}`, value: Math.round(child.maxRssMb), unit: "MB" },
          );
        }
      } finally {
        await drop();
      }
    }
  } finally {
    server.close();
    // 400 MB at the full size; written anew by every run
    for (const path of Object.values(files)) rmSync(path, { force: true });
  }
  console.log(`\nBackfill ingestion of ${lines.toLocaleString()} bulk JSONL lines:`);
  for (const line of report) console.log(line);
  if (figures.length > 0) recordFigures(figures);
}

interface Templates {
  customer: Record<string, unknown>;
  order: Record<string, unknown>;
  refund: Record<string, unknown>;
}

/**
 * One customer line and one order line (with a refund) as the simulator writes them for the app's own bulk queries:
 * the generated lines keep exactly their keys.
 */
async function simulatorLines(): Promise<Templates> {
  const credentials = { apiKey: "bench-backfill", apiSecret: "bench-backfill-secret" };
  const sim = await startSimulator({ ...credentials, appUrl: "http://127.0.0.1:1", scopes: "read_customers,read_orders,read_all_orders" });
  try {
    const shop = sim.createShop(SHOP);
    const customer = shop.createCustomer({ createdAt: new Date("2020-01-01T00:00:00Z") }, { silent: true });
    const order = shop.createOrder({ customerGid: customer.gid, totalMinor: 1234, createdAt: new Date("2020-02-01T10:00:00Z") }, { silent: true });
    shop.refundOrder(order.gid, { amountMinor: 100 }, { silent: true });
    const token = await offlineAccessToken(sim, SHOP, credentials);
    const run = async (query: string): Promise<Record<string, unknown>[]> => {
      const started = await adminGraphQL(
        sim,
        SHOP,
        token,
        "mutation ($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id } userErrors { message } } }",
        { query: query.replace(/^\s*#graphql\s*/, "") },
      );
      const id = (started.body.data?.bulkOperationRunQuery as { bulkOperation: { id: string } | null } | undefined)?.bulkOperation?.id;
      if (!id) throw new Error(`bulkOperationRunQuery failed: ${JSON.stringify(started.body)}`);
      for (;;) {
        const polled = await adminGraphQL(sim, SHOP, token, "query ($id: ID!) { bulkOperation(id: $id) { status url } }", { id });
        const operation = polled.body.data?.bulkOperation as { status: string; url: string | null };
        if (operation.status === "COMPLETED" && operation.url) {
          const text = await (await fetch(operation.url)).text();
          return text
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        }
        if (operation.status !== "CREATED" && operation.status !== "RUNNING") throw new Error(`bulk operation ${operation.status}`);
        await new Promise((done) => setTimeout(done, 20));
      }
    };
    const [customerLine] = await run(BackfillCustomersBulkQuery);
    const [orderLine] = await run(BackfillOrdersBulkQuery);
    const refund = (orderLine?.refunds as Record<string, unknown>[] | undefined)?.[0];
    if (!customerLine || !orderLine || !refund) throw new Error("the simulator gave no customer, order or refund line");
    if ("__parentId" in orderLine || "__parentId" in customerLine) throw new Error("the simulator's lines changed shape: __parentId on a root line");
    return { customer: customerLine, order: orderLine, refund };
  } finally {
    await sim.close();
  }
}

/** Writes the customers' and the orders' result files from the synthetic shop; returns what the database must hold. */
async function writeResults(files: { customers: string; orders: string }, templates: Templates, shop: { seed: number; customers: number; orders: number }) {
  const orders = exactly(benchOrders({ seed: shop.seed, customers: shop.customers, orders: Number.MAX_SAFE_INTEGER }), shop.orders);
  const customerGid = (id: number) => `gid://shopify/Customer/${id}`;
  const firstOrderAt = new Map<number, string>();
  for (const i of orders.index) if (!firstOrderAt.has(orders.customerIds[i]!)) firstOrderAt.set(orders.customerIds[i]!, orders.processedAt[i]!);
  if (firstOrderAt.size !== shop.customers) throw new Error(`${firstOrderAt.size} customers have orders, not ${shop.customers}`);

  const write = async (path: string, lines: (emit: (line: Record<string, unknown>) => Promise<void>) => Promise<void>) => {
    const stream = createWriteStream(path);
    let buffer = "";
    await lines(async (line) => {
      buffer += `${JSON.stringify(line)}\n`;
      if (buffer.length > 1 << 20) {
        if (!stream.write(buffer)) await once(stream, "drain");
        buffer = "";
      }
    });
    stream.end(buffer);
    await once(stream, "close");
  };
  const sameKeys = (line: Record<string, unknown>, template: Record<string, unknown>) => {
    if (Object.keys(line).join() !== Object.keys(template).join())
      throw new Error(`a generated line's keys differ from the simulator's: ${Object.keys(line).join()}`);
    return line;
  };

  const sorted = [...firstOrderAt.entries()].sort((a, b) => a[0] - b[0]);
  await write(files.customers, async (emit) => {
    for (const [id, at] of sorted) {
      const createdAt = at.replace(/\.\d{3}Z$/, "Z");
      await emit(sameKeys({ ...templates.customer, id: customerGid(id), createdAt, updatedAt: createdAt }, templates.customer));
    }
  });

  const expected: Expected = { customers: shop.customers, orders: orders.count, refunds: 0, totalMinor: 0, refundedMinor: 0 };
  const money = (minor: number) => ({ amount: formatDecimal(minor, "USD"), currencyCode: "USD" });
  await write(files.orders, async (emit) => {
    for (let n = 0; n < orders.count; n++) {
      const i = orders.index[n]!;
      const at = orders.processedAt[i]!.replace(/\.\d{3}Z$/, "Z");
      const total = orders.totalMinor[i]!;
      const refunded = orders.refundedMinor[i]!;
      const refundedAt = new Date(Date.parse(at) + 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      const refunds =
        refunded > 0
          ? [
              sameKeys(
                { ...templates.refund, id: `gid://shopify/Refund/${n + 1}`, createdAt: refundedAt, totalRefundedSet: { shopMoney: money(refunded) } },
                templates.refund,
              ),
            ]
          : [];
      expected.refunds += refunds.length;
      expected.totalMinor += total;
      expected.refundedMinor += refunded;
      const line = {
        ...templates.order,
        id: `gid://shopify/Order/${n + 1}`,
        createdAt: at,
        updatedAt: refunded > 0 ? refundedAt : at,
        processedAt: at,
        cancelledAt: orders.cancelled[i] ? at : null,
        test: orders.test[i] === 1,
        currencyCode: "USD",
        presentmentCurrencyCode: "USD",
        discountCodes: [],
        customer: { id: customerGid(orders.customerIds[i]!) },
        totalPriceSet: { shopMoney: money(total), presentmentMoney: money(total) },
        refunds,
      };
      await emit(sameKeys(line, templates.order));
    }
  });
  return expected;
}

/**
 * The first `count` orders but for repeat orders dropped evenly over the whole history (every customer keeps their
 * first order), as indices into `orders`.
 */
function exactly(orders: BenchOrders, count: number): BenchOrders & { index: Int32Array } {
  const repeats: number[] = [];
  for (let i = 1; i < orders.count; i++) if (orders.customerIds[i] === orders.customerIds[i - 1]) repeats.push(i);
  const excess = orders.count - count;
  if (excess < 0 || excess > repeats.length) throw new Error(`the synthetic shop has ${orders.count} orders; ${count} are needed`);
  const drop = new Uint8Array(orders.count);
  for (let k = 0; k < excess; k++) drop[repeats[Math.floor((k * repeats.length) / excess)]!] = 1;
  const index = new Int32Array(count);
  let n = 0;
  for (let i = 0; i < orders.count; i++) if (!drop[i]) index[n++] = i;
  return { ...orders, count, index };
}

/** Serves the two result files as Shopify's storage does: application/jsonl, with a Content-Length. */
function serve(files: { customers: string; orders: string }): Server {
  return createServer((request, response) => {
    const path = request.url === "/customers.jsonl" ? files.customers : request.url === "/orders.jsonl" ? files.orders : null;
    if (path === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(statSync(path).size) });
    createReadStream(path).pipe(response);
  });
}

async function freshDatabase(provider: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `clv_bench_backfill_${Date.now()}_${process.pid}`;
  if (provider === "sqlite") {
    const file = resolve(DIR, `${name}.db`);
    const drop = async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
    };
    return { url: `file:${file}`, drop };
  }
  if (provider !== "postgresql") throw new Error(`Unknown provider "${provider}"; use sqlite or postgresql`);
  const server = await ensurePostgres(postgresAdminUrl());
  // a throwaway server (nothing answered at the URL) has a URL of its own, which withPostgres and postgresUrl read here
  process.env.TEST_POSTGRES_URL = server.url;
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  const drop = async () => {
    await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await server.stop();
  };
  return { url: postgresUrl(name), drop };
}

/** Runs the ingestion in a child process (spawned, not spawnSync: this process serves the files meanwhile). */
async function runChild(url: string, job: { urls: Record<string, string>; lines: Record<string, number> }): Promise<ChildReport> {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--child", JSON.stringify(job)], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  const last = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !last.startsWith("{")) throw new Error(`The ingestion process failed (exit ${code}):\n${stdout}`);
  return JSON.parse(last) as ChildReport;
}

/** The child: both results imported by the app's code, as the import-bulk-result job runs it, then the rows counted. */
async function ingestInThisProcess(job: { urls: Record<string, string>; lines: Record<string, number> }): Promise<void> {
  applyTestEnv(process.env.DATABASE_URL!);
  const { importBulkResult } = await import("../../app/backfill/backfill.server.ts");
  const { db } = await import("../../app/db.server.ts");
  const now = new Date("2026-01-01T00:00:00Z");
  await db.shop.create({ data: { domain: SHOP, state: "installed", installedAt: now, backfillStatus: "running", updatedAt: now } });
  const files: ChildReport["files"] = [];
  const started = performance.now();
  for (const kind of ["customers", "orders"] as const) {
    const record = await db.bulkImport.create({
      data: {
        shop: SHOP,
        kind,
        operationId: `gid://shopify/BulkOperation/${kind === "customers" ? 1 : 2}`,
        status: "importing",
        url: job.urls[kind]!,
        createdAt: now,
        updatedAt: now,
      },
    });
    const t0 = performance.now();
    const lines = await importBulkResult(record, () => new Date());
    files.push({ kind, lines, ms: performance.now() - t0 });
    if (lines !== job.lines[kind]) throw new Error(`${kind}: ${lines} lines imported, ${job.lines[kind]} in the file`);
  }
  const ms = performance.now() - started;
  const sums = await db.order.aggregate({ where: { shop: SHOP }, _sum: { totalMinor: true, refundedMinor: true } });
  const stored: Expected = {
    customers: await db.customer.count({ where: { shop: SHOP } }),
    orders: await db.order.count({ where: { shop: SHOP } }),
    refunds: await db.refund.count({ where: { shop: SHOP } }),
    totalMinor: Number(sums._sum.totalMinor ?? 0),
    refundedMinor: Number(sums._sum.refundedMinor ?? 0),
  };
  await db.$disconnect();
  const report: ChildReport = { lines: files.reduce((n, f) => n + f.lines, 0), ms, files, maxRssMb: peakRssMb(), stored };
  console.log(JSON.stringify(report));
}

/** This process's RSS high-water mark (/proc's VmHWM: getrusage's maxRSS starts at the size of the parent). */
function peakRssMb(): number {
  const status = existsSync("/proc/self/status") ? readFileSync("/proc/self/status", "utf8") : "";
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
