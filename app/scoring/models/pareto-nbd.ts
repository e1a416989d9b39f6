import { lnGamma, logAddExp, sigmoid } from "../math/special.ts";
import type { TransactionModel } from "./model.ts";
import type { PatternSet } from "./patterns.ts";

/**
 * ln ₂F₁(w, k; w+1; z) for 0 ≤ z < 1, through Euler's transformation
 * ₂F₁(w, k; w+1; z) = (1−z)^(1−k) ₂F₁(1, w+1−k; w+1; z), whose terms are positive and shrink at least as fast as zⁿ.
 */
function lnHyp2f1Pareto(w: number, k: number, z: number): number {
  if (z === 0) return 0;
  const b = w + 1 - k;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 100_000; n++) {
    term *= ((b + n - 1) / (w + n)) * z;
    sum += term;
    if (term <= 1e-16 * sum) break;
  }
  return (1 - k) * Math.log1p(-z) + Math.log(sum);
}

interface ParetoTerms {
  /** ln of the "still active at T" part: −(r+x) ln(α+T) − s ln(β+T) */
  readonly alive: number;
  /** ln of the "dropped out in (t_x, T]" part: ln s − ln(r+s+x) + ln A0 (−∞ when t_x = T) */
  readonly dropped: number;
}

function paretoTerms(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): ParetoTerms {
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (tx >= T) return { alive, dropped: -Infinity };
  const w = r + s + x;
  const alphaLarger = alpha >= beta;
  const m = alphaLarger ? alpha : beta;
  const d = Math.abs(alpha - beta);
  const k = alphaLarger ? s + 1 : r + x;
  const lnF1 = lnHyp2f1Pareto(w, k, d / (m + tx)) - w * Math.log(m + tx);
  const lnF2 = lnHyp2f1Pareto(w, k, d / (m + T)) - w * Math.log(m + T);
  const diff = lnF2 - lnF1;
  if (!(diff < 0)) return { alive, dropped: -Infinity };
  const lnA0 = lnF1 + Math.log(-Math.expm1(diff));
  return { alive, dropped: Math.log(s) - Math.log(w) + lnA0 };
}

function paretoPAlive(params: readonly number[], x: number, tx: number, T: number): number {
  const [r, alpha, s, beta] = params as [number, number, number, number];
  const { alive, dropped } = paretoTerms(r, alpha, s, beta, x, tx, T);
  return dropped === -Infinity ? 1 : sigmoid(alive - dropped);
}

/**
 * Pareto/NBD: the original "counting your customers" model, with dropout at any moment.
 *
 * Computes, per customer, P(active) and the expected number of repeat purchases in a future window.
 *
 * Assumptions: (1) while active, purchases follow a Poisson process with rate λ ~ Gamma(r, α); (2) the unobserved
 * lifetime is exponential with rate μ ~ Gamma(s, β); (3) λ and μ are independent across and within customers.
 * Dropout can happen between purchases, so a one-time buyer's P(active) falls with time since the first purchase.
 *
 * Citation: Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987), "Counting Your Customers: Who Are They and
 * What Will They Do Next?", Management Science 33(1), 1–24. Likelihood in the form of Fader, P. S. & Hardie, B. G. S.
 * (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions" (eq. 18–20, the ₂F₁ argument kept in
 * [0, 1) by choosing the larger of α and β), evaluated in log space with log1p for the difference A0.
 * Conditional expectation: Schmittlein et al. eq. 22.
 *
 * Notation: `frequency` = x, `recency` = t_x, `age` = T, params [r, α, s, β] as in the paper; α and β are in time
 * units. Complexity: O(patterns · series terms) per likelihood; the gradient is by central differences.
 *
 * @example paretoNbd.pAlive([0.553, 10.578, 0.606, 11.669], 0, 0, 38.86) // ≈ 0.295
 */
export const paretoNbd: TransactionModel = {
  name: "pareto",
  label: "Pareto/NBD",
  paramNames: ["r", "alpha", "s", "beta"],
  timeParams: [1, 3],
  startingPoints: [
    [0.5, 0.4, 0.5, 0.3],
    [1, 1, 1, 1],
    [0.3, 0.1, 2, 2],
  ],
  hasGradient: false,
  logLikelihood(params: readonly number[], data: PatternSet): number {
    const [r, alpha, s, beta] = params as [number, number, number, number];
    const base0 = -lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    const lnGammaRX = data.distinctX.map((x) => lnGamma(r + x));
    // ln of 2F1(w, k; w+1; d/(m+t)) / (m+t)^w for every distinct (x, t), shared by all patterns with that pair
    const alphaLarger = alpha >= beta;
    const m = alphaLarger ? alpha : beta;
    const d = Math.abs(alpha - beta);
    const lnF = new Float64Array(data.pairX.length);
    for (let j = 0; j < lnF.length; j++) {
      const x = data.pairX[j]!;
      const t = data.pairT[j]!;
      const w = r + s + x;
      lnF[j] = lnHyp2f1Pareto(w, alphaLarger ? s + 1 : r + x, d / (m + t)) - w * Math.log(m + t);
    }
    let total = 0;
    for (let i = 0; i < data.size; i++) {
      const x = data.x[i]!;
      const T = data.T[i]!;
      const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
      let dropped = -Infinity;
      if (data.tx[i]! < T) {
        const lnF1 = lnF[data.txPair[i]!]!;
        const diff = lnF[data.TPair[i]!]! - lnF1;
        if (diff < 0) dropped = Math.log(s) - Math.log(r + s + x) + lnF1 + Math.log(-Math.expm1(diff));
      }
      total += data.weight[i]! * (lnGammaRX[data.xIndex[i]!]! + base0 + logAddExp(alive, dropped));
    }
    return total;
  },
  pAlive: paretoPAlive,
  conditionalExpectedPurchases(params: readonly number[], t: number, x: number, tx: number, T: number): number {
    if (t <= 0) return 0;
    const [r, alpha, s, beta] = params as [number, number, number, number];
    const ell = Math.log1p(t / (beta + T));
    // [1 − ((β+T)/(β+T+t))^(s−1)] / (s−1) → ℓ as s → 1
    const ratio = Math.abs(s - 1) < 1e-10 ? ell : -Math.expm1(-(s - 1) * ell) / (s - 1);
    return paretoPAlive(params, x, tx, T) * (((r + x) * (beta + T)) / (alpha + T)) * ratio;
  },
};
