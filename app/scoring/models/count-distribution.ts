/**
 * The distribution of a customer's purchases in a future window (T, T + t], given that the customer is alive at T,
 * for the models whose dropout is a coin flip after each purchase (BG/NBD, MBG/NBD, MBG/CNBD-k).
 *
 * Story, given alive: the purchase clock is a Poisson process of "phases" with rate λ, and every k-th phase is a
 * purchase (Erlang-k inter-purchase times; k = 1 is the Poisson case). At T, j ∈ {0 … k−1} phases have passed since
 * the last purchase, with weights `phaseWeights[j]`, and given j, λ ~ Gamma(shape + j, rate). After each purchase
 * the customer drops out with probability p ~ Beta(a, bPost). The n-th future purchase happens when the phase count
 * N(t) reaches n·k − j and the customer survived the n − 1 coin flips before it, so
 *
 *   P(Y ≥ n | alive) = B(a, bPost + n − 1)/B(a, bPost) · Σ_j π_j P(N_j(t) ≥ n·k − j),
 *
 * with N_j(t) negative binomial (the gamma–Poisson mixture). For k = 1 this is Fader, Hardie & Lee (2005) eq. 8
 * with the posterior parameters; for k > 1 it is exact for the MBG/CNBD-k story (Platzer & Reutterer 2016), where
 * BTYDplus approximates the conditional expectation.
 */

/** Tail probabilities below this, times the remaining mass, end the series. */
const TAIL_EPSILON = 1e-13;
const MAX_PURCHASES = 100_000;

export interface AliveCountStory {
  /** Gamma shape of λ before adding the phases j: r + k·x. */
  readonly shape: number;
  /** Gamma rate of λ: α + T. */
  readonly rate: number;
  readonly a: number;
  /** Beta b of the dropout probability given alive: b + x (BG/NBD) or b + x + 1 (with dropout at the first purchase). */
  readonly bPost: number;
  readonly k: number;
  /** π_j for j = 0 … k−1, summing to 1. */
  readonly phaseWeights: readonly number[];
}

/**
 * P(Y ≥ n | alive) for n = 1, 2, … until the tail is negligible, or up to `atLeast` purchases if that is further.
 * Entry 0 of the result is P(Y ≥ 0) = 1.
 */
export function aliveCountTail(story: AliveCountStory, t: number, atLeast = 0): number[] {
  const { shape, rate, a, bPost, k, phaseWeights } = story;
  const lnQ = Math.log(rate / (rate + t));
  const lnP = Math.log(t / (rate + t));
  // per phase j: the pmf of N_j(t) at count counted[j] − 1 and P(N_j ≤ counted[j] − 1), advanced one count at a time
  const lnPmf = phaseWeights.map(() => 0);
  const cdf = phaseWeights.map(() => 0);
  const counted = phaseWeights.map(() => 0);
  const cdfBelow = (j: number, m: number): number => {
    const rho = shape + j;
    for (let i = counted[j]!; i < m; i++) {
      lnPmf[j] = i === 0 ? rho * lnQ : lnPmf[j]! + Math.log((rho + i - 1) / i) + lnP;
      cdf[j] = cdf[j]! + Math.exp(lnPmf[j]!);
    }
    if (m > counted[j]!) counted[j] = m;
    return cdf[j]!;
  };
  const tail = [1];
  let survival = 1; // B(a, bPost + n − 1)/B(a, bPost)
  for (let n = 1; n <= MAX_PURCHASES; n++) {
    if (n > 1) survival *= (bPost + n - 2) / (a + bPost + n - 2);
    let phaseTail = 0;
    for (let j = 0; j < phaseWeights.length; j++) {
      if (phaseWeights[j] === 0) continue;
      phaseTail += phaseWeights[j]! * Math.max(0, 1 - cdfBelow(j, n * k - j));
    }
    const value = survival * phaseTail;
    tail.push(value);
    if (n >= atLeast && value < TAIL_EPSILON) break;
  }
  return tail;
}

/** E[Y(t) | alive] = Σ_{n ≥ 1} P(Y ≥ n | alive). */
export function aliveExpectedCount(story: AliveCountStory, t: number): number {
  const tail = aliveCountTail(story, t);
  let sum = 0;
  for (let n = 1; n < tail.length; n++) sum += tail[n]!;
  return sum;
}

/** P(Y(t) = y | history) from P(alive) and the tail given alive: a dead customer makes no purchase. */
export function countProbability(pAlive: number, tail: readonly number[], y: number): number {
  const given = Math.max(0, (tail[y] ?? 0) - (tail[y + 1] ?? 0));
  return pAlive * given + (y === 0 ? 1 - pAlive : 0);
}
