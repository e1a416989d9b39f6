/**
 * Student's t distribution: its CDF through the regularized incomplete beta function, and its quantile by safeguarded
 * Newton steps on the CDF. Degrees of freedom may be fractional (Welch's ν is).
 */
import { normalQuantile } from "./normal.ts";
import { lnGamma } from "./special.ts";

/**
 * Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
 *
 * The continued fraction of Numerical Recipes, 3rd ed., §6.4, evaluated by the modified Lentz method, on whichever
 * of I_x(a, b) and 1 − I_{1−x}(b, a) converges fast (x below (a + 1)/(a + b + 2)). Relative error near 1e-14.
 *
 * @example regularizedIncompleteBeta(0.5, 2, 2) // 0.5
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedIncompleteBeta: a and b must be positive, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta: x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

const TINY = 1e-300;

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) return h;
  }
  throw new Error(`betaContinuedFraction did not converge for x=${x}, a=${a}, b=${b}`);
}

function checkDegreesOfFreedom(df: number, what: string): void {
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(`${what}: degrees of freedom must be positive and finite, got ${df}`);
}

/**
 * P(T ≤ t) for T with `df` degrees of freedom: 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, by symmetry below
 * (Abramowitz & Stegun 26.7.1 with 26.5.27).
 *
 * @example studentTCdf(2.228138851986274, 10) // 0.975
 */
export function studentTCdf(t: number, df: number): number {
  checkDegreesOfFreedom(df, "studentTCdf");
  if (Number.isNaN(t)) throw new RangeError("studentTCdf: t is NaN");
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/** P(T > t) for t ≥ 0, without the cancellation of 1 − CDF in the far tail. */
function upperTail(t: number, df: number): number {
  return t === 0 ? 0.5 : 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The density of T at t. */
export function studentTDensity(t: number, df: number): number {
  checkDegreesOfFreedom(df, "studentTDensity");
  return Math.exp(lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom, for 0 < p < 1: closed forms for ν = 1 (Cauchy) and
 * ν = 2; otherwise Newton steps on the CDF from the normal quantile, kept inside a bracket of the root (a step that
 * leaves it bisects instead), to a relative 1e-12. Above the median the CDF is concave, so the steps converge
 * monotonically once below the root.
 *
 * @example studentTQuantile(0.975, 10) // 2.2281388519649385
 */
export function studentTQuantile(p: number, df: number): number {
  checkDegreesOfFreedom(df, "studentTQuantile");
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // Solve P(T > t) = 1 − p, the tail kept as such for precision far out.
  const q = 1 - p;
  let lo = 0;
  let hi = Math.max(1, normalQuantile(p));
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
  }
  let t = Math.min(Math.max(normalQuantile(p), lo), hi);
  for (let i = 0; i < 200; i++) {
    const f = q - upperTail(t, df);
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    let next = t - f / studentTDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-12 * Math.abs(next)) return next;
    t = next;
  }
  return t;
}
