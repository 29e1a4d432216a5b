/**
 * Distances between two estimated densities (or two vectors of estimates) that each carry a
 * standard error per cell, and what noise does to them.
 *
 * Write a_i, b_i for the two estimates of cell i, σ_i² = SE(a_i)² + SE(b_i)² for the variance of
 * their difference d_i = a_i − b_i (independent runs), δ_i = E d_i for the true difference and
 * w_i ≥ 0 for the cell weights (cell widths or areas, so that sums approximate integrals).
 *
 * - **L1**, Σ w_i |d_i|: biased upwards by noise. For Gaussian noise E|d_i| =
 *   σ_i√(2/π)·e^{−δ_i²/2σ_i²} + δ_i(1 − 2Φ(−δ_i/σ_i)) ≥ |δ_i|, and when the densities agree the
 *   whole distance is noise: its expectation is the *noise floor* Σ w_i σ_i √(2/π). Reported with
 *   both, never used for orders.
 * - **Noise-debiased squared L2**, D² = Σ w_i (d_i² − σ̂_i²): since E d_i² = δ_i² + σ_i² and σ̂_i²
 *   (the squared standard errors, sample variance over R replicas divided by R) is unbiased for
 *   σ_i², E D² = Σ w_i δ_i² exactly, whatever the correlations between cells. Its standard error
 *   is propagated from the per-cell errors with Var(d_i²) = 4δ_i²σ_i² + 2σ_i⁴ (Gaussian d_i),
 *   treating cells as independent and plugging in δ̂_i² = max(d_i² − σ̂_i², 0).
 *
 * @module
 */

/** A distance estimate with its standard error and the size of the noise it removed or contains. */
export interface DistanceEstimate {
  value: number;
  stderr: number;
  /** L1: expected value when the densities agree (Σ w σ √(2/π)); squared L2: the subtracted Σ w σ². */
  noise: number;
}

/** Variance of a difference: SE(a)² + SE(b)², with null/NaN read as "unknown" (NaN). */
export function differenceVariance(seA: number | null | undefined, seB: number | null | undefined): number {
  const a = seA ?? Number.NaN;
  const b = seB ?? Number.NaN;
  return a * a + b * b;
}

/**
 * L1 distance Σ w_i |a_i − b_i| with its noise floor and a standard error.
 *
 * The standard error √(Σ w_i² σ_i²) is an upper bound (Var|d| ≤ Var d), exact when |δ_i| ≫ σ_i.
 *
 * @example
 * l1Distance([1, 2], [0, 0], [0, 0], [0, 0], [0.5, 0.5]).value // 1.5
 */
export function l1Distance(a: ArrayLike<number>, seA: ArrayLike<number>, b: ArrayLike<number>, seB: ArrayLike<number>, w: ArrayLike<number>): DistanceEstimate {
  let value = 0;
  let variance = 0;
  let noise = 0;
  for (let i = 0; i < a.length; i++) {
    const v = differenceVariance(seA[i], seB[i]);
    value += w[i] * Math.abs(a[i] - b[i]);
    variance += w[i] * w[i] * v;
    noise += w[i] * Math.sqrt(v) * Math.sqrt(2 / Math.PI);
  }
  return { value, stderr: Math.sqrt(variance), noise };
}

/**
 * Noise-debiased squared L2 distance D² = Σ w_i ((a_i − b_i)² − σ̂_i²), unbiased for Σ w_i δ_i²
 * (see the module comment), with its propagated standard error.
 *
 * @returns value (may be negative when the true distance is below the noise), stderr, and the
 *   subtracted noise Σ w_i σ̂_i².
 * @example
 * debiasedSquaredL2([1], [0.1], [0], [0], [1]) // { value: 0.99, stderr: ≈ 0.2, noise: 0.01 }
 */
export function debiasedSquaredL2(a: ArrayLike<number>, seA: ArrayLike<number>, b: ArrayLike<number>, seB: ArrayLike<number>, w: ArrayLike<number>): DistanceEstimate {
  let raw = 0;
  let noise = 0;
  let variance = 0;
  for (let i = 0; i < a.length; i++) {
    const v = differenceVariance(seA[i], seB[i]);
    const d2 = (a[i] - b[i]) ** 2;
    raw += w[i] * d2;
    noise += w[i] * v;
    const delta2 = Math.max(d2 - v, 0);
    variance += w[i] * w[i] * (4 * delta2 * v + 2 * v * v);
  }
  return { value: raw - noise, stderr: Math.sqrt(variance), noise };
}

/**
 * The distance D = √max(D², 0) of a debiased squared distance, with SE(D) = SE(D²)/(2D) (delta
 * method; infinite at D = 0, where only an upper bound is meaningful).
 */
export function rootOfSquared(squared: DistanceEstimate): { value: number; stderr: number } {
  const value = Math.sqrt(Math.max(squared.value, 0));
  return { value, stderr: value > 0 ? squared.stderr / (2 * value) : Number.POSITIVE_INFINITY };
}

/**
 * The weighted L2 norm √(Σ w·e²) of a kinetic solver's estimated errors e (both sides' errors
 * added in quadrature when both carry one), the scale against which a distance between the two is
 * resolved: a distance below 4× this norm is not (the solver's error exceeds a quarter of it).
 */
export function solverErrorNorm(errA: ArrayLike<number> | undefined, errB: ArrayLike<number> | undefined, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * ((errA?.[i] ?? 0) ** 2 + (errB?.[i] ?? 0) ** 2);
  return Math.sqrt(s);
}

/** A kinetic distance is resolved when the solvers' error is at most a quarter of it. */
export const SOLVER_ERROR_FRACTION = 0.25;
