/**
 * Unconstrained minimisers for the maximum-likelihood fits. The models optimise log-parameters, so every point of
 * R^n is admissible and no bounds are needed.
 */

export type Objective = (x: readonly number[]) => number;
export type ObjectiveWithGradient = (x: readonly number[], gradient: number[]) => number;

export interface MinimizeResult {
  readonly x: number[];
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly gradientNorm: number;
}

export interface BfgsOptions {
  readonly maxIterations?: number;
  /** Stop when the infinity norm of the gradient falls below this. */
  readonly gradientTolerance?: number;
  /** Stop when an iteration improves the objective by less than this (relative). */
  readonly valueTolerance?: number;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function infNorm(a: readonly number[]): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Quasi-Newton minimisation (BFGS, inverse-Hessian update) with a backtracking Armijo line search.
 * Nocedal & Wright, Numerical Optimization, 2nd ed., algorithm 6.1. The update is skipped when the curvature
 * condition yᵀs > 0 fails, which keeps the inverse-Hessian approximation positive definite.
 */
export function minimizeBfgs(f: ObjectiveWithGradient, x0: readonly number[], options: BfgsOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 500;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const valueTolerance = options.valueTolerance ?? 1e-13;

  let x = [...x0];
  let g = new Array<number>(n).fill(0);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) return { x, value: fx, iterations: 0, converged: false, gradientNorm: Infinity };

  // inverse Hessian approximation, row-major
  let h = identity(n);
  const direction = new Array<number>(n).fill(0);
  const xNew = new Array<number>(n).fill(0);
  let gNew = new Array<number>(n).fill(0);
  let iterations = 0;
  let stalled = 0;

  for (; iterations < maxIterations; iterations++) {
    if (infNorm(g) < gradientTolerance) {
      return { x, value: fx, iterations, converged: true, gradientNorm: infNorm(g) };
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= h[i * n + j]! * g[j]!;
      direction[i] = s;
    }
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // not a descent direction: restart from steepest descent
      h = identity(n);
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
      slope = dot(direction, g);
    }
    // keep the first trial step from jumping across several orders of magnitude in parameter space
    const maxStep = infNorm(direction);
    let step = maxStep > 5 ? 5 / maxStep : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * direction[i]!;
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      return { x, value: fx, iterations, converged: infNorm(g) < 1e3 * gradientTolerance, gradientNorm: infNorm(g) };
    }

    const s = xNew.map((v, i) => v - x[i]!);
    const y = gNew.map((v, i) => v - g[i]!);
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (iterations === 0) {
        // Nocedal & Wright eq. 6.20: scale the initial inverse Hessian before the first update
        const scale = sy / dot(y, y);
        for (let i = 0; i < n * n; i++) h[i] = h[i]! * scale;
      }
      h = bfgsUpdate(h, s, y, sy, n);
    }
    const improvement = fx - fNew;
    x = [...xNew];
    const swap = g;
    g = gNew;
    gNew = swap;
    fx = fNew;
    stalled = improvement <= valueTolerance * Math.max(1, Math.abs(fx)) ? stalled + 1 : 0;
    if (stalled >= 3) {
      return { x, value: fx, iterations: iterations + 1, converged: infNorm(g) < 1e3 * gradientTolerance, gradientNorm: infNorm(g) };
    }
  }
  return { x, value: fx, iterations, converged: infNorm(g) < gradientTolerance, gradientNorm: infNorm(g) };
}

function identity(n: number): number[] {
  const m = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function bfgsUpdate(h: number[], s: number[], y: number[], sy: number, n: number): number[] {
  const rho = 1 / sy;
  const hy = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += h[i * n + j]! * y[j]!;
    hy[i] = v;
  }
  const yhy = dot(y, hy);
  const out = new Array<number>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = h[i * n + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!;
    }
  }
  return out;
}

export interface NelderMeadOptions {
  readonly maxIterations?: number;
  readonly tolerance?: number;
  readonly initialStep?: number;
}

/**
 * Derivative-free simplex minimisation (Nelder & Mead 1965, with the standard coefficients 1, 2, 0.5, 0.5).
 * Used as the fallback when the quasi-Newton search fails; it is slower but needs only function values.
 */
export function minimizeNelderMead(f: Objective, x0: readonly number[], options: NelderMeadOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 4000;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.initialStep ?? 0.5;
  const safe = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: number[][] = [[...x0]];
  for (let i = 0; i < n; i++) {
    const p = [...x0];
    p[i] = p[i]! + step;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_v, i) => i).sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const best = values[0]!;
    const worst = values[n]!;
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c));
    const reflected = along(-1);
    const fr = safe(reflected);
    if (fr < best) {
      const expanded = along(-2);
      const fe = safe(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]!) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const contracted = fr < worst ? along(-0.5) : along(0.5);
      const fc = safe(contracted);
      if (fc < Math.min(fr, worst)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!));
          values[i] = safe(simplex[i]!);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return {
    x: simplex[bestIndex]!,
    value: values[bestIndex]!,
    iterations,
    converged: iterations < maxIterations,
    gradientNorm: NaN,
  };
}

/**
 * Hessian by central differences of an analytic gradient, symmetrised. Step h_i = 1e-4·max(1, |x_i|).
 */
export function hessianFromGradient(grad: (x: readonly number[], out: number[]) => void, x: readonly number[]): number[][] {
  const n = x.length;
  const hess: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const gPlus = new Array<number>(n).fill(0);
  const gMinus = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[i]!));
    const xp = [...x];
    const xm = [...x];
    xp[i] = xp[i]! + h;
    xm[i] = xm[i]! - h;
    grad(xp, gPlus);
    grad(xm, gMinus);
    for (let j = 0; j < n; j++) hess[i]![j] = (gPlus[j]! - gMinus[j]!) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (hess[i]![j]! + hess[j]![i]!);
      hess[i]![j] = v;
      hess[j]![i] = v;
    }
  }
  return hess;
}

/** Gradient by central differences, for objectives without an analytic one. */
export function numericGradient(f: Objective, x: readonly number[], out: number[], relativeStep = 1e-6): number {
  const fx = f(x);
  const xp = [...x];
  for (let i = 0; i < x.length; i++) {
    const h = relativeStep * Math.max(1, Math.abs(x[i]!));
    xp[i] = x[i]! + h;
    const fp = f(xp);
    xp[i] = x[i]! - h;
    const fm = f(xp);
    xp[i] = x[i]!;
    out[i] = (fp - fm) / (2 * h);
  }
  return fx;
}
