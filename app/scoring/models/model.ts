import type { ModelName } from "../types.ts";
import type { PatternSet } from "./patterns.ts";

/**
 * What the generic fitter and the scorer need from a purchase-count ("buy 'til you die") model.
 * Parameters travel as arrays in `paramNames` order, on their natural scale.
 */
export interface TransactionModel {
  readonly name: ModelName;
  readonly label: string;
  readonly paramNames: readonly string[];
  /** Parameters fixed for this model object rather than estimated by the fitter (MBG/CNBD-k's k); reported as such. */
  readonly fixedParams?: Readonly<Record<string, number>>;
  /** Indices of the parameters measured in time units (they scale with the unit, e.g. α and β). */
  readonly timeParams: readonly number[];
  /** Starting points for the optimiser, for data whose largest T is 1. */
  readonly startingPoints: readonly (readonly number[])[];
  /**
   * Σ weight · ln L over the patterns. When `gradient` is given it receives ∂/∂ln θ of that sum
   * (the derivative with respect to the log-parameters); models without an analytic gradient leave it to the
   * fitter by setting `hasGradient` to false.
   */
  logLikelihood(params: readonly number[], data: PatternSet, gradient?: number[]): number;
  readonly hasGradient: boolean;
  /** P(customer is still active at T | x, t_x, T). */
  pAlive(params: readonly number[], x: number, tx: number, T: number): number;
  /** E[number of repeat purchases in (T, T + t] | x, t_x, T]. */
  conditionalExpectedPurchases(params: readonly number[], t: number, x: number, tx: number, T: number): number;
  /**
   * P(Y(t) ≥ n | alive at T, x, t_x, T) for n = 0, 1, … (entry 0 is 1) until the tail is negligible, and at least up
   * to n = `atLeast`: with `pAlive` it gives the probability of any purchase count in a holdout (the log score).
   */
  aliveCountTail(params: readonly number[], t: number, x: number, tx: number, T: number, atLeast: number): number[];
}
