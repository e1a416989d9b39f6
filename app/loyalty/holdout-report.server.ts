/**
 * The shop's holdout report, for the admin pages: per rule with an offer, treated against control since the action
 * (app/loyalty/holdout-report.ts), with the rule's redemptions. Outcomes come from the database in one statement
 * (app/persistence/holdout.server.ts).
 */
import { holdoutOutcomes } from "../persistence/holdout.server.ts";
import { redemptionTotalsByRule } from "../persistence/loyalty-redemptions.server.ts";
import { ruleHoldoutReport, type RuleHoldoutReport } from "./holdout-report.ts";
import { loyaltyRulesOf } from "./settings.server.ts";

export interface RuleHoldout {
  readonly ruleId: string;
  /** Whether the rule is among the shop's rules now (a rule removed since keeps its report while its offers stand). */
  readonly current: boolean;
  /** The rule's share of eligible shoppers kept as control now; null for a rule removed or without an offer. */
  readonly holdoutShare: number | null;
  readonly report: RuleHoldoutReport;
  /** Orders that used the rule's codes and stand, and their net revenue now. */
  readonly redemptions: number;
  readonly redeemedNetMinor: bigint;
}

export interface ShopHoldoutReport {
  readonly asOf: Date;
  readonly rules: readonly RuleHoldout[];
}

const EMPTY = { shoppers: 0, repeaters: 0, netMinor: 0n, squaredDeviations: 0 };

/**
 * Every rule that has an offer now or offered before, in the merchant's order, then rules since removed (by id). A
 * rule with no shoppers yet is listed with "not enough shoppers yet".
 */
export async function holdoutReport(shop: string, now: Date): Promise<ShopHoldoutReport> {
  const [rules, outcomes, redemptions] = await Promise.all([loyaltyRulesOf(shop), holdoutOutcomes(shop, now), redemptionTotalsByRule(shop)]);
  const outcomesByRule = new Map(outcomes.map((o) => [o.ruleId, o]));
  const redemptionsByRule = new Map(redemptions.map((r) => [r.ruleId, r]));
  const current = new Map(rules.rules.map((rule) => [rule.id, rule]));
  const ids = [
    ...rules.rules.filter((rule) => rule.offer || outcomesByRule.has(rule.id)).map((rule) => rule.id),
    ...outcomes.map((o) => o.ruleId).filter((id) => !current.has(id)),
  ];
  return {
    asOf: now,
    rules: ids.map((ruleId) => {
      const groups = outcomesByRule.get(ruleId);
      const redeemed = redemptionsByRule.get(ruleId);
      return {
        ruleId,
        current: current.has(ruleId),
        holdoutShare: current.get(ruleId)?.offer?.holdoutShare ?? null,
        report: ruleHoldoutReport(groups?.treated ?? EMPTY, groups?.control ?? EMPTY),
        redemptions: redeemed?.redemptions ?? 0,
        redeemedNetMinor: redeemed?.netMinor ?? 0n,
      };
    }),
  };
}
