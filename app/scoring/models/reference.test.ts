import { beforeAll, describe, expect, test } from "vitest";
import { CDNOW_CALIBRATION_END, loadCdnowOrders, loadCdnowSummaryWithSpend } from "../../../tests/fixtures/cdnow/load.ts";
import { summarize } from "../summarize.ts";
import { bgNbd, mbgNbd } from "./bg-nbd.ts";
import { fitTransactionModel, type TransactionFit } from "./fit.ts";
import { fitGammaGamma } from "./gamma-gamma.ts";
import { paretoNbd } from "./pareto-nbd.ts";
import { compressPatterns } from "./patterns.ts";

/**
 * Published maximum-likelihood results on the CDNOW sample (2,357 customers, calibration weeks 1–39):
 * BG/NBD: Fader, Hardie & Lee (2005), Marketing Science 24(2); Pareto/NBD: Fader, Hardie & Lee (2005), JMR 42(4)
 * and Fader & Hardie's Pareto/NBD implementation note; Gamma-Gamma: Fader, Hardie & Lee (2005), JMR 42(4).
 * The fits run on the published summary file, and again on our own summaries of the raw transactions.
 */
const published = loadCdnowSummaryWithSpend();
const patterns = compressPatterns(published.map((r) => ({ frequency: r.x, recency: r.tx, age: r.T })));

describe("BG/NBD on CDNOW", () => {
  let fit: TransactionFit;
  beforeAll(() => {
    fit = fitTransactionModel(bgNbd, patterns);
  });

  test("compresses 2,357 customers to 1,016 patterns", () => {
    expect(patterns.size).toBe(1016);
    expect(patterns.totalWeight).toBe(2357);
  });

  test("reproduces r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 to 3 decimals and LL = -9582.4 to 0.1", () => {
    const [r, alpha, a, b] = fit.params;
    expect(fit.converged).toBe(true);
    expect(r).toBeCloseTo(0.243, 3);
    expect(alpha).toBeCloseTo(4.414, 3);
    expect(a).toBeCloseTo(0.793, 3);
    expect(b).toBeCloseTo(2.426, 3);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
  });

  test("expects 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86 (to 0.001)", () => {
    const expected = bgNbd.conditionalExpectedPurchases(fit.params, 39, 2, 30.43, 38.86);
    expect(Math.abs(expected - 1.226)).toBeLessThan(0.0005);
  });

  test("fits the same optimum on our summaries of the raw transactions", () => {
    const ours = summarize(loadCdnowOrders(), { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" });
    const again = fitTransactionModel(bgNbd, compressPatterns(ours));
    for (const [i, v] of again.params.entries()) expect(v).toBeCloseTo(fit.params[i]!, 2);
    expect(Math.abs(again.logLikelihood - fit.logLikelihood)).toBeLessThan(0.5);
  });

  test("standard errors are positive and finite", () => {
    expect(fit.covariance).not.toBeNull();
    for (const [i, row] of fit.covariance!.entries()) expect(row[i]).toBeGreaterThan(0);
  });

  test("the analytic gradient matches central differences", () => {
    const theta = fit.params.map((v) => Math.log(v) + 0.1);
    const analytic = [0, 0, 0, 0];
    bgNbd.logLikelihood(theta.map(Math.exp), patterns, analytic);
    theta.forEach((_, i) => {
      const h = 1e-6;
      const up = [...theta];
      const down = [...theta];
      up[i] = up[i]! + h;
      down[i] = down[i]! - h;
      const numeric = (bgNbd.logLikelihood(up.map(Math.exp), patterns) - bgNbd.logLikelihood(down.map(Math.exp), patterns)) / (2 * h);
      expect(analytic[i]).toBeCloseTo(numeric, 2);
    });
  });

  test("P(alive) is 0 without overflow at x = 1000 and 1 for x = 0", () => {
    const p = [0.243, 4.414, 0.793, 2.426];
    expect(bgNbd.pAlive(p, 1000, 1, 1000)).toBe(0);
    expect(bgNbd.pAlive(p, 0, 0, 50)).toBe(1);
    expect(Number.isFinite(bgNbd.conditionalExpectedPurchases(p, 39, 1000, 999, 1000))).toBe(true);
  });
});

describe("MBG/NBD on CDNOW", () => {
  test("fits, and its analytic gradient matches central differences", () => {
    const fit = fitTransactionModel(mbgNbd, patterns);
    expect(fit.converged).toBe(true);
    // no published value; the optimum found here is kept as the pooled prior (fallback.ts)
    const [r, alpha, a, b] = fit.params;
    expect(r).toBeCloseTo(0.525, 2);
    expect(alpha).toBeCloseTo(6.183, 1);
    expect(a).toBeCloseTo(0.891, 2);
    expect(b).toBeCloseTo(1.614, 2);
    // MBG/NBD nests a dropout at time 0, so it fits at least about as well as BG/NBD
    expect(fit.logLikelihood).toBeGreaterThan(-9583);
    const theta = fit.params.map((v) => Math.log(v) - 0.2);
    const analytic = [0, 0, 0, 0];
    mbgNbd.logLikelihood(theta.map(Math.exp), patterns, analytic);
    theta.forEach((_, i) => {
      const h = 1e-6;
      const up = [...theta];
      const down = [...theta];
      up[i] = up[i]! + h;
      down[i] = down[i]! - h;
      const numeric = (mbgNbd.logLikelihood(up.map(Math.exp), patterns) - mbgNbd.logLikelihood(down.map(Math.exp), patterns)) / (2 * h);
      expect(analytic[i]).toBeCloseTo(numeric, 2);
    });
  });
});

describe("Pareto/NBD on CDNOW", () => {
  test("reaches LL = -9595.0 (to 0.1) at r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669", () => {
    const fit = fitTransactionModel(paretoNbd, patterns);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.1);
    const [r, alpha, s, beta] = fit.params;
    expect(r).toBeCloseTo(0.553, 2);
    expect(alpha).toBeCloseTo(10.578, 1);
    expect(s).toBeCloseTo(0.606, 2);
    // beta is weakly identified on CDNOW (standard error ≈ 6); implementations agree only to about 1e-2
    expect(Math.abs(beta! - 11.669)).toBeLessThan(0.1);
  });

  test("the analytic gradient matches central differences, with α < β and with α > β", () => {
    for (const point of [
      [0.553, 10.578, 0.606, 11.669],
      [0.553, 14, 0.606, 9],
    ]) {
      const theta = point.map(Math.log);
      const analytic = [0, 0, 0, 0];
      paretoNbd.logLikelihood(point, patterns, analytic);
      theta.forEach((_, i) => {
        const up = [...theta];
        const down = [...theta];
        up[i] = up[i]! + 1e-6;
        down[i] = down[i]! - 1e-6;
        const numeric = (paretoNbd.logLikelihood(up.map(Math.exp), patterns) - paretoNbd.logLikelihood(down.map(Math.exp), patterns)) / 2e-6;
        expect(analytic[i]).toBeCloseTo(numeric, 2);
      });
    }
  });

  test("the published parameters give LL = -9595.0", () => {
    expect(paretoNbd.logLikelihood([0.553, 10.578, 0.606, 11.669], patterns)).toBeCloseTo(-9595.0, 0);
  });
});

describe("Gamma-Gamma on CDNOW's 946 repeat customers", () => {
  test("reproduces p = 6.25, q = 3.74, gamma = 15.44 to 2 decimals from the raw transactions", () => {
    const ours = summarize(loadCdnowOrders(), { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" });
    const fit = fitGammaGamma(ours);
    expect(fit.customersUsed).toBe(946);
    expect(fit.converged).toBe(true);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.44, 2);
  });

  test("lands within 0.01 of them on the published zbar, which is rounded to cents", () => {
    // rounding m_x to cents moves the (flat) optimum of gamma from 15.4435 to 15.4477
    const fit = fitGammaGamma(published.map((r) => ({ frequency: r.x, monetary: r.zbar! })));
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(0.01);
  });
});
