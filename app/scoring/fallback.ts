import type { GammaGammaParams } from "./models/gamma-gamma.ts";
import type { TransactionModel } from "./models/model.ts";
import type { PatternSet } from "./models/patterns.ts";
import type { ModelName } from "./types.ts";

/**
 * Minimum data for a shop-level maximum-likelihood fit; below it the engine uses the pooled prior.
 * With fewer repeat customers the dropout parameters are not identified and the fits wander to the boundary.
 */
export const MIN_CUSTOMERS_FOR_FIT = 50;
export const MIN_REPEAT_CUSTOMERS_FOR_FIT = 20;
export const MIN_SPEND_CUSTOMERS_FOR_FIT = 20;

/** Standard deviation of each log-parameter under the prior: a factor of e either way. */
export const PRIOR_LOG_SD = 1;

/**
 * Reference parameters from the CDNOW sample (weeks; money in USD), the standard benchmark shop:
 * BG/NBD and Pareto/NBD from Fader, Hardie & Lee (2005), MBG/NBD fitted by this engine on the same data,
 * Gamma-Gamma from Fader, Hardie & Lee (2005, JMR). Only their *shape* is borrowed: the time scale is matched to the
 * shop's own repeat rate and the spend scale to the shop's own mean order value.
 */
export const REFERENCE_PARAMS_WEEKS: Readonly<Record<ModelName, readonly number[]>> = {
  bgnbd: [0.243, 4.414, 0.793, 2.426],
  mbgnbd: [0.525, 6.183, 0.891, 1.614],
  pareto: [0.553, 10.578, 0.606, 11.669],
  // MBG/CNBD-k finds k = 1 on CDNOW, where it is MBG/NBD
  mbgcnbd: [0.525, 6.183, 0.891, 1.614],
};
export const REFERENCE_SPEND: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

/**
 * The pooled-prior fallback for the purchase model.
 *
 * Takes the reference parameters, converts their time parameters to the shop's unit, then stretches every time
 * parameter by one factor k so that the prior mean purchase rate r/α equals the shop's pooled repeat rate
 * (Σx + r₀) / (ΣT + α₀), i.e. the gamma prior updated with the shop's total repeat purchases and exposure time.
 * See docs/decisions/0107-small-shop-fallback.md.
 */
export function priorPurchaseParams(model: TransactionModel, data: PatternSet, unitDays: number): number[] {
  const reference = REFERENCE_PARAMS_WEEKS[model.name].map((v, i) => (model.timeParams.includes(i) ? (v * 7) / unitDays : v));
  const r0 = reference[0]!;
  const alpha0 = reference[1]!;
  let repeats = 0;
  let exposure = 0;
  for (let i = 0; i < data.size; i++) {
    repeats += data.weight[i]! * data.x[i]!;
    exposure += data.weight[i]! * data.T[i]!;
  }
  const pooledRate = (repeats + r0) / (exposure + alpha0);
  const k = r0 / pooledRate / alpha0;
  return reference.map((v, i) => (model.timeParams.includes(i) ? v * k : v));
}

/** The fallback spend model: the reference shape with γ set so that the population mean equals `meanOrderValue`. */
export function priorSpendParams(meanOrderValue: number): GammaGammaParams {
  const { p, q } = REFERENCE_SPEND;
  const mean = meanOrderValue > 0 ? meanOrderValue : 1e-9;
  return { p, q, gamma: (mean * (q - 1)) / p };
}

export function priorCovariance(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? PRIOR_LOG_SD ** 2 : 0)));
}
