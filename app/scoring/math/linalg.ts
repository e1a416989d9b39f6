/** Small dense linear algebra for covariance matrices (n ≤ 4). */

/** Lower-triangular Cholesky factor L with A = L·Lᵀ, or null when A is not (numerically) positive definite. */
export function cholesky(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        l[i]![i] = Math.sqrt(s);
      } else {
        l[i]![j] = s / l[j]![j]!;
      }
    }
  }
  return l;
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor, or null if it is not SPD. */
export function invertSpd(a: readonly (readonly number[])[]): number[][] | null {
  const l = cholesky(a);
  if (l === null) return null;
  const n = a.length;
  // inverse of L by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹
  const li: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    li[i]![i] = 1 / l[i]![i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i]![k]! * li[k]![j]!;
      li[i]![j] = s / l[i]![i]!;
    }
  }
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < n; k++) s += li[k]![i]! * li[k]![j]!;
      inv[i]![j] = s;
    }
  }
  return inv;
}

/** gᵀ Σ g */
export function quadraticForm(sigma: readonly (readonly number[])[], g: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) s += g[i]! * sigma[i]![j]! * g[j]!;
  return s;
}
