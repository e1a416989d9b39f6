import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const settle = () => store.settle();

/** The merchant opens the app from Shopify admin: token exchange when the app has no session, then afterAuth. */
async function openApp(domain: string) {
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
}

const shopRow = (domain: string) => db.shop.findUniqueOrThrow({ where: { domain } });
const sessions = (domain: string) => db.session.count({ where: { shop: domain } });

test("an app/uninstalled applied after the reinstall keeps the new session and the shop installed", async () => {
  const domain = "late-uninstall.myshopify.com";
  const shop = store.sim.createShop(domain);
  await openApp(domain);
  await settle();

  // The uninstall is received but waits in the inbox (a backlog: no job runs until settle()).
  shop.uninstallApp();
  await store.sim.webhooksSettled();
  // While the app is away, the shop sells; no webhook tells the app.
  shop.createOrder({ customerGid: shop.createCustomer({}).gid, totalMinor: 4_200 });
  await store.sim.webhooksSettled();
  expect(await db.webhookEvent.count({ where: { shop: domain, topic: "app/uninstalled", status: "pending" } })).toBe(1);
  // The merchant installs again; the revoked token is dropped (as the Shopify library does on a 401)
  // and the session token exchanged for a new one.
  await db.session.deleteMany({ where: { shop: domain } });
  await openApp(domain);
  expect(await sessions(domain)).toBe(1);

  await settle();
  expect(await db.webhookEvent.count({ where: { shop: domain, topic: "app/uninstalled", status: "done" } })).toBe(1);
  expect(await sessions(domain)).toBe(1);
  expect(await shopRow(domain)).toMatchObject({ state: "installed", uninstalledAt: null, backfillStatus: "completed" });
  // The late uninstall showed the app it had been away: the history was fetched again.
  expect((await db.order.findMany({ where: { shop: domain }, select: { gid: true } })).map((o) => o.gid).sort()).toEqual(
    shop
      .orders()
      .map((o) => o.gid)
      .sort(),
  );

  // An uninstall after the reinstall still counts.
  shop.uninstallApp();
  await settle();
  expect(await sessions(domain)).toBe(0);
  expect(await shopRow(domain)).toMatchObject({ state: "uninstalled" });
});

test("a reinstall imports what happened while the app was uninstalled", async () => {
  const domain = "reinstalled.myshopify.com";
  const shop = store.sim.createShop(domain, { currencyCode: "USD" });
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
    shop
      .orders()
      .map((o) => [o.gid, o.customerGid, o.totalMinor - o.refundedMinor])
      .sort(),
  );
  expect(await db.customer.count({ where: { shop: domain } })).toBe(2);
  expect(shop.bulkOperations()).toHaveLength(4);
});
