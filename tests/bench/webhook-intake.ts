// Webhook intake throughput: signed orders/create deliveries over HTTP to the app's route,
// stored in the inbox (SQLite file and PostgreSQL), with 64 deliveries in flight. Intake alone, in this process, with
// a 478-byte order and no HTTP framework: deliveries through `npm start`, applied as orders, are tests/bench/webhooks.ts.
// Run: npm run bench -- intake (both providers), or npx tsx tests/bench/webhook-intake.ts sqlite|postgresql
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { Agent, request } from "undici";

const root = resolve(import.meta.dirname, "../..");
const provider = process.argv[2];
if (!provider) {
  // Both providers, each in a fresh process.
  for (const each of ["sqlite", "postgresql"]) {
    const { status } = (await import("node:child_process")).spawnSync(process.execPath, [...process.execArgv, import.meta.filename, each], { stdio: "inherit" });
    if (status !== 0) process.exit(status ?? 1);
  }
  process.exit(0);
}
const deliveries = Number(process.env.BENCH_DELIVERIES ?? 5_000);
const inFlight = 64;
const secret = "bench-secret";
let databaseUrl: string;
let dropDatabase = async () => {};

if (provider === "sqlite") {
  mkdirSync(resolve(root, "var/bench"), { recursive: true });
  const file = resolve(root, "var/bench/intake.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  databaseUrl = `file:${file}`;
} else {
  const pg = (await import("pg")).default;
  const name = `clv_bench_intake_${process.pid}`;
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  databaseUrl = `postgresql://postgres@127.0.0.1:5432/${name}`;
  dropDatabase = async () => {
    const client = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}
execFileSync(resolve(root, "node_modules/.bin/prisma"), ["migrate", "deploy", "--config", "prisma/prisma.config.ts"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: databaseUrl },
  stdio: "ignore",
});

Object.assign(process.env, {
  NODE_ENV: "production",
  LOG_LEVEL: "error",
  SHOPIFY_API_KEY: "bench",
  SHOPIFY_API_SECRET: secret,
  SHOPIFY_APP_URL: "http://127.0.0.1:1",
  SCOPES: "read_orders",
  DATABASE_URL: databaseUrl,
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});
const { createServer } = await import("node:http");
const { Readable } = await import("node:stream");
const { action } = await import("../../app/routes/webhooks.orders.create.tsx");
const { db, prepareDatabase } = await import("../../app/db.server.ts");
await prepareDatabase();
// Deliveries are taken only from installed shops (docs/decisions/0009-webhook-input-limits.md).
await db.shop.create({ data: { domain: "bench.myshopify.com", state: "installed", installedAt: new Date() } });
// Intake alone: the deliveries' apply-webhooks jobs are queued, and no job runs in this process.
const { jobs } = await import("../../app/jobs/queue.server.ts");
await jobs.deadJobs("bench.myshopify.com"); // the job engine started (pg-boss installs its schema) before the clock

const server = createServer(async (req, res) => {
  const headers = new Headers(req.headers as Record<string, string>);
  const webRequest = new Request(`http://127.0.0.1${req.url}`, {
    method: "POST",
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  let response: Response;
  try {
    response = await action({ request: webRequest, params: {}, context: {} });
  } catch (thrown) {
    response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
  }
  res.writeHead(response.status);
  res.end();
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;

const body = JSON.stringify({
  admin_graphql_api_id: "gid://shopify/Order/1",
  customer: { admin_graphql_api_id: "gid://shopify/Customer/1", email: "someone@example.com" },
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
  processed_at: "2026-11-01T10:00:00Z",
  cancelled_at: null,
  test: false,
  currency: "USD",
  presentment_currency: "USD",
  total_price_set: { shop_money: { amount: "10.00", currency_code: "USD" }, presentment_money: { amount: "10.00", currency_code: "USD" } },
  refunds: [],
});
const hmac = createHmac("sha256", secret).update(body).digest("base64");
const dispatcher = new Agent({ connections: inFlight, pipelining: 1 });

let next = 0;
let failures = 0;
async function worker() {
  while (next < deliveries) {
    next++;
    const { statusCode, body: answer } = await request(`http://127.0.0.1:${port}/webhooks/orders/create`, {
      method: "POST",
      dispatcher,
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": "bench.myshopify.com",
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-hmac-sha256": hmac,
      },
    });
    await answer.dump();
    if (statusCode !== 200) failures++;
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: inFlight }, worker));
const seconds = (performance.now() - started) / 1000;
const stored = await db.webhookEvent.count();
console.log(
  `${provider}: ${deliveries} deliveries in ${seconds.toFixed(2)} s = ${Math.round(deliveries / seconds)} deliveries/s ` +
    `(${inFlight} in flight; ${stored} stored, ${failures} failed; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
);
await dispatcher.close();
server.close();
await jobs.stop();
await db.$disconnect();
await dropDatabase();
process.exit(stored === deliveries && failures === 0 ? 0 : 1);
