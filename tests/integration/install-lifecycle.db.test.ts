import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { routeShopifyToSimulator } from "../../simulator/dispatcher.ts";
import { backfillRunner } from "../../app/backfill/backfill.server.ts";
import { db } from "../../app/db.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { inboxWorker } from "../../app/webhooks/inbox-worker.server.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { TEST_APP } from "../setup/test-env.ts";
import { startAppServer, type AppServer } from "../support/app-server.ts";

let appServer: AppServer;
let sim: Simulator;

beforeAll(async () => {
  appServer = await startAppServer(Number(process.env.TEST_APP_PORT));
  sim = await startSimulator({
    apiKey: TEST_APP.apiKey,
    apiSecret: TEST_APP.apiSecret,
    appUrl: appServer.url,
    scopes: TEST_APP.scopes,
    appTomlPath: "shopify.app.toml",
    retryDelayScale: 1 / 36_000,
  });
  routeShopifyToSimulator(sim.url);
});

afterAll(async () => {
  inboxWorker.resume();
  await sim?.close();
  await appServer?.close();
});

/** Waits for webhook deliveries, the inbox and backfill imports. */
async function settle() {
  for (let round = 0; round < 100; round++) {
    await sim.webhooksSettled();
    await inboxWorker.drain();
    await backfillRunner.drain();
    const pending = await db.webhookEvent.count({ where: { status: "pending" } });
    const importing = await db.bulkImport.count({ where: { status: { in: ["running", "importing"] } } });
    if (pending === 0 && importing === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the app did not settle");
}

/** The merchant opens the app from Shopify admin: token exchange when the app has no session, then afterAuth. */
async function openApp(domain: string) {
  await homeLoader({ request: new Request(embeddedUrl(appServer.url, "/app", domain, sim.sessionToken(domain))), params: {}, context: {} });
}

const shopRow = (domain: string) => db.shop.findUniqueOrThrow({ where: { domain } });
const sessions = (domain: string) => db.session.count({ where: { shop: domain } });

test("an app/uninstalled applied after the reinstall keeps the new session and the shop installed", async () => {
  const domain = "late-uninstall.myshopify.com";
  const shop = sim.createShop(domain);
  await openApp(domain);
  await settle();

  // The uninstall is received but waits in the inbox (a backlog, a process that stopped).
  await inboxWorker.stop();
  shop.uninstallApp();
  await sim.webhooksSettled();
  expect(await db.webhookEvent.count({ where: { shop: domain, topic: "app/uninstalled", status: "pending" } })).toBe(1);
  // The merchant installs again; the revoked token is dropped (as the Shopify library does on a 401)
  // and the session token exchanged for a new one.
  await db.session.deleteMany({ where: { shop: domain } });
  await openApp(domain);
  expect(await sessions(domain)).toBe(1);

  inboxWorker.resume();
  await settle();
  expect(await db.webhookEvent.count({ where: { shop: domain, topic: "app/uninstalled", status: "done" } })).toBe(1);
  expect(await sessions(domain)).toBe(1);
  expect(await shopRow(domain)).toMatchObject({ state: "installed", uninstalledAt: null });

  // An uninstall after the reinstall still counts.
  shop.uninstallApp();
  await settle();
  expect(await sessions(domain)).toBe(0);
  expect(await shopRow(domain)).toMatchObject({ state: "uninstalled" });
});

test("a reinstall imports what happened while the app was uninstalled", async () => {
  const domain = "reinstalled.myshopify.com";
  const shop = sim.createShop(domain, { currencyCode: "USD" });
  const customer = shop.createCustomer({}, { silent: true });
  shop.createOrder({ customerGid: customer.gid, totalMinor: 1_000 }, { silent: true });
  await openApp(domain);
  await settle();
  expect(await shopRow(domain)).toMatchObject({ backfillStatus: "completed" });
  expect(await db.order.count({ where: { shop: domain } })).toBe(1);

  shop.uninstallApp();
  await settle();
  expect(await shopRow(domain)).toMatchObject({ state: "uninstalled" });
  expect(await sessions(domain)).toBe(0);

  // No webhooks reach an uninstalled app.
  const newcomer = shop.createCustomer({});
  shop.createOrder({ customerGid: newcomer.gid, totalMinor: 2_500 });
  shop.refundOrder(shop.orders()[0]?.gid as string, { amountMinor: 300 });
  await settle();
  expect(await db.order.count({ where: { shop: domain } })).toBe(1);

  await openApp(domain);
  await settle();
  expect(await shopRow(domain)).toMatchObject({ state: "installed", backfillStatus: "completed", backfillError: null });
  const kept = await db.order.findMany({ where: { shop: domain } });
  expect(kept.map((o) => [o.gid, o.customerGid, Number(o.netMinor)]).sort()).toEqual(
    shop.orders().map((o) => [o.gid, o.customerGid, o.totalMinor - o.refundedMinor]).sort(),
  );
  expect(await db.customer.count({ where: { shop: domain } })).toBe(2);
  expect(shop.bulkOperations()).toHaveLength(4);
});
