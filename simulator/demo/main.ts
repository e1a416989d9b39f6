/**
 * The demo: a simulated shop with the CDNOW purchase history, the app installed on it the way
 * Shopify admin does, the history backfilled, new orders streaming in as webhooks, all on SQLite.
 * Prints one URL: the simulator's admin page with the app embedded.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { cdnowHistory } from "./cdnow-history.ts";
import { startStack } from "./stack.ts";

const root = resolve(import.meta.dirname, "../..");
const domain = "cdnow-demo.myshopify.com";

const history = cdnowHistory(readFileSync(resolve(root, "tests/fixtures/cdnow/CDNOW_sample.txt"), "utf8"), new Date());
const customers = new Map<string, string>();
const stack = await startStack(
  {
    databaseFile: resolve(root, "var/demo.db"),
    ports: {
      // The app's public URL (as a tunnel would be in development); the app server itself listens behind it.
      app: Number(process.env.DEMO_APP_PORT ?? 3456),
      simulator: Number(process.env.DEMO_SIMULATOR_PORT ?? 3457),
      appServer: Number(process.env.DEMO_APP_SERVER_PORT ?? 3458),
    },
    domain,
    shop: { currencyCode: "USD", ianaTimezone: "America/New_York", name: "CDNOW demo" },
    logLevel: process.env.LOG_LEVEL ?? "warn",
  },
  (shop) => {
    for (const order of history) {
      let customerGid = customers.get(order.customerKey);
      if (!customerGid) {
        customerGid = shop.createCustomer({}, { silent: true }).gid;
        customers.set(order.customerKey, customerGid);
      }
      shop.createOrder({ customerGid, totalMinor: order.totalMinor, createdAt: order.placedAt, processedAt: order.placedAt }, { silent: true });
    }
  },
);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
void stack.appExited.then((code) => {
  if (!stopping) {
    console.error(`The app stopped (exit code ${code}).`);
    void stop(1);
  }
});

// Shopify admin opens the app for the first time: token exchange, install, backfill.
await stack.install();
console.log(`Shop ${domain}: ${customers.size} customers, ${history.length} orders of history.`);
for (;;) {
  const state = await stack.backfill();
  process.stdout.write(`\rBackfill ${state.status}: ${state.done} of ${state.total ?? "?"} records`);
  if (state.status === "completed" || state.status === "failed") break;
  await new Promise((r) => setTimeout(r, 500));
}
process.stdout.write("\n");

// New orders keep arriving, as webhooks.
const shoppers = [...customers.values()];
setInterval(() => {
  const customerGid = shoppers[Math.floor(Math.random() * shoppers.length)];
  const order = stack.shop.createOrder({ customerGid, totalMinor: 1_000 + Math.floor(Math.random() * 6_000) });
  if (Math.random() < 0.1) stack.shop.refundOrder(order.gid, { amountMinor: Math.floor(order.presentmentTotalMinor / 2) });
}, 4_000);

console.log(`\nOpen the app as Shopify admin shows it:\n\n  ${stack.adminUrl}\n\nCtrl-C stops the demo.`);
