import { describe, expect, test } from "vitest";
import { db } from "../db.server.ts";
import { env } from "../env.server.ts";
import { createJobQueue, jobs } from "../jobs/queue.server.ts";
import { findShopSchedule, shopsDueForRescoring } from "../persistence/rescoring.server.ts";
import { applyWebhook } from "../webhooks/apply.server.ts";
import { installShop, storeManyOrders } from "../../tests/factories/shop-history.ts";
import { samplePayload } from "../../tests/factories/webhooks.ts";
import { planRescorings, requestRescore, requestRescoreAfterWebhooks } from "./jobs.server.ts";
import { RESCORE_POLICY, rescoreTrigger, type ShopRescoreState } from "./schedule.ts";

// The planning job and the rescorings it queues run on the real clock.
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const hour = 3_600_000;

/** Shops in every scheduling situation, each named for what `rescoreTrigger` should make of it. */
const SITUATIONS: Record<string, Partial<ShopRescoreState>> = {
  "requested-due": { rescoreRequestedAt: ago(5 * 60_000), rescoreDueAt: ago(1) },
  "requested-not-yet": { rescoreRequestedAt: ago(60_000), rescoreDueAt: new Date(now.getTime() + 60_000) },
  "daily-due": { nextDailyRescoreAt: ago(1) },
  "rescored-recently": {},
  "never-rescored": { lastRescoreAt: null, backfillCompletedAt: null },
  "backfill-finished": { backfillCompletedAt: ago(60_000), lastRescoreAt: ago(hour) },
  "backfill-running": { backfillStatus: "running", rescoreRequestedAt: ago(hour), rescoreDueAt: ago(hour) },
  "daily-not-yet": { nextDailyRescoreAt: new Date(now.getTime() + hour) },
  uninstalled: { state: "uninstalled", nextDailyRescoreAt: ago(hour) },
};

async function createSituations(): Promise<void> {
  for (const [name, situation] of Object.entries(SITUATIONS)) {
    await db.shop.create({
      data: {
        domain: `${name}.myshopify.com`,
        state: "installed",
        installedAt: ago(30 * 24 * hour),
        ianaTimezone: "Europe/Paris",
        currencyCode: "EUR",
        backfillStatus: "completed",
        backfillCompletedAt: ago(30 * 24 * hour),
        lastRescoreAt: ago(hour),
        nextDailyRescoreAt: new Date(now.getTime() + 12 * hour),
        ...situation,
      },
    });
  }
}

describe("which shops are due", () => {
  test("the query finds exactly the shops rescoreTrigger calls due, with the reason it gives", async () => {
    await createSituations();
    const candidates = await shopsDueForRescoring(now, 100);
    const decided = Object.fromEntries(candidates.map((shop) => [shop.domain.replace(".myshopify.com", ""), rescoreTrigger(shop, now)]));
    expect(decided).toEqual({
      "requested-due": "requested",
      "daily-due": "daily",
      "never-rescored": "daily",
      "backfill-finished": "backfill",
    });
  });

  test("the planning job queues a rescoring of each due shop, which records why and plans the next daily one", async () => {
    await createSituations();
    await planRescorings({}, { now: () => now });
    await jobs.runUntilIdle();
    const runs = await db.scoringRun.findMany({ orderBy: { shop: "asc" }, select: { shop: true, trigger: true, status: true } });
    expect(runs).toEqual([
      { shop: "backfill-finished.myshopify.com", trigger: "backfill", status: "succeeded" },
      { shop: "daily-due.myshopify.com", trigger: "daily", status: "succeeded" },
      { shop: "never-rescored.myshopify.com", trigger: "daily", status: "succeeded" },
      { shop: "requested-due.myshopify.com", trigger: "requested", status: "succeeded" },
    ]);
    expect(await shopsDueForRescoring(new Date(), 100)).toEqual([]);
    const served = await findShopSchedule("requested-due.myshopify.com");
    expect(served).toMatchObject({ rescoreRequestedAt: null, rescoreDueAt: null });
    // Europe/Paris: ten past the next midnight there, within a day.
    const daily = served!.nextDailyRescoreAt!;
    expect(daily.getTime() - served!.lastRescoreAt!.getTime()).toBeLessThanOrEqual(24 * hour + 10 * 60_000);
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", timeStyle: "short" }).format(daily)).toBe("00:10");
  });
});

describe("requests", () => {
  const shop = "requests.myshopify.com";

  test("an applied order webhook asks for a debounced rescoring; other topics do not", async () => {
    await installShop(shop, "UTC");
    await applyWebhook({ shop, topic: "app/scopes_update", payload: JSON.stringify(samplePayload("app/scopes_update")), triggeredAt: null, receivedAt: now });
    expect(await findShopSchedule(shop)).toMatchObject({ rescoreRequestedAt: null, rescoreDueAt: null });

    const before = Date.now();
    await applyWebhook({ shop, topic: "orders/create", payload: JSON.stringify(samplePayload("orders/create")), triggeredAt: null, receivedAt: now });
    const after = Date.now();
    expect(await db.order.count({ where: { shop } })).toBe(1);
    const { rescoreRequestedAt, rescoreDueAt } = (await findShopSchedule(shop))!;
    expect(rescoreRequestedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(rescoreDueAt!.getTime()).toBeGreaterThanOrEqual(before + RESCORE_POLICY.debounceMs);
    expect(rescoreDueAt!.getTime()).toBeLessThanOrEqual(after + RESCORE_POLICY.debounceMs);
  });

  test("a burst of changes keeps the first request and moves the due time to after the last", async () => {
    await installShop(shop, "UTC");
    for (let minute = 0; minute < 5; minute++) {
      await requestRescoreAfterWebhooks(shop, ["refunds/create"], new Date(now.getTime() + minute * 60_000));
    }
    expect(await findShopSchedule(shop)).toMatchObject({
      rescoreRequestedAt: now,
      rescoreDueAt: new Date(now.getTime() + 4 * 60_000 + RESCORE_POLICY.debounceMs),
    });
  });

  test("a request for a shop the app does not know changes nothing", async () => {
    await requestRescoreAfterWebhooks("unknown.myshopify.com", ["orders/create"], now);
    expect(await db.shop.count()).toBe(0);
  });

  test("an applied change queues the debounced rescoring job; a burst leaves one, and it waits for the debounce", async () => {
    await installShop(shop, "UTC");
    await db.shop.update({ where: { domain: shop }, data: { lastRescoreAt: new Date(), nextDailyRescoreAt: new Date(Date.now() + 12 * hour) } });
    for (let i = 0; i < 3; i++) await requestRescoreAfterWebhooks(shop, ["orders/create"], new Date());
    await jobs.runUntilIdle();
    expect(await db.scoringRun.count({ where: { shop } })).toBe(0);
  });

  test("Rescore now: a queued debounced rescoring is brought forward and runs at once", async () => {
    await installShop(shop, "UTC");
    await db.shop.update({ where: { domain: shop }, data: { lastRescoreAt: new Date(), nextDailyRescoreAt: new Date(Date.now() + 12 * hour) } });
    await requestRescoreAfterWebhooks(shop, ["orders/create"], new Date());
    await requestRescore(shop, new Date());
    await jobs.runUntilIdle();
    expect(await db.scoringRun.findMany({ where: { shop }, select: { trigger: true, status: true } })).toEqual([{ trigger: "requested", status: "succeeded" }]);
  });
});

describe("one rescoring per shop at a time", () => {
  test("two workers asked again and again never rescore one shop at once, and both requests are served", async () => {
    const shop = "two-workers.myshopify.com";
    await installShop(shop, "UTC");
    await storeManyOrders(
      shop,
      Array.from({ length: 400 }, (_, i) => ({ customer: `c${i % 80}`, processedAt: `2025-0${1 + (i % 9)}-1${i % 10}T12:00:00Z`, totalMinor: 1_000n + BigInt(i) })),
    );
    const second = createJobQueue(env().DATABASE_URL);
    try {
      await requestRescore(shop, new Date());
      const first = jobs.runUntilIdle();
      // Asked again once the first rescoring runs (however long its thread takes to start): queued behind it, never
      // beside it.
      const waitUntil = Date.now() + 30_000;
      while ((await db.scoringRun.count({ where: { shop } })) === 0 && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < 3; i++) {
        await requestRescore(shop, new Date());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await Promise.all([first, second.runUntilIdle()]);
      await jobs.runUntilIdle();
    } finally {
      await second.stop();
    }
    const runs = await db.scoringRun.findMany({ where: { shop }, orderBy: { startedAt: "asc" } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.every((run) => run.status === "succeeded")).toBe(true);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
    expect(await findShopSchedule(shop)).toMatchObject({ rescoreDueAt: null });
  });
});
