import { describe, expect, test } from "vitest";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { adminGraphql } from "../../app/shopify/admin-graphql.server.ts";
import { Pacer } from "../../app/shopify/pacer.ts";
import { unauthenticated } from "../../app/shopify.server.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { runJobs } from "../support/jobs.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

// The older docs' Standard bucket (1,000 points, 50 a second), on a clock SCALE times faster than real time: the
// 80 s of restore a burst below needs take under 2 s. The pacer reads the same clock and sleeps in its milliseconds.
const SCALE = 50;
const shopifyNow = () => performance.now() * SCALE;
const shopifySleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms / SCALE));
const store = useSimulatedStore({ bucket: { maximumAvailable: 1000, restoreRate: 50, clock: shopifyNow } });

// 2 + 80 customers at 1 point each: 82 points asked for, and 82 taken when the shop has 80 customers.
const CostlyCustomers = `#graphql
  query CostlyCustomers {
    customers(first: 80) {
      nodes { id tags }
    }
  }`;
interface CostlyCustomersData {
  customers: { nodes: { id: string; tags: string[] }[] };
}

let shops = 0;
/** A shop of 80 customers with the app installed through Shopify admin (token exchange), its install job run. */
async function installedShop() {
  const domain = `pacing-${++shops}.myshopify.com`;
  const shop = store.sim.createShop(domain);
  for (let i = 0; i < 80; i++) shop.createCustomer({}, { silent: true });
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  await runJobs();
  const { admin } = await unauthenticated.admin(domain);
  return { domain, shop, admin };
}

/** Sixty of the costly query at once (4,920 points against a 1,000-point bucket); what the shop answered to them. */
async function burst(call: () => Promise<CostlyCustomersData>, shop: Awaited<ReturnType<typeof installedShop>>["shop"]) {
  const answers = await Promise.all(Array.from({ length: 60 }, call));
  expect(answers.every((answer) => answer.customers.nodes.length === 80)).toBe(true);
  const calls = shop.adminCalls().filter((c) => c.operationName === "CostlyCustomers");
  expect(calls.filter((c) => !c.throttled).every((c) => c.requestedCost === 82 && c.actualCost === 82)).toBe(true);
  return { answered: calls.filter((c) => !c.throttled).length, throttled: calls.filter((c) => c.throttled).length };
}

describe("a burst of costly calls for one shop", () => {
  test("paced: the bucket is never run dry, no call is THROTTLED", async () => {
    const { domain, shop, admin } = await installedShop();
    const pacer = new Pacer({ now: shopifyNow, sleep: shopifySleep });
    const seen = await burst(() => adminGraphql<CostlyCustomersData>(admin, CostlyCustomers, undefined, { shop: domain, pacer }), shop);
    expect(seen).toEqual({ answered: 60, throttled: 0 });
  });

  test("not paced (pace: false): the same burst is THROTTLED, and gets through only by retrying", async () => {
    const { shop, admin } = await installedShop();
    const seen = await burst(() => adminGraphql<CostlyCustomersData>(admin, CostlyCustomers, undefined, { pace: false, sleep: shopifySleep, tries: 200 }), shop);
    expect(seen.answered).toBe(60);
    // Every call beyond the first 12 the bucket holds was refused at least once (500 to 800 refusals were seen).
    expect(seen.throttled).toBeGreaterThanOrEqual(60 - 12);
  });

  test("paced by the process's pacer with no shop given: calls through one client share its pace", async () => {
    const { shop, admin } = await installedShop();
    // The process's pacer runs on real time, slower than this bucket's clock: it waits more than it must, never less.
    const answers = await Promise.all(Array.from({ length: 13 }, () => adminGraphql<CostlyCustomersData>(admin, CostlyCustomers)));
    expect(answers).toHaveLength(13);
    expect(shop.adminCalls().filter((c) => c.operationName === "CostlyCustomers" && c.throttled)).toEqual([]);
  });
});
