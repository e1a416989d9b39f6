import { expect, test } from "vitest";
import type { SimShop } from "../../simulator/index.ts";
import { startBackfill } from "../../app/backfill/backfill.server.ts";
import { TerminalError } from "../../app/shopify/errors.ts";
import { db } from "../../app/db.server.ts";
import { action as homeAction, loader as homeLoader } from "../../app/routes/app._index.tsx";
import { unauthenticated, type AdminClient } from "../../app/shopify.server.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";
import { runJobs } from "../support/jobs.ts";

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
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
}

async function retryRequest(domain: string): Promise<Request> {
  return new Request(`${store.appUrl}/app?index`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await store.sim.sessionToken(domain)}`, "Content-Type": "application/x-www-form-urlencoded" },
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
  const [first, second] = await Promise.all([retryRequest(domain), retryRequest(domain)]);
  await Promise.all([homeAction({ request: first, params: {}, context: {} }), homeAction({ request: second, params: {}, context: {} })]);
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
    if (query.includes("BackfillOrders")) throw new TerminalError("the shop is locked by Shopify (423)");
  });
  await expect(startBackfill(domain, admin, new Date())).rejects.toThrow(/locked/);
  const failed = { backfillStatus: "failed", backfillError: "BulkOperationRunQuery: the shop is locked by Shopify (423)" };
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject(failed);

  await settle();
  const imports = await db.bulkImport.findMany({ where: { shop: domain }, orderBy: { id: "asc" } });
  expect(imports.map((i) => [i.kind, i.status])).toEqual([
    ["customers", "completed"],
    ["orders", "completed"],
    ["customers", "completed"],
  ]);
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject(failed);
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
    const customersImported = () => db.bulkImport.count({ where: { shop: domain, kind: "customers", status: "completed", createdAt: { gte: startedAt } } });
    for (let i = 0; i < 200 && (await customersImported()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await runJobs(); // the job that imported it also settled the shop
    seen = { customersImported: (await customersImported()) === 1, status: (await db.shop.findUniqueOrThrow({ where: { domain } })).backfillStatus };
  });
  await startBackfill(domain, admin, startedAt);
  expect(seen).toEqual({ customersImported: true, status: "running" });

  await settle();
  expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ backfillStatus: "completed", backfillError: null });
});
