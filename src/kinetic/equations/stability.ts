/**
 * Stability of the second-moment systems of [KMS]: the limit matrix of Lemma 3.1 (the coefficient matrix of
 * (29), or of the derived system, at the equilibrium (21)), whose eigenvalues must have negative
 * real parts (the reduced system of Lemma 3.4 lives beside (33), in limit-33.ts). The authors checked the Routh array of (29) symbolically in MATLAB; here the
 * eigenvalues are computed numerically (ml-matrix EigenvalueDecomposition) over a log grid of
 * λ_{1,1}, λ_{1,2}, μ_{1,1}, μ_{1,2} ∈ [0.1, 10] and ε ∈ [10⁻³, 1], with M = 1.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { equilibrium21 } from "./masses-20.js";
import type { PairRates } from "./paper-rates.js";
import { type SecondMomentSystem, secondMomentCoefficients } from "./second-moments-29-34.js";

/** One point of the parameter sweep. */
export interface SweepPoint {
  lambda11: number;
  lambda12: number;
  mu11: number;
  mu12: number;
  epsilon: number;
}

/** The largest real part of an eigenvalue of the limit matrix over a sweep, and where. */
export interface SweepResult {
  maxRealPart: number;
  argmax: SweepPoint;
  samples: number;
}

/**
 * The limit matrix of Lemma 3.1 [KMS]: diag(1, 1/ε, 1/ε, 1/ε)·A(M_1^∞, M_2^∞) for a
 * second-moment system, at the equilibrium (21) of total mass M (the inhomogeneity vanishes
 * there by (24)).
 *
 * @param system - which second-moment system; rates - the rates; epsilon - ε > 0; mass - M > 0.
 * @returns the 4 × 4 matrix, rows and columns (V_1, V_2, V̄_2, Ṽ_2).
 */
export function limitMatrix(system: SecondMomentSystem, rates: PairRates, epsilon: number, mass = 1): number[][] {
  const { M1, M2 } = equilibrium21(rates, epsilon, mass);
  const { A } = secondMomentCoefficients(system, rates, epsilon, M1, M2);
  return A.map((row, i) => row.map((a) => (i === 0 ? a : a / epsilon)));
}

/**
 * The largest real part of the eigenvalues of a square matrix (spectral abscissa).
 *
 * @param matrix - a real square matrix.
 * @returns max Re λ.
 */
export function spectralAbscissa(matrix: number[][]): number {
  return Math.max(...new EigenvalueDecomposition(new Matrix(matrix)).realEigenvalues);
}

/**
 * The largest spectral abscissa of the limit matrix of one system over the log grid of the
 * module comment (pointsPerAxis points per axis, pointsPerAxis⁵ samples).
 *
 * @param system - which second-moment system.
 * @param pointsPerAxis - grid points per axis, ≥ 2.
 * @returns the largest real part, where it occurs, and the number of samples.
 */
export function sweepSystem(system: SecondMomentSystem, pointsPerAxis: number): SweepResult {
  const grid = (lo: number, hi: number) => Array.from({ length: pointsPerAxis }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (pointsPerAxis - 1)));
  const rateAxis = grid(-1, 1);
  const epsilonAxis = grid(-3, 0);
  let best: SweepResult = { maxRealPart: -Infinity, argmax: { lambda11: NaN, lambda12: NaN, mu11: NaN, mu12: NaN, epsilon: NaN }, samples: 0 };
  for (const lambda11 of rateAxis) {
    for (const lambda12 of rateAxis) {
      for (const mu11 of rateAxis) {
        for (const mu12 of rateAxis) {
          for (const epsilon of epsilonAxis) {
            const re = spectralAbscissa(limitMatrix(system, { lambda11, lambda12, mu11, mu12 }, epsilon));
            best = {
              maxRealPart: Math.max(best.maxRealPart, re),
              argmax: re > best.maxRealPart ? { lambda11, lambda12, mu11, mu12, epsilon } : best.argmax,
              samples: best.samples + 1,
            };
          }
        }
      }
    }
  }
  return best;
}

/**
 * Lemma 3.1 [KMS] checked numerically: the largest real part of an eigenvalue of the limit
 * matrix of (29) as printed and of the derived system, over the sweep of the module comment.
 *
 * @param options - pointsPerAxis (default 7, i.e. 7⁵ = 16 807 samples per system).
 * @returns one {@link SweepResult} per system.
 * @example
 * stabilitySweep({ pointsPerAxis: 2 }).derived.maxRealPart < 0 // true
 */
export function stabilitySweep(options: { pointsPerAxis?: number } = {}): { printed: SweepResult; derived: SweepResult } {
  const points = options.pointsPerAxis ?? 7;
  return { printed: sweepSystem("printed29", points), derived: sweepSystem("derived", points) };
}
