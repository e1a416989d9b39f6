import { digamma, lnGamma, logAddExp, sigmoid } from "../math/special.ts";
import { aliveCountTail, aliveExpectedCount, type AliveCountStory } from "./count-distribution.ts";
import type { TransactionModel } from "./model.ts";
import type { PatternSet } from "./patterns.ts";

/** The largest regularity k the fit tries (BTYDplus tries k = 1 … 12 and stops when the likelihood falls). */
export const MAX_ERLANG_K = 8;

/**
 * ln of the phase weights c_j = Γ(r+kx+j)/Γ(r+kx) · u^j / (j! (α+T)^j), j = 0 … k−1, u = T − t_x: the chance, up to a
 * common factor, that j Erlang phases passed since the last purchase without completing another purchase.
 */
function phaseTerms(k: number, shape: number, u: number, alphaT: number, out: Float64Array): void {
  out[0] = 1;
  for (let j = 1; j < k; j++) out[j] = (out[j - 1]! * (shape + j - 1) * u) / (j * alphaT);
}

/** ln((k−1)!) */
function lnFactorial(n: number): number {
  return lnGamma(n + 1);
}

/**
 * MBG/CNBD-k: MBG/NBD with Erlang-k inter-purchase times, for customers who buy at regular intervals.
 *
 * Computes, per customer, P(active) and the expected number of repeat purchases in a future window.
 *
 * Assumptions: (1) while active, the times between purchases are Erlang-k with rate λ (the sum of k exponential
 * phases; k = 1 is the Poisson process of MBG/NBD; larger k means more regular buying), with λ ~ Gamma(r, α);
 * (2) after every purchase, the first included, the customer drops out with probability p ~ Beta(a, b); (3) λ and p
 * are independent. k is a whole number estimated by maximum likelihood over k = 1 … `MAX_ERLANG_K` (fitMbgCnbd).
 *
 * Likelihood (Platzer & Reutterer 2016 eq. 8; BTYDplus `xbgcnbd.LL` with dropout at zero), with u = T − t_x:
 *
 *   ln L = (k−1) Σ ln Δt − x ln (k−1)! + ln B(a, b+x+1) − ln B(a, b) + ln Γ(r+kx) − ln Γ(r) + r ln α
 *        + ln[ (α+T)^−(r+kx) Σ_{j<k} c_j  +  a/(b+x) (α+t_x)^−(r+kx) ]
 *
 * where Σ ln Δt is the sum of the logs of the customer's inter-purchase times. That term does not depend on
 * (r, α, a, b), so it only matters for the choice of k; the data carry its total (`PatternSet.logIntervalSum`).
 *
 * Conditional expectation: exact under the model (count-distribution.ts), where BTYDplus uses a BG/NBD-based
 * approximation with a cohort-level bias correction.
 *
 * Citation: Platzer, M. & Reutterer, T. (2016), "Ticking Away the Moments: Timing Regularity Helps to Better
 * Predict Customer Activity", Marketing Science 35(5), 779–799; BTYDplus (R), `mbgcnbd.*`.
 *
 * Notation: `frequency` = x, `recency` = t_x, `age` = T, params [r, α, a, b] with k fixed per model object; α is in
 * time units. Complexity: O(patterns · k) per likelihood, with the analytic gradient.
 *
 * @example mbgCnbd(1).pAlive([0.525, 6.183, 0.891, 1.614], 0, 0, 52) // the MBG/NBD value, ≈ 0.358
 */
export function mbgCnbd(k: number): TransactionModel {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`mbgCnbd: k must be a whole number ≥ 1, got ${k}`);
  const phases = new Float64Array(k);

  const terms = (params: readonly number[], x: number, tx: number, T: number) => {
    const [r, alpha, a, b] = params as [number, number, number, number];
    const shape = r + k * x;
    phaseTerms(k, shape, T - tx, alpha + T, phases);
    let s2 = 0;
    for (let j = 0; j < k; j++) s2 += phases[j]!;
    const alive = -shape * Math.log(alpha + T) + Math.log(s2);
    const dropped = Math.log(a) - Math.log(b + x) - shape * Math.log(alpha + tx);
    return { alive, dropped, s2 };
  };

  const pAlive = (params: readonly number[], x: number, tx: number, T: number): number => {
    const { alive, dropped } = terms(params, x, tx, T);
    return sigmoid(alive - dropped);
  };

  const aliveStory = (params: readonly number[], x: number, tx: number, T: number): AliveCountStory => {
    const [r, alpha, a, b] = params as [number, number, number, number];
    const shape = r + k * x;
    phaseTerms(k, shape, T - tx, alpha + T, phases);
    let s2 = 0;
    for (let j = 0; j < k; j++) s2 += phases[j]!;
    return { shape, rate: alpha + T, a, bPost: b + x + 1, k, phaseWeights: Array.from(phases, (c) => c / s2) };
  };

  return {
    name: "mbgcnbd",
    label: k === 1 ? "MBG/CNBD-k (k = 1)" : `MBG/CNBD-k (k = ${k})`,
    paramNames: ["r", "alpha", "a", "b"],
    fixedParams: { k },
    timeParams: [1],
    startingPoints: [
      [1, 1, 1, 1],
      [0.5, 0.2, 0.9, 1.6],
      [2 * k, 0.5, 0.5, 5],
    ],
    hasGradient: true,
    logLikelihood(params: readonly number[], data: PatternSet, gradient?: number[]): number {
      const [r, alpha, a, b] = params as [number, number, number, number];
      const lnAlpha = Math.log(alpha);
      const lnA = Math.log(a);
      const lnGammaR = lnGamma(r);
      const lnBetaAB = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
      const psiR = gradient ? digamma(r) : 0;
      const psiAB = gradient ? digamma(a + b) : 0;
      const psiB = gradient ? digamma(b) : 0;
      const nx = data.distinctX.length;
      const c0 = new Float64Array(nx);
      const dr0 = new Float64Array(nx);
      const da0 = new Float64Array(nx);
      const db0 = new Float64Array(nx);
      for (let j = 0; j < nx; j++) {
        const x = data.distinctX[j]!;
        c0[j] = lnGamma(a) + lnGamma(b + x + 1) - lnGamma(a + b + x + 1) - lnBetaAB + lnGamma(r + k * x) - lnGammaR;
        if (gradient) {
          const psiABX = digamma(a + b + x + 1);
          dr0[j] = digamma(r + k * x) - psiR;
          da0[j] = psiAB - psiABX;
          db0[j] = digamma(b + x + 1) - psiABX + psiAB - psiB;
        }
      }
      let total = 0;
      let totalX = 0;
      let gr = 0;
      let gAlpha = 0;
      let ga = 0;
      let gb = 0;
      for (let i = 0; i < data.size; i++) {
        const x = data.x[i]!;
        const T = data.T[i]!;
        const tx = data.tx[i]!;
        const w = data.weight[i]!;
        const xi = data.xIndex[i]!;
        const shape = r + k * x;
        const alphaT = alpha + T;
        const u = T - tx;
        phaseTerms(k, shape, u, alphaT, phases);
        let s2 = 0;
        let s2r = 0;
        let s2Alpha = 0;
        let harmonic = 0; // Σ_{i<j} 1/(shape+i)
        for (let j = 0; j < k; j++) {
          if (j > 0) harmonic += 1 / (shape + j - 1);
          const c = phases[j]!;
          s2 += c;
          s2r += c * harmonic;
          s2Alpha -= (c * j) / alphaT;
        }
        const lnAT = Math.log(alphaT);
        const lnATx = Math.log(alpha + tx);
        const alive = -shape * lnAT + Math.log(s2);
        const dropped = lnA - Math.log(b + x) - shape * lnATx;
        const lse = logAddExp(alive, dropped);
        total += w * (c0[xi]! + r * lnAlpha + lse);
        totalX += w * x;
        if (gradient) {
          const wD = Math.exp(dropped - lse);
          const wA = 1 - wD;
          gr += w * (dr0[xi]! + lnAlpha + wA * (-lnAT + s2r / s2) - wD * lnATx);
          gAlpha += w * (r / alpha + wA * (-shape / alphaT + s2Alpha / s2) - (wD * shape) / (alpha + tx));
          ga += w * (da0[xi]! + wD / a);
          gb += w * (db0[xi]! - wD / (b + x));
        }
      }
      if (gradient) {
        gradient[0] = gr * r;
        gradient[1] = gAlpha * alpha;
        gradient[2] = ga * a;
        gradient[3] = gb * b;
      }
      // (k−1) Σ ln Δt − Σx ln (k−1)!: constant in (r, α, a, b); needed to compare k
      if (k > 1) total += (k - 1) * (data.logIntervalSum ?? 0) - totalX * lnFactorial(k - 1);
      return total;
    },
    pAlive,
    conditionalExpectedPurchases(params: readonly number[], t: number, x: number, tx: number, T: number): number {
      if (t <= 0) return 0;
      return pAlive(params, x, tx, T) * aliveExpectedCount(aliveStory(params, x, tx, T), t);
    },
    aliveCountTail(params: readonly number[], t: number, x: number, tx: number, T: number, atLeast: number): number[] {
      return aliveCountTail(aliveStory(params, x, tx, T), t, atLeast);
    },
  };
}
