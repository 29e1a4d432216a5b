/**
 * What a kinetic solver reports about its own solve (`summary.diagnostics`), one shape per
 * solver, told apart by `solver`; and the description (registry name and options) a solve was
 * made with (`summary.description`), stamped by the registry so that nothing reads it back out
 * of `summary.source`. A particle ensemble reports neither (its `statistics` say how it was
 * estimated).
 *
 * Summaries written before `solver` existed carry diagnostics without it: they read, and narrow
 * to no member.
 *
 * A consumer narrows with a switch on `solver`, or with {@link diagnosticsOf}.
 *
 * @module
 */
import type { ObservableName } from "./run-output.js";

/** An ODE integrator's method, tolerances and step counts. */
export interface IntegratorReport {
  method: string;
  rtol: number;
  atol: number;
  accepted: number;
  rejected: number;
  /** The exact hierarchy: how the absolute tolerance scales with the size k. */
  atolSizesAbove3?: string;
}

/** A velocity-resolved solve's lattices: spacing and node count at each output time, and each refinement. */
export interface LatticeReport {
  method: string;
  h: number[];
  nodes: number[];
  refinements: { t: number; spread: number; h: number; nodes: number }[];
}

/** The Richardson estimate of a grid solve's error (src/kinetic/lattice/error-estimate.ts). */
export interface GridErrorEstimate {
  method: string;
  order: number;
  /** Lattice spacing and time step of the solve and of the coarse one. */
  fine: { h: number; dt: number };
  /** binsPerCell of the coarse lattice: 2 when it is coarser than the f_1 cells (bin averages by prolongation). */
  coarse: { h: number; dt: number; binsPerCell: number };
  /** Estimated |error| of each observable of the grid solution at each output time. */
  observables: Partial<Record<ObservableName, number[]>>;
}

/** What the velocity-resolved descriptions add to their grid solver's diagnostics. */
interface GridExtras {
  /** Where the observables come from when they are the exact moments of the same equation. */
  observablesFrom?: string;
  /** With `--error-estimate`. */
  errorEstimate?: GridErrorEstimate;
}

/** The grid solvers of (33) and (14) (src/kinetic/equations/limit-33.ts, first-order-14.ts). */
export interface GridDiagnostics extends GridExtras {
  solver: "instantaneous" | "first-order";
  lattice: LatticeReport;
}

/** The grid solver of (49) (src/kinetic/equations/scalar-49.ts). */
export interface ScalarDiagnostics extends GridExtras {
  solver: "scalar";
  initialDatum: string;
  /** min_i m_i/h at each output time (f_1 can turn negative). */
  minF1: number[];
  /** The end of the first time step after which some node mass is negative, or null. */
  firstNegativeTime: number | null;
  lattice: LatticeReport;
}

/** The spatial solvers of (33) and (14) in d = 1 (src/kinetic/space/limit-33.ts, space/first-order-14.ts). */
export interface SpaceDiagnostics extends GridExtras {
  solver: "space-instantaneous" | "space-first-order";
  xCells: number;
  vNodes: number;
  vSpacing: number;
  dt: number;
  method: string;
}

/** The O(ε) moment systems (src/kinetic/equations/moment-odes.ts). */
export interface MomentSystemDiagnostics {
  solver: "moments";
  secondMoments: string;
  M3: string;
  integrator: IntegratorReport;
}

/** The exact mean-field moment hierarchy: hand-derived (degree 2) or generated (any degree). */
export interface HierarchyDiagnostics {
  solver: "moments-exact";
  /** The generated hierarchy's degree (absent: the hand-derived system, degree 2). */
  degree?: number;
  sizesKept: number;
  truncated: boolean;
  topClassMassMax: number;
  /** The generated hierarchy: symmetricMoments[k][λ], the joint moments of class k. */
  symmetricMoments?: Record<string, Record<string, number[]>>;
  integrator: IntegratorReport;
}

/** The generated moment closures of a kinetic equation (src/kinetic/moment-closure/kinetic-closures.ts). */
export interface ClosureDiagnostics {
  solver: "closure";
  degree: number;
  /** The scalar model (49): its initial datum. */
  initialDatum?: string;
  /** rawMomentsF1[j] = ∫ v^j f_1. */
  rawMomentsF1: Record<string, number[]>;
  /** (14): jointMomentsF2[λ] = ∫ m_λ f_2. */
  jointMomentsF2?: Record<string, number[]>;
  integrator: IntegratorReport;
}

/** The closed-form moments of (33) (Lemma 3.4). */
export interface Limit33MomentDiagnostics {
  solver: "limit-33-moments";
  note: string;
}

/** The diagnostics of a velocity-resolved (grid) solve, homogeneous or spatial. */
export type GridSolveDiagnostics = GridDiagnostics | ScalarDiagnostics | SpaceDiagnostics;

/**
 * Whether diagnostics are those of a grid solve (which an error estimate and exact moments can extend).
 *
 * @example
 * isGridSolve({ solver: "limit-33-moments", note: "" }) // false
 */
export function isGridSolve(diagnostics: Diagnostics | undefined): diagnostics is GridSolveDiagnostics {
  return diagnostics !== undefined && GRID_SOLVE[diagnostics.solver] === true;
}

/**
 * A summary's diagnostics when they are those of `solver`, typed as that solver's; undefined
 * otherwise (another solver, particles, or a summary written before `solver` existed).
 *
 * @example
 * diagnosticsOf(solveKinetic("moments", parseConfig({ times: [0, 1] })).summary, "moments")?.secondMoments // "derived"
 */
export function diagnosticsOf<S extends Diagnostics["solver"]>(summary: { diagnostics?: Diagnostics }, solver: S): (Diagnostics & { solver: S }) | undefined {
  const { diagnostics } = summary;
  return diagnostics?.solver === solver ? (diagnostics as Diagnostics & { solver: S }) : undefined;
}

/** Per solver, whether it solves on a velocity grid (a record, so that a new solver must say). */
const GRID_SOLVE: Record<Diagnostics["solver"], boolean> = {
  instantaneous: true,
  "first-order": true,
  scalar: true,
  "space-instantaneous": true,
  "space-first-order": true,
  moments: false,
  "moments-exact": false,
  closure: false,
  "limit-33-moments": false,
};

/** `summary.diagnostics`: one member per solver, discriminated by `solver`. */
export type Diagnostics =
  | GridDiagnostics
  | ScalarDiagnostics
  | SpaceDiagnostics
  | MomentSystemDiagnostics
  | HierarchyDiagnostics
  | ClosureDiagnostics
  | Limit33MomentDiagnostics;

/**
 * The registry description a kinetic output was solved with (`summary.description`): its name in
 * the kinetic registry and the options it takes that were given, so that it can be solved again
 * (e.g. on a dense time grid for a figure).
 */
export interface SolveDescription {
  name: string;
  options: { secondMoments?: string; degree?: number; errorEstimate?: boolean; initialDatum?: string };
}
