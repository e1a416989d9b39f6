/** The merchant's settings beyond the loyalty rules (pure): the dashboard's KPI windows, the margin, the daily rescoring. */
import { z } from "zod";

export const ShopSettingsSchema = z
  .object({
    marginPct: z.number().gt(0).max(100).nullable().default(null),
    retentionDays: z.number().int().min(7).max(365).default(90),
    migrationDays: z.number().int().min(1).max(365).default(30),
    dailyRescoreMinute: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 - 1)
      .default(10),
  })
  .strict();

export type ShopSettings = z.infer<typeof ShopSettingsSchema>;
export const DEFAULT_SHOP_SETTINGS: ShopSettings = ShopSettingsSchema.parse({});
