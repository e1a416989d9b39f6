/**
 * The dashboard's score figures (app/persistence/score-figures.server.ts) against the same sums worked out here from
 * the rows written, and how they are kept: on the last rescoring's run, read from there, worked out again when the
 * KPI windows change.
 */
import { beforeEach, expect, test } from "vitest";
import { dashboard } from "../../app/admin/dashboard.server.ts";
import { db } from "../../app/db.server.ts";
import { loyaltyRulesOf } from "../../app/loyalty/settings.server.ts";
import { saveShopSettings, shopSettingsOf } from "../../app/persistence/shop-settings.server.ts";
import { type ScoredCustomer, scoredCustomers, storeScoredCustomers } from "../factories/scored-customers.ts";
import { customerGid, installShop, storeOrders } from "../factories/shop-history.ts";

const shop = "figures.myshopify.com";
const other = "figures-other.myshopify.com";
const now = new Date("2026-10-01T12:00:00Z");
let rows: ScoredCustomer[];

beforeEach(async () => {
  await installShop(shop, "UTC");
  await installShop(other, "UTC");
  rows = scoredCustomers(400, 11);
  await storeScoredCustomers(shop, rows, now);
  // Another shop's shoppers never count.
  await storeScoredCustomers(other, scoredCustomers(50, 12), now);
  await db.scoringRun.create({ data: { shop, trigger: "backfill", status: "succeeded", startedAt: now, finishedAt: now, observationEnd: "2026-09-30" } });
});

function countBy<K>(items: readonly ScoredCustomer[], key: (row: ScoredCustomer) => K): Map<K, ScoredCustomer[]> {
  const groups = new Map<K, ScoredCustomer[]>();
  for (const row of items) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

test("the figures are the shop's scores summed up: segments, the RFM grid, the CLV distributions, migration and repeat rate", async () => {
  const board = await dashboard(shop, now);

  const bySegment = countBy(rows, (row) => row.segment);
  expect(board.segments).toHaveLength(bySegment.size);
  for (const segment of board.segments) {
    const members = bySegment.get(segment.segment)!;
    expect(segment.customers, segment.segment).toBe(members.length);
    expect(segment.historicMinor).toBe(Number(members.reduce((sum, row) => sum + row.historicClvMinor, 0n)));
    expect(segment.predictedMinor).toBe(Number(members.reduce((sum, row) => sum + (row.predictedClvMinor ?? 0n), 0n)));
  }

  const scored = rows.filter((row) => row.rfmRecency !== null);
  const cells = countBy(scored, (row) => `${row.rfmRecency}/${row.rfmFrequency}`);
  expect(board.rfmGrid).toHaveLength(cells.size);
  for (const cell of board.rfmGrid) expect(cell.customers, `${cell.r}/${cell.f}`).toBe(cells.get(`${cell.r}/${cell.f}`)!.length);

  const buyers = rows.filter((row) => row.orderCount > 0);
  const total = (buckets: readonly { customers: number }[]) => buckets.reduce((sum, bucket) => sum + bucket.customers, 0);
  expect(total(board.distributions.historic)).toBe(buyers.length);
  expect(total(board.distributions.predicted)).toBe(buyers.filter((row) => row.predictedClvMinor !== null).length);
  // Each historic CLV falls in the bucket that spans it (the last bucket open-ended).
  for (const bucket of board.distributions.historic) {
    const inside = buyers.filter(
      (row) => Number(row.historicClvMinor) >= bucket.fromMinor && (bucket.toMinor === null || Number(row.historicClvMinor) < bucket.toMinor),
    );
    expect(bucket.customers, `from ${bucket.fromMinor}`).toBe(inside.length);
  }

  // No segment history yet: every shopper moved from nowhere to their segment.
  expect(board.migration.every((move) => move.from === null)).toBe(true);
  expect(Object.fromEntries(board.migration.map((move) => [move.to, move.customers]))).toEqual(
    Object.fromEntries([...bySegment].map(([segment, members]) => [segment, members.length])),
  );
  expect(board.kpis.repeatRate).toBeCloseTo(buyers.filter((row) => row.orderCount > 1).length / buyers.length, 12);
  expect(board.figuresAt).toBe(now.toISOString());
});

test("the figures are kept on the last rescoring's run and read from there, and worked out again when the KPI windows change", async () => {
  const first = await dashboard(shop, now);
  const run = await db.scoringRun.findFirstOrThrow({ where: { shop } });
  expect(run.dashboardJson).not.toBeNull();
  expect(JSON.parse(run.dashboardJson!).segments).toEqual(first.segments);

  // Rows change without a rescoring: the dashboard still shows the run's figures.
  const gone = rows.slice(0, 25).map((row) => row.customerGid);
  await db.customerScore.deleteMany({ where: { shop, customerGid: { in: gone } } });
  const kept = await dashboard(shop, new Date(now.getTime() + 60_000));
  expect(kept.segments).toEqual(first.segments);
  expect(kept.figuresAt).toBe(now.toISOString());

  // A new migration window: worked out again from the rows as they are, and kept.
  const settings = await shopSettingsOf(shop);
  await saveShopSettings(shop, await loyaltyRulesOf(shop), { ...settings, migrationDays: settings.migrationDays + 30 }, null);
  const later = new Date(now.getTime() + 120_000);
  const again = await dashboard(shop, later);
  expect(again.segments.reduce((sum, segment) => sum + segment.customers, 0)).toBe(rows.length - gone.length);
  expect(again.figuresAt).toBe(later.toISOString());
  const stored = JSON.parse((await db.scoringRun.findFirstOrThrow({ where: { shop } })).dashboardJson!);
  expect(stored.options.migrationDays).toBe(settings.migrationDays + 30);
});

test("a shop never rescored gets its figures worked out on view", async () => {
  await db.scoringRun.deleteMany({ where: { shop } });
  const board = await dashboard(shop, now);
  expect(board.lastRun).toBeNull();
  expect(board.segments.reduce((sum, segment) => sum + segment.customers, 0)).toBe(rows.length);
});

test("VIP growth is read on each view: the net revenue of the shoppers with the VIP tag, as last pushed, in the window", async () => {
  const [ada, bea, cy] = rows.slice(0, 3).map((row) => row.customerGid.replace("gid://shopify/Customer/", ""));
  const settings = await shopSettingsOf(shop);
  const inside = new Date(now.getTime() - (settings.migrationDays - 1) * 86_400_000).toISOString();
  const before = new Date(now.getTime() - (settings.migrationDays + 1) * 86_400_000).toISOString();
  await storeOrders(shop, [
    { customer: ada!, processedAt: inside, totalMinor: 12_000n },
    { customer: ada!, processedAt: before, totalMinor: 50_000n },
    { customer: bea!, processedAt: inside, totalMinor: 3_000n, refund: "10.00" },
    { customer: cy!, processedAt: inside, totalMinor: 99_000n },
  ]);
  expect((await dashboard(shop, now)).kpis.vip).toBeNull();
  // Ada and Bea are tagged VIP (Cy only with a segment tag); the push happens after the rescoring's figures were kept.
  const pushedAt = now;
  await db.pushedState.createMany({
    data: [
      { shop, customerGid: customerGid(ada!), tags: "crm-segment-champions,crm-vip", pushedAt },
      { shop, customerGid: customerGid(bea!), tags: "crm-vip", pushedAt },
      { shop, customerGid: customerGid(cy!), tags: "crm-segment-loyal,crm-vip-gone", pushedAt },
      { shop: other, customerGid: customerGid(cy!), tags: "crm-vip", pushedAt },
    ],
  });
  expect((await dashboard(shop, now)).kpis.vip).toEqual({ vips: 2, grownMinor: 12_000 + 3_000 - 1_000 });
});
