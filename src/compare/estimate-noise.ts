/**
 * The noise of the estimates of a {@link RunOutput} that a distance takes (./distances.js): their
 * standard errors and, where the output carries what it takes, their covariance over replicas.
 *
 * - Moments (M₁, I₁, V₁, … at some times): the replicas' covariance `observableCovariance`
 *   (in memory, or read back from summary.json) over R, with R − 1 degrees of freedom; for
 *   control-variate estimates, the covariance of the adjusted means (`controlVariates.covariance`),
 *   with n − 1 − p.
 * - f₁ bins at some times, and the fields (ρ, j, T) of the spatial model: the centred-replica form,
 *   the covariance of the means computed from every replica's values (`replicaSamples`) over the
 *   cells the distance takes (src/stats/covariance-of-means.ts). The velocity variance T, a ratio,
 *   enters by its linearisation gᵀ(ρ, j, e) at the ensemble means, the delta method of its SE
 *   (src/ensemble/field-statistics.ts).
 * - Without them (an output read from disk without replica files, or a very large ensemble) the
 *   noise has standard errors only, and the distance reports that it treated its cells as
 *   independent. A deterministic solver's output is exact (SE 0).
 *
 * @module
 */
import { type Estimate, type Fields, observableNames, type ObservableName, type RunOutput, type Summary } from "../contract/run-output.js";
import type { ControlVariateSummary } from "../ensemble/control-variates.js";
import { covarianceOfMeans, type LinearCombination } from "../stats/covariance-of-means.js";
import type { EstimateNoise } from "./distances.js";

/** An observable at the time of index `time`. */
export interface ObservableCell {
  observable: ObservableName;
  time: number;
}

/** The degrees of freedom of a mean over the output's replicas, R − 1 (∞ for a solver). */
export function replicaDegreesOfFreedom(output: RunOutput): number {
  return output.summary.source === "particles" ? output.summary.replicas - 1 : Number.POSITIVE_INFINITY;
}

/** The estimate of q a distance uses: the control-variate one when the summary has it, else the plain mean. */
export function momentEstimate(summary: Summary, q: ObservableName): Estimate {
  return (summary as { controlVariates?: ControlVariateSummary }).controlVariates?.observables[q] ?? summary.observables[q];
}

/**
 * The noise of the observable estimates a distance uses ({@link momentEstimate}).
 *
 * @example
 * observableNoise(simulateEnsemble(parseConfig({ N: 500, replicas: 4, times: [0, 1] })), [{ observable: "M1", time: 1 }]).covariance // [[SE²]]
 */
export function observableNoise(output: RunOutput, cells: ObservableCell[]): EstimateNoise {
  const { summary } = output;
  const cv = (summary as { controlVariates?: ControlVariateSummary }).controlVariates;
  const stderr = cells.map(({ observable, time }) => momentEstimate(summary, observable).stderr[time] ?? Number.NaN);
  if (cv) return { stderr, degreesOfFreedom: cv.degreesOfFreedom, ...optional(selectCells(summary, cv.covariance, cells)) };
  const S = observableSampleCovariance(output, cells);
  return { stderr, degreesOfFreedom: replicaDegreesOfFreedom(output), ...optional(S?.map((row) => row.map((x) => x / summary.replicas))) };
}

/**
 * The replicas' sample covariance S (divisor R − 1) of the plain observables at the given cells,
 * when the output carries `observableCovariance`; S/R is the covariance of their means.
 *
 * @example
 * observableSampleCovariance(simulateEnsemble(parseConfig({ N: 500, replicas: 4, times: [0, 1] })), [{ observable: "M1", time: 1 }]) // [[S₁₁]]
 */
export function observableSampleCovariance(output: RunOutput, cells: ObservableCell[]): number[][] | undefined {
  return selectCells(output.summary, output.observableCovariance, cells);
}

/** The rows and columns of the cells in a matrix over (observable, time), observables in the order of observableNames. */
function selectCells(summary: Summary, matrix: number[][] | undefined, cells: ObservableCell[]): number[][] | undefined {
  const T = summary.times.length;
  const names = observableNames(summary.config.dimension);
  const index = cells.map(({ observable, time }) => names.indexOf(observable) * T + time);
  return matrix && index.every((i) => i >= 0) ? index.map((i) => index.map((j) => matrix[i][j] ?? Number.NaN)) : undefined;
}

/**
 * The noise of f₁'s bin averages at the given (time index, bin) cells, the first component's
 * marginal in d > 1.
 */
export function f1Noise(output: RunOutput, cells: { time: number; bin: number }[]): EstimateNoise {
  const f1 = output.f1!;
  const stride = (f1.components ?? 1) * (f1.edges.length - 1);
  const stderr = cells.map(({ time, bin }) => f1.stderr[time][bin] ?? Number.NaN);
  const samples = output.replicaSamples?.f1;
  const columns = cells.map(({ time, bin }) => [{ index: time * stride + bin, weight: 1 }]);
  return { stderr, degreesOfFreedom: replicaDegreesOfFreedom(output), ...optional(samples && covarianceOfMeans(samples, columns)) };
}

/** A field of the spatial model: ρ, one component of j, or T. */
export interface FieldCell {
  field: "rho" | "j" | "T";
  /** The component of j (0 otherwise). */
  component: number;
  time: number;
  cell: number;
}

/** The estimate of a field cell in `fields`. */
export function fieldEstimate(fields: Fields, { field, component }: FieldCell) {
  return field === "rho" ? fields.rho : field === "T" ? fields.T : fields.momentum[component];
}

/**
 * The noise of the fields at the given cells; T by its linearisation at the ensemble means,
 * g = ((|u|² − T)/ρ, −2j/ρ², 1/ρ) on (ρ, j, e).
 */
export function fieldNoise(output: RunOutput, cells: FieldCell[]): EstimateNoise {
  const fields = output.fields!;
  const stderr = cells.map((c) => fieldEstimate(fields, c).stderr[c.time][c.cell] ?? Number.NaN);
  const samples = output.replicaSamples?.fields;
  if (!samples?.length) return { stderr, degreesOfFreedom: replicaDegreesOfFreedom(output) };
  const d = fields.dimension;
  const K = d + 2;
  const C = fields.cells ** d;
  const at = (time: number, a: number, cell: number) => (time * K + a) * C + cell;
  const mean = (i: number) => samples.reduce((s, x) => s + x[i], 0) / samples.length;
  const columns = cells.map(({ field, component, time, cell }): LinearCombination => {
    if (field !== "T") return [{ index: at(time, field === "rho" ? 0 : 1 + component, cell), weight: 1 }];
    const rho = mean(at(time, 0, cell));
    const u = Array.from({ length: d }, (_, k) => mean(at(time, 1 + k, cell)) / rho);
    const u2 = u.reduce((s, x) => s + x * x, 0);
    const variance = mean(at(time, K - 1, cell)) / rho - u2;
    return [
      { index: at(time, 0, cell), weight: (u2 - variance) / rho },
      ...u.map((uk, k) => ({ index: at(time, 1 + k, cell), weight: (-2 * uk) / rho })),
      { index: at(time, K - 1, cell), weight: 1 / rho },
    ];
  });
  return { stderr, degreesOfFreedom: replicaDegreesOfFreedom(output), covariance: covarianceOfMeans(samples, columns) };
}

/** `{ covariance }` when there is one. */
function optional(covariance: number[][] | undefined): { covariance?: number[][] } {
  return covariance ? { covariance } : {};
}
