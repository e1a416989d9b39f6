/**
 * The dashboard's score figures of a shop: worked out by each rescoring in its thread, after the scores are written,
 * with the shop's KPI windows as they are then; and again by the dashboard when those changed since.
 */
import { type ScoreFigures, type ScoreFiguresOptions, scoreFigures } from "../persistence/score-figures.server.ts";
import { shopSettingsOf } from "../persistence/shop-settings.server.ts";

export async function scoreFiguresOptionsOf(shop: string): Promise<ScoreFiguresOptions> {
  const settings = await shopSettingsOf(shop);
  return { migrationDays: settings.migrationDays, retentionDays: settings.retentionDays };
}

/** Whether figures were worked out with these options (else they are worked out again). */
export function sameFiguresOptions(a: ScoreFiguresOptions, b: ScoreFiguresOptions): boolean {
  return a.migrationDays === b.migrationDays && a.retentionDays === b.retentionDays;
}

export async function shopScoreFigures(shop: string, now: Date): Promise<ScoreFigures> {
  return scoreFigures(shop, now, await scoreFiguresOptionsOf(shop));
}
