import {
  MIN_CUSTOMERS_FOR_FIT,
  MIN_REPEAT_CUSTOMERS_FOR_FIT,
  MIN_SPEND_CUSTOMERS_FOR_FIT,
  priorCovariance,
  priorPurchaseParams,
  priorSpendParams,
} from "./fallback.ts";
import { bgNbd, mbgNbd } from "./models/bg-nbd.ts";
import { fitTransactionModel, type TransactionFit } from "./models/fit.ts";
import { fitMbgCnbd } from "./models/fit-mbg-cnbd.ts";
import { mbgCnbd } from "./models/mbg-cnbd.ts";
import { fitGammaGamma, type GammaGammaParams } from "./models/gamma-gamma.ts";
import type { TransactionModel } from "./models/model.ts";
import { paretoNbd } from "./models/pareto-nbd.ts";
import { compressPatterns, type PatternSet } from "./models/patterns.ts";
import type { Confidence, CustomerSummary, ModelName, RepeatPattern, TimeUnit } from "./types.ts";

export const MODELS: Readonly<Record<ModelName, TransactionModel>> = {
  bgnbd: bgNbd,
  mbgnbd: mbgNbd,
  pareto: paretoNbd,
  // k = 1; a fit estimates k and uses mbgCnbd(k)
  mbgcnbd: mbgCnbd(1),
};

/** What a fit may know beyond the customers' (x, t_x, T). */
export interface PurchaseFitOptions {
  /** Σ ln(inter-purchase time) over all customers, in the time unit (regularity.ts): lets MBG/CNBD-k estimate k. */
  readonly logIntervalSum?: number;
  /** MBG/CNBD-k's k when it is already known (e.g. from a model choice); otherwise estimated, or 1 without the sum. */
  readonly erlangK?: number;
}

/** The fit of a named model: MBG/CNBD-k estimates its k unless it is given. */
function fitNamedModel(name: ModelName, data: PatternSet, options: PurchaseFitOptions): TransactionFit {
  if (name !== "mbgcnbd") return fitTransactionModel(MODELS[name], data);
  if (options.erlangK !== undefined) return fitTransactionModel(mbgCnbd(options.erlangK), data);
  return fitMbgCnbd(data).fit;
}

/** See docs/decisions/0102-default-purchase-model.md. */
export const DEFAULT_MODEL: ModelName = "mbgnbd";

export type EstimationMethod = "maximum-likelihood" | "pooled-prior";

/** What a merchant (and the database) sees about the shop-level purchase model. */
export interface PurchaseModelReport {
  readonly name: ModelName;
  readonly label: string;
  /** Natural-scale parameters by name; α (and β) in `timeUnit`. */
  readonly params: Readonly<Record<string, number>>;
  /** Standard errors of the parameters (delta method from the log-parameter covariance); null for the prior. */
  readonly standardErrors: Readonly<Record<string, number>> | null;
  /** Σ ln L at the reported parameters, in `timeUnit`. */
  readonly logLikelihood: number;
  /** True when the maximum-likelihood search converged to an interior optimum and was used. */
  readonly converged: boolean;
  readonly iterations: number;
  readonly method: EstimationMethod;
  readonly confidence: Confidence;
  /** Why the pooled prior was used instead of the fit; null when the fit was used. */
  readonly fallbackReason: string | null;
  readonly timeUnit: TimeUnit;
  readonly customers: number;
  readonly repeatCustomers: number;
}

export interface PurchaseModelFit {
  readonly model: TransactionModel;
  readonly params: number[];
  /** Covariance of the log-parameters used for the intervals. */
  readonly covariance: number[][];
  readonly patterns: PatternSet;
  readonly report: PurchaseModelReport;
}

/**
 * Fits the purchase model of a shop, or falls back to the pooled prior when the data are too thin, the search does
 * not converge, the optimum is degenerate or the Hessian is not positive definite. Never throws.
 */
export function fitPurchaseModel(
  name: ModelName,
  customers: readonly RepeatPattern[],
  timeUnit: TimeUnit,
  unitDays: number,
  options: PurchaseFitOptions = {},
): PurchaseModelFit {
  let model = name === "mbgcnbd" && options.erlangK !== undefined ? mbgCnbd(options.erlangK) : MODELS[name];
  const patterns = compressPatterns(customers, options.logIntervalSum);
  const n = patterns.totalWeight;
  let repeat = 0;
  for (let i = 0; i < patterns.size; i++) if (patterns.x[i]! > 0) repeat += patterns.weight[i]!;

  let reason: string | null = null;
  if (n < MIN_CUSTOMERS_FOR_FIT) reason = `${n} customers; a fit needs at least ${MIN_CUSTOMERS_FOR_FIT}`;
  else if (repeat < MIN_REPEAT_CUSTOMERS_FOR_FIT) {
    reason = `${repeat} repeat customers; a fit needs at least ${MIN_REPEAT_CUSTOMERS_FOR_FIT}`;
  } else {
    try {
      const fit = fitNamedModel(name, patterns, options);
      model = fit.model;
      if (!fit.converged) reason = "the likelihood search did not converge to an interior optimum";
      else if (fit.covariance === null) reason = "the likelihood is flat in some direction (Hessian not positive definite)";
      else {
        return {
          model,
          params: fit.params,
          covariance: fit.covariance,
          patterns,
          report: {
            name,
            label: model.label,
            params: { ...named(model.paramNames, fit.params), ...model.fixedParams },
            standardErrors: named(
              model.paramNames,
              fit.params.map((v, i) => v * Math.sqrt(fit.covariance![i]![i]!)),
            ),
            logLikelihood: fit.logLikelihood,
            converged: true,
            iterations: fit.iterations,
            method: "maximum-likelihood",
            confidence: "high",
            fallbackReason: null,
            timeUnit,
            customers: n,
            repeatCustomers: repeat,
          },
        };
      }
    } catch (error) {
      reason = `the fit failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  const params = priorPurchaseParams(model, patterns, unitDays);
  let logLikelihood = NaN;
  try {
    logLikelihood = n > 0 ? model.logLikelihood(params, patterns) : 0;
  } catch {
    // the report keeps NaN; the prior does not depend on it
  }
  return {
    model,
    params,
    covariance: priorCovariance(params.length),
    patterns,
    report: {
      name,
      label: model.label,
      params: { ...named(model.paramNames, params), ...model.fixedParams },
      standardErrors: null,
      logLikelihood,
      converged: false,
      iterations: 0,
      method: "pooled-prior",
      confidence: "low",
      fallbackReason: reason,
      timeUnit,
      customers: n,
      repeatCustomers: repeat,
    },
  };
}

export interface SpendModelReport {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
  readonly logLikelihood: number | null;
  readonly converged: boolean;
  readonly method: EstimationMethod;
  readonly confidence: Confidence;
  readonly fallbackReason: string | null;
  /** Customers with x ≥ 1 and positive mean repeat value, the ones the model is fitted on. */
  readonly customersUsed: number;
  /** corr(x, m_x) over those customers; the model assumes it is near 0. */
  readonly frequencyMonetaryCorrelation: number | null;
}

export interface SpendModelFit {
  readonly params: GammaGammaParams;
  readonly covariance: number[][];
  readonly report: SpendModelReport;
}

/** Fits the Gamma-Gamma spend model, or falls back to the reference shape scaled to the shop's mean order value. */
export function fitSpendModel(summaries: readonly CustomerSummary[]): SpendModelFit {
  const used = summaries.filter((s) => s.frequency >= 1 && s.monetary > 0);
  const correlation = pearson(
    used.map((s) => s.frequency),
    used.map((s) => s.monetary),
  );
  let reason: string | null = null;
  if (used.length < MIN_SPEND_CUSTOMERS_FOR_FIT) {
    reason = `${used.length} repeat customers with spend; a fit needs at least ${MIN_SPEND_CUSTOMERS_FOR_FIT}`;
  } else {
    try {
      const fit = fitGammaGamma(used);
      const { p, q, gamma } = fit.params;
      if (!fit.converged) reason = "the likelihood search did not converge";
      else if (!(q > 1)) reason = `q = ${q.toFixed(3)} ≤ 1: the population mean spend does not exist`;
      else if (![p, q, gamma].every((v) => Number.isFinite(v) && v > 1e-8 && v < 1e8)) reason = "degenerate parameters";
      else if (fit.covariance === null) reason = "the likelihood is flat in some direction (Hessian not positive definite)";
      else {
        return {
          params: fit.params,
          covariance: fit.covariance,
          report: {
            p,
            q,
            gamma,
            logLikelihood: fit.logLikelihood,
            converged: true,
            method: "maximum-likelihood",
            confidence: "high",
            fallbackReason: null,
            customersUsed: used.length,
            frequencyMonetaryCorrelation: correlation,
          },
        };
      }
    } catch (error) {
      reason = `the fit failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  let spend = 0;
  let orders = 0;
  for (const s of summaries) {
    spend += s.netSpend;
    orders += s.orderCount;
  }
  const params = priorSpendParams(orders > 0 ? spend / orders : 0);
  return {
    params,
    covariance: priorCovariance(3),
    report: {
      ...params,
      logLikelihood: null,
      converged: false,
      method: "pooled-prior",
      confidence: "low",
      fallbackReason: reason,
      customersUsed: used.length,
      frequencyMonetaryCorrelation: correlation,
    },
  };
}

function named(names: readonly string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(names.map((name, i) => [name, values[i]!]));
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  if (n < 3) return null;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}
