import { describe, expect, test } from "vitest";
import { db } from "../db.server.ts";
import { findShopSchedule, shopsDueForRescoring } from "../persistence/rescoring.server.ts";
import { applyWebhook } from "../webhooks/apply.server.ts";
import { installShop } from "../../tests/factories/shop-history.ts";
import { samplePayload } from "../../tests/factories/webhooks.ts";
import { RescoringRunner, requestRescore, requestRescoreAfterWebhook, rescoringRunner } from "./runner.server.ts";
import { RESCORE_POLICY, rescoreTrigger, type ShopRescoreState } from "./schedule.ts";

const now = new Date("2026-06-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const hour = 3_600_000;

/** Shops in every scheduling situation, each named for what `rescoreTrigger` should make of it. */
const SITUATIONS: Record<string, Partial<ShopRescoreState>> = {
  "requested-due": { rescoreRequestedAt: ago(5 * 60_000), rescoreDueAt: ago(1) },
  "requested-not-yet": { rescoreRequestedAt: ago(60_000), rescoreDueAt: new Date(now.getTime() + 60_000) },
  "daily-due": { lastRescoreAt: ago(RESCORE_POLICY.dailyMs) },
  "rescored-recently": {},
  "never-rescored": { lastRescoreAt: null, backfillCompletedAt: null },
  "backfill-finished": { backfillCompletedAt: ago(60_000), lastRescoreAt: ago(hour) },
  "backfill-running": { backfillStatus: "running", rescoreRequestedAt: ago(hour), rescoreDueAt: ago(hour) },
  "leased": { scoringLockedUntil: new Date(now.getTime() + 60_000), rescoreRequestedAt: ago(hour), rescoreDueAt: ago(hour) },
  "lease-ran-out": { scoringLockedUntil: ago(1), rescoreRequestedAt: ago(hour), rescoreDueAt: ago(hour) },
  "uninstalled": { state: "uninstalled", lastRescoreAt: ago(2 * RESCORE_POLICY.dailyMs) },
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
        ...situation,
      },
    });
  }
}

describe("which shops are due", () => {
  test("the query finds exactly the shops rescoreTrigger calls due, with the reason it gives", async () => {
    await createSituations();
    const candidates = await shopsDueForRescoring(now, RESCORE_POLICY, 100);
    const decided = Object.fromEntries(candidates.map((shop) => [shop.domain.replace(".myshopify.com", ""), rescoreTrigger(shop, now)]));
    expect(decided).toEqual({
      "requested-due": "requested",
      "daily-due": "daily",
      "never-rescored": "daily",
      "backfill-finished": "backfill",
      "lease-ran-out": "requested",
    });
  });

  test("the runner rescores each due shop once, records why, and leaves the others", async () => {
    await createSituations();
    const runner = new RescoringRunner(() => now);
    await runner.drain();
    const runs = await db.scoringRun.findMany({ orderBy: { shop: "asc" }, select: { shop: true, trigger: true, status: true } });
    expect(runs).toEqual([
      { shop: "backfill-finished.myshopify.com", trigger: "backfill", status: "succeeded" },
      { shop: "daily-due.myshopify.com", trigger: "daily", status: "succeeded" },
      { shop: "lease-ran-out.myshopify.com", trigger: "requested", status: "succeeded" },
      { shop: "never-rescored.myshopify.com", trigger: "daily", status: "succeeded" },
      { shop: "requested-due.myshopify.com", trigger: "requested", status: "succeeded" },
    ]);
    expect(await shopsDueForRescoring(now, RESCORE_POLICY, 100)).toEqual([]);
    const served = await findShopSchedule("requested-due.myshopify.com");
    expect(served).toMatchObject({ rescoreRequestedAt: null, rescoreDueAt: null, lastRescoreAt: now, scoringLockedUntil: null });
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
      await requestRescoreAfterWebhook(shop, "refunds/create", new Date(now.getTime() + minute * 60_000));
    }
    expect(await findShopSchedule(shop)).toMatchObject({
      rescoreRequestedAt: now,
      rescoreDueAt: new Date(now.getTime() + 4 * 60_000 + RESCORE_POLICY.debounceMs),
    });
  });

  test("a request for a shop the app does not know changes nothing", async () => {
    await requestRescoreAfterWebhook("unknown.myshopify.com", "orders/create", now);
    expect(await db.shop.count()).toBe(0);
  });

  test("Rescore now: due at once and run by this process without waiting for the tick", async () => {
    await installShop(shop, "UTC");
    await db.shop.update({ where: { domain: shop }, data: { lastRescoreAt: new Date() } });
    await requestRescore(shop, new Date());
    await rescoringRunner.drain();
    expect(await db.scoringRun.findMany({ where: { shop }, select: { trigger: true, status: true } })).toEqual([
      { trigger: "requested", status: "succeeded" },
    ]);
  });
});
