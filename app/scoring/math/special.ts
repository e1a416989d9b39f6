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

/** Pairs of continued-fraction steps at most: enough for 1−z down to about 3e-9 (see `lnHyp2f1Beta`). */
const HYP2F1_BETA_MAX_STEPS = 100_000;
/** Up to this z the power series is used: its terms shrink faster than zⁿ, so it needs at most 53 of them. */
const HYP2F1_BETA_SERIES_MAX_Z = 0.5;
/** Lentz's guard against a zero denominator (Numerical Recipes §5.2). */
const LENTZ_TINY = 1e-300;

/**
 * ln ₂F₁(a, b; a+1; z) for a > 0, b < a+1 and 0 ≤ z < 1: the incomplete-beta family, ₂F₁(a, b; a+1; z) =
 * a z^(−a) B_z(a, 1−b) = a ∫₀¹ u^(a−1) (1 − zu)^(−b) du (Pareto/NBD's likelihood and P(alive) need it).
 *
 * Method: Euler's transformation ₂F₁(a, b; a+1; z) = (1−z)^(1−b) ₂F₁(a+1−b, 1; a+1; z) (A&S 15.3.3). For z ≤ 1/2
 * the second factor is summed as its power series, whose terms are positive and shrink faster than zⁿ; above, by
 * the continued fraction of the incomplete beta function (Abramowitz & Stegun 26.5.8 with 26.5.23; Numerical
 * Recipes 3rd ed. §6.4, eq. 6.4.5, with a and 1−b as its a and b), evaluated by the modified Lentz method (NR §5.2):
 * ₂F₁(a+1−b, 1; a+1; z) = 1/(1+ d₁/(1+ d₂/(1+ …))), d_{2m+1} = −(a+m)(a+1−b+m)z / ((a+2m)(a+2m+1)),
 * d_{2m} = m(1−b−m)z / ((a+2m−1)(a+2m)). Near z = 1 the power series needs about 37/(1−z) terms when a is small
 * (the old Pareto/NBD code stopped at 10⁵ of them: seconds per likelihood, and a truncated value), the fraction
 * about 7/√(1−z) steps, and a few hundred or fewer once a is in the thousands. The fraction stops when a step
 * changes the value by at most two units in the last place, after at most 10⁵ pairs of steps. Its relative error
 * grows like 1e-16/(1−z) when a is small (1e-10 at 1−z = 1e-6, 1e-8 near 1e-9, and capped below about 3e-9); the
 * fits and scores need 1−z that small only when one of α, β is 10⁶ times the other
 * (docs/decisions/0111-mbg-cnbd-and-pareto-gradient.md).
 *
 * With `gradient`, also writes ∂/∂a, ∂/∂b and ∂/∂z of the logarithm to gradient[at … at+2]: the series
 * differentiated term by term, the fraction by forward-mode differentiation of the Lentz recurrences (each partial
 * numerator is a rational function of a, b and z).
 *
 * @example lnHyp2f1Beta(1, 1, 0.5) // ln(−ln(1 − 0.5)/0.5) = ln 1.3862943611198906
 */
export function lnHyp2f1Beta(a: number, b: number, z: number, gradient?: Float64Array, at = 0): number {
  // continued fraction of NR's betacf with their a = a, b = bb
  const bb = 1 - b;
  const lnOneMinusZ = Math.log1p(-z);
  if (z === 0) {
    if (gradient) {
      gradient[at] = 0;
      gradient[at + 1] = 0;
      // ∂/∂z ln ₂F₁ at 0 = ab/(a+1)
      gradient[at + 2] = (a * b) / (a + 1);
    }
    return 0;
  }
  if (z <= HYP2F1_BETA_SERIES_MAX_Z) return lnHyp2f1BetaSeries(a, b, z, gradient, at);
  const qab = a + bb;
  const qap = a + 1;
  // g = 1 + d₁ = 1 − (a+bb) z / (a+1)
  let g = 1 - (qab * z) / qap;
  if (Math.abs(g) < LENTZ_TINY) g = LENTZ_TINY;
  let d = 1 / g;
  let c = 1;
  let h = d;
  // partials of d and c (absolute) and of ln h, with respect to a, bb, z
  let dA = 0;
  let dB = 0;
  let dZ = 0;
  let cA = 0;
  let cB = 0;
  let cZ = 0;
  let hA = 0;
  let hB = 0;
  let hZ = 0;
  if (gradient) {
    // ∂g: a → −z(1−bb)/(a+1)², bb → −z/(a+1), z → −(a+bb)/(a+1); ∂d = −∂g/g², ∂ln h = ∂d/d = −∂g/g
    const gA = (-z * (1 - bb)) / (qap * qap);
    const gB = -z / qap;
    const gZ = -qab / qap;
    dA = -gA * d * d;
    dB = -gB * d * d;
    dZ = -gZ * d * d;
    hA = -gA * d;
    hB = -gB * d;
    hZ = -gZ * d;
  }
  // d₂, d₃, … (d₁ is in g)
  for (let index = 2; index <= 2 * HYP2F1_BETA_MAX_STEPS + 1; index++) {
    const m = index >> 1;
    const even = (index & 1) === 0;
    // the partial numerator without its factor z, and its logarithmic partials in a and bb
    let base: number;
    let lnBaseA = 0;
    let lnBaseB = 0;
    let baseB = 0;
    if (even) {
      base = (m * (bb - m)) / ((a + 2 * m - 1) * (a + 2 * m));
      if (gradient) {
        lnBaseA = -1 / (a + 2 * m - 1) - 1 / (a + 2 * m);
        baseB = m / ((a + 2 * m - 1) * (a + 2 * m));
      }
    } else {
      base = (-(a + m) * (qab + m)) / ((a + 2 * m) * (a + 2 * m + 1));
      if (gradient) {
        lnBaseA = 1 / (a + m) + 1 / (qab + m) - 1 / (a + 2 * m) - 1 / (a + 2 * m + 1);
        lnBaseB = 1 / (qab + m);
      }
    }
    const aa = base * z;
    let denominator = 1 + aa * d;
    if (Math.abs(denominator) < LENTZ_TINY) denominator = LENTZ_TINY;
    const dNew = 1 / denominator;
    let cNew = 1 + aa / c;
    if (Math.abs(cNew) < LENTZ_TINY) cNew = LENTZ_TINY;
    if (gradient) {
      const aaA = aa * lnBaseA;
      const aaB = even ? baseB * z : aa * lnBaseB;
      const aaZ = base;
      const ndA = -dNew * dNew * (aaA * d + aa * dA);
      const ndB = -dNew * dNew * (aaB * d + aa * dB);
      const ndZ = -dNew * dNew * (aaZ * d + aa * dZ);
      const ncA = aaA / c - (aa * cA) / (c * c);
      const ncB = aaB / c - (aa * cB) / (c * c);
      const ncZ = aaZ / c - (aa * cZ) / (c * c);
      hA += ndA / dNew + ncA / cNew;
      hB += ndB / dNew + ncB / cNew;
      hZ += ndZ / dNew + ncZ / cNew;
      dA = ndA;
      dB = ndB;
      dZ = ndZ;
      cA = ncA;
      cB = ncB;
      cZ = ncZ;
    }
    d = dNew;
    c = cNew;
    const delta = d * c;
    h *= delta;
    if (!even && Math.abs(delta - 1) <= 2 * Number.EPSILON) break;
  }
  if (gradient) {
    // ln ₂F₁ = bb ln(1−z) + ln h, and b = 1 − bb
    gradient[at] = hA;
    gradient[at + 1] = -(lnOneMinusZ + hB);
    gradient[at + 2] = -bb / (1 - z) + hZ;
  }
  return bb * lnOneMinusZ + Math.log(h);
}

/**
 * `lnHyp2f1Beta` for 0 < z ≤ 1/2 by the series of ₂F₁(c, 1; a+1; z), c = a+1−b: u_n = zⁿ Π_{i=1..n} (c+i−1)/(a+i),
 * with ∂ln u_n/∂c = Σ 1/(c+i−1), ∂ln u_n/∂a = −Σ 1/(a+i) (c held) and ∂ln u_n/∂z = n/z carried alongside the sum.
 */
function lnHyp2f1BetaSeries(a: number, b: number, z: number, gradient: Float64Array | undefined, at: number): number {
  const c = a + 1 - b;
  let term = 1;
  let sum = 1;
  let sumC = 0;
  let sumA = 0;
  let sumZ = 0;
  let lnC = 0;
  let lnA = 0;
  for (let n = 1; n < 200; n++) {
    term *= ((c + n - 1) / (a + n)) * z;
    sum += term;
    if (gradient) {
      lnC += 1 / (c + n - 1);
      lnA -= 1 / (a + n);
      sumC += term * lnC;
      sumA += term * lnA;
      sumZ += n * term;
    }
    if (term <= 1e-17 * sum) break;
  }
  const lnOneMinusZ = Math.log1p(-z);
  if (gradient) {
    const dLnSdc = sumC / sum;
    // c = a+1−b moves with a and against b
    gradient[at] = dLnSdc + sumA / sum;
    gradient[at + 1] = -lnOneMinusZ - dLnSdc;
    gradient[at + 2] = (b - 1) / (1 - z) + sumZ / z / sum;
  }
  return (1 - b) * lnOneMinusZ + Math.log(sum);
}
