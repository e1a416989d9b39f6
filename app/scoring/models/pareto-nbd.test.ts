import { describe, expect, test } from "vitest";
import { gaussLegendre } from "../math/quadrature.ts";
import { paretoNbd } from "./pareto-nbd.ts";
import { buildPatternSet } from "./patterns.ts";

/**
 * Pareto/NBD where the ₂F₁ argument |α−β|/(max(α, β)+t) is near 1: the parameters a fit visits on a shop whose
 * customers all stopped buying long ago (α and β orders of magnitude apart). The series the model used before needed
 * more than its 10⁵ terms there; the continued fraction (math/special.ts `lnHyp2f1Beta`) must still be exact.
 */

/**
 * The slow reference for P(alive), with no hypergeometric function: P(alive)⁻¹ = 1 + s ∫_{t_x}^T
 * ((α+T)/(α+τ))^(r+x) ((β+T)/(β+τ))^s / (β+τ) dτ (Fader & Hardie 2005, the "dropped out at τ" term over the
 * "alive at T" term), by 400 panels of 32-point Gauss–Legendre.
 */
function pAliveByQuadrature([r, alpha, s, beta]: readonly number[], x: number, tx: number, T: number): number {
  const { nodes, weights } = gaussLegendre(32);
  const panels = 400;
  const width = (T - tx) / panels;
  let integral = 0;
  for (let p = 0; p < panels; p++) {
    for (let q = 0; q < nodes.length; q++) {
      const tau = tx + width * (p + 0.5 * (1 + nodes[q]!));
      const ln = (r! + x) * Math.log1p((T - tau) / (alpha! + tau)) + s! * Math.log1p((T - tau) / (beta! + tau)) - Math.log(beta! + tau);
      integral += 0.5 * width * weights[q]! * Math.exp(ln);
    }
  }
  return 1 / (1 + s! * integral);
}

// [r, α, s, β] on a time scale where the longest history is 1: α ≫ β and α ≪ β, small and very large r + s
const farApart: [number, number, number, number][] = [
  [0.5, 3e4, 0.8, 0.02],
  [40, 2e5, 0.9, 0.05],
  [0.3, 0.01, 0.5, 500],
  [2, 0.002, 0.3, 40],
  [896_200, 30_050, 666.1, 32.29],
];
const customers: [x: number, tx: number, T: number][] = [
  [0, 0, 1],
  [1, 0.05, 1],
  [3, 0.2, 1],
  [0, 0, 0.3],
];

describe("Pareto/NBD with α and β far apart (a shop whose customers are all inactive)", () => {
  test.each(farApart)("P(alive) at [%d, %d, %d, %d] matches the quadrature reference to 1e-9", (...params) => {
    for (const [x, tx, T] of customers) {
      const reference = pAliveByQuadrature(params, x, tx, T);
      expect(Math.abs(paretoNbd.pAlive(params, x, tx, T) - reference), `x = ${x}, t_x = ${tx}, T = ${T}`).toBeLessThan(1e-9 * Math.max(reference, 1e-12));
    }
  });

  test.each(farApart.slice(0, 4))("the analytic gradient at [%d, %d, %d, %d] matches central differences", (...params) => {
    const data = buildPatternSet(
      customers.map((c) => c[0]),
      customers.map((c) => c[1]),
      customers.map((c) => c[2]),
      [50, 20, 5, 30],
    );
    const analytic = [0, 0, 0, 0];
    paretoNbd.logLikelihood(params, data, analytic);
    const theta = params.map(Math.log);
    // a wider step than usual: the values near z = 1 carry a relative error of about 1e-16/(1−z)
    const h = 1e-4;
    theta.forEach((_, i) => {
      const up = [...theta];
      const down = [...theta];
      up[i] = up[i]! + h;
      down[i] = down[i]! - h;
      const numeric = (paretoNbd.logLikelihood(up.map(Math.exp), data) - paretoNbd.logLikelihood(down.map(Math.exp), data)) / (2 * h);
      expect(Math.abs(analytic[i]! - numeric), `∂/∂ln ${paretoNbd.paramNames[i]}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    });
  });
});
