/**
 * The demo: a simulated shop with the CDNOW purchase history, the app installed on it the way
 * Shopify admin does, the history backfilled, new orders streaming in as webhooks, all on SQLite.
 * Prints one URL: the simulator's admin page with the app embedded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { createClient } from "@libsql/client";
import { startSimulator } from "../index.ts";
import { embeddedAppUrl } from "../admin/frame.ts";
import { cdnowHistory } from "./cdnow-history.ts";
import { startFrameAncestorProxy } from "./frame-ancestor-proxy.ts";

const root = resolve(import.meta.dirname, "../..");
const appPort = Number(process.env.DEMO_APP_PORT ?? 3456);
const simulatorPort = Number(process.env.DEMO_SIMULATOR_PORT ?? 3457);
const appServerPort = Number(process.env.DEMO_APP_SERVER_PORT ?? 3458);
// The app's public URL (as a tunnel would be in development); the app server itself listens behind it.
const appUrl = `http://127.0.0.1:${appPort}`;
const appServerUrl = `http://127.0.0.1:${appServerPort}`;
const domain = "cdnow-demo.myshopify.com";
const apiKey = "demo-app";
const apiSecret = randomBytes(24).toString("hex");
const scopes = "read_customers,write_customers,read_orders,read_all_orders,write_discounts";
const databaseFile = resolve(root, "var/demo.db");
const databaseUrl = `file:${databaseFile}`;

/** Runs a command quietly; its output is shown only when it fails. */
function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`))));
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error("the app stopped while starting");
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the app did not answer at ${url}`);
}

// A fresh database for every demo run.
mkdirSync(resolve(root, "var"), { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${databaseFile}${suffix}`, { force: true });
await run(resolve(root, "node_modules/.bin/prisma"), ["migrate", "deploy", "--config", "prisma/prisma.config.ts"], { DATABASE_URL: databaseUrl });

const sim = await startSimulator({ apiKey, apiSecret, appUrl, scopes, appTomlPath: resolve(root, "shopify.app.toml"), port: simulatorPort });
const shop = sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "America/New_York", name: "CDNOW demo" });

const history = cdnowHistory(readFileSync(resolve(root, "tests/fixtures/cdnow/CDNOW_sample.txt"), "utf8"), new Date());
const customers = new Map<string, string>();
for (const order of history) {
  let customerGid = customers.get(order.customerKey);
  if (!customerGid) {
    customerGid = shop.createCustomer({}, { silent: true }).gid;
    customers.set(order.customerKey, customerGid);
  }
  shop.createOrder({ customerGid, totalMinor: order.totalMinor, createdAt: order.placedAt, processedAt: order.placedAt }, { silent: true });
}

const app = spawn(resolve(root, "node_modules/.bin/remix-serve"), ["build/server/index.js"], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(appServerPort),
    HOST: "127.0.0.1",
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: scopes,
    DATABASE_URL: databaseUrl,
    APP_BRIDGE_URL: `${sim.url}/app-bridge.js`,
    SHOPIFY_SIMULATOR_URL: sim.url,
    NODE_OPTIONS: `--import tsx --import ${resolve(import.meta.dirname, "route-shopify.ts")}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
  stdio: ["ignore", "ignore", "inherit"],
});

const proxy = await startFrameAncestorProxy({ port: appPort, appOrigin: appServerUrl, adminOrigin: sim.url });

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  proxy.close();
  await sim.close();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
app.on("exit", (code) => {
  if (!stopping) {
    console.error(`The app stopped (exit code ${code}).`);
    void stop(1);
  }
});

await waitFor(appServerUrl, app);

// Shopify admin opens the app for the first time: token exchange, install, backfill.
// (As a browser: the app answers bots with 410.)
const install = await fetch(embeddedAppUrl(appUrl, domain, await sim.sessionToken(domain)), {
  headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" },
});
if (!install.ok) throw new Error(`Installing the app failed: HTTP ${install.status}`);

const db = createClient({ url: databaseUrl });
async function backfillState(): Promise<{ status: string; done: number; total: number | null }> {
  const shopRow = await db.execute({ sql: 'SELECT "backfillStatus" FROM "Shop" WHERE "domain" = ?', args: [domain] });
  const imports = await db.execute({ sql: 'SELECT "rowsDone", "rowsTotal" FROM "BulkImport" WHERE "shop" = ?', args: [domain] });
  const total = imports.rows.every((r) => r.rowsTotal !== null) && imports.rows.length > 0 ? imports.rows.reduce((s, r) => s + Number(r.rowsTotal), 0) : null;
  return { status: String(shopRow.rows[0]?.backfillStatus ?? "pending"), done: imports.rows.reduce((s, r) => s + Number(r.rowsDone), 0), total };
}

console.log(`Shop ${domain}: ${customers.size} customers, ${history.length} orders of history.`);
for (;;) {
  const state = await backfillState();
  process.stdout.write(`\rBackfill ${state.status}: ${state.done} of ${state.total ?? "?"} records`);
  if (state.status === "completed" || state.status === "failed") break;
  await new Promise((r) => setTimeout(r, 500));
}
process.stdout.write("\n");

// New orders keep arriving, as webhooks.
const shoppers = [...customers.values()];
setInterval(() => {
  const customerGid = shoppers[Math.floor(Math.random() * shoppers.length)];
  const order = shop.createOrder({ customerGid, totalMinor: 1_000 + Math.floor(Math.random() * 6_000) });
  if (Math.random() < 0.1) shop.refundOrder(order.gid, { amountMinor: Math.floor(order.presentmentTotalMinor / 2) });
}, 4_000);

console.log(`\nOpen the app as Shopify admin shows it:\n\n  ${sim.url}/admin/${domain.replace(".myshopify.com", "")}\n\nCtrl-C stops the demo.`);
