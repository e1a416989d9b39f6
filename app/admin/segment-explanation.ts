/** Why a shopper is in their segment (pure): the rule of the shop's segment table that their R, F and M scores meet. */
import { SHOPIFY_RFM_GROUPS_V1, type ScoreRange, type SegmentRule } from "../scoring/index.ts";

export interface SegmentExplanation {
  readonly segment: string;
  /** The ranges of the rule that placed the shopper, e.g. { r: [5, 5], fm: [9, 10] }; null for prospects. */
  readonly rule: { r?: ScoreRange; f?: ScoreRange; m?: ScoreRange; fm?: ScoreRange } | null;
  readonly fm: number | null;
}

const within = (value: number, range: ScoreRange | undefined) => range === undefined || (value >= range[0] && value <= range[1]);

/**
 * The rule of `rules` (the table of the run that wrote the score; Shopify's groups by default) that the scores meet.
 * A rule naming another segment than the one kept means the table changed after the score was written: no rule then.
 */
export function explainSegment(
  rfm: { r: number | null; f: number | null; m: number | null },
  segment: string,
  rules: readonly SegmentRule[] = SHOPIFY_RFM_GROUPS_V1.rules,
): SegmentExplanation {
  if (rfm.r === null || rfm.f === null || rfm.m === null) return { segment, rule: null, fm: null };
  const fm = rfm.f + rfm.m;
  const match: SegmentRule | undefined = rules.find((rule) => within(rfm.r!, rule.r) && within(rfm.f!, rule.f) && within(rfm.m!, rule.m) && within(fm, rule.fm));
  if (!match || match.segment !== segment) return { segment, rule: null, fm };
  const { segment: _name, ...ranges } = match;
  return { segment, rule: ranges, fm };
}

/** "R 5, F + M 9–10" from a rule's ranges. */
export function describeRule(rule: NonNullable<SegmentExplanation["rule"]>): string {
  const part = (label: string, range: ScoreRange | undefined) => (range ? `${label} ${range[0] === range[1] ? range[0] : `${range[0]}–${range[1]}`}` : null);
  return [part("R", rule.r), part("F", rule.f), part("M", rule.m), part("F + M", rule.fm)].filter(Boolean).join(", ");
}
