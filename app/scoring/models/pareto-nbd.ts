import { digamma, lnGamma, lnHyp2f1Beta, logAddExp, sigmoid } from "../math/special.ts";
import { gaussLegendre } from "../math/quadrature.ts";
import type { TransactionModel } from "./model.ts";
import type { PatternSet } from "./patterns.ts";

/** Scratch for the three partials of ln ₂F₁ (the engine is single-threaded per process or worker). */
const partials = new Float64Array(3);

/**
 * ln F(t) = ln ₂F₁(w, k; w+1; z) − w ln(m+t), z = d/(m+t), and with `out` its partial derivatives with respect to
 * r, α, s and β (out[at … at+3]), for the analytic gradient: the partials of ln ₂F₁ in w, k and z
 * (`lnHyp2f1Beta`, its continued fraction differentiated step by step), then the chain rule through w = r+s+x,
 * k (s+1 or r+x), z and m (α or β).
 */
function lnParetoF(r: number, alpha: number, s: number, beta: number, x: number, t: number, out?: Float64Array, at = 0): number {
  const w = r + s + x;
  const alphaLarger = alpha >= beta;
  const m = alphaLarger ? alpha : beta;
  const k = alphaLarger ? s + 1 : r + x;
  const z = Math.abs(alpha - beta) / (m + t);
  if (out === undefined) return lnHyp2f1Beta(w, k, z) - w * Math.log(m + t);
  const value = lnHyp2f1Beta(w, k, z, partials, 0) - w * Math.log(m + t);
  // ∂/∂w with k fixed, ∂/∂k with w fixed, ∂/∂z
  const partialW = partials[0]! - Math.log(m + t);
  const partialK = partials[1]!;
  const partialZ = partials[2]!;
  // k = s+1 when α ≥ β, else r+x
  out[at] = partialW + (alphaLarger ? 0 : partialK);
  out[at + 2] = partialW + (alphaLarger ? partialK : 0);
  if (alphaLarger) {
    out[at + 1] = (partialZ * (beta + t)) / ((alpha + t) * (alpha + t)) - w / (alpha + t);
    out[at + 3] = -partialZ / (alpha + t);
  } else {
    out[at + 1] = -partialZ / (beta + t);
    out[at + 3] = (partialZ * (alpha + t)) / ((beta + t) * (beta + t)) - w / (beta + t);
  }
  return value;
}

/** Points of the Gauss–Legendre rule over the lifetime left, for the count distribution. */
const LIFETIME_QUADRATURE_ORDER = 32;

/** P(N ≥ n) for n = 0 … length−1, N negative binomial with shape ρ and P(N = 0) = q^ρ. */
function negativeBinomialTail(rho: number, q: number, length: number): Float64Array {
  const out = new Float64Array(length);
  const lnQ = Math.log(q);
  const lnP = Math.log1p(-q);
  let lnPmf = rho * lnQ;
  let cdf = 0;
  out[0] = 1;
  for (let n = 1; n < length; n++) {
    cdf += Math.exp(lnPmf);
    out[n] = Math.max(0, 1 - cdf);
    lnPmf += Math.log((rho + n - 1) / n) + lnP;
  }
  return out;
}

/**
 * P(Y(t) ≥ n | alive at T) for Pareto/NBD. Given alive, λ ~ Gamma(r+x, α+T) and the remaining lifetime τ has the
 * Pareto (Lomax) law of μ ~ Gamma(s, β+T): survival S(v) = ((β+T)/(β+T+v))^s. Purchases are counted until
 * min(τ, t), so P(Y ≥ n) = S(t) P(N(t) ≥ n) + ∫₀ᵗ f_τ(v) P(N(v) ≥ n) dv, the integral by Gauss–Legendre
 * quadrature (the integrand is smooth).
 */
function paretoAliveTail(params: readonly number[], t: number, x: number, _tx: number, T: number, atLeast: number): number[] {
  const [r, alpha, s, beta] = params as [number, number, number, number];
  const rho = r + x;
  const rate = alpha + T;
  const lifetimeRate = beta + T;
  // the tail at v = t bounds every other one; it decides how many counts matter
  let length = Math.max(atLeast + 2, 8);
  let atEnd = negativeBinomialTail(rho, rate / (rate + t), length);
  while (atEnd[length - 1]! > 1e-13 && length < 1_000_000) {
    length *= 2;
    atEnd = negativeBinomialTail(rho, rate / (rate + t), length);
  }
  const survivalAtEnd = Math.exp(-s * Math.log1p(t / lifetimeRate));
  const tail = Array.from(atEnd, (v) => survivalAtEnd * v);
  const { nodes, weights } = gaussLegendre(LIFETIME_QUADRATURE_ORDER);
  for (let q = 0; q < nodes.length; q++) {
    const v = 0.5 * t * (1 + nodes[q]!);
    const density = (s / lifetimeRate) * Math.exp(-(s + 1) * Math.log1p(v / lifetimeRate));
    const factor = 0.5 * t * weights[q]! * density;
    const at = negativeBinomialTail(rho, rate / (rate + v), length);
    for (let n = 0; n < length; n++) tail[n] = tail[n]! + factor * at[n]!;
  }
  tail[0] = 1;
  return tail;
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
  const lnF1 = lnParetoF(r, alpha, s, beta, x, tx);
  const lnF2 = lnParetoF(r, alpha, s, beta, x, T);
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
 * units. Complexity: O(distinct (x, t) pairs · continued-fraction steps + patterns) per likelihood, with the analytic
 * gradient (the ₂F₁ continued fraction differentiated step by step, docs/decisions/0111-mbg-cnbd-and-pareto-gradient.md).
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
  hasGradient: true,
  logLikelihood(params: readonly number[], data: PatternSet, gradient?: number[]): number {
    const [r, alpha, s, beta] = params as [number, number, number, number];
    const base0 = -lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    const lnGammaRX = data.distinctX.map((x) => lnGamma(r + x));
    const psiRX = gradient ? data.distinctX.map((x) => digamma(r + x)) : null;
    // ln of 2F1(w, k; w+1; d/(m+t)) / (m+t)^w for every distinct (x, t), shared by all patterns with that pair
    const lnF = new Float64Array(data.pairX.length);
    // ∂ln F/∂(r, α, s, β) per pair, four numbers each
    const dLnF = gradient ? new Float64Array(4 * data.pairX.length) : null;
    for (let j = 0; j < lnF.length; j++) {
      const x = data.pairX[j]!;
      const t = data.pairT[j]!;
      lnF[j] = dLnF ? lnParetoF(r, alpha, s, beta, x, t, dLnF, 4 * j) : lnParetoF(r, alpha, s, beta, x, t);
    }
    const lnAlpha = Math.log(alpha);
    const lnBeta = Math.log(beta);
    const psiR = gradient ? digamma(r) : 0;
    let total = 0;
    let gr = 0;
    let gAlpha = 0;
    let gs = 0;
    let gBeta = 0;
    for (let i = 0; i < data.size; i++) {
      const x = data.x[i]!;
      const T = data.T[i]!;
      const w = r + s + x;
      const lnAT = Math.log(alpha + T);
      const lnBT = Math.log(beta + T);
      const alive = -(r + x) * lnAT - s * lnBT;
      let dropped = -Infinity;
      let ratio = 0;
      const p1 = data.txPair[i]!;
      const p2 = data.TPair[i]!;
      if (data.tx[i]! < T) {
        const lnF1 = lnF[p1]!;
        const diff = lnF[p2]! - lnF1;
        if (diff < 0) {
          dropped = Math.log(s) - Math.log(w) + lnF1 + Math.log(-Math.expm1(diff));
          ratio = Math.exp(diff);
        }
      }
      const lse = logAddExp(alive, dropped);
      const weight = data.weight[i]!;
      total += weight * (lnGammaRX[data.xIndex[i]!]! + base0 + lse);
      if (gradient && dLnF && psiRX) {
        const wDropped = dropped === -Infinity ? 0 : Math.exp(dropped - lse);
        const wAlive = 1 - wDropped;
        let a0r = 0;
        let a0Alpha = 0;
        let a0s = 0;
        let a0Beta = 0;
        if (wDropped > 0) {
          // ∂ln A0 = (∂ln F1 − e^(ln F2 − ln F1) ∂ln F2) / (1 − e^(ln F2 − ln F1))
          const q1 = 4 * p1;
          const q2 = 4 * p2;
          const inv = 1 / (1 - ratio);
          a0r = (dLnF[q1]! - ratio * dLnF[q2]!) * inv;
          a0Alpha = (dLnF[q1 + 1]! - ratio * dLnF[q2 + 1]!) * inv;
          a0s = (dLnF[q1 + 2]! - ratio * dLnF[q2 + 2]!) * inv;
          a0Beta = (dLnF[q1 + 3]! - ratio * dLnF[q2 + 3]!) * inv;
        }
        gr += weight * (psiRX[data.xIndex[i]!]! - psiR + lnAlpha - wAlive * lnAT + wDropped * (a0r - 1 / w));
        gAlpha += weight * (r / alpha - (wAlive * (r + x)) / (alpha + T) + wDropped * a0Alpha);
        gs += weight * (lnBeta - wAlive * lnBT + wDropped * (1 / s - 1 / w + a0s));
        gBeta += weight * (s / beta - (wAlive * s) / (beta + T) + wDropped * a0Beta);
      }
    }
    if (gradient) {
      gradient[0] = gr * r;
      gradient[1] = gAlpha * alpha;
      gradient[2] = gs * s;
      gradient[3] = gBeta * beta;
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
  aliveCountTail: paretoAliveTail,
};
