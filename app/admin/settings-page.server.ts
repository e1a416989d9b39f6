/** The settings page: the loyalty rules and the shop settings as one form, saved whole or not at all. */
import { pushLoyaltyJob } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import { loyaltyRulesOf } from "../loyalty/settings.server.ts";
import { findShop } from "../persistence/shops.server.ts";
import { saveShopSettings, shopSettingsOf } from "../persistence/shop-settings.server.ts";
import { DEFAULT_SEGMENT_GRID, GRID_FM_BANDS, GRID_RECENCY, GRID_SEGMENT_NAMES } from "../scoring/index.ts";
import { requestRescore } from "../scoring-jobs/jobs.server.ts";
import { nextDailySlotAfter, RESCORE_POLICY, withDailyMinute } from "../scoring-jobs/schedule.ts";
import { type FormErrors, type FormValues, parseSettingsForm, settingsFormValues } from "./settings-form.ts";
import { workProgress } from "./work-progress.server.ts";

export async function settingsPage(shop: string) {
  const [rules, settings, progress] = await Promise.all([loyaltyRulesOf(shop), shopSettingsOf(shop), workProgress(shop)]);
  return {
    values: settingsFormValues(rules, settings),
    ruleIds: rules.rules.map((rule) => rule.id),
    segmentGrid: { recency: GRID_RECENCY, fmBands: GRID_FM_BANDS, segments: GRID_SEGMENT_NAMES, defaults: DEFAULT_SEGMENT_GRID },
    progress,
  };
}

export type SettingsResult = { saved: true; rescoring: boolean } | { saved: false; values: FormValues; errors: FormErrors };

/**
 * Saves the form when every field is valid; the next daily rescoring moves to the new time of day, and a loyalty push
 * is queued so that the store follows the new rules without waiting for the next rescoring. A changed segment grid
 * asks for a rescoring at once, since only a rescoring places the shoppers in the new segments.
 */
export async function saveSettingsForm(shop: string, form: FormData, now: Date): Promise<SettingsResult> {
  const values: FormValues = {};
  for (const [name, value] of form) if (typeof value === "string") values[name] = value;
  const parsed = parseSettingsForm(values, await loyaltyRulesOf(shop));
  if (!parsed.ok) return { saved: false, values, errors: parsed.errors };
  const shopRow = await findShop(shop);
  const timeZone = shopRow?.ianaTimezone ?? "UTC";
  const { segmentTableChanged } = await saveShopSettings(
    shop,
    parsed.rules,
    parsed.settings,
    nextDailySlotAfter(timeZone, now, withDailyMinute(RESCORE_POLICY, parsed.settings.dailyRescoreMinute)),
  );
  await jobs.send(pushLoyaltyJob, { shop }, { startAfter: now, reschedule: true });
  if (segmentTableChanged) await requestRescore(shop, now);
  return { saved: true, rescoring: segmentTableChanged };
}
