/**
 * Hotelling's one-sample T² test: is the mean of R i.i.d. replicas of a k-vector equal to a given
 * vector μ? With x̄ the sample mean and S the sample covariance (divisor R − 1),
 *
 *   T² = R (x̄ − μ)ᵀ S⁻¹ (x̄ − μ),   (R − k)/(k (R − 1)) · T² ~ F(k, R − k)
 *
 * exactly for Gaussian replicas (and asymptotically otherwise). Unlike Σ z² over the components,
 * it accounts for their correlations: observables of one ensemble at neighbouring times are
 * correlated 0.8–0.98, which makes Σ z² far heavier-tailed than χ²_k.
 *
 * A sample covariance with an exact linear dependency (a combination of the components that takes
 * the same value in every replica, e.g. M₁ + M₂ = M when no replica holds a 3-cluster) is
 * singular: the test does not exist, and solving with it anyway turns rounding into a T² of
 * 10¹³. The rank is therefore judged on the correlation matrix (scale-free), by its singular
 * values relative to the largest, before the quadratic form is solved.
 *
 * H. Hotelling, "The generalization of Student's ratio", Ann. Math. Statist. 2 (1931) 360–378.
 *
 * @module
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { fSurvival } from "./distributions.js";

/** The statistic, its degrees of freedom and its p-value. */
export interface HotellingResult {
  t2: number;
  k: number;
  replicas: number;
  pValue: number;
}

/** Relative size (per component) below which a singular value of the correlation matrix counts as zero. */
export const RANK_TOLERANCE = 1e-10;

/**
 * Hotelling's T² of `mean` − `expected` with sample covariance `covariance` over `replicas` replicas.
 *
 * @returns null when R ≤ k (no test) or the covariance is singular (a component without variance,
 *   or a singular value of the correlation matrix below {@link RANK_TOLERANCE}·k times the largest).
 * @example
 * hotellingT2([1, 1], [0, 0], [[4, 0], [0, 4]], 10)!.t2 // 5: R·Σ d²/σ² = 10·(1/4 + 1/4)
 */
export function hotellingT2(mean: number[], expected: number[], covariance: number[][], replicas: number): HotellingResult | null {
  const k = mean.length;
  if (!(replicas > k) || k === 0) return null;
  const sd = covariance.map((row, i) => Math.sqrt(row[i]));
  if (!sd.every((s) => s > 0 && Number.isFinite(s))) return null;
  const correlation = new Matrix(covariance.map((row, i) => row.map((c, j) => c / (sd[i] * sd[j]))));
  const svd = new SingularValueDecomposition(correlation);
  const singular = svd.diagonal;
  if (Math.min(...singular) <= RANK_TOLERANCE * k * Math.max(...singular)) return null;
  const z = Matrix.columnVector(mean.map((m, i) => (m - expected[i]) / sd[i]));
  const quadratic = z.transpose().mmul(svd.solve(z)).get(0, 0);
  if (!(quadratic >= 0) || !Number.isFinite(quadratic)) return null;
  const t2 = replicas * quadratic;
  const f = ((replicas - k) / (k * (replicas - 1))) * t2;
  return { t2, k, replicas, pValue: fSurvival(f, k, replicas - k) };
}
