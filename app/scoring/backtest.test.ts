import { describe, expect, test } from "vitest";
import { CDNOW_CALIBRATION_END, loadCdnowOrders } from "../../tests/fixtures/cdnow/load.ts";
import { backtest } from "./backtest.ts";
import { ScoringInputError } from "./errors.ts";

describe("backtest on CDNOW (calibration to 1997-09-30, 39-week holdout)", () => {
  const result = backtest(loadCdnowOrders(), {
    calibrationEnd: CDNOW_CALIBRATION_END,
    holdoutEnd: "1998-06-30",
    timeUnit: "weeks",
    model: "bgnbd",
  });

  test("covers the 2,357 calibration customers over 39 weekly periods", () => {
    expect(result.customers).toBe(2357);
    expect(result.holdoutDays).toBe(273);
    expect(result.byPeriod).toHaveLength(39);
    expect(result.byPeriod.at(-1)!.end).toBe("1998-06-30");
  });

  test("counts the holdout purchase days: 6,696 days in all less the calibration ones", () => {
    // 6,696 purchase days in the file; 2,357 first purchases and 2,457 calibration repeats come before the holdout
    expect(result.total.actual).toBe(6696 - 2357 - 2457);
  });

  test("the parts add up to the total, for actual and predicted", () => {
    const byGroup = result.byFrequency.reduce((s, g) => s + g.customers * g.actual, 0);
    const byGroupPredicted = result.byFrequency.reduce((s, g) => s + g.customers * g.predicted, 0);
    expect(byGroup).toBeCloseTo(result.total.actual, 9);
    expect(byGroupPredicted).toBeCloseTo(result.total.predicted, 6);
    expect(result.byPeriod.at(-1)!.actualCumulative).toBe(result.total.actual);
    expect(result.byPeriod.at(-1)!.predictedCumulative).toBeCloseTo(result.total.predicted, 6);
    expect(result.byPeriod.reduce((s, p) => s + p.predicted, 0)).toBeCloseTo(result.total.predicted, 6);
    expect(result.byFrequency.map((g) => g.frequency)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
  });

  test("BG/NBD tracks the holdout within 15% in total and rises with calibration frequency", () => {
    expect(Math.abs(result.total.predicted / result.total.actual - 1)).toBeLessThan(0.15);
    const predicted = result.byFrequency.map((g) => g.predicted);
    for (const [i, v] of predicted.slice(1).entries()) expect(v).toBeGreaterThan(predicted[i]!);
  });

  test("rejects a holdout that ends before the calibration", () => {
    expect(() => backtest([], { calibrationEnd: "2024-01-01", holdoutEnd: "2023-12-01" })).toThrow(ScoringInputError);
  });
});
