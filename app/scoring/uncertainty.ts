import { quadraticForm } from "./math/linalg.ts";

/**
 * Variance of g(θ) by the delta method, Var g ≈ ∇gᵀ Σ ∇g, where Σ is the covariance of the log-parameters θ and
 * ∇g is taken by forward differences in θ (step 1e-5; the interval needs a few digits, not twelve).
 * Casella & Berger, Statistical Inference, 2nd ed., §5.5.4.
 *
 * Returns 0 when g does not depend on θ and NaN when g is not finite around θ.
 */
export function deltaMethodVariance(
  g: (params: readonly number[]) => number,
  logParams: readonly number[],
  covariance: readonly (readonly number[])[],
  step = 1e-5,
): number {
  const gradient = new Array<number>(logParams.length).fill(0);
  const shifted = [...logParams];
  const centre = g(logParams.map(Math.exp));
  for (let i = 0; i < logParams.length; i++) {
    shifted[i] = logParams[i]! + step;
    gradient[i] = (g(shifted.map(Math.exp)) - centre) / step;
    shifted[i] = logParams[i]!;
  }
  return quadraticForm(covariance, gradient);
}

export const logit = (p: number): number => Math.log(p) - Math.log1p(-p);

/**
 * A symmetric interval on the logit scale mapped back to (0, 1): it always contains the estimate and never leaves
 * [0, 1]. Probabilities of exactly 0 or 1 get a degenerate interval.
 */
export function probabilityInterval(p: number, logitVariance: number, z: number): [number, number] {
  if (p <= 0 || p >= 1 || !(logitVariance > 0)) return [p, p];
  const centre = logit(p);
  const half = z * Math.sqrt(logitVariance);
  return [1 / (1 + Math.exp(-(centre - half))), 1 / (1 + Math.exp(-(centre + half)))];
}

/** A symmetric interval on the log scale mapped back: positive, and containing the estimate. */
export function positiveInterval(value: number, logVariance: number, z: number): [number, number] {
  if (!(value > 0) || !(logVariance > 0)) return [value, value];
  const half = z * Math.sqrt(logVariance);
  return [value * Math.exp(-half), value * Math.exp(half)];
}
