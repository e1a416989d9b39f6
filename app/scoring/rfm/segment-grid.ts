import { SEGMENT_NAMES, type SegmentName } from "../types.ts";
import type { ScoreRange, SegmentRule, SegmentTable } from "./segment-rules.ts";
import { SHOPIFY_RFM_GROUPS_V1 } from "./segment-rules.ts";
import { segmentFor } from "./segments.ts";

/**
 * A segment table as a merchant edits it: recency picks the row (5, the most recent, first), the sum F + M picks the
 * column band, and each of the 20 cells names one segment. Any grid of names is a partition of the 125 score
 * combinations, so an edited table can never leave a shopper without a segment or with two.
 */
export const GRID_RECENCY = [5, 4, 3, 2, 1] as const;
export const GRID_FM_BANDS: readonly ScoreRange[] = [
  [2, 4],
  [5, 6],
  [7, 8],
  [9, 10],
];

/** The names a cell may hold: every segment but the one for shoppers with no counted order. */
export const GRID_SEGMENT_NAMES: readonly SegmentName[] = SEGMENT_NAMES.filter((name) => name !== SHOPIFY_RFM_GROUPS_V1.noOrdersSegment);

/** `grid[row][column]`: row i is recency GRID_RECENCY[i], column j the band GRID_FM_BANDS[j]. */
export type SegmentGrid = readonly (readonly SegmentName[])[];

/** The id of a table made from a merchant's grid; its version counts the shop's edits. */
export const SHOP_GRID_TABLE_ID = "shop-segment-grid";

/**
 * The grid of a table, or null when the table does not give one segment to each (R, F + M band) cell, i.e. when some
 * cell's segment would depend on F or M apart from their sum.
 */
export function segmentGridOf(table: SegmentTable): SegmentGrid | null {
  const grid: SegmentName[][] = [];
  for (const r of GRID_RECENCY) {
    const row: SegmentName[] = [];
    for (const [low, high] of GRID_FM_BANDS) {
      const names = new Set<SegmentName>();
      for (let f = 1; f <= 5; f++) {
        for (let m = 1; m <= 5; m++) {
          if (f + m < low || f + m > high) continue;
          try {
            names.add(segmentFor(table, { r, f, m }));
          } catch {
            return null;
          }
        }
      }
      if (names.size !== 1) return null;
      row.push([...names][0]!);
    }
    grid.push(row);
  }
  return grid;
}

/** The table of a grid: one rule per cell. */
export function segmentTableOfGrid(grid: SegmentGrid, version: number): SegmentTable {
  const problems = segmentGridProblems(grid);
  if (problems.length > 0) throw new Error(`not a segment grid: ${problems.join("; ")}`);
  const rules: SegmentRule[] = [];
  GRID_RECENCY.forEach((r, i) => {
    GRID_FM_BANDS.forEach((fm, j) => {
      rules.push({ segment: grid[i]![j]!, r: [r, r], fm });
    });
  });
  return {
    id: SHOP_GRID_TABLE_ID,
    version,
    description: "the shop's own grid of segments on R × (F+M)",
    noOrdersSegment: SHOPIFY_RFM_GROUPS_V1.noOrdersSegment,
    rules,
  };
}

/** What makes a value not a grid: the wrong shape, or a cell that is not a segment a score can place. */
export function segmentGridProblems(grid: unknown): string[] {
  if (!Array.isArray(grid) || grid.length !== GRID_RECENCY.length) return [`${GRID_RECENCY.length} rows expected`];
  const problems: string[] = [];
  grid.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== GRID_FM_BANDS.length) {
      problems.push(`R ${GRID_RECENCY[i]}: ${GRID_FM_BANDS.length} cells expected`);
      return;
    }
    row.forEach((cell: unknown, j) => {
      if (!GRID_SEGMENT_NAMES.includes(cell as SegmentName))
        problems.push(`R ${GRID_RECENCY[i]}, F + M ${GRID_FM_BANDS[j]!.join("–")}: ${JSON.stringify(cell)} is not a segment`);
    });
  });
  return problems;
}

/** Shopify's RFM groups as a grid: the default the settings page starts from and resets to. */
export const DEFAULT_SEGMENT_GRID: SegmentGrid = segmentGridOf(SHOPIFY_RFM_GROUPS_V1)!;
