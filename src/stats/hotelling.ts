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
 * H. Hotelling, "The generalization of Student's ratio", Ann. Math. Statist. 2 (1931) 360–378.
 *
 * @module
 */
import { Matrix, solve } from "ml-matrix";
import { fSurvival } from "./distributions.js";

/** The statistic, its degrees of freedom and its p-value. */
export interface HotellingResult {
  t2: number;
  k: number;
  replicas: number;
  pValue: number;
}

/**
 * Hotelling's T² of `mean` − `expected` with sample covariance `covariance` over `replicas` replicas.
 *
 * @returns null when R ≤ k (no test) or the covariance is singular.
 * @example
 * hotellingT2([1, 1], [0, 0], [[4, 0], [0, 4]], 10)!.t2 // 5: R·Σ d²/σ² = 10·(1/4 + 1/4)
 */
export function hotellingT2(mean: number[], expected: number[], covariance: number[][], replicas: number): HotellingResult | null {
  const k = mean.length;
  if (!(replicas > k) || k === 0) return null;
  const d = Matrix.columnVector(mean.map((m, i) => m - expected[i]));
  let x: Matrix;
  try {
    x = solve(new Matrix(covariance), d);
  } catch {
    return null;
  }
  const quadratic = d.transpose().mmul(x).get(0, 0);
  if (!(quadratic >= 0) || !Number.isFinite(quadratic)) return null;
  const t2 = replicas * quadratic;
  const f = ((replicas - k) / (k * (replicas - 1))) * t2;
  return { t2, k, replicas, pValue: fSurvival(f, k, replicas - k) };
}
