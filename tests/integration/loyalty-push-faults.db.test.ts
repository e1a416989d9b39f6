import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { pushLoyalty, type PushOptions } from "../../app/loyalty/push.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import { classifyFailure } from "../../app/shopify/errors.ts";
import type { SimShop } from "../../simulator/index.ts";
import type { AdminFault } from "../../simulator/store/availability.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

// Shopify failing some of a loyalty push's calls: the push completes, or fails retryably and the next push completes,
// and the store ends exactly as the app recorded it, with one code per treated shopper.

const store = useSimulatedStore();
const DAY = 86_400_000;
let shops = 0;

/** Sixty shoppers, from frequent recent buyers to one-time buyers of long ago (as in loyalty-push.db.test.ts). */
async function installedShop(): Promise<{ domain: string; shop: SimShop }> {
  const domain = `loyalty-faults-${++shops}.myshopify.com`;
  const shop = store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" });
  const today = Date.now();
  for (let i = 0; i < 60; i++) {
    const customer = shop.createCustomer({ createdAt: new Date(today - 800 * DAY) }, { silent: true });
    const orders = 1 + ((60 - i) % 9);
    for (let k = 0; k < orders; k++) {
      const at = new Date(today - (2 + i * 6 + k * 25) * DAY);
      shop.createOrder({ customerGid: customer.gid, totalMinor: 2_000 + (60 - i) * 150, processedAt: at, createdAt: at }, { silent: true });
    }
  }
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  await store.settle(); // install, backfill, the first rescoring, and the push it queues
  return { domain, shop };
}

function appMetafields(shop: SimShop, gid: string): Record<string, string> {
  return Object.fromEntries(
    shop
      .metafields(gid)
      .filter((m) => m.namespace.startsWith("app--"))
      .map((m) => [m.key, m.value]),
  );
}

/** The store holds exactly what the app recorded: tags, metafields, and one running code per treated shopper. */
async function assertStoreMatchesRecords(domain: string, shop: SimShop, at: Date): Promise<void> {
  const offers = new Map((await db.loyaltyOffer.findMany({ where: { shop: domain, endsAt: { gt: at } } })).map((offer) => [offer.customerGid, offer]));
  const pushed = new Map((await db.pushedState.findMany({ where: { shop: domain } })).map((row) => [row.customerGid, row]));
  const discounts = shop.discounts().filter((d) => d.endsAt === null || d.endsAt > at);
  for (const customer of shop.customers()) {
    const gid = customer.gid;
    const offer = offers.get(gid);
    const record = pushed.get(gid);
    const metafields = appMetafields(shop, gid);
    const codes = discounts.filter((d) => d.context.kind === "customers" && d.context.customerGids.includes(gid)).flatMap((d) => d.codes.map((c) => c.code));
    expect(customer.tags.filter((t) => t.startsWith("crm-")).sort(), gid).toEqual(record?.tags ? record.tags.split(",") : []);
    expect(metafields, gid).toEqual(JSON.parse(record?.metafields ?? "{}"));
    if (offer && !offer.holdout) {
      expect(offer.status, gid).toBe("created");
      expect(codes, gid).toEqual([offer.code]);
      expect(metafields.active_code, gid).toBe(offer.code);
    } else {
      expect(codes, gid).toEqual([]);
    }
  }
  // Every code in Shopify is one the app recorded, once.
  const all = shop.discounts().flatMap((d) => d.codes.map((c) => c.code));
  expect(new Set(all).size).toBe(all.length);
  const recorded = new Set((await db.loyaltyOffer.findMany({ where: { shop: domain, code: { not: null } } })).map((o) => o.code));
  for (const code of all) expect(recorded).toContain(code);
}

/** After every `every`-th mutation Shopify took, the next request meets `fault`; returns how many were scripted, and the stop. */
function faultEvery(shop: SimShop, every: number, fault: AdminFault) {
  const scripted = { count: 0 };
  let mutations = 0;
  const stop = shop.onAdminCall((call) => {
    if (call.kind === "mutation" && !call.throttled && ++mutations % every === 0) {
      shop.failNextAdminRequests(fault);
      scripted.count++;
    }
  });
  return { scripted, stop };
}

type Scenario = readonly [name: string, fault: AdminFault, graphql: PushOptions["graphql"], settleMs: number];

test.each<Scenario>([
  ["THROTTLED (HTTP 200, the bucket refusing)", { code: "THROTTLED" }, {}, 0],
  ["HTTP 429 with Retry-After", { status: 429, retryAfterSeconds: 0.2 }, {}, 0],
  ["HTTP 503", { status: 503 }, {}, 0],
  ["HTTP 500", { status: 500 }, {}, 0],
  // Shopify does the work, the answer comes after the push stopped waiting (100 ms): the retry (at least 250 ms
  // later) finds the code taken by its own earlier try, the tags and metafields already there.
  ["no answer in time, after Shopify did the work", { delayMs: 300 }, { timeoutMs: 100 }, 0],
  // The retry gets there first; the first try is done by Shopify later, against what the retry already did.
  ["no answer in time, the retry done first", { delayMs: 1_500 }, { timeoutMs: 100 }, 1_600],
])("Shopify failing the call after every fourth (%s): the push ends with exactly the intended store, nothing twice", async (_name, fault, graphql, settleMs) => {
  const { domain, shop } = await installedShop();
  // Another period of offers for everyone: the running ones end, so every eligible shopper gets a new code.
  const later = new Date(Date.now() + 75 * DAY);
  expect(await rescoreShop(domain, { now: later, clock: () => later })).toMatchObject({ status: "succeeded" });
  // One call per change (codes, tags, then metafields shopper by shopper): some 75 mutations, a dozen of them failed.
  const options: PushOptions = { bulkAbove: 1_000, shoppersPerMetafieldsCall: 1, graphql };
  const context = () => ({ now: () => later, signal: new AbortController().signal });

  const { scripted, stop } = faultEvery(shop, 4, fault);
  const first = await pushLoyalty({ shop: domain }, context(), options).then(
    (result) => result,
    (error: unknown) => {
      // Not finished: only a failure the job would retry is acceptable.
      expect(classifyFailure(error)).toMatchObject({ kind: "retry" });
      return null;
    },
  );
  stop();
  await new Promise((resolve) => setTimeout(resolve, settleMs)); // requests Shopify is still working on
  expect(scripted.count).toBeGreaterThan(10);
  if (first) expect(first.codesCreated + first.mutations).toBeGreaterThan(0);

  const again = await pushLoyalty({ shop: domain }, context(), options);
  // A push that completed left nothing for the next one.
  if (first) expect(again).toMatchObject({ changed: 0, codesCreated: 0 });
  await assertStoreMatchesRecords(domain, shop, later);
  const running = await db.loyaltyOffer.findMany({ where: { shop: domain, endsAt: { gt: later } } });
  expect(running.length).toBeGreaterThan(0);
  expect(new Set(running.map((o) => o.customerGid)).size).toBe(running.length);
});

test("a 5xx that outlasts the tries fails the push as retryable; the next push completes it without a second code", async () => {
  const { domain, shop } = await installedShop();
  const later = new Date(Date.now() + 75 * DAY);
  expect(await rescoreShop(domain, { now: later, clock: () => later })).toMatchObject({ status: "succeeded" });
  const options: PushOptions = { bulkAbove: 1_000, graphql: { tries: 3 } };
  const context = () => ({ now: () => later, signal: new AbortController().signal });
  let mutations = 0;
  const stop = shop.onAdminCall((call) => {
    if (call.kind === "mutation" && ++mutations === 6) shop.failNextAdminRequests({ status: 503 }, { status: 502 }, { status: 504 });
  });
  const error = await pushLoyalty({ shop: domain }, context(), options).catch((e: unknown) => e);
  stop();
  expect(error).toBeInstanceOf(Error);
  expect(classifyFailure(error)).toMatchObject({ kind: "retry", reason: expect.stringMatching(/504/) });
  const sentBefore = shop.discounts().length;

  const again = await pushLoyalty({ shop: domain }, context(), options);
  expect(again.mutations).toBeGreaterThan(0);
  await assertStoreMatchesRecords(domain, shop, later);
  expect(shop.discounts().length).toBeGreaterThanOrEqual(sentBefore);
  const running = await db.loyaltyOffer.findMany({ where: { shop: domain, endsAt: { gt: later } } });
  expect(new Set(running.map((o) => o.customerGid)).size).toBe(running.length);
});
