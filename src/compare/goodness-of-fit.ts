/**
 * A χ² goodness-of-fit statistic between two histograms with per-cell standard errors:
 * X² = Σ_i d_i²/σ_i² over the cells where the noisy side(s) are well estimated, with
 * df = the number of such cells and the p-value P(χ²_df ≥ X²).
 *
 * Valid when the cell differences are approximately Gaussian and independent and their
 * variances are known. Here the variances are estimated from R replicas and cells of a
 * histogram are weakly (negatively) correlated, so the p-value is approximate; cells whose
 * relative standard error exceeds `maxRelativeStderr` (default 0.3, i.e. fewer than about ten
 * counts over all replicas) are left out, because there neither the Gaussian approximation nor
 * the estimated variance can be trusted.
 *
 * @module
 */
import { chiSquaredSurvival } from "../stats/distributions.js";
import { differenceVariance } from "./distances.js";

/** The statistic, its degrees of freedom and p-value (NaN when no cell qualifies). */
export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * χ² test between two histograms (either may be exact, with zero errors).
 *
 * @example
 * chiSquareTest([1, 1], [0.1, 0.1], [1.1, 0.9], [0, 0]) // { statistic: 2, df: 2, pValue: e^{−1} }
 */
export function chiSquareTest(a: ArrayLike<number>, seA: ArrayLike<number>, b: ArrayLike<number>, seB: ArrayLike<number>, maxRelativeStderr = 0.3): ChiSquareTest {
  let statistic = 0;
  let df = 0;
  for (let i = 0; i < a.length; i++) {
    const v = differenceVariance(seA[i], seB[i]);
    if (!(v > 0)) continue;
    const trusted = (x: number, s: number) => s === 0 || (x > 0 && s / x <= maxRelativeStderr);
    if (!trusted(a[i], seA[i] ?? Number.NaN) || !trusted(b[i], seB[i] ?? Number.NaN)) continue;
    statistic += (a[i] - b[i]) ** 2 / v;
    df++;
  }
  if (df === 0) return { statistic: Number.NaN, df: 0, pValue: Number.NaN };
  return { statistic, df, pValue: chiSquaredSurvival(statistic, df) };
}
