import { digamma, hyp2f1, lnGamma, logAddExp, sigmoid } from "../math/special.ts";
import { aliveCountTail } from "./count-distribution.ts";
import type { TransactionModel } from "./model.ts";
import type { PatternSet } from "./patterns.ts";

/**
 * The beta-geometric family shared by BG/NBD (`shift` 0) and MBG/NBD (`shift` 1).
 *
 * Both models: while active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); the customer drops out
 * with probability p ~ Beta(a, b) right after each repeat purchase (BG/NBD), or also right after the first
 * purchase (MBG/NBD). With k = shift, the likelihood of (x, t_x, T) is
 *
 *   L = Γ(r+x)α^r/Γ(r) · B(a, b+x+k)/B(a, b) · [ (α+T)^−(r+x) + [x+k>0] · a/(b+x−1+k) · (α+t_x)^−(r+x) ]
 *
 * evaluated in log space with logaddexp, so no power overflows.
 */
function betaGeometricLogLikelihood(shift: number) {
  return (params: readonly number[], data: PatternSet, gradient?: number[]): number => {
    const [r, alpha, a, b] = params as [number, number, number, number];
    const nx = data.distinctX.length;
    // terms that depend on x only, computed once per distinct x
    const c0 = new Float64Array(nx);
    const dr0 = new Float64Array(nx);
    const da0 = new Float64Array(nx);
    const db0 = new Float64Array(nx);
    const lnBDenominator = new Float64Array(nx);
    const lnGammaR = lnGamma(r);
    const lnGammaAB = lnGamma(a + b);
    const lnGammaB = lnGamma(b);
    const psiR = gradient ? digamma(r) : 0;
    const psiAB = gradient ? digamma(a + b) : 0;
    const psiB = gradient ? digamma(b) : 0;
    for (let j = 0; j < nx; j++) {
      const x = data.distinctX[j]!;
      c0[j] = lnGamma(r + x) - lnGammaR + lnGammaAB + lnGamma(b + x + shift) - lnGammaB - lnGamma(a + b + x + shift);
      lnBDenominator[j] = x + shift > 0 ? Math.log(b + x - 1 + shift) : 0;
      if (gradient) {
        const psiABX = digamma(a + b + x + shift);
        dr0[j] = digamma(r + x) - psiR;
        da0[j] = psiAB - psiABX;
        db0[j] = psiAB + digamma(b + x + shift) - psiB - psiABX;
      }
    }
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    let total = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < data.size; i++) {
      const x = data.x[i]!;
      const j = data.xIndex[i]!;
      const w = data.weight[i]!;
      const lnAT = Math.log(alpha + data.T[i]!);
      const termA = -(r + x) * lnAT;
      const hasB = x + shift > 0;
      const lnATx = hasB ? Math.log(alpha + data.tx[i]!) : 0;
      const termB = hasB ? lnA - lnBDenominator[j]! - (r + x) * lnATx : -Infinity;
      const lse = logAddExp(termA, termB);
      total += w * (c0[j]! + r * lnAlpha + lse);
      if (gradient) {
        const wB = hasB ? Math.exp(termB - lse) : 0;
        const wA = 1 - wB;
        gr += w * (dr0[j]! + lnAlpha - wA * lnAT - wB * lnATx);
        gAlpha += w * (r / alpha - (r + x) * (wA / (alpha + data.T[i]!) + (hasB ? wB / (alpha + data.tx[i]!) : 0)));
        ga += w * (da0[j]! + wB / a);
        gb += w * (db0[j]! - (hasB ? wB / (b + x - 1 + shift) : 0));
      }
    }
    if (gradient) {
      gradient[0] = gr * r;
      gradient[1] = gAlpha * alpha;
      gradient[2] = ga * a;
      gradient[3] = gb * b;
    }
    return total;
  };
}

function betaGeometricPAlive(shift: number) {
  return (params: readonly number[], x: number, tx: number, T: number): number => {
    if (x + shift === 0) return 1;
    const [r, alpha, a, b] = params as [number, number, number, number];
    const logit = Math.log(a / (b + x - 1 + shift)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
    return sigmoid(-logit);
  };
}

/**
 * E[Y(t) | x, t_x, T] for the beta-geometric family, through Euler's transformation of ₂F₁ so that neither large x
 * nor z close to 1 overflows:
 *
 *   (1−z)^(r+x) ₂F₁(r+x, b+x+k; a+b+x−1+k; z) = (1−z)^(a−1) ₂F₁(a+b−1+k−r, a−1; a+b+x−1+k; z),  z = t/(α+T+t).
 *
 * a = 1 is a removable singularity; it is evaluated as the mean of a = 1 ± 1e-6.
 */
function betaGeometricConditionalExpectation(shift: number) {
  const pAlive = betaGeometricPAlive(shift);
  const core = (r: number, alpha: number, a: number, b: number, t: number, x: number, T: number): number => {
    const z = t / (alpha + T + t);
    const c = a + b + x - 1 + shift;
    const f = hyp2f1(a + b - 1 + shift - r, a - 1, c, z);
    const bracket = -Math.expm1((a - 1) * Math.log1p(-z)) * f + (1 - f);
    return (c / (a - 1)) * bracket;
  };
  return (params: readonly number[], t: number, x: number, tx: number, T: number): number => {
    if (t <= 0) return 0;
    const [r, alpha, a, b] = params as [number, number, number, number];
    let value: number;
    if (Math.abs(a - 1) < 1e-6) {
      value = 0.5 * (core(r, alpha, 1 + 1e-6, b, t, x, T) + core(r, alpha, 1 - 1e-6, b, t, x, T));
    } else {
      value = core(r, alpha, a, b, t, x, T);
    }
    return Math.max(0, value) * pAlive(params, x, tx, T);
  };
}

/** Given alive: λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x+shift); the Poisson case (k = 1) of count-distribution.ts. */
function betaGeometricAliveTail(shift: number) {
  return (params: readonly number[], t: number, x: number, _tx: number, T: number, atLeast: number): number[] => {
    const [r, alpha, a, b] = params as [number, number, number, number];
    return aliveCountTail({ shape: r + x, rate: alpha + T, a, bPost: b + x + shift, k: 1, phaseWeights: [1] }, t, atLeast);
  };
}

/**
 * BG/NBD: the beta-geometric / negative binomial distribution model of repeat purchasing.
 *
 * Computes, per customer, P(active) and the expected number of repeat purchases in a future window, from the
 * customer's repeat frequency, recency and age.
 *
 * Assumptions: (1) while active, purchases follow a Poisson process with rate λ; (2) λ ~ Gamma(r, α) across
 * customers; (3) after every *repeat* purchase the customer becomes inactive with probability p; (4) p ~ Beta(a, b);
 * (5) λ and p are independent. A customer without repeat purchases therefore always has P(active) = 1.
 *
 * Citation: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "'Counting Your Customers' the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284: likelihood eq. 6, E[Y(t) | x, t_x, T]
 * eq. 10; P(alive) from Fader, Hardie & Lee (2008), "Computing P(alive) using the BG/NBD model" (note 021).
 *
 * Notation: `frequency` = x, `recency` = t_x, `age` = T, params [r, α, a, b] as in the paper; α is in time units.
 * Complexity: O(patterns) per likelihood evaluation, with the analytic gradient.
 *
 * @example bgNbd.pAlive([0.243, 4.414, 0.793, 2.426], 2, 30.43, 38.86) // ≈ 0.727
 */
export const bgNbd: TransactionModel = {
  name: "bgnbd",
  label: "BG/NBD",
  paramNames: ["r", "alpha", "a", "b"],
  timeParams: [1],
  startingPoints: [
    [1, 1, 1, 1],
    [0.3, 0.1, 0.8, 2.5],
    [2, 0.5, 0.5, 5],
  ],
  logLikelihood: betaGeometricLogLikelihood(0),
  hasGradient: true,
  pAlive: betaGeometricPAlive(0),
  conditionalExpectedPurchases: betaGeometricConditionalExpectation(0),
  aliveCountTail: betaGeometricAliveTail(0),
};

/**
 * MBG/NBD: the modified BG/NBD, in which a customer may also drop out right after the first purchase.
 *
 * Computes the same quantities as BG/NBD. Because dropout is possible at time 0, a one-time buyer's P(active)
 * falls as time passes without a purchase instead of staying at 1.
 *
 * Assumptions: as BG/NBD, except (3'): after *every* purchase, the first included, the customer becomes inactive
 * with probability p ~ Beta(a, b).
 *
 * Citation: Batislam, E. P., Denizel, M. & Filiztekin, A. (2007), "Empirical validation and comparison of models
 * for customer base analysis", International Journal of Research in Marketing 24(3), 201–209; corrected by
 * Wagner, U. & Hoppe, D. (2008), "Erratum on the MBG/NBD model", IJRM 25(3), 225–226.
 *
 * Notation: `frequency` = x, `recency` = t_x, `age` = T, params [r, α, a, b]; α is in time units.
 *
 * @example mbgNbd.pAlive([0.525, 6.183, 0.891, 1.614], 0, 0, 52) // ≈ 0.358, where BG/NBD gives 1
 */
export const mbgNbd: TransactionModel = {
  name: "mbgnbd",
  label: "MBG/NBD",
  paramNames: ["r", "alpha", "a", "b"],
  timeParams: [1],
  startingPoints: [
    [1, 1, 1, 1],
    [0.5, 0.2, 0.9, 1.6],
    [2, 0.5, 0.5, 5],
  ],
  logLikelihood: betaGeometricLogLikelihood(1),
  hasGradient: true,
  pAlive: betaGeometricPAlive(1),
  conditionalExpectedPurchases: betaGeometricConditionalExpectation(1),
  aliveCountTail: betaGeometricAliveTail(1),
};
