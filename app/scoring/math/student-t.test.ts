import { describe, expect, test } from "vitest";
import { normalQuantile } from "./normal.ts";
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "./student-t.ts";

describe("regularizedIncompleteBeta", () => {
  test("matches its closed forms", () => {
    for (const x of [0.001, 0.2, 0.5, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 13);
      expect(regularizedIncompleteBeta(x, 1, 2.5)).toBeCloseTo(1 - (1 - x) ** 2.5, 13);
      // I_x(a, b) = 1 − I_{1−x}(b, a)
      expect(regularizedIncompleteBeta(x, 4.2, 0.5) + regularizedIncompleteBeta(1 - x, 0.5, 4.2)).toBeCloseTo(1, 13);
    }
    expect(regularizedIncompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe("Student's t", () => {
  // Critical values of Student's t: the NIST/SEMATECH e-Handbook's table (§1.3.6.7.2) gives them to three decimals;
  // these are to eight, as statistical software prints them (R's qt).
  test.each([
    [0.975, 1, 12.70620474],
    [0.975, 2, 4.30265273],
    [0.975, 3, 3.18244631],
    [0.975, 5, 2.57058184],
    [0.975, 10, 2.22813885],
    [0.975, 30, 2.04227246],
    [0.975, 100, 1.98397152],
    [0.995, 5, 4.03214298],
    [0.95, 20, 1.72471824],
    [0.9995, 4, 8.61030158],
  ])("the %s quantile with %s degrees of freedom is %s", (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 7);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-expected, 7);
    expect(studentTCdf(expected, df)).toBeCloseTo(p, 8);
  });

  test("fractional degrees of freedom: the quantile inverts the CDF, and lies between its integer neighbours", () => {
    for (const df of [1.3, 2.5, 7.77, 17.776, 250.5]) {
      for (const p of [0.6, 0.9, 0.975, 0.999]) {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 11);
        expect(t).toBeLessThan(studentTQuantile(p, Math.floor(df)));
        expect(t).toBeGreaterThan(studentTQuantile(p, Math.ceil(df)));
      }
    }
  });

  test("approaches the normal distribution as the degrees of freedom grow; is symmetric about 0", () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(normalQuantile(0.975), 6);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(-1.5, 6) + studentTCdf(1.5, 6)).toBeCloseTo(1, 14);
  });

  test("refuses what it cannot answer", () => {
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTCdf(1, Number.NaN)).toThrow(RangeError);
  });
});
