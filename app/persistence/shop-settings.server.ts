/** The merchant's settings (ShopSettings) and the save of the settings page: rules and settings together or not at all. */
import { DEFAULT_SHOP_SETTINGS, type ShopSettings } from "../admin/shop-settings.ts";
import { db } from "../db.server.ts";
import type { LoyaltyRules } from "../loyalty/rules.ts";

export async function shopSettingsOf(shop: string): Promise<ShopSettings> {
  const row = await db.shopSettings.findUnique({ where: { shop } });
  if (!row) return DEFAULT_SHOP_SETTINGS;
  return { marginPct: row.marginPct, retentionDays: row.retentionDays, migrationDays: row.migrationDays, dailyRescoreMinute: row.dailyRescoreMinute };
}

/**
 * Saves validated rules and settings in one transaction, and moves the shop's next daily rescoring to the new time of
 * day (`nextDailyRescoreAt`, worked out by the caller from the settings).
 */
export async function saveShopSettings(shop: string, rules: LoyaltyRules, settings: ShopSettings, nextDailyRescoreAt: Date | null): Promise<void> {
  const rulesJson = JSON.stringify(rules);
  await db.$transaction([
    db.loyaltySettings.upsert({ where: { shop }, create: { shop, rulesJson }, update: { rulesJson } }),
    db.shopSettings.upsert({ where: { shop }, create: { shop, ...settings }, update: settings }),
    ...(nextDailyRescoreAt ? [db.shop.updateMany({ where: { domain: shop }, data: { nextDailyRescoreAt } })] : []),
  ]);
}
