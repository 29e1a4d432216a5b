/**
 * The output contract shared by the particle engine (`alignsim run`), the kinetic solvers
 * (`alignsim kinetic`) and the comparisons: a {@link RunOutput} is written as `summary.json` and
 * one CSV file per named array it carries (`f1.csv`, `f2.csv`, …; ./output-arrays.ts) in one
 * directory.
 *
 * Normalisation is that of the paper's scaled densities (docs/model.md §2): f_1 has mass M_1,
 * f_2 has mass M_2 = n_2/ε, every density is multiplied by the total mass M.
 * Histogram densities are **bin averages** (mass in the cell divided by its area), so a kinetic
 * solver reports the integral of its density over each cell, not its value at the centre.
 *
 * @module
 */
import type { ModelConfig } from "../model/config.js";
import type { RunArrays } from "./output-arrays.js";
import type { Diagnostics, SolveDescription } from "./diagnostics.js";

/**
 * The scalar observables of docs/model.md §2, in the order they are printed, and the higher central
 * moments of f_1, C1_r = ∫ (v − v_∞)^r f_1 = (M/N) Σ_{free i} (v_i − v_∞)^r for r = 3, 4
 * (C1_2 = V1; docs/moment-closure.md §6). A description that cannot produce one reports NaN.
 */
export const OBSERVABLES = ["M1", "M2", "M3", "I1", "I2", "V1", "V2", "V2bar", "V2tilde", "v_inf", "C1_3", "C1_4"] as const;
export type ObservableName = (typeof OBSERVABLES)[number];

/** The axis names of the components of a vector in dimension d ≤ 3. */
export const AXES = ["x", "y", "z"] as const;

/** The observables that are vectors in dimension d > 1 and are reported per component (`I1.x`, …). */
export const VECTOR_OBSERVABLES: readonly ObservableName[] = ["I1", "I2", "v_inf"];

/**
 * The observable names of a run in dimension d: {@link OBSERVABLES} for d = 1; for d > 1 each
 * vector observable is replaced by its components (`I1.x`, `I1.y`, …) in place, while V_k, V̄₂,
 * Ṽ₂ and the C1 moments are scalars that sum over the components (docs/space.md).
 *
 * @example
 * observableNames(2).slice(3, 5) // ["I1.x", "I1.y"]
 */
export function observableNames(dimension: number): string[] {
  if (dimension === 1) return [...OBSERVABLES];
  return OBSERVABLES.flatMap((name) => (VECTOR_OBSERVABLES.includes(name) ? AXES.slice(0, dimension).map((axis) => `${name}.${axis}`) : [name]));
}

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
  /** Kinetic solvers with an error estimate: estimated |error| of each bin average (src/kinetic/lattice/error-estimate.ts). */
  error?: number[][];
  /** d > 1: the marginals of the d components, density[t][c·bins + b] for component c (1 when absent). */
  components?: number;
}

/**
 * Spatial fields of the model in space (docs/space.md) per observation time and cell of the box
 * [0, L)ᵈ, C cells per axis, cell index i_x + C·i_y + C²·i_z (x fastest): the mass density ρ
 * (Σ_cells ρ·hᵈ = M, h = L/C), the momentum density j per component and the velocity variance T
 * (summed over the components, about the cell's mean velocity j/ρ).
 */
export interface Fields {
  dimension: number;
  length: number;
  cells: number;
  rho: CellEstimate;
  /** momentum[component]. */
  momentum: CellEstimate[];
  T: CellEstimate;
}

/** A field's value per time and cell, with its standard error (0 for deterministic solvers). */
export interface CellEstimate {
  /** mean[t][cell]. */
  mean: number[][];
  stderr: number[][];
}

/** f_1(x, v) of the spatial model in d = 1: bin averages on the cells of the box × the velocity bins. */
export interface PhaseSpaceHistogram {
  xEdges: number[];
  vEdges: number[];
  /** density[t][ix·(vEdges.length − 1) + iv]. */
  density: number[][];
  stderr: number[][];
}

/** A 2-D histogram per observation time on edges × edges, cells in row-major order. */
export interface Histogram2D {
  edges: number[];
  /** density[t][a·bins + b]: bin average of f_2 over cell (a, b), a the first slot. */
  density: number[][];
  stderr: number[][];
  /** d > 1: the marginals of the pair's d components, density[t][c·bins² + cell] (1 when absent). */
  components?: number;
}

/** Where the numbers came from and when. */
export interface Provenance {
  alignsim: string;
  gitCommit: string | null;
  node: string;
  createdAt: string;
}

/** The particle engines of the registry (src/engine/particle-engine.ts). */
export type EngineName = "homogeneous" | "spatial";

/** The content of `summary.json`. */
export interface Summary {
  /** "particles" for the engine, "kinetic:<model>" for a solver. */
  source: string;
  /** Particle ensembles: the engine that ran the replicas, derived from the config (a `space` box: spatial). */
  engine?: EngineName;
  config: ModelConfig;
  times: number[];
  /** By {@link observableNames} of the run's dimension (the names of {@link OBSERVABLES} when d = 1). */
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
  /** Kinetic solvers: what the solver reports about its solve, by solver (e.g. the minimum of f_1 for the scalar model (49)). */
  diagnostics?: Diagnostics;
  /** Kinetic solvers solved through the registry: the description's name and options. */
  description?: SolveDescription;
}

/** Everything a run writes: the summary and the named arrays of src/contract/output-arrays.ts, each under its name. */
export interface RunOutput extends RunArrays {
  summary: Summary;
  /**
   * Particle ensembles: the sample covariance over replicas of every observable at every time,
   * index o·T + t with o in the order of {@link observableNames} (divisor R − 1; the covariance
   * of the means is this over R). Written to summary.json as `observableCovariance` when there
   * are at most {@link STORED_COVARIANCE_LIMIT} quantities, and read back from it.
   */
  observableCovariance?: number[][];
  /**
   * Particle ensembles, in memory only: every replica's values in replica order (the
   * centred-replica form of their covariance, src/stats/covariance-of-means.ts) of the arrays
   * that keep them (`keepsSamples` in src/contract/output-arrays.ts), by name, each flat in the
   * layout of a replica record: `f1` as f1[t·d·bins + c·bins + b] and, in d = 1, `fields` as
   * fields[(t·(d + 2) + a)·Cᵈ + cell], a = ρ, j…, e. An array's samples are absent when R times
   * its values per replica exceeds {@link REPLICA_SAMPLE_LIMIT}, and for an output read from disk.
   */
  replicaSamples?: Partial<Record<string, Float64Array[]>>;
}

/** The most quantities (observables × times) whose covariance summary.json keeps. */
export const STORED_COVARIANCE_LIMIT = 400;

/** The most values (replicas × values per replica) an ensemble keeps in memory as {@link RunOutput.replicaSamples}, per kind. */
export const REPLICA_SAMPLE_LIMIT = 2e7;
