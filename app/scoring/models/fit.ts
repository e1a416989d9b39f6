import { invertSpd } from "../math/linalg.ts";
import { hessianFromGradient, minimizeBfgs, minimizeNelderMead, numericGradient, type MinimizeResult } from "../math/optimize.ts";
import type { TransactionModel } from "./model.ts";
import { scaleTime, type PatternSet } from "./patterns.ts";

export interface TransactionFit {
  readonly model: TransactionModel;
  /** Natural-scale parameters in `model.paramNames` order, time parameters in the data's time unit. */
  readonly params: number[];
  /** Σ ln L over all customers, in the data's time unit. */
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly gradientNorm: number;
  /** Covariance of the log-parameters (inverse observed information); null when the Hessian is not positive definite. */
  readonly covariance: number[][] | null;
}

/** Log-parameters outside ±ln(1e6) (on data rescaled to max T = 1) mean the fit ran off to a boundary. */
const DEGENERATE_LOG_PARAM = Math.log(1e6);

/**
 * Maximum-likelihood fit of a purchase-count model on compressed patterns.
 *
 * Recipe (MODELS.md §3.5): rescale time so that the largest T is 1; minimise the mean negative log-likelihood over
 * the log-parameters with BFGS, from several starting points, using the model's analytic gradient or central
 * differences; when BFGS does not converge, run Nelder–Mead from the best point and polish with BFGS; scale α (and β)
 * back; report the summed log-likelihood in the data's unit and the covariance of the log-parameters from the
 * Hessian at the optimum.
 *
 * Never throws on bad fits: it reports `converged: false` and lets the caller fall back.
 */
export function fitTransactionModel(model: TransactionModel, data: PatternSet): TransactionFit {
  let maxT = 0;
  for (let i = 0; i < data.size; i++) maxT = Math.max(maxT, data.T[i]!);
  const scale = maxT > 0 ? maxT : 1;
  const scaled = scaleTime(data, scale);
  const n = data.totalWeight;
  const nParams = model.paramNames.length;

  const negMeanLl = (theta: readonly number[]): number => {
    const ll = model.logLikelihood(theta.map(Math.exp), scaled);
    return Number.isFinite(ll) ? -ll / n : Infinity;
  };
  const objective = (theta: readonly number[], grad: number[]): number => {
    if (!model.hasGradient) return numericGradient(negMeanLl, theta, grad, 1e-6);
    const ll = model.logLikelihood(theta.map(Math.exp), scaled, grad);
    for (let i = 0; i < nParams; i++) grad[i] = -grad[i]! / n;
    return Number.isFinite(ll) ? -ll / n : Infinity;
  };

  let best: MinimizeResult | null = null;
  for (const start of model.startingPoints) {
    const result = minimizeBfgs(objective, start.map(Math.log), { gradientTolerance: 1e-7 });
    if (best === null || (Number.isFinite(result.value) && result.value < best.value - 1e-12)) best = result;
    if (best.converged && model.startingPoints.indexOf(start) >= 1) break;
  }
  if (best === null || !best.converged) {
    const from = best !== null && Number.isFinite(best.value) ? best.x : model.startingPoints[0]!.map(Math.log);
    const simplex = minimizeNelderMead(negMeanLl, from);
    const polished = minimizeBfgs(objective, simplex.x, { gradientTolerance: 1e-7 });
    if (best === null || polished.value <= best.value) best = polished;
  }

  const theta = best.x.map((v, i) => (model.timeParams.includes(i) ? v + Math.log(scale) : v));
  const params = theta.map(Math.exp);
  const logLikelihood = model.logLikelihood(params, data);
  const degenerate = best.x.some((v) => !Number.isFinite(v) || Math.abs(v) > DEGENERATE_LOG_PARAM);

  const negLlGradient = (t: readonly number[], out: number[]): void => {
    if (model.hasGradient) {
      model.logLikelihood(t.map(Math.exp), data, out);
      for (let i = 0; i < nParams; i++) out[i] = -out[i]!;
    } else {
      numericGradient((u) => -model.logLikelihood(u.map(Math.exp), data), t, out, 1e-5);
    }
  };
  const covariance = Number.isFinite(logLikelihood) ? invertSpd(hessianFromGradient(negLlGradient, theta)) : null;

  return {
    model,
    params,
    logLikelihood,
    converged: best.converged && !degenerate && Number.isFinite(logLikelihood),
    iterations: best.iterations,
    gradientNorm: best.gradientNorm,
    covariance,
  };
}
