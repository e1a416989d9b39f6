import { invertSpd } from "../math/linalg.ts";
import { hessianFromGradient, minimizeBfgs, minimizeNelderMead } from "../math/optimize.ts";
import { digamma, lnGamma } from "../math/special.ts";

/** Natural-scale Gamma-Gamma parameters; γ is in the shop's currency. */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface SpendObservation {
  /** Number of repeat purchases x (≥ 1). */
  readonly frequency: number;
  /** Mean value of those purchases, m_x (> 0). */
  readonly monetary: number;
}

export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** Covariance of (ln p, ln q, ln γ), from the inverse observed information; null when not positive definite. */
  readonly covariance: number[][] | null;
  readonly customersUsed: number;
}

/**
 * Σ ln L of the Gamma-Gamma spend model and, optionally, its gradient with respect to (ln p, ln q, ln γ).
 *
 * ln L_i = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + x m)
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: readonly SpendObservation[], gradient?: number[]): number {
  const { p, q, gamma } = params;
  const lnGammaQ = lnGamma(q);
  const lnG = Math.log(gamma);
  const psiQ = gradient ? digamma(q) : 0;
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (const { frequency: x, monetary: m } of data) {
    const px = p * x;
    const lnM = Math.log(m);
    const lnX = Math.log(x);
    const lnGXM = Math.log(gamma + x * m);
    total += lnGamma(px + q) - lnGamma(px) - lnGammaQ + q * lnG + (px - 1) * lnM + px * lnX - (px + q) * lnGXM;
    if (gradient) {
      const psiPXQ = digamma(px + q);
      gp += x * (psiPXQ - digamma(px) + lnM + lnX - lnGXM);
      gq += psiPXQ - psiQ + lnG - lnGXM;
      gg += q / gamma - (px + q) / (gamma + x * m);
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gg * gamma;
  }
  return total;
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on customers with at least one repeat purchase of positive
 * mean value (the others carry no information on spend, and ln m_x is undefined for them).
 *
 * Assumptions: (1) the value of each of a customer's transactions is Gamma(p, ν) around the customer's mean p/ν;
 * (2) ν ~ Gamma(q, γ) across customers; (3) spend is independent of the purchase process (check corr(x, m_x) ≈ 0).
 *
 * Citation: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "RFM and CLV: Using Iso-Value Curves for Customer
 * Base Analysis", Journal of Marketing Research 42(4), 415–430; Fader & Hardie (2013), "The Gamma-Gamma Model of
 * Monetary Value" (note 025, eq. 1a for the likelihood).
 *
 * Notation: `frequency` = x, `monetary` = m_x (z̄ in the JMR paper), params p, q, γ as in the note.
 * The optimiser works on ln p, ln q, ln γ with money rescaled to a mean of 1.
 *
 * @example fitGammaGamma(cdnowRepeaters).params // { p: 6.25, q: 3.74, gamma: 15.44 }
 */
export function fitGammaGamma(observations: readonly SpendObservation[]): GammaGammaFit {
  const data = observations.filter((o) => o.frequency >= 1 && o.monetary > 0 && Number.isFinite(o.monetary));
  if (data.length === 0) {
    return {
      params: { p: NaN, q: NaN, gamma: NaN },
      logLikelihood: NaN,
      converged: false,
      iterations: 0,
      covariance: null,
      customersUsed: 0,
    };
  }
  const scale = data.reduce((s, o) => s + o.monetary, 0) / data.length;
  const scaled = data.map((o) => ({ frequency: o.frequency, monetary: o.monetary / scale }));
  const n = data.length;
  const objective = (theta: readonly number[], grad: number[]): number => {
    const params = { p: Math.exp(theta[0]!), q: Math.exp(theta[1]!), gamma: Math.exp(theta[2]!) };
    const ll = gammaGammaLogLikelihood(params, scaled, grad);
    for (let i = 0; i < 3; i++) grad[i] = -grad[i]! / n;
    return -ll / n;
  };
  let best = minimizeBfgs(objective, [0, 0, 0]);
  for (const start of [
    [Math.log(5), Math.log(3), Math.log(2)],
    [Math.log(0.5), Math.log(1.5), Math.log(0.5)],
  ]) {
    if (best.converged) break;
    const candidate = minimizeBfgs(objective, start);
    if (candidate.value < best.value) best = candidate;
  }
  if (!best.converged) {
    const simplex = minimizeNelderMead((theta) => objective(theta, [0, 0, 0]), best.x);
    const polished = minimizeBfgs(objective, simplex.x);
    if (polished.value <= best.value) best = polished;
  }
  const params = {
    p: Math.exp(best.x[0]!),
    q: Math.exp(best.x[1]!),
    gamma: Math.exp(best.x[2]!) * scale,
  };
  const theta = [Math.log(params.p), Math.log(params.q), Math.log(params.gamma)];
  const negativeHessian = hessianFromGradient((t, out) => {
    gammaGammaLogLikelihood({ p: Math.exp(t[0]!), q: Math.exp(t[1]!), gamma: Math.exp(t[2]!) }, data, out);
    for (let i = 0; i < 3; i++) out[i] = -out[i]!;
  }, theta);
  return {
    params,
    logLikelihood: gammaGammaLogLikelihood(params, data),
    converged: best.converged,
    iterations: best.iterations,
    covariance: invertSpd(negativeHessian),
    customersUsed: n,
  };
}

/**
 * E[M | x, m_x]: the expected value of the customer's future transactions, a weighted mean of the customer's own
 * average and the population mean pγ/(q−1):  (γ + x·m_x)·p / (p·x + q − 1). Needs q > 1.
 * For x = 0 it is the population mean. Fader & Hardie (2013), note 025 eq. 5.
 */
export function expectedOrderValue(params: GammaGammaParams, frequency: number, monetary: number): number {
  const { p, q, gamma } = params;
  const x = monetary > 0 ? frequency : 0;
  return ((gamma + x * (x > 0 ? monetary : 0)) * p) / (p * x + q - 1);
}
