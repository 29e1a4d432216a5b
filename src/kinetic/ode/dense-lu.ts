/**
 * LU decomposition with partial pivoting of a dense matrix stored row-major in one
 * Float64Array, for the Rosenbrock stages. ml-matrix's LuDecomposition does the same on nested
 * arrays; working in place on a flat array and skipping zero multipliers makes the ~200-unknown
 * hierarchies of moment-closure/exact-hierarchy-2.ts several times faster (their Jacobians are block triangular).
 *
 * @module
 */

/** The factors of PA = LU, L unit lower triangular, packed in one array. */
export interface DenseLu {
  n: number;
  /** L below the diagonal, U on and above, row-major. */
  factors: Float64Array;
  /** Row i of PA is row pivot[i] of A. */
  pivot: Int32Array;
}

/**
 * Factors A = P⁻¹LU in place (Doolittle, partial pivoting) [Golub & Van Loan, Alg. 3.4.1].
 *
 * @param a - the n × n matrix, row-major; overwritten by the factors.
 * @param n - its order.
 * @returns the factors, or null when a pivot is exactly 0 (A singular).
 * @example
 * luSolve(luFactor(Float64Array.of(0, 1, 2, 0), 2)!, Float64Array.of(3, 4)) // [2, 3]
 */
export function luFactor(a: Float64Array, n: number): DenseLu | null {
  const pivot = Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    if (max === 0) return null;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
      const t = pivot[k];
      pivot[k] = pivot[p];
      pivot[p] = t;
    }
    const rowK = k * n;
    const diagonal = a[rowK + k];
    for (let i = k + 1; i < n; i++) {
      const rowI = i * n;
      const l = a[rowI + k] / diagonal;
      a[rowI + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[rowI + j] -= l * a[rowK + j];
    }
  }
  return { n, factors: a, pivot };
}

/**
 * Solves A x = b with the factors of {@link luFactor}.
 *
 * @param lu - the factors; b - the right-hand side (not modified).
 * @returns x.
 */
export function luSolve(lu: DenseLu, b: Float64Array): Float64Array {
  const { n, factors: a, pivot } = lu;
  const x = Float64Array.from(pivot, (p) => b[p]);
  for (let i = 1; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= a[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= a[i * n + j] * x[j];
    x[i] = s / a[i * n + i];
  }
  return x;
}
