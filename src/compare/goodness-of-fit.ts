/**
 * A χ² goodness-of-fit statistic between two histograms with per-cell standard errors:
 * X² = Σ_i d_i²/σ̂_i² over the cells where the noisy side(s) are well estimated, df = the number
 * of such cells, and a p-value valid at the number of replicas.
 *
 * Each σ̂_i² is estimated from R replicas, so each term is the square of a Student statistic
 * with ν_i degrees of freedom (R − 1 against an exact side, Welch–Satterthwaite's for two
 * ensembles), not of a normal one: E t² = ν/(ν − 2) and Var t² = 2ν²(ν − 1)/((ν − 2)²(ν − 4)).
 * At R = 10 the sum's mean is 1.29 times the number of cells, so the χ²_df law would reject far
 * too often. X² is referred instead to the scaled law c·χ²_f with the same mean and variance
 * (Satterthwaite): c = Σ Var/(2 Σ E), f = 2(Σ E)²/Σ Var; for ν = ∞ this is χ²_df. Its variance
 * is finite for ν > 4 only: with fewer degrees of freedom there is no p-value (NaN) and
 * `tooFewReplicas` says so.
 *
 * The cells of a histogram are weakly (negatively) correlated, which the test ignores, so the
 * p-value is approximate; cells whose relative standard error exceeds `maxRelativeStderr`
 * (default 0.3, i.e. fewer than about ten counts over all replicas) are left out, because there
 * neither the Gaussian approximation nor the estimated variance can be trusted.
 *
 * F. E. Satterthwaite, "An approximate distribution of estimates of variance components",
 * Biometrics Bulletin 2 (1946) 110–114.
 *
 * @module
 */
import { chiSquaredSurvival } from "../stats/distributions.js";
import { differenceVariance } from "./distances.js";
import { welchDegreesOfFreedom } from "../stats/welch.js";

/** The statistic, its degrees of freedom and p-value (NaN when no cell qualifies or R is too few). */
export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
  /** The cells' SEs have ν ≤ 4 degrees of freedom somewhere: X² has no finite variance, no p-value. */
  tooFewReplicas: boolean;
}

/** One side of a histogram comparison: the densities, their SEs and the SEs' degrees of freedom (∞ for an exact side). */
export interface HistogramSide {
  density: ArrayLike<number>;
  stderr: ArrayLike<number>;
  degreesOfFreedom: number;
}

/**
 * χ² test between two histograms (either may be exact, with zero errors and ν = ∞).
 *
 * @example
 * chiSquareTest({ density: [1, 1], stderr: [0.1, 0.1], degreesOfFreedom: Infinity }, { density: [1.1, 0.9], stderr: [0, 0], degreesOfFreedom: Infinity }) // { statistic: 2, df: 2, pValue: e^{−1}, tooFewReplicas: false }
 */
export function chiSquareTest(a: HistogramSide, b: HistogramSide, maxRelativeStderr = 0.3): ChiSquareTest {
  let statistic = 0;
  let df = 0;
  let mean = 0;
  let variance = 0;
  const trusted = (x: number, s: number) => s === 0 || (x > 0 && s / x <= maxRelativeStderr);
  for (let i = 0; i < a.density.length; i++) {
    const [sa, sb] = [a.stderr[i] ?? Number.NaN, b.stderr[i] ?? Number.NaN];
    const v = differenceVariance(sa, sb);
    if (!(v > 0)) continue;
    if (!trusted(a.density[i], sa) || !trusted(b.density[i], sb)) continue;
    statistic += (a.density[i] - b.density[i]) ** 2 / v;
    df++;
    const nu = welchDegreesOfFreedom(sa, a.degreesOfFreedom, sb, b.degreesOfFreedom);
    mean += Number.isFinite(nu) ? nu / (nu - 2) : 1;
    variance += Number.isFinite(nu) ? (2 * nu * nu * (nu - 1)) / ((nu - 2) ** 2 * (nu - 4)) : 2;
    if (!(nu > 4)) return { statistic: Number.NaN, df: 0, pValue: Number.NaN, tooFewReplicas: true };
  }
  if (df === 0) return { statistic: Number.NaN, df: 0, pValue: Number.NaN, tooFewReplicas: false };
  const scale = variance / (2 * mean);
  return { statistic, df, pValue: chiSquaredSurvival(statistic / scale, (2 * mean * mean) / variance), tooFewReplicas: false };
}
