/**
 * The output contract shared by the particle engine (`alignsim run`), the kinetic solvers
 * (`alignsim kinetic`) and the comparisons: a {@link RunOutput} is written as `summary.json`,
 * `f1.csv` and (where f_2 exists) `f2.csv` in one directory.
 *
 * Normalisation is that of the paper's scaled densities (docs/model.md §2): f_1 has mass M_1,
 * f_2 has mass M_2 = n_2/ε, every density is multiplied by the total mass M.
 * Histogram densities are **bin averages** (mass in the cell divided by its area), so a kinetic
 * solver reports the integral of its density over each cell, not its value at the centre.
 *
 * @module
 */
import type { ModelConfig } from "../model/config.js";

/**
 * The scalar observables of docs/model.md §2, in the order they are printed, and the higher central
 * moments of f_1, C1_r = ∫ (v − v_∞)^r f_1 = (M/N) Σ_{free i} (v_i − v_∞)^r for r = 3, 4
 * (C1_2 = V1; docs/moment-closure.md §6). A description that cannot produce one reports NaN.
 */
export const OBSERVABLES = ["M1", "M2", "M3", "I1", "I2", "V1", "V2", "V2bar", "V2tilde", "v_inf", "C1_3", "C1_4"] as const;
export type ObservableName = (typeof OBSERVABLES)[number];

/** An estimate per observation time: mean and standard error (0 for deterministic solvers). */
export interface Estimate {
  mean: number[];
  stderr: number[];
  /** 95 % confidence interval per time (particle ensembles: mean ± t_{0.975,R−1}·stderr). */
  ci95?: { lower: number[]; upper: number[] };
}

/** How the ensemble statistics of a particle run were computed (src/ensemble/statistics.ts). */
export interface EnsembleStatistics {
  method: string;
  confidence: number;
  /** R − 1. */
  degreesOfFreedom: number;
  /** Student t_{0.975, R−1}: the interval of a histogram cell is density ± tQuantile·stderr. */
  tQuantile: number;
  histogramInterval: string;
}

/** A histogram per observation time on `edges` (bins = edges.length − 1). */
export interface Histogram1D {
  edges: number[];
  /** density[t][b]: bin average of f_1 over [edges[b], edges[b+1]). */
  density: number[][];
  stderr: number[][];
  /** Kinetic solvers with an error estimate: estimated |error| of each bin average (src/kinetic/error-estimate.ts). */
  error?: number[][];
}

/** A 2-D histogram per observation time on edges × edges, cells in row-major order. */
export interface Histogram2D {
  edges: number[];
  /** density[t][a·bins + b]: bin average of f_2 over cell (a, b), a the first slot. */
  density: number[][];
  stderr: number[][];
}

/** Where the numbers came from and when. */
export interface Provenance {
  alignsim: string;
  gitCommit: string | null;
  node: string;
  createdAt: string;
}

/** The content of `summary.json`. */
export interface Summary {
  /** "particles" for the engine, "kinetic:<model>" for a solver. */
  source: string;
  config: ModelConfig;
  times: number[];
  observables: Record<ObservableName, Estimate>;
  /** Fractions n_k = N_k/N by cluster size k (particles) or n_k = ε^{k−1} M_k (kinetic). */
  clusterCounts: Record<string, Estimate>;
  /** Event counts summed over replicas up to the last time: `coagulation["i,j"]`, `fragmentation["j,k−j"]`. */
  events: { coagulation: Record<string, number>; fragmentation: Record<string, number> };
  replicas: number;
  /** Particle ensembles: how mean, standard error and intervals were computed. */
  statistics?: EnsembleStatistics;
  wallSeconds: number;
  /** Stamped when the summary is written to disk (`writeRunOutput`), not by the solvers. */
  provenance?: Provenance;
  /** Free-form extras of a solver (e.g. the minimum of f_1 for the scalar model (49)). */
  diagnostics?: Record<string, unknown>;
}

/** Everything a run writes. */
export interface RunOutput {
  summary: Summary;
  /** Absent for solvers that do not resolve states (the moment systems). */
  f1?: Histogram1D;
  f2?: Histogram2D;
}
