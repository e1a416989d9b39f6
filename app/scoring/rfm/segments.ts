import type { RfmScore, SegmentName } from "../types.ts";
import type { ScoreRange, SegmentRule, SegmentTable } from "./segment-rules.ts";

const within = (range: ScoreRange | undefined, v: number): boolean => range === undefined || (v >= range[0] && v <= range[1]);

function matches(rule: SegmentRule, score: RfmScore): boolean {
  return within(rule.r, score.r) && within(rule.f, score.f) && within(rule.m, score.m) && within(rule.fm, score.f + score.m);
}

/**
 * The segment of an RFM score in a table, or the table's no-orders segment when `score` is null.
 *
 * @throws {Error} when the table does not map the score to exactly one segment (see `checkSegmentTable`).
 */
export function segmentFor(table: SegmentTable, score: RfmScore | null): SegmentName {
  if (score === null) return table.noOrdersSegment;
  let found: SegmentName | null = null;
  for (const rule of table.rules) {
    if (!matches(rule, score)) continue;
    if (found !== null && found !== rule.segment) {
      throw new Error(`segment table ${table.id} v${table.version}: R${score.r} F${score.f} M${score.m} matches ${found} and ${rule.segment}`);
    }
    found = rule.segment;
  }
  if (found === null) throw new Error(`segment table ${table.id} v${table.version}: R${score.r} F${score.f} M${score.m} matches no rule`);
  return found;
}

/**
 * Lists the problems of a segment table: combinations of the 125 that match no rule or rules of different
 * segments. An empty list means the table is a partition and safe to use, e.g. after a shop edits it.
 */
export function checkSegmentTable(table: SegmentTable): string[] {
  const problems: string[] = [];
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      for (let m = 1; m <= 5; m++) {
        const names = new Set(table.rules.filter((rule) => matches(rule, { r, f, m })).map((rule) => rule.segment));
        if (names.size === 0) problems.push(`R${r} F${f} M${m}: no segment`);
        if (names.size > 1) problems.push(`R${r} F${f} M${m}: ${[...names].join(", ")}`);
      }
    }
  }
  return problems;
}
