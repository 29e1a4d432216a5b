/**
 * alignsim: exact particle simulations of collisional kinetic alignment models with
 * non-instantaneous collisions, and the kinetic equations they are compared with.
 *
 * The public API, in the order of a study: configure, simulate, solve the kinetic descriptions,
 * compare, run a study, report. Everything here is what `alignsim` (the CLI) calls; the model and
 * the observables are defined in docs/model.md, the files in docs/file-formats.md.
 *
 * ```ts
 * import { parseConfig, simulateEnsemble, solveKinetic, compareRuns } from "alignsim";
 * const config = parseConfig({ N: 1e5, epsilon: 0.05, times: [0, 1, 2] });
 * const particles = simulateEnsemble(config);               // mean ± SE over replicas
 * const exact = solveKinetic("moments-exact", config);      // the N → ∞ limit
 * compareRuns(particles, exact).observables;                // z-scores per observable and time
 * ```
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @packageDocumentation
 */

// Configuration: one JSON object fixes a run of the engine and of every solver.
export { parseConfig, validateConfig, readConfigFile, configSchema, DEFAULT_CONFIG, type ModelConfig, type ConfigInput, type InitialLaw, type PositionLaw, type SpaceBox } from "./model/config.js";
export type { KernelSpec, KernelTable } from "./model/kernels.js";

// The output contract: what every run, solver and merge returns and writes.
export { OBSERVABLES, observableNames, type ObservableName, type RunOutput, type Summary, type Estimate, type EnsembleStatistics, type Histogram1D, type Histogram2D, type Provenance, type Fields, type CellEstimate, type PhaseSpaceHistogram } from "./contract/run-output.js";
export { OUTPUT_ARRAYS, arrayOf, type OutputArray, type RunArrays, type ArrayTable, type GridAxis, type Combination } from "./contract/output-arrays.js";
export { diagnosticsOf, type Diagnostics, type SolveDescription } from "./contract/diagnostics.js";
export { readRunOutput, writeRunOutput } from "./output/files.js";
export { parseJson, stringifyJson } from "./output/json-codec.js";

// The particle engine: one replica, exact in distribution.
export { runReplica, type ReplicaResult, type SimulationConfig } from "./engine/replica.js";

// Ensembles: in this thread, or on a worker pool into a resumable, shardable run directory.
export { simulateEnsemble } from "./ensemble/simulate-ensemble.js";
export { runEnsemble, type EnsembleOptions, type EnsembleOutcome } from "./ensemble/run-ensemble.js";
export { mergeRunDirs } from "./ensemble/merge.js";
export type { Shard } from "./ensemble/shard.js";
export type { Progress } from "./ensemble/progress.js";

// Kinetic descriptions, by name: (33), (14), (49), the moment systems, the exact hierarchy.
export { KINETIC_MODELS, solveKinetic, type KineticModel, type KineticModelName, type KineticOptions } from "./kinetic/index.js";
export { stabilitySweep, type SweepResult, type SweepPoint } from "./kinetic/equations/stability.js";
export type { Resolution } from "./kinetic/lattice/resolution.js";
export type { SecondMomentSystem } from "./kinetic/equations/second-moments-29-34.js";

// Comparisons of two outputs: differences in standard errors, histogram distances.
export { compareRuns, type Comparison, type CompareOptions, type RunDescription, type ObservableRow, type HistogramDistanceRow, type FunctionalRow } from "./compare/compare.js";
export { writeComparison } from "./compare/write.js";
export type { JointTest } from "./stats/joint-test.js";

// Studies: distance against ε with fitted orders, statistical error against N·R, the spatial
// model against its kinetic reference, the coverage of the printed intervals.
export { runEpsilonStudy, TESTED_DESCRIPTIONS, type EpsilonStudy, type EpsilonStudyOptions, type EpsilonOutputs, type DistanceKind, type DistanceSeries, type HeadlineOrder, type DegreeOrder, type PositivityRow, type ValidationRow } from "./study/epsilon.js";
export type { OrderFit } from "./study/order-fit.js";
export { runNStudy, type NStudy, type NStudyRow } from "./study/n-study.js";
export { epsilonStudyToDir, nStudyToDir } from "./study/run-study.js";
export { runSpaceStudy, type SpaceStudy, type SpaceStudyOptions, type SpaceDistanceRow } from "./study/space.js";
export { spaceStudyToDir, type SpaceStudyDirOptions } from "./study/space-dir.js";
export { runCoverageStudy, COVERAGE_INTERVALS, type CoverageStudy, type CoverageStudyOptions, type CoverageSummary, type CoverageRow, type FalseAlarms } from "./study/coverage.js";
export { coverageStudyToDir } from "./study/coverage-dir.js";

// Reports: one self-contained HTML page per result directory.
export { writeReport, type ReportKind } from "./report/html.js";

// Errors: every user error is an AlignsimError with a stable code.
export { AlignsimError, ConfigError, IOError, InvariantError, ReplicaError, RunMismatchError, IncomparableError } from "./errors.js";
