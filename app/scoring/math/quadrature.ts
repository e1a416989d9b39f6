/**
 * Gauss–Legendre quadrature: nodes and weights on [−1, 1] by Newton's method on the Legendre polynomial
 * (Numerical Recipes, 3rd ed., §4.6 `gauleg`), computed once per order.
 */
const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

export function gaussLegendre(order: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const known = cache.get(order);
  if (known) return known;
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  const half = Math.floor((order + 1) / 2);
  for (let i = 0; i < half; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (order + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 0; j < order; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
      }
      derivative = (order * (z * p1 - p2)) / (z * z - 1);
      const previous = z;
      z = previous - p1 / derivative;
      if (Math.abs(z - previous) < 1e-15) break;
    }
    nodes[i] = -z;
    nodes[order - 1 - i] = z;
    weights[i] = 2 / ((1 - z * z) * derivative * derivative);
    weights[order - 1 - i] = weights[i]!;
  }
  const rule = { nodes, weights };
  cache.set(order, rule);
  return rule;
}

/** ∫_lo^hi f(v) dv with the Gauss–Legendre rule of `order` points. */
export function integrate(f: (v: number) => number, lo: number, hi: number, order = 32): number {
  const { nodes, weights } = gaussLegendre(order);
  const mid = 0.5 * (lo + hi);
  const halfWidth = 0.5 * (hi - lo);
  let sum = 0;
  for (let i = 0; i < order; i++) sum += weights[i]! * f(mid + halfWidth * nodes[i]!);
  return sum * halfWidth;
}
