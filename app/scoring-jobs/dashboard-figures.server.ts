/**
 * The dashboard's score figures of a shop: worked out by each rescoring in its thread, after the scores are written,
 * with the shop's KPI windows and VIP rule as they are then; and again by the dashboard when those changed since.
 */
import { appTag } from "../loyalty/intended-state.ts";
import { loyaltyRulesOf } from "../loyalty/settings.server.ts";
import { type ScoreFigures, type ScoreFiguresOptions, scoreFigures } from "../persistence/score-figures.server.ts";
import { shopSettingsOf } from "../persistence/shop-settings.server.ts";

export async function scoreFiguresOptionsOf(shop: string): Promise<ScoreFiguresOptions> {
  const [settings, rules] = await Promise.all([shopSettingsOf(shop), loyaltyRulesOf(shop)]);
  const vipRule = rules.rules.find((rule) => rule.id === rules.alerts.vipRule);
  return { migrationDays: settings.migrationDays, retentionDays: settings.retentionDays, vipTag: vipRule ? appTag(rules.tagPrefix, vipRule.tag) : null };
}

/** Whether figures were worked out with these options (else they are worked out again). */
export function sameFiguresOptions(a: ScoreFiguresOptions, b: ScoreFiguresOptions): boolean {
  return a.migrationDays === b.migrationDays && a.retentionDays === b.retentionDays && a.vipTag === b.vipTag;
}

export async function shopScoreFigures(shop: string, now: Date): Promise<ScoreFigures> {
  return scoreFigures(shop, now, await scoreFiguresOptionsOf(shop));
}
