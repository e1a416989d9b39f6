import { describe, expect, test } from "vitest";
import { createRandom } from "../math/random.ts";
import { simulateBgNbdCustomer } from "../simulate.ts";
import { bgNbd } from "./bg-nbd.ts";
import { fitTransactionModel } from "./fit.ts";
import { fitGammaGamma } from "./gamma-gamma.ts";
import { compressPatterns } from "./patterns.ts";

/**
 * Parameter recovery: customers drawn from known BG/NBD and Gamma-Gamma parameters are fitted back.
 * Tolerance: every estimate within 3 of its own standard errors (from the fit's Hessian) of the true value, and
 * within 25% of it. The seed is fixed and printed, so a failure can be replayed.
 */
const SEED = 20050301;
const CUSTOMERS = 6000;
const TRUE_PURCHASE = [0.25, 4, 0.8, 2.5] as const;
const TRUE_SPEND = { p: 6, q: 4, gamma: 15 };

describe(`parameter recovery (seed ${SEED}, ${CUSTOMERS} customers)`, () => {
  console.log(`parameter recovery seed: ${SEED}`);
  const random = createRandom(SEED);
  // first purchases spread over 12 weeks, observation over 78 weeks, as in a CDNOW-like cohort
  const customers = Array.from({ length: CUSTOMERS }, () => simulateBgNbdCustomer(random, TRUE_PURCHASE, 78 - 12 * random.uniform(), TRUE_SPEND));

  test("BG/NBD: r, alpha, a, b within 3 standard errors and 25%", () => {
    const fit = fitTransactionModel(bgNbd, compressPatterns(customers));
    expect(fit.converged).toBe(true);
    fit.params.forEach((estimate, i) => {
      const se = estimate * Math.sqrt(fit.covariance![i]![i]!);
      const truth = TRUE_PURCHASE[i]!;
      expect(Math.abs(estimate - truth), `${bgNbd.paramNames[i]}: ${estimate} ± ${se} vs ${truth}`).toBeLessThan(3 * se);
      expect(Math.abs(estimate - truth) / truth).toBeLessThan(0.25);
    });
  });

  test("Gamma-Gamma: p, q, gamma within 3 standard errors and 25%", () => {
    const spend = customers
      .filter((c) => c.frequency > 0)
      .map((c) => ({ frequency: c.frequency, monetary: c.repeatValues.reduce((a, b) => a + b, 0) / c.frequency }));
    const fit = fitGammaGamma(spend);
    expect(fit.converged).toBe(true);
    const estimates = [fit.params.p, fit.params.q, fit.params.gamma];
    const truths = [TRUE_SPEND.p, TRUE_SPEND.q, TRUE_SPEND.gamma];
    estimates.forEach((estimate, i) => {
      const se = estimate * Math.sqrt(fit.covariance![i]![i]!);
      expect(Math.abs(estimate - truths[i]!), `${["p", "q", "gamma"][i]}: ${estimate} ± ${se}`).toBeLessThan(3 * se);
      expect(Math.abs(estimate - truths[i]!) / truths[i]!).toBeLessThan(0.25);
    });
  });
});
