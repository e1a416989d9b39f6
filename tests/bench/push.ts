// The loyalty push at 10,000 shoppers: a change that gives every shopper new tags and metafields, pushed to the store
// simulator against a Standard-plan bucket (2,000 points, 100 points/s restore), the way the app does it (bulk
// mutations above 200 calls) next to one mutation per shopper and change, measured in the same run on fresh shops.
// The bucket's clock, and the app's pacer with it, run SCALE times faster than real time, so the naive push takes
// seconds instead of half an hour; both sides run under the same scale.
// Run: npm run bench -- push (BENCH_PUSH_SHOPPERS, BENCH_PUSH_SCALE to change the size and the scale).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

const root = resolve(import.meta.dirname, "../..");
const SHOPPERS = Number(process.env.BENCH_PUSH_SHOPPERS ?? 10_000);
const SCALE = Number(process.env.BENCH_PUSH_SCALE ?? 20);
const APP_URL = "http://127.0.0.1:1";

mkdirSync(resolve(root, "var/bench"), { recursive: true });
const file = resolve(root, "var/bench/push.db");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
const databaseUrl = `file:${file}`;
execFileSync(resolve(root, "node_modules/.bin/prisma"), ["migrate", "deploy", "--config", "prisma/prisma.config.ts"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: databaseUrl },
  stdio: "ignore",
});
Object.assign(process.env, {
  NODE_ENV: "production",
  LOG_LEVEL: "error",
  SHOPIFY_API_KEY: "bench-push",
  SHOPIFY_API_SECRET: "bench-push-secret",
  SHOPIFY_APP_URL: APP_URL,
  SCOPES: "read_customers,write_customers,read_orders,read_all_orders,write_discounts",
  DATABASE_URL: databaseUrl,
  // A fresh database each run: a key of the run's own.
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  // Jobs are queued but not run: the benchmark runs the push itself.
  JOBS_RUN_IN: "worker",
});

const { prepareDatabase, db } = await import("../../app/db.server.ts");
const { pushLoyalty } = await import("../../app/loyalty/push.server.ts");
const { saveLoyaltyRules } = await import("../../app/loyalty/settings.server.ts");
const { loader: homeLoader } = await import("../../app/routes/app._index.tsx");
const { rescoreShop } = await import("../../app/scoring-jobs/rescore.server.ts");
const { setPacerClock } = await import("../../app/shopify/pacer.ts");
const { startSimulator } = await import("../../simulator/index.ts");
const { routeShopifyToSimulator } = await import("../../simulator/dispatcher.ts");
const { STANDARD_BUCKET } = await import("../../simulator/throttle/leaky-bucket.ts");
const { embeddedUrl } = await import("../factories/session-token.ts");
const { installShop, storeManyOrders } = await import("../factories/shop-history.ts");
const { recordFigures } = await import("./results.ts");

await prepareDatabase();
// Shopify's time: the bucket restores 100 points per scaled second; the pacer reads the same clock and sleeps scaled.
const shopifyNow = () => performance.now() * SCALE;
setPacerClock({ now: shopifyNow, sleep: (ms) => new Promise((done) => setTimeout(done, ms / SCALE)) });
const sim = await startSimulator({
  apiKey: "bench-push",
  apiSecret: "bench-push-secret",
  appUrl: APP_URL,
  scopes: "read_customers,write_customers,read_orders,read_all_orders,write_discounts",
  appTomlPath: resolve(root, "shopify.app.toml"),
  bucket: { ...STANDARD_BUCKET, clock: shopifyNow },
});
routeShopifyToSimulator(sim.url);

const DAY = 86_400_000;
// Tags and metafields only: the RFM group tag for everyone and a VIP tag, no codes.
const RULES = {
  rules: [{ id: "vip", tag: "vip", when: { any: [{ segment: ["Champions"] }, { predictedClvPercentile: { atLeast: 95 } }] } }],
  alerts: { atRiskRule: null },
};

/** A shop of SHOPPERS shoppers with one to six orders each over two years, installed, stored and scored. */
async function scoredShop(domain: string): Promise<{ shop: ReturnType<typeof sim.createShop> }> {
  const shop = sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" });
  const today = Date.now();
  const orders: { customer: string; processedAt: Date; totalMinor: bigint }[] = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const customer = shop.createCustomer({ createdAt: new Date(today - 800 * DAY) }, { silent: true });
    const id = customer.gid.split("/").at(-1)!;
    const count = 1 + ((i * 7919) % 6);
    for (let k = 0; k < count; k++) {
      orders.push({ customer: id, processedAt: new Date(today - (1 + ((i * 31 + k * 97) % 700)) * DAY), totalMinor: BigInt(1_500 + ((i * 13) % 40) * 250) });
    }
  }
  // The app's session for the shop, by token exchange with the simulator, as when the merchant opens the app.
  await homeLoader({ request: new Request(embeddedUrl(APP_URL, "/app", domain, await sim.sessionToken(domain))), params: {}, context: {} });
  await installShop(domain, "UTC");
  await storeManyOrders(domain, orders);
  const now = new Date();
  const scored = await rescoreShop(domain, { now, clock: () => now });
  if (scored.status !== "succeeded") throw new Error(`the rescoring of ${domain} ended ${scored.status}`);
  const saved = await saveLoyaltyRules(domain, RULES);
  if (!saved.ok) throw new Error(saved.errors.join("; "));
  return { shop };
}

interface Run {
  readonly seconds: number;
  readonly points: number;
  readonly calls: number;
  readonly throttled: number;
  readonly tagged: number;
}

async function measure(name: string, options: Parameters<typeof pushLoyalty>[2]): Promise<Run> {
  const domain = `bench-push-${name}.myshopify.com`;
  const { shop } = await scoredShop(domain);
  const before = shop.adminCalls().length;
  const started = performance.now();
  const result = await pushLoyalty({ shop: domain }, { now: () => new Date(), signal: new AbortController().signal }, options);
  const seconds = (performance.now() - started) / 1000;
  const calls = shop.adminCalls().slice(before);
  const tagged = shop.customers().filter((c) => c.tags.some((t) => t.startsWith("crm-segment-"))).length;
  if (result.changed !== SHOPPERS || tagged !== SHOPPERS) throw new Error(`${name}: ${result.changed} shoppers changed, ${tagged} tagged, of ${SHOPPERS}`);
  return {
    seconds,
    points: calls.reduce((sum, call) => sum + (call.actualCost ?? call.requestedCost ?? 0), 0),
    calls: calls.length,
    throttled: calls.filter((call) => call.throttled).length,
    tagged,
  };
}

const bulk = await measure("bulk", {});
const naive = await measure("naive", { bulkAbove: Number.POSITIVE_INFINITY, shoppersPerMetafieldsCall: 1 });
await sim.close();
await db.$disconnect();

const k = `${SHOPPERS / 1000}k`;
console.table({
  "the app (bulk mutations)": { seconds: bulk.seconds.toFixed(1), points: bulk.points, calls: bulk.calls, throttled: bulk.throttled },
  "one mutation per shopper": { seconds: naive.seconds.toFixed(1), points: naive.points, calls: naive.calls, throttled: naive.throttled },
});
console.log(
  `clock scale ${SCALE}: ${(naive.seconds / bulk.seconds).toFixed(1)}x faster; the naive push would take ${((naive.seconds * SCALE) / 60).toFixed(0)} minutes on Shopify's clock`,
);
recordFigures([
  { name: `push.${k}.seconds`, value: round(bulk.seconds), unit: "s" },
  { name: `push.${k}.naive_seconds`, value: round(naive.seconds), unit: "s" },
  { name: `push.${k}.ratio`, value: round(naive.seconds / bulk.seconds), unit: "x" },
  { name: `push.${k}.points`, value: bulk.points, unit: "points" },
  { name: `push.${k}.naive_points`, value: naive.points, unit: "points" },
  { name: `push.${k}.clock_scale`, value: SCALE, unit: "x" },
]);

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
