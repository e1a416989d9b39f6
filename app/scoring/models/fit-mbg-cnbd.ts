import { fitTransactionModel, type TransactionFit } from "./fit.ts";
import { MAX_ERLANG_K, mbgCnbd } from "./mbg-cnbd.ts";
import type { PatternSet } from "./patterns.ts";

export interface RegularityFit {
  /** The fit at the chosen k; `fit.model` is `mbgCnbd(k)`. */
  readonly fit: TransactionFit;
  readonly k: number;
  /** Σ ln L at each k tried, in order from k = 1; the chosen k has the largest. */
  readonly logLikelihoodByK: readonly number[];
}

/**
 * MBG/CNBD-k with k estimated: fits k = 1, 2, … (up to `maxK`) and keeps the k of the largest likelihood, stopping
 * once the likelihood has fallen for two k in a row (it is unimodal in k in practice; BTYDplus stops at the first
 * fall). Only converged fits compete; when none converges the k = 1 fit is returned for the caller to fall back.
 *
 * The likelihoods are comparable across k only with the data's `logIntervalSum`; without it only k = 1 is fitted.
 */
export function fitMbgCnbd(data: PatternSet, maxK = MAX_ERLANG_K): RegularityFit {
  const lastK = data.logIntervalSum === undefined ? 1 : maxK;
  const byK: number[] = [];
  let best: { fit: TransactionFit; k: number } | null = null;
  let first: TransactionFit | null = null;
  let falls = 0;
  for (let k = 1; k <= lastK; k++) {
    const fit = fitTransactionModel(mbgCnbd(k), data);
    first ??= fit;
    const ll = fit.converged ? fit.logLikelihood : -Infinity;
    byK.push(fit.logLikelihood);
    if (best === null || ll > (best.fit.converged ? best.fit.logLikelihood : -Infinity)) {
      if (fit.converged || best === null) best = { fit, k };
    }
    falls = k > 1 && ll < byK[k - 2]! ? falls + 1 : 0;
    if (falls >= 2) break;
  }
  const chosen = best ?? { fit: first!, k: 1 };
  return { fit: chosen.fit, k: chosen.k, logLikelihoodByK: byK };
}
