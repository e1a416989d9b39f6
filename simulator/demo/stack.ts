/**
 * The whole thing on one machine, as the demo and the browser tests run it: the store simulator with one shop, the
 * app's production build (`remix-serve build/server/index.js`) on a fresh SQLite database with its Shopify calls
 * routed to the simulator, and the frame-ancestor proxy in front of it as the app's public URL. Installing the app
 * (Shopify admin opening it for the first time) and waiting for the backfill are the caller's next steps.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createClient } from "@libsql/client";
import { embeddedAppUrl } from "../admin/frame.ts";
import { type CreateShopOptions, type SimShop, type Simulator, startSimulator } from "../index.ts";
import { startFrameAncestorProxy } from "./frame-ancestor-proxy.ts";

const root = resolve(import.meta.dirname, "../..");
const API_KEY = "demo-app";
const SCOPES = "read_customers,write_customers,read_orders,read_all_orders,write_discounts";
/** Shopify's library answers bots with 410 (Node's fetch is one); Shopify admin opens the app in a browser. */
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export interface StackOptions {
  /** The SQLite file the app keeps its data in; made anew. */
  readonly databaseFile: string;
  readonly ports: { readonly app: number; readonly simulator: number; readonly appServer: number };
  readonly domain: string;
  readonly shop: CreateShopOptions;
  /** The app's log level (its log goes to this process's stderr). */
  readonly logLevel?: string;
}

export interface BackfillState {
  readonly status: string;
  readonly done: number;
  readonly total: number | null;
}

export interface Stack {
  readonly sim: Simulator;
  readonly shop: SimShop;
  readonly domain: string;
  /** The app's public URL (the proxy). */
  readonly appUrl: string;
  /** The simulated admin page that embeds the app, as a merchant opens it. */
  readonly adminUrl: string;
  readonly databaseUrl: string;
  /** Opens the app as Shopify admin does the first time: token exchange, install, and the backfill starts. */
  install(): Promise<void>;
  backfill(): Promise<BackfillState>;
  /** Settles with the app's exit code when the app process ends (by itself or by `stop`). */
  readonly appExited: Promise<number | null>;
  stop(): Promise<void>;
}

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
  for (let i = 0; i < 150; i++) {
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

/** Starts the simulator, the built app and the proxy; `fill` puts the shop's history in before the app is started. */
export async function startStack(options: StackOptions, fill: (shop: SimShop) => void): Promise<Stack> {
  const { databaseFile, ports, domain } = options;
  const appUrl = `http://127.0.0.1:${ports.app}`;
  const appServerUrl = `http://127.0.0.1:${ports.appServer}`;
  const databaseUrl = `file:${databaseFile}`;
  const apiSecret = randomBytes(24).toString("hex");
  // The database is made anew each run, so its tokens are encrypted with a key of the run's own, never written down.
  const tokenEncryptionKey = randomBytes(32).toString("base64");

  mkdirSync(dirname(databaseFile), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${databaseFile}${suffix}`, { force: true });
  await run(resolve(root, "node_modules/.bin/prisma"), ["migrate", "deploy", "--config", "prisma/prisma.config.ts"], { DATABASE_URL: databaseUrl });

  const sim = await startSimulator({ apiKey: API_KEY, apiSecret, appUrl, scopes: SCOPES, appTomlPath: resolve(root, "shopify.app.toml"), port: ports.simulator });
  const shop = sim.createShop(domain, options.shop);
  fill(shop);

  const app = spawn(resolve(root, "node_modules/.bin/remix-serve"), ["build/server/index.js"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(ports.appServer),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appUrl,
      SCOPES,
      DATABASE_URL: databaseUrl,
      TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
      APP_BRIDGE_URL: `${sim.url}/app-bridge.js`,
      SHOPIFY_SIMULATOR_URL: sim.url,
      NODE_OPTIONS: `--import tsx --import ${resolve(import.meta.dirname, "route-shopify.ts")}`,
      LOG_LEVEL: options.logLevel ?? "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const appExited = new Promise<number | null>((done) => app.once("exit", (code) => done(code)));
  const proxy = await startFrameAncestorProxy({ port: ports.app, appOrigin: appServerUrl, adminOrigin: sim.url });
  const db = createClient({ url: databaseUrl });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    app.kill("SIGTERM");
    await appExited;
    proxy.close();
    db.close();
    await sim.close();
  };
  try {
    await waitFor(appServerUrl, app);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    sim,
    shop,
    domain,
    appUrl,
    adminUrl: `${sim.url}/admin/${domain.replace(".myshopify.com", "")}`,
    databaseUrl,
    async install() {
      const answer = await fetch(embeddedAppUrl(appUrl, domain, await sim.sessionToken(domain)), { headers: { "User-Agent": BROWSER_USER_AGENT } });
      if (!answer.ok) throw new Error(`Installing the app failed: HTTP ${answer.status}`);
    },
    async backfill() {
      const shopRow = await db.execute({ sql: 'SELECT "backfillStatus" FROM "Shop" WHERE "domain" = ?', args: [domain] });
      const imports = await db.execute({ sql: 'SELECT "rowsDone", "rowsTotal" FROM "BulkImport" WHERE "shop" = ?', args: [domain] });
      const known = imports.rows.length > 0 && imports.rows.every((r) => r.rowsTotal !== null);
      return {
        status: String(shopRow.rows[0]?.backfillStatus ?? "pending"),
        done: imports.rows.reduce((sum, r) => sum + Number(r.rowsDone), 0),
        total: known ? imports.rows.reduce((sum, r) => sum + Number(r.rowsTotal), 0) : null,
      };
    },
    appExited,
    stop,
  };
}
