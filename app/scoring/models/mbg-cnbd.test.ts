import { describe, expect, test } from "vitest";
import { CDNOW_CALIBRATION_END, loadCdnowOrders } from "../../../tests/fixtures/cdnow/load.ts";
import { toDayNumber } from "../dates.ts";
import { logIntervalSum } from "../regularity.ts";
import { simulateShopOrders } from "../simulate.ts";
import { collectPurchaseDays, summarize } from "../summarize.ts";
import { bgNbd, mbgNbd } from "./bg-nbd.ts";
import { fitTransactionModel } from "./fit.ts";
import { fitMbgCnbd } from "./fit-mbg-cnbd.ts";
import { mbgCnbd } from "./mbg-cnbd.ts";
import { paretoNbd } from "./pareto-nbd.ts";
import { compressPatterns, type PatternSet } from "./patterns.ts";
import type { TransactionModel } from "./model.ts";

function cdnowPatterns(): PatternSet {
  const orders = loadCdnowOrders();
  const summaries = summarize(orders, { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" });
  return compressPatterns(summaries, logIntervalSum(collectPurchaseDays(orders, toDayNumber(CDNOW_CALIBRATION_END)), 7));
}

function shopPatterns(seed: number, k: number): PatternSet {
  const orders = simulateShopOrders({
    seed,
    customers: 3000,
    start: "2023-01-01",
    end: "2024-06-30",
    model: "mbgcnbd",
    erlangK: k,
    purchase: [0.6 * k, 20, 0.5, 1.5],
  });
  return compressPatterns(summarize(orders, { observationEnd: "2024-06-30" }), logIntervalSum(collectPurchaseDays(orders, toDayNumber("2024-06-30")), 1));
}

describe("MBG/CNBD-k", () => {
  const patterns = cdnowPatterns();
  const params = [0.525, 6.183, 0.891, 1.614];

  test("with k = 1 it is MBG/NBD: the same likelihood, P(alive) and conditional expectation", () => {
    expect(mbgCnbd(1).logLikelihood(params, patterns)).toBeCloseTo(mbgNbd.logLikelihood(params, patterns), 8);
    for (const [x, tx, T] of [
      [0, 0, 38],
      [2, 30.43, 38.86],
      [20, 35, 38],
    ] as const) {
      expect(mbgCnbd(1).pAlive(params, x, tx, T)).toBeCloseTo(mbgNbd.pAlive(params, x, tx, T), 12);
      expect(mbgCnbd(1).conditionalExpectedPurchases(params, 39, x, tx, T)).toBeCloseTo(mbgNbd.conditionalExpectedPurchases(params, 39, x, tx, T), 10);
    }
  });

  test.each([1, 3])("the analytic gradient matches central differences (k = %i)", (k) => {
    const model = mbgCnbd(k);
    const theta = [0.7, 3, 0.8, 2].map(Math.log);
    const analytic = [0, 0, 0, 0];
    model.logLikelihood(theta.map(Math.exp), patterns, analytic);
    theta.forEach((_, i) => {
      const up = [...theta];
      const down = [...theta];
      up[i] = up[i]! + 1e-6;
      down[i] = down[i]! - 1e-6;
      const numeric = (model.logLikelihood(up.map(Math.exp), patterns) - model.logLikelihood(down.map(Math.exp), patterns)) / 2e-6;
      expect(analytic[i]).toBeCloseTo(numeric, 2);
    });
  });

  test("finds k = 1 on CDNOW and then matches MBG/NBD's fit", () => {
    const regular = fitMbgCnbd(patterns);
    const mbg = fitTransactionModel(mbgNbd, patterns);
    expect(regular.k).toBe(1);
    expect(regular.logLikelihoodByK[1]!).toBeLessThan(regular.logLikelihoodByK[0]!);
    expect(regular.fit.converged).toBe(true);
    for (const [i, v] of regular.fit.params.entries()) expect(v).toBeCloseTo(mbg.params[i]!, 3);
    expect(Math.abs(regular.fit.logLikelihood - mbg.logLikelihood)).toBeLessThan(0.01);
  });

  const seeds = [1, 2, 3, 4, 5];
  test(`recovers k = 3 on shops simulated with k = 3 in most seeds (seeds ${seeds.join(", ")})`, () => {
    const found = seeds.map((seed) => fitMbgCnbd(shopPatterns(seed, 3)).k);
    console.log(`k found on k = 3 shops, seeds ${seeds.join(", ")}: ${found.join(", ")}`);
    expect(found.filter((k) => k === 3).length).toBeGreaterThan(seeds.length / 2);
  });

  test("finds k = 1 on a shop simulated with k = 1 (seed 7)", () => {
    expect(fitMbgCnbd(shopPatterns(7, 1)).k).toBe(1);
  });
});

describe.each<[string, TransactionModel, number[]]>([
  ["BG/NBD", bgNbd, [0.243, 4.414, 0.793, 2.426]],
  ["MBG/NBD", mbgNbd, [0.525, 6.183, 0.891, 1.614]],
  ["Pareto/NBD", paretoNbd, [0.553, 10.578, 0.606, 11.669]],
  ["MBG/CNBD-3", mbgCnbd(3), [1.5, 6.183, 0.891, 1.614]],
])("%s holdout count distribution", (_label, model, params) => {
  test.each([
    [0, 0, 38],
    [2, 30.43, 38.86],
    [12, 20, 38],
  ])("sums to 1 and its mean is the conditional expectation (x = %d, t_x = %d, T = %d)", (x, tx, T) => {
    const tail = model.aliveCountTail(params, 39, x, tx, T, 0);
    const pAlive = model.pAlive(params, x, tx, T);
    let total = 0;
    let mean = 0;
    for (let y = 0; y < tail.length; y++) {
      const p = pAlive * (tail[y]! - (tail[y + 1] ?? 0)) + (y === 0 ? 1 - pAlive : 0);
      expect(p).toBeGreaterThanOrEqual(0);
      total += p;
      mean += y * p;
    }
    expect(total).toBeCloseTo(1, 9);
    expect(mean).toBeCloseTo(model.conditionalExpectedPurchases(params, 39, x, tx, T), 6);
  });
});
