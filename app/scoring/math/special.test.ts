import { describe, expect, test } from "vitest";
import { invertSpd } from "./linalg.ts";
import { normalQuantile } from "./normal.ts";
import { minimizeBfgs, minimizeNelderMead } from "./optimize.ts";
import { createRandom } from "./random.ts";
import { digamma, hyp2f1, lnGamma, logAddExp, sigmoid } from "./special.ts";

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
