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
}
