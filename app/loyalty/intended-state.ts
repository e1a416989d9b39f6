/**
 * What the store should look like for one shopper, from their scores and the shop's rules (pure). The push (next)
 * makes the store match it; deciding and pushing are kept apart so that the decision can be read, tested and shown
 * to the merchant before anything is sent.
 */
import type { SegmentName } from "../scoring/types.ts";
import type { Condition, LoyaltyRules } from "./rules.ts";

/** A shopper's stored scores, as the rules read them. */
export interface ShopperScores {
  readonly customerGid: string;
  readonly segment: SegmentName;
  readonly predictedClvMinor: bigint | null;
  readonly pAlive: number | null;
  readonly daysSinceLastOrder: number | null;
  /** The shopper's own expected days between orders, from the purchase model; null when the model has none. */
  readonly expectedDaysBetweenOrders: number | null;
}

/** What the rules need to know of the whole shop: its predicted-CLV distribution, read from the database. */
export interface ShopScoreContext {
  /** The predicted CLV at a percentile (0-100) of the shop's scored shoppers, in minor units. */
  readonly predictedClvAtPercentile: (percentile: number) => bigint;
}

export interface IntendedOffer {
  readonly ruleId: string;
  readonly percentOff: number;
  readonly validDays: number;
  readonly codes: "per-shopper" | "per-segment";
  /** In the rule's control group: eligible, but gets no code, so that the offer can be measured. */
  readonly holdout: boolean;
}

export interface IntendedState {
  /** Every tag the app wants the shopper to carry, sorted. */
  readonly tags: readonly string[];
  readonly offers: readonly IntendedOffer[];
}

export function conditionHolds(condition: Condition, shopper: ShopperScores, shop: ShopScoreContext): boolean {
  if ("all" in condition) return condition.all.every((each) => conditionHolds(each, shopper, shop));
  if ("any" in condition) return condition.any.some((each) => conditionHolds(each, shopper, shop));
  if ("segment" in condition) return condition.segment.includes(shopper.segment);
  if ("predictedClvPercentile" in condition) {
    const clv = shopper.predictedClvMinor;
    if (clv === null) return false;
    const { atLeast, below } = condition.predictedClvPercentile;
    return (atLeast === undefined || clv >= shop.predictedClvAtPercentile(atLeast)) && (below === undefined || clv < shop.predictedClvAtPercentile(below));
  }
  if ("pAlive" in condition) {
    if (shopper.pAlive === null) return false;
    const { atLeast, below } = condition.pAlive;
    return (atLeast === undefined || shopper.pAlive >= atLeast) && (below === undefined || shopper.pAlive < below);
  }
  const { daysSinceLastOrder: since, expectedDaysBetweenOrders: cycle } = shopper;
  if (since === null || cycle === null || cycle <= 0) return false;
  return since / cycle >= condition.overdue.atLeast;
}

/** The app's tag for a rule, or for an RFM group: `crm-vip`, `crm-segment-needs-attention`. */
export function appTag(prefix: string, suffix: string): string {
  return `${prefix}-${suffix}`;
}

export function segmentTag(prefix: string, segment: SegmentName): string {
  return appTag(prefix, `segment-${segment.toLowerCase().replaceAll(" ", "-")}`);
}

/**
 * Whether a shopper is in a rule's control group: a stable draw from their GID and the rule, so that they stay in
 * (or out of) it from one rescoring to the next, and the share holds across a shop's shoppers.
 */
export function inHoldout(customerGid: string, ruleId: string, share: number): boolean {
  return share > 0 && unitHash(`${ruleId}\n${customerGid}`) < share;
}

/**
 * FNV-1a (32 bits) of the text, mixed by MurmurHash3's finaliser and mapped to [0, 1). Not for secrets: only an even,
 * stable split. The finaliser matters: FNV-1a alone barely moves the high bits when only the last characters differ,
 * so neighbouring customer ids (…061, …062) would land side by side and a whole run of them in the control group.
 */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** The tags and offers the rules give a shopper. Disabled rules give nothing, so their tags come off at the next push. */
export function intendedState(shopper: ShopperScores, rules: LoyaltyRules, shop: ShopScoreContext): IntendedState {
  const tags = new Set<string>();
  const offers: IntendedOffer[] = [];
  if (rules.segmentTags) tags.add(segmentTag(rules.tagPrefix, shopper.segment));
  for (const rule of rules.rules) {
    if (!rule.enabled || !conditionHolds(rule.when, shopper, shop)) continue;
    tags.add(appTag(rules.tagPrefix, rule.tag));
    if (rule.offer) {
      const { percentOff, validDays, codes, holdoutShare } = rule.offer;
      offers.push({ ruleId: rule.id, percentOff, validDays, codes, holdout: inHoldout(shopper.customerGid, rule.id, holdoutShare) });
    }
  }
  return { tags: [...tags].sort(), offers };
}
