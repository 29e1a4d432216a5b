/**
 * The moment distance between two outputs at the comparison times: the root mean square over
 * the times T of the Euclidean distance of the f_1 moments (M_1, I_1, V_1) — smooth functionals,
 * which particle noise does not bias once the expected noise is subtracted:
 *
 *   D² = (1/|T|) Σ_{t∈T} Σ_q [(q_A(t) − q_B(t))² − SE_A² − SE_B²],
 *
 * unbiased for the squared distance of the means (src/compare/distances.ts), with its standard
 * error; D = √max(D², 0) with SE(D) = SE(D²)/(2D).
 *
 * When a particle summary carries control-variate estimates (`--control-variates`), the distance
 * takes the regression-adjusted means and their standard errors: SE² then is the variance of the
 * adjusted mean, so the subtraction removes the noise of the estimate the distance actually uses.
 *
 * @module
 */
import { debiasedSquaredL2, rootOfSquared, solverErrorNorm } from "../compare/distances.js";
import type { Estimate, ObservableName, RunOutput, Summary } from "../contract/run-output.js";
import type { EnsembleSummary } from "../ensemble/statistics.js";

/** The f_1 moments of docs/model.md §2 that every description resolves. */
export const DISTANCE_OBSERVABLES: ObservableName[] = ["M1", "I1", "V1"];

/** A distance with its error, the noise it had removed, and the squared estimate. */
export interface MomentDistance {
  value: number;
  stderr: number;
  squared: number;
  squaredStderr: number;
  noise: number;
  /** L2 norm of the kinetic solver's estimated error over the same cells and times (f1.error), or 0. */
  solverError: number;
}

/** Index of t in `times` (to 1e-9), or −1. */
export function timeIndex(times: number[], t: number): number {
  return times.findIndex((s) => Math.abs(s - t) <= 1e-9 * Math.max(1, Math.abs(t)));
}

/** The estimate of q a distance uses: the control-variate one when the summary has it, else the plain mean. */
export function momentEstimate(summary: Summary, q: ObservableName): Estimate {
  return (summary as EnsembleSummary).controlVariates?.observables[q] ?? summary.observables[q];
}

/**
 * Whether a distance is resolved: SE(D) ≤ maxRelativeError·D with D > 0 (always, for an exact
 * distance, SE = 0).
 */
export function isResolved(d: Pick<MomentDistance, "value" | "stderr">, maxRelativeError: number): boolean {
  return d.stderr === 0 || (d.value > 0 && d.stderr <= maxRelativeError * d.value);
}

/**
 * The moment distance between `a` and `b` at `compareTimes` (which both must contain).
 *
 * @throws {Error} when a time or an observable is missing (a bug of the caller).
 */
export function momentDistance(a: RunOutput, b: RunOutput, compareTimes: number[], observables: ObservableName[] = DISTANCE_OBSERVABLES): MomentDistance {
  const ma: number[] = [];
  const sa: number[] = [];
  const mb: number[] = [];
  const sb: number[] = [];
  for (const t of compareTimes) {
    const ia = timeIndex(a.summary.times, t);
    const ib = timeIndex(b.summary.times, t);
    if (ia < 0 || ib < 0) throw new Error(`momentDistance: time ${t} missing`);
    for (const q of observables) {
      const [qa, qb] = [momentEstimate(a.summary, q), momentEstimate(b.summary, q)];
      ma.push(qa.mean[ia]);
      sa.push(qa.stderr[ia] ?? Number.NaN);
      mb.push(qb.mean[ib]);
      sb.push(qb.stderr[ib] ?? Number.NaN);
    }
  }
  const w = ma.map(() => 1 / compareTimes.length);
  const squared = debiasedSquaredL2(ma, sa, mb, sb, w);
  const root = rootOfSquared(squared);
  return { value: root.value, stderr: root.stderr, squared: squared.value, squaredStderr: squared.stderr, noise: squared.noise, solverError: 0 };
}

/**
 * The debiased squared L2 distance of the f_1 histograms of a and b, averaged over the
 * comparison times (bin averages, weights = bin widths), and its root; with the L2 norm of the
 * kinetic solvers' error estimates over the same cells (`solverError`, 0 without one).
 */
export function f1Distance(a: RunOutput, b: RunOutput, compareTimes: number[]): MomentDistance | null {
  if (!a.f1 || !b.f1) return null;
  const da: number[] = [];
  const sa: number[] = [];
  const db: number[] = [];
  const sb: number[] = [];
  const w: number[] = [];
  const ea: number[] = [];
  const eb: number[] = [];
  const { edges } = a.f1;
  for (const t of compareTimes) {
    const ia = timeIndex(a.summary.times, t);
    const ib = timeIndex(b.summary.times, t);
    if (ia < 0 || ib < 0) throw new Error(`f1Distance: time ${t} missing`);
    for (let k = 0; k + 1 < edges.length; k++) {
      da.push(a.f1.density[ia][k]);
      sa.push(a.f1.stderr[ia][k] ?? Number.NaN);
      db.push(b.f1.density[ib][k]);
      sb.push(b.f1.stderr[ib][k] ?? Number.NaN);
      ea.push(a.f1.error?.[ia][k] ?? 0);
      eb.push(b.f1.error?.[ib][k] ?? 0);
      w.push((edges[k + 1] - edges[k]) / compareTimes.length);
    }
  }
  const squared = debiasedSquaredL2(da, sa, db, sb, w);
  const root = rootOfSquared(squared);
  return { value: root.value, stderr: root.stderr, squared: squared.value, squaredStderr: squared.stderr, noise: squared.noise, solverError: solverErrorNorm(ea, eb, w) };
}
