import type { RepeatPattern } from "../types.ts";

/**
 * Customers compressed to their distinct (x, t_x, T) patterns with counts as weights. The likelihood of identical
 * customers is identical, so fitting on the patterns gives the same optimum at a fraction of the cost
 * (Fader & Hardie; on CDNOW 2,357 customers become 1,016 patterns).
 */
export interface PatternSet {
  readonly size: number;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Distinct values of x, and for each pattern the index of its x in that list. */
  readonly distinctX: Float64Array;
  readonly xIndex: Int32Array;
  /**
   * Distinct (x, t) pairs over both t = t_x and t = T, and for each pattern the index of its (x, t_x) and (x, T)
   * pair: terms that depend on one such pair are computed once per pair instead of once per pattern.
   */
  readonly pairX: Float64Array;
  readonly pairT: Float64Array;
  readonly txPair: Int32Array;
  readonly TPair: Int32Array;
  readonly totalWeight: number;
  /**
   * Σ over all customers of Σ ln(inter-purchase time), in the data's time unit, when known: the one statistic beyond
   * (x, t_x, T) that MBG/CNBD-k needs to choose its regularity k (see regularity.ts).
   */
  readonly logIntervalSum?: number;
}

export function compressPatterns(rows: readonly RepeatPattern[], logIntervalSum?: number): PatternSet {
  const { index, size } = patternIndex(rows);
  const xs = new Array<number>(size);
  const txs = new Array<number>(size);
  const Ts = new Array<number>(size);
  const ws = new Array<number>(size).fill(0);
  for (let r = 0; r < rows.length; r++) {
    const i = index[r]!;
    if (ws[i] === 0) {
      const row = rows[r]!;
      xs[i] = row.frequency;
      txs[i] = row.recency;
      Ts[i] = row.age;
    }
    ws[i] = ws[i]! + 1;
  }
  const set = buildPatternSet(xs, txs, Ts, ws);
  return logIntervalSum === undefined ? set : { ...set, logIntervalSum };
}

/**
 * Each row's pattern, numbered 0, 1, ... in the order patterns first occur: rows with equal frequency, recency and
 * age (as numbers: 0 and −0 alike) share a number. `size` is the number of distinct patterns.
 */
export function patternIndex(rows: readonly RepeatPattern[]): { index: Int32Array; size: number } {
  const byFrequency = new Map<number, Map<number, Map<number, number>>>();
  const index = new Int32Array(rows.length);
  let size = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let byRecency = byFrequency.get(row.frequency);
    if (byRecency === undefined) {
      byRecency = new Map();
      byFrequency.set(row.frequency, byRecency);
    }
    let byAge = byRecency.get(row.recency);
    if (byAge === undefined) {
      byAge = new Map();
      byRecency.set(row.recency, byAge);
    }
    let i = byAge.get(row.age);
    if (i === undefined) {
      i = size++;
      byAge.set(row.age, i);
    }
    index[r] = i;
  }
  return { index, size };
}

export function buildPatternSet(xs: readonly number[], txs: readonly number[], Ts: readonly number[], ws: readonly number[]): PatternSet {
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const pos = new Map(distinct.map((v, i) => [v, i]));
  const xIndex = new Int32Array(xs.length);
  xs.forEach((v, i) => {
    xIndex[i] = pos.get(v)!;
  });
  const pairIndex = new Map<string, number>();
  const pairX: number[] = [];
  const pairT: number[] = [];
  const pairOf = (x: number, t: number): number => {
    const key = `${x}|${t}`;
    let i = pairIndex.get(key);
    if (i === undefined) {
      i = pairX.length;
      pairIndex.set(key, i);
      pairX.push(x);
      pairT.push(t);
    }
    return i;
  };
  const txPair = Int32Array.from(xs, (x, i) => pairOf(x, txs[i]!));
  const TPair = Int32Array.from(xs, (x, i) => pairOf(x, Ts[i]!));
  return {
    size: xs.length,
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    weight: Float64Array.from(ws),
    distinctX: Float64Array.from(distinct),
    xIndex,
    pairX: Float64Array.from(pairX),
    pairT: Float64Array.from(pairT),
    txPair,
    TPair,
    totalWeight: ws.reduce((a, b) => a + b, 0),
  };
}

/** The same patterns with every time divided by `scale` (each inter-purchase time's log falls by ln scale). */
export function scaleTime(set: PatternSet, scale: number): PatternSet {
  let repeats = 0;
  for (let i = 0; i < set.size; i++) repeats += set.weight[i]! * set.x[i]!;
  return {
    ...set,
    ...(set.logIntervalSum === undefined ? {} : { logIntervalSum: set.logIntervalSum - repeats * Math.log(scale) }),
    tx: set.tx.map((v) => v / scale),
    T: set.T.map((v) => v / scale),
    pairT: set.pairT.map((v) => v / scale),
  };
}
