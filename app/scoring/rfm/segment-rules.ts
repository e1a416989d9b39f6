import type { SegmentName } from "../types.ts";

/** An inclusive score range [low, high]. */
export type ScoreRange = readonly [number, number];

/**
 * One row of a segment table. A customer matches when every range given contains the score; `fm` is the sum F + M
 * (2–10). Omitted ranges match anything.
 */
export interface SegmentRule {
  readonly segment: SegmentName;
  readonly r?: ScoreRange;
  readonly f?: ScoreRange;
  readonly m?: ScoreRange;
  readonly fm?: ScoreRange;
}

/**
 * A versioned table that maps every (R, F, M) score combination to exactly one segment. Customers without any
 * counted order are not scored and get `noOrdersSegment`.
 */
export interface SegmentTable {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly noOrdersSegment: SegmentName;
  readonly rules: readonly SegmentRule[];
}

/**
 * Shopify's eleven RFM group names (Admin API `CustomerRfmGroup`) laid on an R × (F + M) grid.
 *
 * Shopify publishes the groups' meanings but not its cut points, so this grid is ours, read off those meanings:
 * recency decides the row (5 = bought most recently), the sum of the frequency and monetary scores decides the
 * column. It is a partition: every one of the 125 combinations falls in exactly one rule (the tests check it).
 *
 *   R \ F+M |  2–4              | 5–6              | 7–8              | 9–10
 *   --------+-------------------+------------------+------------------+-----------------
 *     5     |  New              | Active           | Loyal            | Champions
 *     4     |  Promising        | Active           | Loyal            | Loyal
 *     3     |  Needs attention  | Needs attention  | Needs attention  | Needs attention
 *     2     |  Almost lost      | Almost lost      | At risk          | Previously loyal
 *     1     |  Dormant          | Dormant          | At risk          | Previously loyal
 *
 * Prospects are customers with no counted order yet. See docs/decisions/0105-rfm-segment-table.md.
 */
export const SHOPIFY_RFM_GROUPS_V1: SegmentTable = {
  id: "shopify-rfm-groups",
  version: 1,
  description: "Shopify's 11 RFM group names on an R × (F+M) grid",
  noOrdersSegment: "Prospects",
  rules: [
    { segment: "Champions", r: [5, 5], fm: [9, 10] },
    { segment: "Loyal", r: [5, 5], fm: [7, 8] },
    { segment: "Loyal", r: [4, 4], fm: [7, 10] },
    { segment: "Active", r: [4, 5], fm: [5, 6] },
    { segment: "New", r: [5, 5], fm: [2, 4] },
    { segment: "Promising", r: [4, 4], fm: [2, 4] },
    { segment: "Needs attention", r: [3, 3], fm: [2, 10] },
    { segment: "Previously loyal", r: [1, 2], fm: [9, 10] },
    { segment: "At risk", r: [1, 2], fm: [7, 8] },
    { segment: "Almost lost", r: [2, 2], fm: [2, 6] },
    { segment: "Dormant", r: [1, 1], fm: [2, 6] },
  ],
};
