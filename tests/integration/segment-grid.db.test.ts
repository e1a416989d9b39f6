/**
 * The merchant's own segment grid, from the settings form to the shoppers' segments: saved whole, a change asks for a
 * rescoring, the rescoring places every shopper by the new grid and records it, and the customer page explains a
 * segment by the table that placed it.
 */
import { beforeEach, expect, test } from "vitest";
import { explainSegment } from "../../app/admin/segment-explanation.ts";
import { segmentCellField, settingsFormValues } from "../../app/admin/settings-form.ts";
import { saveSettingsForm } from "../../app/admin/settings-page.server.ts";
import { DEFAULT_SHOP_SETTINGS } from "../../app/admin/shop-settings.ts";
import { db } from "../../app/db.server.ts";
import { DEFAULT_LOYALTY_RULES } from "../../app/loyalty/rules.ts";
import { segmentRulesOfRun } from "../../app/persistence/rescoring.server.ts";
import { shopSegmentTable, shopSettingsOf } from "../../app/persistence/shop-settings.server.ts";
import { SHOPIFY_RFM_GROUPS_V1, simulateShopOrders } from "../../app/scoring/index.ts";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import { installShop, storeManyOrders } from "../factories/shop-history.ts";

const shop = "segment-grid.myshopify.com";
const now = new Date("2026-01-01T12:00:00Z");

beforeEach(async () => {
  await installShop(shop, "UTC");
  const orders = simulateShopOrders({ seed: 42, customers: 300, start: "2024-01-01", end: "2025-12-31" });
  await storeManyOrders(
    shop,
    orders.map((order) => ({ customer: order.customerId, processedAt: `${String(order.placedAt)}T10:00:00Z`, totalMinor: BigInt(Math.round(order.total * 100)) })),
  );
});

function form(changes: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries({ ...settingsFormValues(DEFAULT_LOYALTY_RULES, DEFAULT_SHOP_SETTINGS), ...changes })) data.set(name, value);
  return data;
}

async function rescore() {
  const outcome = await rescoreShop(shop, { now, clock: () => now });
  if (outcome.status !== "succeeded") throw new Error(`rescoring: ${JSON.stringify(outcome)}`);
  return { runId: outcome.runId, scores: await db.customerScore.findMany({ where: { shop, rfmRecency: { not: null } } }) };
}

const inLoyalCellTurnedChampions = (s: { rfmRecency: number | null; rfmFrequency: number | null; rfmMonetary: number | null }) =>
  s.rfmRecency === 5 && s.rfmFrequency! + s.rfmMonetary! >= 7 && s.rfmFrequency! + s.rfmMonetary! <= 8;

test("an edited cell is saved, asks for a rescoring, and the rescoring moves exactly that cell's shoppers", async () => {
  const before = await rescore();
  expect(before.scores.filter(inLoyalCellTurnedChampions).length).toBeGreaterThan(0);

  const saved = await saveSettingsForm(shop, form({ [segmentCellField(0, 2)]: "Champions" }), now);
  expect(saved).toEqual({ saved: true, rescoring: true });
  expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).rescoreDueAt).toEqual(now);
  expect((await shopSettingsOf(shop)).segmentGrid?.[0]).toEqual(["New", "Active", "Champions", "Champions"]);
  expect(await shopSegmentTable(shop)).toMatchObject({ id: "shop-segment-grid", version: 1 });

  const after = await rescore();
  const segmentBefore = new Map(before.scores.map((s) => [s.customerGid, s.segment]));
  for (const score of after.scores) {
    expect(score.segment, score.customerGid).toBe(inLoyalCellTurnedChampions(score) ? "Champions" : segmentBefore.get(score.customerGid));
  }
  const run = await db.scoringRun.findUniqueOrThrow({ where: { id: after.runId } });
  expect(JSON.parse(run.modelParamsJson!).segmentTable).toMatchObject({ id: "shop-segment-grid", version: 1 });

  // The customer page explains a moved shopper by the run's table, not Shopify's.
  const moved = after.scores.find(inLoyalCellTurnedChampions)!;
  const rules = await segmentRulesOfRun(shop, after.runId);
  const rfm = { r: moved.rfmRecency, f: moved.rfmFrequency, m: moved.rfmMonetary };
  expect(explainSegment(rfm, moved.segment, rules!).rule).toEqual({ r: [5, 5], fm: [7, 8] });
  expect(explainSegment(rfm, moved.segment).rule).toBeNull(); // Shopify's table would say Loyal
});

test("saving the same grid again asks for no rescoring; going back to Shopify's groups keeps none and does", async () => {
  await saveSettingsForm(shop, form({ [segmentCellField(4, 0)]: "Almost lost" }), now);
  expect(await saveSettingsForm(shop, form({ [segmentCellField(4, 0)]: "Almost lost" }), now)).toEqual({ saved: true, rescoring: false });
  expect(await shopSegmentTable(shop)).toMatchObject({ version: 1 });

  expect(await saveSettingsForm(shop, form(), now)).toEqual({ saved: true, rescoring: true });
  const row = await db.shopSettings.findUniqueOrThrow({ where: { shop } });
  expect(row.segmentGrid).toBeNull();
  expect(await shopSegmentTable(shop)).toBe(SHOPIFY_RFM_GROUPS_V1);
});

test("a refused grid saves nothing and asks for no rescoring", async () => {
  const result = await saveSettingsForm(shop, form({ [segmentCellField(0, 3)]: "Loyal", [segmentCellField(2, 1)]: "Gold", marginPct: "40" }), now);
  expect(result).toMatchObject({ saved: false, errors: { [segmentCellField(2, 1)]: { key: "settings.error.notSegment", values: {} } } });
  expect(await db.shopSettings.findUnique({ where: { shop } })).toBeNull();
  expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).rescoreDueAt).toBeNull();
});
