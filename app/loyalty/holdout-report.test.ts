import { describe, expect, test } from "vitest";
import {
  groupOutcomes,
  ruleHoldoutReport,
  ruleHoldoutReportFromOutcomes,
  newcombeInterval,
  welchInterval,
  wilsonInterval,
  type Comparison,
  type ShopperOutcome,
} from "./holdout-report.ts";
import { studentTCdf } from "../scoring/math/student-t.ts";

const Z95 = 1.959963984540054;

function ready(comparison: Comparison) {
  if (comparison.state !== "ready") throw new Error(`expected a ready comparison, got: ${comparison.reason}`);
  return comparison;
}

const shopper = (holdout: boolean, netMinor: number): ShopperOutcome => ({ holdout, orderedAgain: netMinor > 0, netMinor: BigInt(netMinor) });

describe("Wilson's score interval", () => {
  test("by hand: 3 of 10", () => {
    // p = 0.3, z² = 3.84146; centre (0.3 + 0.19207)/1.38415 = 0.35551; half 1.95996·√(0.021 + 0.0096037)/1.38415 = 0.24772
    const { low, high } = wilsonInterval(3, 10, Z95);
    expect(low).toBeCloseTo(0.10779, 4);
    expect(high).toBeCloseTo(0.60322, 4);
  });

  test("stays inside [0, 1] at 0 of n and n of n", () => {
    expect(wilsonInterval(0, 10, Z95)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) });
    expect(wilsonInterval(10, 10, Z95)).toEqual({ low: expect.closeTo(0.7225, 4), high: expect.closeTo(1, 12) });
  });
});

describe("Newcombe's hybrid score interval (method 10) reproduces his Table II", () => {
  // Newcombe, Statistics in Medicine 17 (1998) 873–890, Table II, 95% limits to four decimals.
  test.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])("%i/%i − %i/%i: %f to %f", (x1, n1, x2, n2, low, high) => {
    const interval = newcombeInterval(x1, n1, x2, n2, 0.95);
    expect(interval.difference).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });
});

describe("Welch's interval", () => {
  // R: t.test(extra ~ group, data = sleep) — t = −1.8608, df = 17.776, 95% CI −3.3654832 to 0.2054832.
  const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  const moments = (xs: number[]) => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return { n: xs.length, mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) };
  };

  test("reproduces R's t.test on the sleep data", () => {
    const interval = welchInterval(moments(sleep1), moments(sleep2), 0.95);
    expect(interval?.difference).toBeCloseTo(-1.58, 12);
    expect(interval?.degreesOfFreedom).toBeCloseTo(17.776, 3);
    expect(interval?.low).toBeCloseTo(-3.3654832, 6);
    expect(interval?.high).toBeCloseTo(0.2054832, 6);
  });

  test("reproduces Wikipedia's first Welch example (t = −2.46, ν = 24.99, p = 0.021: the 95% interval excludes zero)", () => {
    const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const interval = welchInterval(moments(a1), moments(a2), 0.95);
    const se = Math.sqrt(moments(a1).variance / 15 + moments(a2).variance / 15);
    const t = (interval?.difference ?? 0) / se;
    const df = interval?.degreesOfFreedom ?? 0;
    expect(t).toBeCloseTo(-2.46, 2);
    expect(df).toBeCloseTo(24.99, 2);
    expect(interval?.high).toBeLessThan(0);
    // At the level of the test's own p-value the interval just touches zero.
    const p = 2 * studentTCdf(t, df);
    expect(p).toBeCloseTo(0.021, 3);
    expect(welchInterval(moments(a1), moments(a2), 1 - p)?.high).toBeCloseTo(0, 8);
  });

  test("is undefined without spread or with a group of one", () => {
    expect(welchInterval({ n: 5, mean: 0, variance: 0 }, { n: 7, mean: 0, variance: 0 }, 0.95)).toBeNull();
    expect(welchInterval({ n: 1, mean: 3, variance: 0 }, { n: 7, mean: 0, variance: 2 }, 0.95)).toBeNull();
  });
});

describe("the holdout report of a rule", () => {
  test("from shoppers' outcomes: both groups summarized, revenue as R's Welch test on the same numbers", () => {
    // The sleep data in tenths, moved up by 2.0 so nobody has negative revenue: the difference is unchanged.
    const treated = [7, -16, -2, -12, -1, 34, 37, 8, 0, 20].map((x) => shopper(false, x + 20));
    const control = [19, 8, 11, 1, -1, 44, 55, 16, 46, 34].map((x) => shopper(true, x + 20));
    const report = ruleHoldoutReportFromOutcomes([...treated, ...control]);
    expect(report.treated).toEqual({ shoppers: 10, repeaters: 10, repeatRate: 1, netMinor: 275n, revenuePerShopperMinor: 27.5 });
    expect(report.control).toMatchObject({ shoppers: 10, netMinor: 433n, revenuePerShopperMinor: 43.3 });
    const revenue = ready(report.revenuePerShopper);
    expect(revenue.difference).toBeCloseTo(-15.8, 10);
    expect(revenue.low).toBeCloseTo(-33.654832, 5);
    expect(revenue.high).toBeCloseTo(2.054832, 5);
    expect(revenue.excludesZero).toBe(false);
  });

  test("repeat purchase rate as Newcombe's interval, excluding zero when the groups differ enough", () => {
    // 56 of 70 treated ordered again, 48 of 80 control: Newcombe's example (a).
    const outcomes = [
      ...Array.from({ length: 70 }, (_, i) => shopper(false, i < 56 ? 2_500 : 0)),
      ...Array.from({ length: 80 }, (_, i) => shopper(true, i < 48 ? 2_500 : 0)),
    ];
    const repeat = ready(ruleHoldoutReportFromOutcomes(outcomes).repeatRate);
    expect(repeat.difference).toBeCloseTo(0.2, 12);
    expect(repeat.low).toBeCloseTo(0.0524, 4);
    expect(repeat.high).toBeCloseTo(0.3339, 4);
    expect(repeat.excludesZero).toBe(true);
  });

  test("the database's sums give the same report as the shoppers they sum", () => {
    const outcomes = [shopper(false, 1_000), shopper(false, 0), shopper(false, 5_000), shopper(true, 0), shopper(true, 700), shopper(true, 0)];
    const fromShoppers = ruleHoldoutReportFromOutcomes(outcomes);
    const treated = groupOutcomes(outcomes.filter((o) => !o.holdout));
    expect(treated).toEqual({ shoppers: 3, repeaters: 2, netMinor: 6_000n, squaredDeviations: 1_000 ** 2 + 2_000 ** 2 + 3_000 ** 2 });
    expect(ruleHoldoutReport(treated, groupOutcomes(outcomes.filter((o) => o.holdout)))).toEqual(fromShoppers);
  });

  test("tiny groups and no spend yet give 'not enough shoppers yet', never NaN", () => {
    const none = ruleHoldoutReportFromOutcomes([]);
    expect(none.treated).toEqual({ shoppers: 0, repeaters: 0, repeatRate: null, netMinor: 0n, revenuePerShopperMinor: null });
    expect(none.repeatRate).toMatchObject({ state: "not-enough-shoppers", reason: expect.stringContaining("there are 0 and 0") });
    expect(none.revenuePerShopper.state).toBe("not-enough-shoppers");

    const one = ruleHoldoutReportFromOutcomes([shopper(false, 100), shopper(false, 0), shopper(true, 300)]);
    expect(one.repeatRate).toMatchObject({ state: "not-enough-shoppers", reason: expect.stringContaining("there are 2 and 1") });
    expect(one.control.revenuePerShopperMinor).toBe(300);

    const nobodyBought = ruleHoldoutReportFromOutcomes([shopper(false, 0), shopper(false, 0), shopper(true, 0), shopper(true, 0)]);
    expect(nobodyBought.revenuePerShopper).toMatchObject({ state: "not-enough-shoppers", reason: expect.stringContaining("no spread") });
    // The repeat rates can still be compared: 0 of 2 against 0 of 2.
    expect(ready(nobodyBought.repeatRate)).toMatchObject({ difference: 0, excludesZero: false });
    expect(JSON.stringify(nobodyBought, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("NaN");
  });

  test("refuses sums that cannot be", () => {
    const group = { shoppers: 2, repeaters: 3, netMinor: 0n, squaredDeviations: 0 };
    expect(() => ruleHoldoutReport(group, { ...group, repeaters: 0 })).toThrow(/treated.repeaters/);
    expect(() => ruleHoldoutReport({ ...group, repeaters: 0 }, { ...group, repeaters: 0 }, 1)).toThrow(RangeError);
  });
});
