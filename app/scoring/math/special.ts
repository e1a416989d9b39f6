/**
 * Special functions for the likelihoods: ln Γ, ψ (digamma), log-sum-exp and the Gauss hypergeometric series.
 * All are plain `number` functions with no allocation, so the fitting loops stay fast.
 */

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0.
 *
 * Lanczos approximation with g = 7, n = 9 (relative error about 1e-15), plus the reflection formula for x < 0.5.
 * Numerical Recipes, 3rd ed., §6.1.
 *
 * @example lnGamma(5) // ln 24 = 3.1780538303479458
 */
export function lnGamma(x: number): number {
  if (x < 0.5) {
    // Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0]!;
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += LANCZOS_COEFFICIENTS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x), for x > 0.
 *
 * Shifts x above 10 with ψ(x) = ψ(x+1) − 1/x, then uses the asymptotic series
 * ψ(x) ≈ ln x − 1/(2x) − Σ B_2k / (2k x^2k). Abramowitz & Stegun 6.3.18.
 *
 * @example digamma(1) // −0.5772156649015329 (−γ)
 */
export function digamma(x: number): number {
  let result = 0;
  let v = x;
  while (v < 10) {
    result -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  return result + Math.log(v) - 0.5 * inv - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
}

/** ln(e^u + e^v) without overflow; either argument may be −∞. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

/** 1 / (1 + e^(−u)), evaluated so that neither tail overflows. */
export function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

const HYP2F1_MAX_TERMS = 200_000;

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1 and c > 0.
 *
 * Uses the term recurrence u_n = u_{n−1} · (a+n−1)(b+n−1) / ((c+n−1) n) · z and stops when a term no longer
 * changes the sum in the 15th digit. Callers keep z away from 1 or choose the Euler-transformed parameters
 * (see the BG/NBD module), which makes the terms decay polynomially as well as geometrically.
 * Abramowitz & Stegun 15.1.1.
 *
 * @throws {RangeError} when z is outside [0, 1) or the series does not settle within 200,000 terms.
 * @example hyp2f1(1, 1, 2, 0.5) // −ln(1 − 0.5)/0.5 = 1.3862943611198906
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z must be in [0, 1), got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= HYP2F1_MAX_TERMS; n++) {
    term *= (((a + n - 1) * (b + n - 1)) / ((c + n - 1) * n)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum) && n > 2) return sum;
    if (term === 0) return sum;
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}
