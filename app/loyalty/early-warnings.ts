/**
 * Early warnings (pure): what changed at a rescoring that a person should look at. Per shopper, against the scores and
 * tags of the last push (PushedState): a VIP who is no longer one, a shopper who became at risk, a good customer who
 * turned overdue against their own cycle or whose P(alive) fell by more than the shop's threshold. Per shop: a watched
 * segment that lost more than a set share of its shoppers in one rescoring. A shopper the app has not pushed before
 * raises nothing: the first rescoring sets the baseline rather than flooding staff with "changes".
 */
import { appTag, conditionHolds, type ShopperScores, type ShopScoreContext } from "./intended-state.ts";
import type { AlertSettings, LoyaltyRules } from "./rules.ts";

export type AlertKind = "vip-lost" | "at-risk" | "overdue" | "p-alive-drop" | "segment-shrank";

export interface RaisedAlert {
  readonly kind: AlertKind;
  readonly customerGid: string | null;
  readonly segment: string | null;
  /** The figures that raised it, for the alerts page and Flow. */
  readonly detail: Readonly<Record<string, string | number | null>>;
}

/** What the app recorded of a shopper at its last push. */
export interface PushedScores {
  readonly tags: readonly string[];
  readonly pAlive: number | null;
  readonly overdue: boolean;
}

/** Whether the shopper is overdue by the alert settings (false when the alerts are off or the shopper has no cycle). */
export function isOverdue(shopper: ShopperScores, alerts: AlertSettings, shop: ShopScoreContext): boolean {
  return alerts.overdue !== null && conditionHolds({ overdue: alerts.overdue }, shopper, shop);
}

/** The alerts a shopper raises, from their last pushed state (null: never pushed) and what the rules want now. */
export function shopperAlerts(
  shopper: ShopperScores,
  before: PushedScores | null,
  now: { readonly tags: readonly string[]; readonly overdue: boolean },
  rules: LoyaltyRules,
  shop: ShopScoreContext,
): RaisedAlert[] {
  if (before === null) return [];
  const { alerts } = rules;
  const raised: RaisedAlert[] = [];
  const raise = (kind: AlertKind, detail: RaisedAlert["detail"]) =>
    raised.push({
      kind,
      customerGid: shopper.customerGid,
      segment: shopper.segment,
      detail: { segment: shopper.segment, pAlive: shopper.pAlive === null ? null : round(shopper.pAlive, 4), ...detail },
    });
  const tagOf = (ruleId: string | null) => {
    const rule = ruleId === null ? undefined : rules.rules.find((each) => each.id === ruleId);
    return rule ? appTag(rules.tagPrefix, rule.tag) : null;
  };
  const vip = tagOf(alerts.vipRule);
  if (vip !== null && before.tags.includes(vip) && !now.tags.includes(vip)) raise("vip-lost", { tag: vip });
  const atRisk = tagOf(alerts.atRiskRule);
  if (atRisk !== null && !before.tags.includes(atRisk) && now.tags.includes(atRisk)) raise("at-risk", { tag: atRisk });

  // The overdue and P(alive) warnings: good customers only.
  if (!conditionHolds({ predictedClvPercentile: { atLeast: alerts.minPredictedClvPercentile } }, shopper, shop)) return raised;
  if (now.overdue && !before.overdue) {
    raise("overdue", {
      daysSinceLastOrder: shopper.daysSinceLastOrder,
      expectedDaysBetweenOrders: shopper.expectedDaysBetweenOrders === null ? null : round(shopper.expectedDaysBetweenOrders, 1),
    });
  }
  if (alerts.pAliveDrop !== null && before.pAlive !== null && shopper.pAlive !== null && before.pAlive - shopper.pAlive >= alerts.pAliveDrop.atLeast) {
    raise("p-alive-drop", { pAliveBefore: round(before.pAlive, 4) });
  }
  return raised;
}

/** A segment's size before and after one rescoring. */
export interface SegmentSize {
  readonly segment: string;
  readonly before: number;
  readonly after: number;
}

/** The watched segments that lost at least the set share of their shoppers (and had at least minShoppers). */
export function segmentShrinkAlerts(sizes: readonly SegmentSize[], alerts: AlertSettings): RaisedAlert[] {
  const watch = alerts.segmentShrink;
  if (watch === null) return [];
  return sizes
    .filter(
      ({ segment, before, after }) =>
        (watch.segments as readonly string[]).includes(segment) && before >= watch.minShoppers && (before - after) / before >= watch.share,
    )
    .map(({ segment, before, after }) => ({
      kind: "segment-shrank",
      customerGid: null,
      segment,
      detail: { segment, before, after, share: round((before - after) / before, 4) },
    }));
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
