/**
 * The merchant's settings beyond the loyalty rules (pure): the dashboard's KPI windows, the margin, the daily rescoring
 * and the segment table as a grid.
 */
import { z } from "zod";
import { type SegmentGrid, segmentGridProblems } from "../scoring/index.ts";

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
    // The shop's own segment grid (R × F + M); null: Shopify's RFM groups as shipped.
    segmentGrid: z
      .custom<SegmentGrid>((value) => segmentGridProblems(value).length === 0, "is not a grid of 5 rows of 4 segments")
      .nullable()
      .default(null),
  })
  .strict();

export type ShopSettings = z.infer<typeof ShopSettingsSchema>;
export const DEFAULT_SHOP_SETTINGS: ShopSettings = ShopSettingsSchema.parse({});
