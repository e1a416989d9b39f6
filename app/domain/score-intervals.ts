/** A stored score's predicted CLV and P(alive) with their intervals, as the admin and the block answer them (pure). */

interface IntervalColumns {
  readonly predictedClvMinor: bigint | null;
  readonly predictedClvLowMinor: bigint | null;
  readonly predictedClvHighMinor: bigint | null;
  readonly pAlive: number | null;
  readonly pAliveLow: number | null;
  readonly pAliveHigh: number | null;
}

const text = (minor: bigint | null) => (minor === null ? null : String(minor));

/** Money as decimal strings of minor units (exact, and JSON has no BigInt); null for a prospect. */
export function predictedClvWithInterval(score: IntervalColumns): { minor: string; lowMinor: string | null; highMinor: string | null } | null {
  if (score.predictedClvMinor === null) return null;
  return { minor: String(score.predictedClvMinor), lowMinor: text(score.predictedClvLowMinor), highMinor: text(score.predictedClvHighMinor) };
}

export function pAliveWithInterval(score: IntervalColumns): { value: number; low: number | null; high: number | null } | null {
  return score.pAlive === null ? null : { value: score.pAlive, low: score.pAliveLow, high: score.pAliveHigh };
}
