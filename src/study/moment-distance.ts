/**
 * The moment distance between two outputs at the comparison times: the root mean square over
 * the times T of the Euclidean distance of the f_1 moments (M_1, I_1, V_1) — smooth functionals,
 * which particle noise does not bias once the expected noise is subtracted:
 *
 *   D² = (1/|T|) Σ_{t∈T} Σ_q [(q_A(t) − q_B(t))² − SE_A² − SE_B²],
 *
 * unbiased for the squared distance of the means (src/compare/distances.ts), with its standard
 * error from the replicas' full covariance of the 3|T| quantities (M₁, I₁, V₁ at neighbouring
 * times are correlated 0.8–0.98, so treating them as independent would make it too small);
 * D = √max(D², 0) with SE(D) = SE(D²)/(2D).
 *
 * When a particle summary carries control-variate estimates (`--control-variates`), the distance
 * takes the regression-adjusted means and their standard errors: SE² then is the variance of the
 * adjusted mean, so the subtraction removes the noise of the estimate the distance actually uses,
 * and the covariance is that of the adjusted means.
 *
 * `predictedSquaredVariance` gives the variance D̂² will have on R replicas with a given noise at
 * given means, split into its parts that fall like 1/R and 1/R², for sizing an ensemble before it
 * is run (./resolve-particles.ts).
 *
 * @module
 */
import { debiasedSquaredL2, rootOfSquared, solverErrorNorm, type SquaredDistanceEstimate } from "../compare/distances.js";
import { f1Noise, momentEstimate, type ObservableCell, observableNoise } from "../compare/estimate-noise.js";
import type { ObservableName, RunOutput } from "../contract/run-output.js";
import { IncomparableError } from "../errors.js";

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
  /** "full": SE from the replicas' covariance of the quantities summed; "independent": a particle side had none, its quantities were treated as independent. */
  covariance: "full" | "independent";
}

/** Index of t in `times` (to 1e-9), or −1. */
export function timeIndex(times: number[], t: number): number {
  return times.findIndex((s) => Math.abs(s - t) <= 1e-9 * Math.max(1, Math.abs(t)));
}

export { momentEstimate } from "../compare/estimate-noise.js";

/**
 * Whether a distance is resolved: SE(D) ≤ maxRelativeError·D with D > 0 (always, for an exact
 * distance, SE = 0).
 */
export function isResolved(d: Pick<MomentDistance, "value" | "stderr">, maxRelativeError: number): boolean {
  return d.stderr === 0 || (d.value > 0 && d.stderr <= maxRelativeError * d.value);
}

/**
 * The moment distance between `a` and `b` at `compareTimes` (which both must contain), its
 * standard error from the replicas' covariance of the (observable, time) estimates it sums
 * (src/compare/estimate-noise.ts; `covariance: "independent"` when a particle side has none).
 *
 * @throws {IncomparableError} naming `times` when a comparison time is missing from either output.
 */
export function momentDistance(a: RunOutput, b: RunOutput, compareTimes: number[], observables: ObservableName[] = DISTANCE_OBSERVABLES): MomentDistance {
  for (const t of compareTimes) if (timeIndex(a.summary.times, t) < 0 || timeIndex(b.summary.times, t) < 0) throw missingTime(t, a, b);
  const cellsA = momentCells(a, compareTimes, observables);
  const cellsB = momentCells(b, compareTimes, observables);
  const w = cellsA.map(() => 1 / compareTimes.length);
  const squared = debiasedSquaredL2(momentMeans(a, cellsA), observableNoise(a, cellsA), momentMeans(b, cellsB), observableNoise(b, cellsB), w);
  return distanceOf(squared, 0);
}

/** The (observable, time index) cells of `observables` at `compareTimes` in an output, time by time. */
function momentCells(output: RunOutput, compareTimes: number[], observables: ObservableName[]): ObservableCell[] {
  return compareTimes.flatMap((t) => {
    const time = timeIndex(output.summary.times, t);
    if (time < 0) throw missingTime(t, output, output);
    return observables.map((observable) => ({ observable, time }));
  });
}

/** The estimates a distance takes at the cells. */
function momentMeans(output: RunOutput, cells: ObservableCell[]): number[] {
  return cells.map(({ observable, time }) => momentEstimate(output.summary, observable).mean[time]);
}

/**
 * How the variance of the debiased D̂² of {@link momentDistance} falls with the number of replicas,
 * for an ensemble with the noise of `particles` whose means are those of `expected`, against the
 * exact `b`: on R replicas, with R₀ those of `particles`,
 *
 *   Var D̂² = linear·R₀/R + quadratic·(R₀/R)²,  linear = 4δᵀWΣ̂Wδ,  quadratic = 2tr((WΣ̂)²),
 *
 * δ = expected − b and Σ̂ the covariance of the particles' means (their squared standard errors
 * on the diagonal without one), the two terms of src/compare/distances.ts, each estimated without
 * bias from a Σ̂ with ν degrees of freedom: δ is exact, so E[δᵀWΣ̂Wδ] = δᵀWΣ̄Wδ, and with A = WΣ̂
 * the trace is ν²/((ν − 1)(ν + 2))·[tr(A²) − tr(A)²/ν] (Σ_i A_ii²·ν/(ν + 2) with standard
 * errors only; the plug-in one for ν ≤ 1). The variance
 * of the subtracted noise, a further quadratic/(R − 1), is left out.
 *
 * @example
 * // the variance of D̂² at the hierarchy's means, from a pilot's noise
 * predictedSquaredVariance(pilot, solveKinetic("moments-exact", config), solveKinetic("first-order", config), [1, 2])
 */
export function predictedSquaredVariance(particles: RunOutput, expected: RunOutput, b: RunOutput, compareTimes: number[], observables: ObservableName[] = DISTANCE_OBSERVABLES): { linear: number; quadratic: number } {
  const cells = momentCells(particles, compareTimes, observables);
  const noise = observableNoise(particles, cells);
  const covariance = (i: number, j: number) => noise.covariance?.[i][j] ?? (i === j ? (noise.stderr[i] ?? Number.NaN) ** 2 : 0);
  const means = momentMeans(expected, momentCells(expected, compareTimes, observables));
  const reference = momentMeans(b, momentCells(b, compareTimes, observables));
  const w = 1 / compareTimes.length;
  let linear = 0;
  let squares = 0;
  let trace = 0;
  for (let i = 0; i < cells.length; i++) {
    trace += w * covariance(i, i);
    for (let j = 0; j < cells.length; j++) {
      linear += 4 * w * (means[i] - reference[i]) * covariance(i, j) * w * (means[j] - reference[j]);
      squares += (w * covariance(i, j)) ** 2;
    }
  }
  const nu = noise.degreesOfFreedom;
  const unbiased = !(nu > 1 && Number.isFinite(nu)) ? squares : noise.covariance ? ((nu * nu) / ((nu - 1) * (nu + 2))) * (squares - (trace * trace) / nu) : (squares * nu) / (nu + 2);
  return { linear, quadratic: 2 * Math.max(unbiased, 0) };
}

/** The distance record of a squared estimate and the solvers' error norm. */
function distanceOf(squared: SquaredDistanceEstimate, solverError: number): MomentDistance {
  const root = rootOfSquared(squared);
  return { value: root.value, stderr: root.stderr, squared: squared.value, squaredStderr: squared.stderr, noise: squared.noise, solverError, covariance: squared.covariance };
}

/**
 * The debiased squared L2 distance of the f_1 histograms of a and b, averaged over the
 * comparison times (bin averages, weights = bin widths), and its root, with its standard error
 * from the covariance over replicas of every bin at every comparison time (computed from the
 * replicas' histograms, `replicaSamples`); with the L2 norm of the kinetic solvers' error
 * estimates over the same cells (`solverError`, 0 without one).
 */
export function f1Distance(a: RunOutput, b: RunOutput, compareTimes: number[]): MomentDistance | null {
  if (!a.f1 || !b.f1) return null;
  const cellsA: { time: number; bin: number }[] = [];
  const cellsB: { time: number; bin: number }[] = [];
  const w: number[] = [];
  const { edges } = a.f1;
  for (const t of compareTimes) {
    const ia = timeIndex(a.summary.times, t);
    const ib = timeIndex(b.summary.times, t);
    if (ia < 0 || ib < 0) throw missingTime(t, a, b);
    for (let bin = 0; bin + 1 < edges.length; bin++) {
      cellsA.push({ time: ia, bin });
      cellsB.push({ time: ib, bin });
      w.push((edges[bin + 1] - edges[bin]) / compareTimes.length);
    }
  }
  const density = (output: RunOutput, cells: typeof cellsA) => cells.map(({ time, bin }) => output.f1!.density[time][bin]);
  const error = (output: RunOutput, cells: typeof cellsA) => cells.map(({ time, bin }) => output.f1!.error?.[time][bin] ?? 0);
  const squared = debiasedSquaredL2(density(a, cellsA), f1Noise(a, cellsA), density(b, cellsB), f1Noise(b, cellsB), w);
  return distanceOf(squared, solverErrorNorm(error(a, cellsA), error(b, cellsB), w));
}

/** The error of a comparison time t that one of two outputs does not hold. */
export function missingTime(t: number, a: RunOutput, b: RunOutput): IncomparableError {
  return new IncomparableError("times", `[${a.summary.times}]`, `[${b.summary.times}]; t = ${t} is compared`);
}
