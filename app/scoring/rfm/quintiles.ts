/**
 * Quintile scores 1–5 within a shop, with ties never split.
 *
 * score = 1 + ⌊5 · (number of customers strictly worse) / N⌋
 *
 * A score of k means that at least (k−1)/5 of the shop is strictly worse than the customer. Equal values always
 * get equal scores, so a shop where 60% of customers ordered once gives all of them F = 1 and the next value F = 4:
 * scores can be skipped, never shared unfairly. This is the minimum-rank percentile rule (MODELS.md §4.1); unlike
 * SQL `NTILE(5)` it is deterministic, and unlike pandas `qcut` it never fails on duplicate edges.
 * See docs/decisions/0104-rfm-quintiles-and-ties.md.
 *
 * Complexity: O(N log N).
 *
 * @param higherIsBetter true for order count and spend, false for days since the last order.
 * @example quintileScores([1, 1, 1, 2, 5], true) // [1, 1, 1, 4, 5]
 */
export function quintileScores(values: readonly number[], higherIsBetter: boolean): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((i, j) => compare(values[i]!, values[j]!, higherIsBetter));
  const scores = new Array<number>(n);
  let worse = 0;
  for (let k = 0; k < n; ) {
    let end = k;
    while (end + 1 < n && values[order[end + 1]!] === values[order[k]!]) end++;
    const score = 1 + Math.floor((5 * worse) / n);
    for (let i = k; i <= end; i++) scores[order[i]!] = score;
    worse = end + 1;
    k = end + 1;
  }
  return scores;
}

/** Orders worst first. */
function compare(a: number, b: number, higherIsBetter: boolean): number {
  return higherIsBetter ? a - b : b - a;
}
