/** The merchant's settings (ShopSettings) and the save of the settings page: rules and settings together or not at all. */
import { DEFAULT_SHOP_SETTINGS, type ShopSettings } from "../admin/shop-settings.ts";
import { db } from "../db.server.ts";
import { logger } from "../logger.server.ts";
import type { LoyaltyRules } from "../loyalty/rules.ts";
import { DEFAULT_SEGMENT_GRID, SHOPIFY_RFM_GROUPS_V1, type SegmentGrid, type SegmentTable, segmentGridProblems, segmentTableOfGrid } from "../scoring/index.ts";

/** A stored grid, or null (Shopify's groups) when there is none or it no longer reads as a grid (logged). */
function storedGrid(shop: string, json: string | null): SegmentGrid | null {
  if (json === null) return null;
  try {
    const grid: unknown = JSON.parse(json);
    const problems = segmentGridProblems(grid);
    if (problems.length === 0) return grid as SegmentGrid;
    logger.warn("stored segment grid ignored", { shop, problems });
  } catch {
    logger.warn("stored segment grid ignored", { shop, problems: ["not JSON"] });
  }
  return null;
}

export async function shopSettingsOf(shop: string): Promise<ShopSettings> {
  const row = await db.shopSettings.findUnique({ where: { shop } });
  if (!row) return DEFAULT_SHOP_SETTINGS;
  return {
    marginPct: row.marginPct,
    retentionDays: row.retentionDays,
    migrationDays: row.migrationDays,
    dailyRescoreMinute: row.dailyRescoreMinute,
    segmentGrid: storedGrid(shop, row.segmentGrid),
  };
}

/** The segment table a rescoring of the shop uses: its own grid (versioned by its edits), else Shopify's groups. */
export async function shopSegmentTable(shop: string): Promise<SegmentTable> {
  const row = await db.shopSettings.findUnique({ where: { shop }, select: { segmentGrid: true, segmentGridVersion: true } });
  const grid = row ? storedGrid(shop, row.segmentGrid) : null;
  return grid === null ? SHOPIFY_RFM_GROUPS_V1 : segmentTableOfGrid(grid, row!.segmentGridVersion);
}

const sameGrid = (a: SegmentGrid | null, b: SegmentGrid | null) => JSON.stringify(a ?? DEFAULT_SEGMENT_GRID) === JSON.stringify(b ?? DEFAULT_SEGMENT_GRID);

/**
 * Saves validated rules and settings in one transaction, and moves the shop's next daily rescoring to the new time of
 * day (`nextDailyRescoreAt`, worked out by the caller from the settings). A grid equal to Shopify's groups is kept as
 * none. Says whether the segment table changed, which only a rescoring brings to the shoppers' segments.
 */
export async function saveShopSettings(
  shop: string,
  rules: LoyaltyRules,
  settings: ShopSettings,
  nextDailyRescoreAt: Date | null,
): Promise<{ segmentTableChanged: boolean }> {
  const rulesJson = JSON.stringify(rules);
  const before = await db.shopSettings.findUnique({ where: { shop }, select: { segmentGrid: true } });
  const segmentTableChanged = !sameGrid(before ? storedGrid(shop, before.segmentGrid) : null, settings.segmentGrid);
  const { segmentGrid, ...columns } = settings;
  const grid = sameGrid(segmentGrid, null) ? null : JSON.stringify(segmentGrid);
  await db.$transaction([
    db.loyaltySettings.upsert({ where: { shop }, create: { shop, rulesJson }, update: { rulesJson } }),
    db.shopSettings.upsert({
      where: { shop },
      create: { shop, ...columns, segmentGrid: grid, segmentGridVersion: segmentTableChanged ? 1 : 0 },
      update: { ...columns, segmentGrid: grid, ...(segmentTableChanged ? { segmentGridVersion: { increment: 1 } } : {}) },
    }),
    ...(nextDailyRescoreAt ? [db.shop.updateMany({ where: { domain: shop }, data: { nextDailyRescoreAt } })] : []),
  ]);
  return { segmentTableChanged };
}
