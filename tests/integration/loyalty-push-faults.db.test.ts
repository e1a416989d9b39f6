import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { pushLoyalty, type PushOptions } from "../../app/loyalty/push.server.ts";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import { classifyFailure } from "../../app/shopify/errors.ts";
import type { SimShop } from "../../simulator/index.ts";
import type { AdminFault } from "../../simulator/store/availability.ts";
import { assertStoreMatchesRecords, installedLoyaltyShop } from "../factories/loyalty-shop.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

// Shopify failing some of a loyalty push's calls: the push completes, or fails retryably and the next push completes,
// and the store ends exactly as the app recorded it, with one code per treated shopper.

const store = useSimulatedStore();
const DAY = 86_400_000;

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
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-faults");
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
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-faults");
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
