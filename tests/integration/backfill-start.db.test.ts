import { expect, test } from "vitest";
import type { SimShop } from "../../simulator/index.ts";
import { backfillRunner, startBackfill } from "../../app/backfill/backfill.server.ts";
import { db } from "../../app/db.server.ts";
import { action as homeAction, loader as homeLoader } from "../../app/routes/app._index.tsx";
import { unauthenticated, type AdminClient } from "../../app/shopify.server.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const settle = () => store.settle();

/** A shop with a little history, its app opened once from Shopify admin (token exchange, afterAuth). */
async function installedShop(domain: string): Promise<SimShop> {
  const shop = seededShop(domain);
  await openApp(domain);
  await settle();
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed" });
  return shop;
}

function seededShop(domain: string): SimShop {
  const shop = store.sim.createShop(domain, { currencyCode: "USD" });
  const customer = shop.createCustomer({}, { silent: true });
  for (let i = 0; i < 3; i++) shop.createOrder({ customerGid: customer.gid, totalMinor: 1_000 + i }, { silent: true });
  return shop;
}

async function openApp(domain: string) {
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, store.sim.sessionToken(domain))), params: {}, context: {} });
}

function retryRequest(domain: string): Request {
  return new Request(`${store.appUrl}/app?index`, {
    method: "POST",
    headers: { Authorization: `Bearer ${store.sim.sessionToken(domain)}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "",
  });
}

/** The shop's admin client, with `before` run ahead of each bulkOperationRunQuery (it may throw, or wait). */
async function adminWith(domain: string, before: (bulkQuery: string) => Promise<void>): Promise<AdminClient> {
  const { admin } = await unauthenticated.admin(domain);
  const graphql: AdminClient["graphql"] = async (document, options) => {
    const query = options?.variables?.query;
    if (typeof query === "string") await before(query);
    return admin.graphql(document, options);
  };
  return { ...admin, graphql };
}

async function failBackfill(domain: string) {
  await db.shop.update({ where: { domain }, data: { backfillStatus: "failed", backfillError: "An earlier attempt failed" } });
}

test("two token exchanges at once (afterAuth twice) start one backfill", async () => {
  const domain = "twice-installed.myshopify.com";
  const shop = seededShop(domain);
  await Promise.all([openApp(domain), openApp(domain)]);
  await settle();
  expect(shop.bulkOperations()).toHaveLength(2);
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed", backfillError: null });
  expect(await db.order.count({ where: { shop: domain } })).toBe(3);
});

test('a double-clicked "Retry the import" starts one backfill', async () => {
  const domain = "double-click.myshopify.com";
  const shop = await installedShop(domain);
  await failBackfill(domain);
  await Promise.all([homeAction({ request: retryRequest(domain), params: {}, context: {} }), homeAction({ request: retryRequest(domain), params: {}, context: {} })]);
  await settle();
  // Two from the install, two from the retry.
  expect(shop.bulkOperations()).toHaveLength(4);
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed", backfillError: null });
});

test("a backfill whose orders operation could not start stays failed when its customers import finishes", async () => {
  const domain = "half-started.myshopify.com";
  await installedShop(domain);
  await failBackfill(domain);
  const admin = await adminWith(domain, async (query) => {
    if (query.includes("BackfillOrders")) throw new Error("Shopify is unreachable");
  });
  await startBackfill(domain, admin, new Date());
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "failed", backfillError: "Shopify is unreachable" });

  await settle();
  const imports = await db.bulkImport.findMany({ where: { shop: domain }, orderBy: { id: "asc" } });
  expect(imports.map((i) => [i.kind, i.status])).toEqual([
    ["customers", "completed"],
    ["orders", "completed"],
    ["customers", "completed"],
  ]);
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "failed", backfillError: "Shopify is unreachable" });
});

test("a backfill is completed when both its imports are, not when the first one is", async () => {
  const domain = "first-of-two.myshopify.com";
  await installedShop(domain);
  await failBackfill(domain);
  const startedAt = new Date();
  let seen: { customersImported: boolean; status: string } | undefined;
  const admin = await adminWith(domain, async (query) => {
    if (!query.includes("BackfillOrders")) return;
    // Shopify is slow to take the second operation: the first finishes and is imported meanwhile.
    const customersImported = () =>
      db.bulkImport.count({ where: { shop: domain, kind: "customers", status: "completed", createdAt: { gte: startedAt } } });
    for (let i = 0; i < 200 && (await customersImported()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await backfillRunner.drain(); // the pass that imported it also settled the shop
    seen = { customersImported: (await customersImported()) === 1, status: (await db.shop.findUniqueOrThrow({ where: { domain } })).backfillStatus };
  });
  await startBackfill(domain, admin, startedAt);
  expect(seen).toEqual({ customersImported: true, status: "running" });

  await settle();
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed", backfillError: null });
});
