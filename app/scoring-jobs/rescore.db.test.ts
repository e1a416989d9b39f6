import { describe, expect, test } from "vitest";
import { db } from "../db.server.ts";
import { shopScoreOverview } from "../persistence/customer-scores.server.ts";
import { scoreShop, simulateShopOrders } from "../scoring/index.ts";
import { redactCustomer } from "../persistence/compliance.server.ts";
import { customerGid, engineOrdersOf, installShop, storeManyOrders, storeOrders } from "../../tests/factories/shop-history.ts";
import { rescoreDueShop } from "./jobs.server.ts";
import { rescoreShop, type RescoreOptions } from "./rescore.server.ts";
import { sampleOfCustomers } from "./purchase-days.ts";
import { nextDailyRescoreAt } from "./schedule.ts";

const shop = "rescore.myshopify.com";
const zone = "America/Los_Angeles";
const SEED = 3_141;
// 12:00 on 1 January 2026 in Los Angeles
const now = new Date("2026-01-01T20:00:00Z");

function options(at: Date): RescoreOptions {
  return { now: at, clock: () => at };
}

/**
 * A shop with a seeded synthetic history (orders at 10:00 local), a customer without orders and one whose only order
 * was cancelled. With 300 customers both models are fitted, not the fallback.
 */
async function syntheticShop(customers = 300): Promise<void> {
  console.log(`rescoring test shop seed: ${SEED}`);
  await installShop(shop, zone);
  const orders = simulateShopOrders({ seed: SEED, customers, start: "2024-01-01", end: "2025-12-31" });
  await storeManyOrders(
    shop,
    orders.map((order) => ({
      customer: order.customerId,
      processedAt: `${String(order.placedAt)}T18:00:00Z`,
      totalMinor: BigInt(Math.round(order.total * 100)),
    })),
  );
  await storeOrders(shop, [{ customer: "cancelled-only", processedAt: "2025-06-01T18:00:00Z", totalMinor: 5_000n, cancelled: true }]);
  await db.customer.create({ data: { shop, gid: customerGid("no-orders") } });
}

/** |actual − expected| within a relative tolerance (the two paths add money in different orders). */
function expectClose(actual: number | bigint | null, expected: number, label: string, relative = 1e-6, absolute = 1e-9): void {
  expect(actual, label).not.toBeNull();
  expect(Math.abs(Number(actual) - expected), label).toBeLessThanOrEqual(Math.max(absolute, relative * Math.abs(expected)));
}

describe("rescoreShop", () => {
  test("stores for every customer what the engine computes from the same orders", async () => {
    await syntheticShop();
    const outcome = await rescoreShop(shop, options(now));
    expect(outcome.status).toBe("succeeded");

    const knownCustomers = (await db.customer.findMany({ where: { shop }, select: { gid: true } })).map((c) => c.gid);
    // The day's first rescoring chooses the shop's model by backtest, as the engine does from the same orders.
    const engine = scoreShop(await engineOrdersOf(shop, zone), { observationEnd: "2026-01-01", customerIds: knownCustomers, model: "auto" });
    const chosenRun = await db.scoringRun.findUniqueOrThrow({ where: { id: outcome.status === "succeeded" ? outcome.runId : -1 } });
    const choice = JSON.parse(chosenRun.modelChoiceJson!);
    expect(choice).toMatchObject({ chosen: engine.choice!.chosen, reason: "initial-choice", calibrationEnd: engine.choice!.calibrationEnd });
    expect(choice.candidates.map((c: { model: string; logScore: number }) => [c.model, c.logScore.toFixed(9)])).toEqual(
      engine.choice!.candidates.map((c) => [c.model, c.logScore.toFixed(9)]),
    );
    expect(chosenRun.modelName).toBe(engine.choice!.chosen);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).purchaseModel).toBe(engine.choice!.chosen);
    const stored = new Map((await db.customerScore.findMany({ where: { shop } })).map((row) => [row.customerGid, row]));
    expect(stored.size).toBe(engine.customers.length + engine.prospects.length);
    expect(engine.prospects.map((p) => p.customerId).sort()).toEqual([customerGid("cancelled-only"), customerGid("no-orders")]);

    for (const expected of engine.customers) {
      const row = stored.get(expected.customerId)!;
      const id = expected.customerId;
      expect(row, id).toMatchObject({
        segment: expected.segment,
        rfmRecency: expected.rfm.r,
        rfmFrequency: expected.rfm.f,
        rfmMonetary: expected.rfm.m,
        orderCount: expected.summary.orderCount,
        repeatPurchaseDays: expected.summary.frequency,
        firstPurchaseOn: expected.summary.firstPurchase,
        lastPurchaseOn: expected.summary.lastPurchase,
        historicClvMinor: BigInt(Math.round(expected.historicClv * 100)),
        expectedNextPurchaseOn: expected.expectedNextPurchase,
        confidence: expected.confidence,
        scoringRunId: outcome.status === "succeeded" ? outcome.runId : -1,
        scoredAt: now,
      });
      expectClose(row.pAlive, expected.pAlive, `${id} pAlive`);
      expectClose(row.pAliveLow, expected.pAliveLow, `${id} pAliveLow`);
      expectClose(row.pAliveHigh, expected.pAliveHigh, `${id} pAliveHigh`);
      expectClose(row.expectedPurchases30, expected.expectedPurchases.days30, `${id} E30`);
      expectClose(row.expectedPurchases90, expected.expectedPurchases.days90, `${id} E90`);
      expectClose(row.expectedPurchases365, expected.expectedPurchases.days365, `${id} E365`);
      expectClose(row.expectedDaysBetweenPurchases, expected.expectedDaysBetweenPurchases, `${id} days between purchases`);
      // money in cents: equal up to the rounding of the last cent
      expectClose(row.predictedClvMinor, expected.predictedClv * 100, `${id} CLV`, 1e-6, 1);
      expectClose(row.predictedClvLowMinor, expected.predictedClvLow * 100, `${id} CLV low`, 1e-6, 1);
      expectClose(row.predictedClvHighMinor, expected.predictedClvHigh * 100, `${id} CLV high`, 1e-6, 1);
      expectClose(row.expectedOrderValueMinor, expected.expectedOrderValue * 100, `${id} order value`, 1e-6, 1);
    }
    for (const prospect of engine.prospects) {
      expect(stored.get(prospect.customerId)).toMatchObject({ segment: "Prospects", orderCount: 0, historicClvMinor: 0n, pAlive: null });
    }

    const run = await db.scoringRun.findFirstOrThrow({ where: { shop } });
    expect(engine.model.method).toBe("maximum-likelihood");
    expect(engine.spend.method).toBe("maximum-likelihood");
    expect(run).toMatchObject({
      status: "succeeded",
      trigger: "requested",
      observationEnd: "2026-01-01",
      timeZone: zone,
      modelName: engine.model.name,
      modelMethod: engine.model.method,
      converged: engine.model.converged,
      spendMethod: engine.spend.method,
      customersScored: engine.customers.length,
      prospects: 2,
      segmentChanges: stored.size,
      error: null,
    });
    const params = JSON.parse(run.modelParamsJson!).params as Record<string, number>;
    for (const [name, value] of Object.entries(engine.model.params)) expectClose(params[name]!, value, `model ${name}`);
    expectClose(run.logLikelihood, engine.model.logLikelihood, "log-likelihood");
    expectClose(run.spendGamma, engine.spend.gamma, "spend gamma");
    // The dashboard's figures, worked out from the scores just written.
    const figures = JSON.parse(run.dashboardJson!) as { at: string; segments: { segment: string; customers: number }[] };
    expect(figures.at).toBe(now.toISOString());
    const segments = new Map<string, number>();
    for (const row of stored.values()) segments.set(row.segment, (segments.get(row.segment) ?? 0) + 1);
    expect(Object.fromEntries(figures.segments.map((s) => [s.segment, s.customers]))).toEqual(Object.fromEntries(segments));
  });

  test("records a segment change only when a customer's segment changes", async () => {
    await syntheticShop(80);
    const first = await rescoreShop(shop, options(now));
    const scored = await db.customerScore.count({ where: { shop } });
    const firstChanges = await db.customerSegmentChange.findMany({ where: { shop } });
    expect(firstChanges).toHaveLength(scored);
    expect(firstChanges.every((change) => change.oldSegment === null)).toBe(true);

    // an hour later, same day, same orders: same segments, no new history
    const again = await rescoreShop(shop, options(new Date(now.getTime() + 3_600_000)));
    expect(again).toMatchObject({ status: "succeeded", segmentChanges: 0 });
    expect(await db.customerSegmentChange.count({ where: { shop } })).toBe(scored);

    const before = new Map((await db.customerScore.findMany({ where: { shop } })).map((row) => [row.customerGid, row.segment]));
    const nextDay = new Date("2026-01-02T20:00:00Z");
    await storeOrders(shop, [
      { customer: "no-orders", processedAt: "2026-01-02T18:00:00Z", totalMinor: 25_000n },
      ...["c1", "c2", "c3"].flatMap((customer) => [0, 1, 2].map((k) => ({ customer, processedAt: `2026-01-02T1${k}:00:00Z`, totalMinor: 90_000n }))),
    ]);
    const third = await rescoreShop(shop, options(nextDay));
    expect(third.status).toBe("succeeded");
    const after = new Map((await db.customerScore.findMany({ where: { shop } })).map((row) => [row.customerGid, row.segment]));
    const changed = [...after].filter(([gid, segment]) => before.get(gid) !== segment).map(([gid]) => gid);
    expect(changed).toContain(customerGid("no-orders"));

    const thirdRunId = third.status === "succeeded" ? third.runId : -1;
    const recorded = await db.customerSegmentChange.findMany({ where: { shop, scoringRunId: thirdRunId } });
    expect(recorded.map((change) => change.customerGid).sort()).toEqual(changed.sort());
    for (const change of recorded) {
      expect(change).toMatchObject({
        oldSegment: before.get(change.customerGid) ?? null,
        newSegment: after.get(change.customerGid),
        changedAt: nextDay,
      });
    }
    expect(first.status).toBe("succeeded");
  });

  test("drops the scores and segment history of a customer the shop no longer holds", async () => {
    await syntheticShop(60);
    await rescoreShop(shop, options(now));
    const gone = customerGid("c1");
    expect(await db.customerScore.count({ where: { shop, customerGid: gone } })).toBe(1);
    await redactCustomer(shop, gone, []);
    await rescoreShop(shop, options(new Date(now.getTime() + 60_000)));
    expect(await db.customerScore.count({ where: { shop, customerGid: gone } })).toBe(0);
    expect(await db.customerSegmentChange.count({ where: { shop, customerGid: gone } })).toBe(0);
    expect(await db.customerScore.count({ where: { shop } })).toBeGreaterThan(50);
  });

  test("a failure is recorded on the run, the daily one planned, and the job told so that it retries", async () => {
    await installShop(shop, "Mars/Olympus_Mons");
    await storeOrders(shop, [{ customer: "a", processedAt: "2025-12-01T12:00:00Z", totalMinor: 1_000n }]);
    const outcome = await rescoreShop(shop, options(now));
    expect(outcome).toMatchObject({ status: "failed", error: expect.stringMatching(/time zone/i) });
    const run = await db.scoringRun.findFirstOrThrow({ where: { shop } });
    expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/Mars\/Olympus_Mons/), finishedAt: now });

    // The job's retry rescores whatever the planner says (the failed try took the request), and throws again.
    const retry = rescoreDueShop({ shop }, { attempt: 2, now: () => now, signal: new AbortController().signal });
    await expect(retry).rejects.toThrow(/rescoring of rescore.myshopify.com failed: .*Mars\/Olympus_Mons/);
    expect(await db.scoringRun.findMany({ where: { shop }, select: { trigger: true } })).toEqual([{ trigger: "requested" }, { trigger: "retry" }]);
  });

  test("a rescoring plans the next daily one just after the shop's next midnight", async () => {
    await syntheticShop(40);
    await rescoreShop(shop, options(now));
    const after = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(after.lastRescoreAt).toEqual(now);
    expect(after.nextDailyRescoreAt).toEqual(nextDailyRescoreAt(zone, now));
    // 12:00 in Los Angeles: the next midnight there is 08:00 UTC the next day.
    expect(after.nextDailyRescoreAt).toEqual(new Date("2026-01-02T08:10:00Z"));
  });

  test("the model is chosen on the day's first rescoring only; the day's later ones fit the kept model, the next day chooses again", async () => {
    await syntheticShop();
    await rescoreShop(shop, options(now));
    const chosen = (await db.shop.findUniqueOrThrow({ where: { domain: shop } })).purchaseModel;
    expect(chosen).not.toBeNull();
    await db.shop.update({ where: { domain: shop }, data: { purchaseModel: chosen === "bgnbd" ? "pareto" : "bgnbd" } });
    const kept = (await db.shop.findUniqueOrThrow({ where: { domain: shop } })).purchaseModel;
    await rescoreShop(shop, options(new Date(now.getTime() + 3_600_000)));
    await rescoreShop(shop, options(new Date(now.getTime() + 24 * 3_600_000)));
    const runs = await db.scoringRun.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(runs.map((run) => run.modelChoiceJson !== null)).toEqual([true, false, true]);
    // Later the same day: the shop's model as kept, whatever it is, and no new choice.
    expect(runs[1]!.modelName).toBe(kept);
    // The next day's choice starts from the kept model and says so.
    expect(JSON.parse(runs[2]!.modelChoiceJson!)).toMatchObject({ previous: kept });
  });

  test("in a shop larger than the daily checks' sample, the choice and the health backtest that sample's customers only", async () => {
    await syntheticShop();
    const outcome = await rescoreShop(shop, { ...options(now), dailyCheckCustomers: 100 });
    expect(outcome.status).toBe("succeeded");
    const run = await db.scoringRun.findFirstOrThrow({ where: { shop } });
    const orders = await engineOrdersOf(shop, zone);
    // The customers with a counted purchase (the cancelled-only one has none): the sample is drawn from them.
    const buyers = (await db.customerScore.findMany({ where: { shop, orderCount: { gt: 0 } }, select: { customerGid: true } })).map((row) => row.customerGid);
    const sample = new Set(sampleOfCustomers(buyers, 100));
    expect(sample.size).toBeGreaterThan(50);
    expect(sample.size).toBeLessThan(buyers.length);
    const engine = scoreShop(
      orders.filter((order) => sample.has(order.customerId)),
      { observationEnd: "2026-01-01", model: "auto" },
    );
    const choice = JSON.parse(run.modelChoiceJson!);
    expect(choice).toMatchObject({ chosen: engine.choice!.chosen, customers: engine.choice!.customers });
    expect(choice.candidates.map((c: { model: string; logScore: number }) => [c.model, c.logScore.toFixed(9)])).toEqual(
      engine.choice!.candidates.map((c) => [c.model, c.logScore.toFixed(9)]),
    );
    const health = JSON.parse(run.modelHealthJson!);
    expect(health.sample).toEqual({ customers: sample.size, of: buyers.length });
    expect(health.customers).toBeLessThanOrEqual(sample.size);
    // Every customer is still scored, by the chosen model fitted on the whole shop.
    expect(run).toMatchObject({ modelName: engine.choice!.chosen, customersScored: buyers.length });
  });

  test("a shop with no orders at all is scored: its known customers are Prospects", async () => {
    await installShop(shop, zone);
    await db.customer.create({ data: { shop, gid: customerGid("p") } });
    expect(await rescoreShop(shop, options(now))).toMatchObject({ status: "succeeded", customersScored: 0, prospects: 1 });
    expect(await shopScoreOverview(shop)).toMatchObject({
      segments: [{ segment: "Prospects", customers: 1 }],
      lastRun: { status: "succeeded", trigger: "requested", customersScored: 0 },
    });
  });
});
