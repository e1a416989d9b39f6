/**
 * A seeded pseudo-random source and the distributions the simulations need. Every random result in the engine
 * comes from a `Random` built from an explicit seed, so runs are reproducible.
 */

export interface Random {
  readonly seed: number;
  /** Uniform on [0, 1). */
  uniform(): number;
  normal(): number;
  exponential(rate: number): number;
  gamma(shape: number, rate: number): number;
  beta(a: number, b: number): number;
}

/**
 * SplitMix32-seeded Mulberry32 generator (period 2^32): small, fast and good enough for simulation studies.
 * Gamma variates by Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3).
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const positiveUniform = (): number => {
    let u = uniform();
    while (u === 0) u = uniform();
    return u;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(positiveUniform())) * Math.cos(2 * Math.PI * uniform());
  const gamma = (shape: number, rate: number): number => {
    if (shape < 1) {
      // Γ(k) = Γ(k+1) · U^(1/k)
      return gamma(shape + 1, rate) * positiveUniform() ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = positiveUniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
    }
  };
  return {
    seed,
    uniform,
    normal,
    exponential: (rate) => -Math.log(positiveUniform()) / rate,
    gamma,
    beta: (a, b) => {
      const x = gamma(a, 1);
      const y = gamma(b, 1);
      return x / (x + y);
    },
  };
}
