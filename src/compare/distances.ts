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
 *   is 4δᵀWΣ̄Wδ + 2tr((WΣ̄)²)(1 + 1/ν) under the square root, from the full covariance Σ̄ of d when the
 *   sides carry one (the replicas' covariance: moments at neighbouring times and nearby bins of
 *   f₁ are strongly correlated), each term estimated without bias ({@link debiasedSquaredL2}).
 *   A side without a covariance has its cells treated as independent, and the estimate says so.
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
 * The noise of one side of a distance: the standard error of each of its estimates and, when
 * known, their covariance (the covariance of the vector of estimates, e.g. S/R for a mean over R
 * replicas with sample covariance S), with the degrees of freedom of that estimate.
 */
export interface EstimateNoise {
  /** SE of each estimate (NaN or null: unknown; all 0: an exact side). */
  stderr: ArrayLike<number | null>;
  /** Cov of the estimates, cell by cell; absent: they are treated as independent (diagonal stderr²). */
  covariance?: ArrayLike<number>[];
  /** ν of the variance estimate (R − 1 for a mean over R replicas; ∞ when it is exact). */
  degreesOfFreedom: number;
}

/** An exact side (a deterministic solver): SE 0 everywhere. */
export function exactNoise(cells: number): EstimateNoise {
  return { stderr: new Array<number>(cells).fill(0), degreesOfFreedom: Number.POSITIVE_INFINITY };
}

/** A squared-distance estimate, and whether its error accounts for the correlations between cells. */
export interface SquaredDistanceEstimate extends DistanceEstimate {
  /**
   * "full": every noisy side's covariance was used; "independent": some noisy side had only
   * standard errors, its cells were treated as independent and the SE is too small when they
   * are positively correlated.
   */
  covariance: "full" | "independent";
}

/**
 * Noise-debiased squared L2 distance D̂² = Σ w_i ((a_i − b_i)² − σ̂_i²), unbiased for Σ w_i δ_i²,
 * with its standard error from the full covariance of the two sides.
 *
 * Write d = a − b, W = diag(w), Σ̄ = Σ̄_A + Σ̄_B the covariance of d (the sides are independent
 * runs, so their covariances add; a kinetic side contributes 0). For Gaussian d ~ N(δ, Σ̄), D̂² is
 * the quadratic form dᵀWd less the estimated noise tr(WΣ̂), independent of d, and
 *
 *   Var D̂² = 4 δᵀWΣ̄Wδ + 2 tr((WΣ̄)²) + Σ_sides 2 tr((WΣ̄_s)²)/ν_s,
 *
 * the last term the variance of the subtracted noise (Wishart: Var tr(WΣ̂_s) = 2tr((WΣ̄_s)²)/ν_s),
 * a fraction 1/ν of the second.
 *
 * Both terms are estimated without bias. The covariance estimate Σ̂ of each side is a Wishart
 * matrix with ν degrees of freedom, independent of d, so for the trace (with A = WΣ̂)
 *
 *   t̂ = ν²/((ν − 1)(ν + 2)) · [tr(A²) − tr(A)²/ν]   has E t̂ = tr((WΣ̄)²)
 *
 * (the plug-in tr(A²) is biased up by tr(WΣ̄)²/ν, K/ν times the truth for K equally weighted
 * independent cells); the cross term 2 tr(WΣ̂_A WΣ̂_B) of two noisy sides is
 * unbiased as it is; a side with only standard errors gives Σ_i w_i² σ̂_i⁴·ν/(ν + 2). And since
 * E[(Wd)ᵀΣ̂(Wd)] = δᵀWΣ̄Wδ + tr((WΣ̄)²), the linear term is q̂ = (Wd)ᵀΣ̂(Wd) − t̂, taken ≥ 0:
 *
 *   SE(D̂²)² = 4 max(q̂, 0) + 2 t̂ + Σ_sides 2 t̂_s/ν_s.
 *
 * For ν ≤ 1 the trace is the plug-in one. Without covariances (diagonal Σ̂) this is the
 * independent-cells error Σ w_i²(4δ_i²σ_i² + 2σ_i⁴); with positively correlated cells (moments
 * at neighbouring times, bins of f₁) the full form is larger.
 *
 * @param a - first side's estimates, @param noiseA - its noise; likewise b, noiseB.
 * @param w - weights w_i ≥ 0.
 * @returns value (may be negative when the true distance is below the noise), stderr, the
 *   subtracted noise Σ w_i σ̂_i², and whether correlations were accounted for.
 * @example
 * debiasedSquaredL2([1], { stderr: [0.1], degreesOfFreedom: Infinity }, [0], exactNoise(1), [1]) // { value: 0.99, stderr: ≈ 0.2, noise: 0.01, covariance: "full" }
 */
export function debiasedSquaredL2(a: ArrayLike<number>, noiseA: EstimateNoise, b: ArrayLike<number>, noiseB: EstimateNoise, w: ArrayLike<number>): SquaredDistanceEstimate {
  const K = a.length;
  let raw = 0;
  let noise = 0;
  const wd = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    const d = a[i] - b[i];
    raw += w[i] * d * d;
    noise += w[i] * differenceVariance(noiseA.stderr[i], noiseB.stderr[i]);
    wd[i] = w[i] * d;
  }
  const sides = [noiseA, noiseB].filter((n) => !isExact(n)).map((n) => scaledCovariance(n, w));
  const x = Float64Array.from({ length: K }, (_, i) => Math.sqrt(w[i]) * (a[i] - b[i]));
  let quadratic = 0;
  let trace = 0;
  let noiseVariance = 0;
  for (const [s, side] of sides.entries()) {
    quadratic += quadraticForm(side.matrix, x);
    trace += side.unbiasedTrace;
    noiseVariance += Number.isFinite(side.degreesOfFreedom) ? (2 * side.unbiasedTrace) / side.degreesOfFreedom : 0;
    for (const other of sides.slice(s + 1)) trace += 2 * frobeniusProduct(side.matrix, other.matrix);
  }
  const variance = 4 * Math.max(quadratic - trace, 0) + 2 * trace + noiseVariance;
  const covariance = [noiseA, noiseB].every((n) => isExact(n) || n.covariance) ? "full" : "independent";
  return { value: raw - noise, stderr: Math.sqrt(variance), noise, covariance };
}

/** A side whose every standard error is 0 (a deterministic solver). */
function isExact(noise: EstimateNoise): boolean {
  return Array.from(noise.stderr).every((s) => s === 0);
}

/**
 * A side's W^{1/2}Σ̂W^{1/2} (its covariance, or diag(SE²) without one), whose square's trace is
 * tr((WΣ̂)²), and the unbiased estimate of tr((WΣ̄)²) from it (see {@link debiasedSquaredL2}).
 */
function scaledCovariance(noise: EstimateNoise, w: ArrayLike<number>): { matrix: Float64Array[]; unbiasedTrace: number; degreesOfFreedom: number } {
  const K = w.length;
  const nu = noise.degreesOfFreedom;
  const entry = noise.covariance ? (i: number, j: number) => noise.covariance![i][j] : (i: number, j: number) => (i === j ? (noise.stderr[i] ?? Number.NaN) ** 2 : 0);
  const matrix = Array.from({ length: K }, (_, i) => Float64Array.from({ length: K }, (_, j) => Math.sqrt(w[i] * w[j]) * entry(i, j)));
  const squared = frobeniusProduct(matrix, matrix);
  if (!(nu > 1)) return { matrix, unbiasedTrace: squared, degreesOfFreedom: nu };
  if (!noise.covariance) return { matrix, unbiasedTrace: Number.isFinite(nu) ? (squared * nu) / (nu + 2) : squared, degreesOfFreedom: nu };
  let trace = 0;
  for (let i = 0; i < K; i++) trace += matrix[i][i];
  return { matrix, unbiasedTrace: Number.isFinite(nu) ? ((nu * nu) / ((nu - 1) * (nu + 2))) * (squared - (trace * trace) / nu) : squared, degreesOfFreedom: nu };
}

/** xᵀMx. */
function quadraticForm(m: Float64Array[], x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    let row = 0;
    for (let j = 0; j < x.length; j++) row += m[i][j] * x[j];
    s += x[i] * row;
  }
  return s;
}

/** Σ_ij A_ij B_ij = tr(AB) for symmetric A, B. */
function frobeniusProduct(a: Float64Array[], b: Float64Array[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) s += a[i][j] * b[i][j];
  return s;
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
