import { describe, expect, test } from "vitest";
import { invertSpd } from "./linalg.ts";
import { normalQuantile } from "./normal.ts";
import { minimizeBfgs, minimizeNelderMead } from "./optimize.ts";
import { createRandom } from "./random.ts";
import { digamma, hyp2f1, lnGamma, lnHyp2f1Beta, logAddExp, sigmoid } from "./special.ts";

describe("special functions", () => {
  test("lnGamma matches factorials and Γ(1/2) = √π", () => {
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(lnGamma(1e-3)).toBeCloseTo(6.907178885383854, 10);
  });

  test("digamma matches known values and the recurrence", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 12);
    expect(digamma(10.3) - digamma(9.3)).toBeCloseTo(1 / 9.3, 13);
  });

  test("hyp2f1 matches closed forms", () => {
    // 2F1(1, 1; 2; z) = −ln(1−z)/z ; 2F1(a, b; b; z) = (1−z)^−a
    for (const z of [0.01, 0.3, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 10);
      expect(hyp2f1(0.7, 2.5, 2.5, z)).toBeCloseTo((1 - z) ** -0.7, 9);
    }
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });

  /**
   * The slow reference: the series of the Euler-transformed ₂F₁(a, b; a+1; z) = (1−z)^(1−b) Σ zⁿ (a+1−b)_n/(a+1)_n,
   * summed (compensated) until the terms no longer matter, however many that takes: near z = 1 millions of terms
   * (the code this replaced stopped at 10⁵ of them).
   */
  function lnHyp2f1BetaBySeries(a: number, b: number, z: number): number {
    let term = 1;
    let sum = 1;
    let compensation = 0;
    for (let n = 1; term > 1e-18 * sum; n++) {
      term *= ((a - b + n) / (a + n)) * z;
      const y = term - compensation;
      const t = sum + y;
      compensation = t - sum - y;
      sum = t;
    }
    return (1 - b) * Math.log1p(-z) + Math.log(sum);
  }

  // arguments of a shop whose customers are all inactive: |α−β|/(max(α, β)+t) near 1 (α and β orders of magnitude
  // apart), with a = r+s+x small and large and b = s+1 or r+x
  const nearOne: [number, number, number][] = [
    [0.8, 0.3, 1 - 1e-5],
    [1.3, 1.6, 1 - 3e-5],
    [2.5, 3.2, 1 - 1e-5],
    [40, 0.9, 1 - 2e-6],
    [2e4, 600, 1 - 4e-6],
    [9e5, 667, 1 - 3e-6],
  ];

  test.each(nearOne)("lnHyp2f1Beta(%d, %d, %d) matches the slow series to 1e-10", (a, b, z) => {
    const slow = lnHyp2f1BetaBySeries(a, b, z);
    expect(Math.abs(lnHyp2f1Beta(a, b, z) - slow)).toBeLessThan(1e-10 * Math.max(1, Math.abs(slow)));
  });

  test("lnHyp2f1Beta matches the closed form of ₂F₁(1, b; 2; z) up to z = 1 − 1e-6, and the slow series below 1/2", () => {
    // ₂F₁(1, b; 2; z) = (1 − (1−z)^(1−b)) / ((1−b) z), b ≠ 1 (b < 2); and −ln(1−z)/z at b = 1
    for (const b of [0.05, 0.5, 1, 1.5, 1.95]) {
      for (const z of [1e-3, 0.2, 0.5, 0.500001, 0.9, 0.999, 1 - 1e-5, 1 - 1e-6]) {
        const exact = Math.log(b === 1 ? -Math.log1p(-z) / z : -Math.expm1((1 - b) * Math.log1p(-z)) / ((1 - b) * z));
        expect(Math.abs(lnHyp2f1Beta(1, b, z) - exact), `b = ${b}, z = ${z}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(exact)));
      }
    }
    for (const [a, b, z] of [
      [0.3, 0.2, 0.1],
      [5, 2.5, 0.45],
      [60, 1.1, 0.3],
    ] as const) {
      expect(lnHyp2f1Beta(a, b, z)).toBeCloseTo(lnHyp2f1BetaBySeries(a, b, z), 12);
    }
    expect(lnHyp2f1Beta(3, 2, 0)).toBe(0);
  });

  test("lnHyp2f1Beta's partial derivatives match central differences, by the series and by the fraction", () => {
    const cases: [number, number, number][] = [[0.8, 1.6, 0.3], [12, 0.7, 0.5], [0.8, 1.6, 0.7], [12, 0.7, 0.95], [3, 2.2, 0.9999], ...nearOne];
    for (const [a, b, z] of cases) {
      const gradient = new Float64Array(3);
      lnHyp2f1Beta(a, b, z, gradient);
      const point = [a, b, z];
      point.forEach((v, i) => {
        // steps relative to the argument, and for z to its distance from 0 and 1
        const h = i === 2 ? 1e-3 * Math.min(z, 1 - z) : 1e-6 * v;
        const up = [...point];
        const down = [...point];
        up[i] = v + h;
        down[i] = v - h;
        const numeric = (lnHyp2f1Beta(up[0]!, up[1]!, up[2]!) - lnHyp2f1Beta(down[0]!, down[1]!, down[2]!)) / (2 * h);
        expect(Math.abs(gradient[i]! - numeric), `∂/∂${"abz"[i]} at ${point}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      });
    }
  });

  test("logAddExp and sigmoid do not overflow", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });

  test("normalQuantile", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514729, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe("optimisers and linear algebra", () => {
  const rosenbrock = (x: readonly number[], g?: number[]) => {
    const [a, b] = x as [number, number];
    if (g) {
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
    }
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };

  test("BFGS and Nelder–Mead find the Rosenbrock minimum", () => {
    const bfgs = minimizeBfgs((x, g) => rosenbrock(x, g), [-1.2, 1], { maxIterations: 2000 });
    expect(bfgs.converged).toBe(true);
    expect(bfgs.x[0]).toBeCloseTo(1, 4);
    const nm = minimizeNelderMead((x) => rosenbrock(x), [-1.2, 1]);
    expect(nm.x[0]).toBeCloseTo(1, 3);
  });

  test("invertSpd inverts and refuses a non-positive-definite matrix", () => {
    const inv = invertSpd([
      [4, 2],
      [2, 3],
    ])!;
    expect(inv[0]![0]).toBeCloseTo(3 / 8, 12);
    expect(inv[0]![1]).toBeCloseTo(-2 / 8, 12);
    expect(
      invertSpd([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
  });

  test("the seeded generator is reproducible and its gamma draws have the right mean", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    expect([a.uniform(), a.uniform()]).toEqual([b.uniform(), b.uniform()]);
    const r = createRandom(11);
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += r.gamma(0.5, 2);
    expect(sum / 20000).toBeCloseTo(0.25, 1);
  });
});
