/**
 * The ε-convergence study: for each ε of a list, a particle ensemble and every kinetic
 * description on the same configuration, compared at times of order one (away from the initial
 * layer of width O(ε)), and the observed order p of distance ≈ C·ε^p fitted per description.
 *
 * Distances (./moment-distance.js), each labelled with where its numbers come from:
 * - `momentsParticles`: particles ↔ description, noise-debiased moment distance with its SE;
 * - `momentsExact`: exact moment hierarchy (`moments-exact`) ↔ description (deterministic; the hierarchy is the
 *   N → ∞ limit of the particles, validated against them at every ε in `validation`);
 * - `momentsExact3`, `momentsExact4`: the same for the central moments C1_3, C1_4 of f_1 (degrees 3
 *   and 4 of the hierarchy against the description's generated moment closure), for the
 *   descriptions that report them;
 * - `f1Particles`: particles ↔ description, noise-debiased L2 distance of the f_1 histograms
 *   (only for descriptions that resolve f_1).
 * A particle distance counts as resolved at an ε when its standard error is at most
 * `maxRelativeError` (default 1/4) of the distance. The headline order of a description comes
 * from the particle moment distances when they are resolved at every ε; otherwise from the exact
 * hierarchy, and the study says so in `warnings` and in `orders.<name>.source`. The orders at every
 * degree, `orders.<name>.byDegree["2" | "3" | "4"]`, are those of the exact-hierarchy distances
 * (deterministic, so that degrees compare on the same footing). An exact distance below the
 * rounding floor (10⁻⁹·V₁^{r/2} at degree r, e.g. C1_3 ≡ 0 for a symmetric initial law) is
 * unresolved. Descriptions that report `diagnostics.minF1` (the scalar model (49)) have their
 * positivity per ε in `positivity`.
 *
 * @module
 */
import { SOLVER_ERROR_FRACTION } from "../compare/distances.js";
import { type ObservableCell, observableNoise, observableSampleCovariance } from "../compare/estimate-noise.js";
import { type JointTest, jointTest, VERDICT_LEVEL } from "../stats/joint-test.js";
import { simulateEnsemble } from "../ensemble/simulate-ensemble.js";
import type { ModelConfig } from "../model/config.js";
import { type ObservableName, type RunOutput } from "../contract/run-output.js";
import { diagnosticsOf } from "../contract/diagnostics.js";
import { ConfigError } from "../errors.js";
import { checkKineticConfig, KINETIC_MODELS, type KineticModel, type KineticModelName, type KineticOptions, solveKinetic } from "../kinetic/index.js";
import { DISTANCE_OBSERVABLES, f1Distance, type MomentDistance, momentDistance, momentEstimate, timeIndex } from "./moment-distance.js";
import { fitOrder, type OrderFit } from "./order-fit.js";
import type { StudyPrecision } from "./resolve-particles.js";
import { type PhaseTime, StudyProgress } from "./study-progress.js";

export const DEFAULT_EPSILONS = [0.4, 0.2, 0.1, 0.05, 0.025];

/** The times of order one at which distances are taken, by default. */
export const DEFAULT_COMPARE_TIMES = [1, 2];

/**
 * The descriptions whose distance to the particles is fitted for an order (names of
 * KINETIC_MODELS): (49) twice, from its slip-corrected datum and from the printed one.
 */
export const TESTED_DESCRIPTIONS: KineticModelName[] = ["instantaneous", "first-order", "scalar", "scalar-printed", "moments-printed"];

/**
 * Solver options per description: fixed, or a function of ε (e.g. a time step that follows the
 * initial layer, dt = min(0.05, ε/4)).
 */
export type StudyKineticOptions = Partial<Record<KineticModelName, KineticOptions | ((epsilon: number) => KineticOptions)>>;

/** The options of one description at ε. */
function optionsAt(given: StudyKineticOptions[KineticModelName], epsilon: number): KineticOptions | undefined {
  return typeof given === "function" ? given(epsilon) : given;
}

/**
 * The descriptions a study compares on `base`: those asked for, each checked before any work
 * (checkKineticConfig throws a ConfigError); by default TESTED_DESCRIPTIONS less those whose
 * preconditions the config does not meet (e.g. the slip-corrected (49) with initially paired
 * particles), each with the reason as a warning.
 *
 * @throws {ConfigError} when a description asked for cannot solve `base`, or none of the
 *   default ones can.
 */
export function studyDescriptions(base: ModelConfig, asked: KineticModelName[] | undefined, options: StudyKineticOptions = {}): { names: KineticModelName[]; warnings: string[] } {
  if (asked) {
    for (const name of asked) checkKineticConfig(name, base, optionsAt(options[name], base.epsilon));
    return { names: asked, warnings: [] };
  }
  const refusals: ConfigError[] = [];
  const warnings: string[] = [];
  const names = TESTED_DESCRIPTIONS.filter((name) => {
    try {
      checkKineticConfig(name, base, optionsAt(options[name], base.epsilon));
      return true;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      refusals.push(error);
      warnings.push(`${KINETIC_MODELS[name].label} is left out: ${error.message}`);
      return false;
    }
  });
  if (!names.length) {
    const [first] = refusals;
    throw new ConfigError(first.field, first.value, first.expected, "No kinetic description of the study can solve this config.");
  }
  return { names, warnings };
}

/** The N → ∞ limit of the particles, which stands in for them where their noise swamps a distance. */
export const REFERENCE: KineticModelName = "moments-exact";

export type DistanceKind = "momentsParticles" | "momentsExact" | "momentsExact3" | "momentsExact4" | "f1Particles";
export const DISTANCE_SOURCES: Record<DistanceKind, string> = {
  momentsParticles: "particles",
  momentsExact: "exact moment hierarchy",
  momentsExact3: "exact moment hierarchy",
  momentsExact4: "exact moment hierarchy",
  f1Particles: "particles",
};
export const DISTANCE_LABELS: Record<DistanceKind, string> = {
  momentsParticles: "f₁ moments (M₁, I₁, V₁), particles",
  momentsExact: "f₁ moments (M₁, I₁, V₁), exact hierarchy",
  momentsExact3: "f₁ third central moment C1_3, exact hierarchy",
  momentsExact4: "f₁ fourth central moment C1_4, exact hierarchy",
  f1Particles: "f₁ histogram L2, particles",
};

/** The degrees of the orders `byDegree`, and the exact-hierarchy distance of each. */
export const DEGREE_DISTANCES: Record<string, { kind: DistanceKind; observables: ObservableName[] }> = {
  "2": { kind: "momentsExact", observables: DISTANCE_OBSERVABLES },
  "3": { kind: "momentsExact3", observables: ["C1_3"] },
  "4": { kind: "momentsExact4", observables: ["C1_4"] },
};

/** Relative rounding floor of an exact distance at degree r, in units of V₁^{r/2}. */
const EXACT_FLOOR = 1e-9;

/** A distance per ε. */
export interface DistanceSeries {
  kind: DistanceKind;
  source: string;
  values: number[];
  stderr: number[];
  /** Noise-debiased squared distance and its SE (particles), for the record. */
  squared: number[];
  squaredStderr: number[];
  /** SE/value ≤ maxRelativeError (exact distances: above the rounding floor), and the solver's error ≤ value/4. */
  resolved: boolean[];
  /** L2 norm of the kinetic solver's estimated error (f1.error; 0 without an estimate). */
  solverError: number[];
  /** Per ε: "full" when SE(D) comes from the replicas' covariance of the quantities summed (or the distance is exact), "independent" when they were treated as independent. */
  covariance: ("full" | "independent")[];
}

/** Particles ↔ exact hierarchy at one ε: the check that lets the hierarchy stand in. */
/** The observables checked against the exact hierarchy at every comparison time. */
const VALIDATION_OBSERVABLES = ["M1", "I1", "V1", "M2", "V2", "C1_3", "C1_4"] as const;

export interface ValidationRow {
  epsilon: number;
  /** Σ z² of the z-scores of M_1, I_1, V_1, M_2, V_2, C1_3, C1_4 at the comparison times (descriptive, not tested) and their number k. */
  chi2: number;
  df: number;
  /**
   * "hotelling": Hotelling's T² of the k quantities with their covariance over the R replicas
   * (`t2`), p-value from F(k, R − k), when the covariance is at hand and R is large enough for it
   * to have power; "bonferroni-t": each z-score against Student's t with the SE's degrees of
   * freedom (R − 1, or R − 1 − p with p control variates), p-value min(1, k·min pᵢ), valid
   * whatever the correlations; "none" when R is too few for either ({@link status}). The choice
   * and the power criterion are those of src/stats/joint-test.ts.
   */
  test: Exclude<JointTest["test"], "exact">;
  /** Hotelling's T² (NaN for the other tests). */
  t2: number;
  /** The p-value of `test` (NaN when not tested). */
  pValue: number;
  /** "agree" (p ≥ {@link VALIDATION_LEVEL}), "disagree", or "too-few-replicas" (no verdict; `message` says why). */
  status: "agree" | "disagree" | "too-few-replicas";
  /** The verdict in words, e.g. "R = 4 is too few replicas to test k = 14 quantities (Hotelling's T² needs R ≥ 36, Bonferroni over Student t needs R ≥ 7)". */
  message: string;
  /** The replicas the test needs. */
  minReplicas: number;
  maxAbsZ: number;
  /** Debiased moment distance particles ↔ hierarchy (expected 0) and its SE. */
  distance: number;
  distanceSquared: number;
  distanceSquaredStderr: number;
}

/** The level of the validation test: p below it is a disagreement. */
export const VALIDATION_LEVEL = VERDICT_LEVEL;

/** A fitted order with its interval and where its distances come from. */
export interface DegreeOrder {
  p: number;
  ci95: [number, number];
  source: string;
}

/** The positivity of a description's f_1 at one ε (from its grid solver). */
export interface PositivityRow {
  epsilon: number;
  /** min of f_1 over the velocity lattice and the output times. */
  minF1: number;
  /** The first time f_1 turned negative (end of the time step), or null. */
  firstNegativeTime: number | null;
}

/** The headline order of a description. */
export interface HeadlineOrder {
  p: number;
  ci95: [number, number];
  source: string;
  distance: DistanceKind;
  method: string;
  localOrders: number[];
  expected: number | null;
  /** The same fit on the three smallest ε only (closest to the asymptotic regime). */
  smallest3: { p: number; ci95: [number, number] };
  /** The order of the exact-hierarchy distance at each degree r the description reports. */
  byDegree: Record<string, DegreeOrder>;
}

/** What `alignsim study epsilon` writes as study.json. */
export interface EpsilonStudy {
  kind: "study-epsilon";
  config: ModelConfig;
  epsilons: number[];
  compareTimes: number[];
  observables: string[];
  descriptions: Record<string, { label: string; describe: string; source: string; expectedOrder: number | null; hasF1: boolean }>;
  distances: Record<string, Partial<Record<DistanceKind, DistanceSeries>>>;
  orders: Record<string, HeadlineOrder>;
  fits: Record<string, Partial<Record<DistanceKind, OrderFit>>>;
  validation: ValidationRow[];
  positivity: Record<string, PositivityRow[]>;
  particles: { epsilon: number; N: number; replicas: number; seed: number; wallSeconds: number }[];
  warnings: string[];
  methods: Record<string, string>;
  wallSeconds: number;
  /**
   * Wall and CPU seconds of each phase of the run, summed over ε: `particles`, `moments-exact`
   * (the exact hierarchy), each description by name, and `fits` (the distance series, the order
   * fits and the record).
   */
  phaseSeconds?: Record<string, PhaseTime>;
  /** With a resolution target (`--target-relative-error`): how R was chosen per ε, and the compute. */
  particlePrecision?: StudyPrecision;
}

export interface EpsilonStudyOptions {
  epsilons?: number[];
  /** Times (order one) at which distances are taken; added to the config's times if missing. */
  compareTimes?: number[];
  /** The descriptions compared (names of KINETIC_MODELS; default TESTED_DESCRIPTIONS). */
  descriptions?: KineticModelName[];
  /** Particle runner (default: simulateEnsemble in this thread; the CLI uses the worker pool). */
  runParticles?: (config: ModelConfig) => RunOutput | Promise<RunOutput>;
  maxRelativeError?: number;
  /**
   * Solver options per description (e.g. a coarser resolution for a quick study). The grid
   * solvers' error estimate is on unless a description's options set `errorEstimate: false`
   * ({@link studyKineticOptions}).
   */
  kineticOptions?: StudyKineticOptions;
  /** The kinetic solver (default solveKinetic with `kineticOptions`; the CLI shares a cache with its particle runner). */
  solve?: (name: KineticModelName, config: ModelConfig) => RunOutput;
  /** Called with a line of progress, "[k/K · s] what", one per step (unless `progress` is given). */
  onProgress?: (message: string) => void;
  /** The step counter the study announces its steps to and times them with (default: one on `onProgress`). */
  progress?: StudyProgress;
  /** Called with the outputs of each ε (e.g. to save them or to plot them). */
  onEpsilon?: (epsilon: number, outputs: EpsilonOutputs) => void;
}

/** The runs at one ε: particles, the exact hierarchy, and each description. */
export interface EpsilonOutputs {
  particles: RunOutput;
  exact: RunOutput;
  kinetic: Partial<Record<KineticModelName, RunOutput>>;
}

export const STUDY_METHODS: Record<string, string> = {
  momentDistance:
    "D² = (1/|T|) Σ_t Σ_q [(q_A(t) − q_B(t))² − SE_A² − SE_B²] over q ∈ {M₁, I₁, V₁} and the comparison times T; unbiased for the squared distance of the means; D = √max(D², 0), SE(D) = SE(D²)/(2D); SE(D²)² = 4δᵀWΣ̄Wδ + 2tr((WΣ̄)²) with Σ̄ the replicas' covariance of the 3|T| estimates (the two sides' added when both are particles), each term estimated without bias (distances.<name>.<kind>.covariance says \"independent\" where no covariance was at hand)",
  f1Distance:
    "noise-debiased squared L2 distance of the f₁ histograms (bin averages; kinetic cell integrals), averaged over T; SE from the covariance over replicas of every bin at every comparison time, computed from the replicas' histograms",
  resolved:
    "a particle distance is resolved at an ε when SE(D) ≤ maxRelativeError·D and, for an f₁ distance to a grid solver, when the L2 norm of the solver's error estimate over the same cells (Richardson from a solve at 2h and 2dt, on by default) is ≤ D/4",
  headline:
    "orders.<name> comes from the particle moment distances when they are resolved at every ε, otherwise from the exact moment hierarchy (the N → ∞ limit of the particles, checked against them at every ε in `validation`)",
  validation:
    "the k differences particles − hierarchy of M₁, I₁, V₁, M₂, V₂, C1_3, C1_4 at the comparison times: Hotelling's T² with their covariance over the R replicas, (R − k)/(k(R − 1))·T² ~ F(k, R − k), when the covariance is at hand and the test has power at R; otherwise each z against Student's t with its SE's df (R − 1, or R − 1 − p with p control variates), p = min(1, k·min pᵢ) (Bonferroni, valid under any correlation); a test has power when it rejects a difference of 10 SE in one quantity at level 0.001; disagree when p < 0.001; status too-few-replicas (no verdict) below the R either test needs; chi2 = Σ z² is descriptive only",
  byDegree:
    "orders.<name>.byDegree[r]: the order fit of the exact-hierarchy distance at degree r (r = 2: M₁, I₁, V₁; r = 3: C1_3; r = 4: C1_4), on the points above the rounding floor 1e-9·V₁^{r/2}",
  positivity: "positivity.<name>: min of f₁ over the lattice and the output times, and the first time a node mass falls below −1e-14 × the largest (diagnostics of the grid solver)",
};

/**
 * The solver options of a description in a study at ε: the caller's (taken at ε when given as a
 * function of it), with the error estimate on for
 * every description that takes one (the grid solvers) unless the caller turns it off. A distance
 * to a grid solver is a measurement only where it exceeds the solver's own discretisation error:
 * the linear deposit of (49) at h = 0.1 carries an f₁ L2 error of 3–6·10⁻³ at t = 1, 2 on the
 * study config, above its O(ε²) distance to the particles at ε ≤ 0.2, and without the estimate
 * those points would enter its fit as an order of about 0.5.
 *
 * @example
 * studyKineticOptions("scalar", 0.1, { scalar: { initialDatum: "printed" } }) // { errorEstimate: true, initialDatum: "printed" }
 */
export function studyKineticOptions(name: KineticModelName, epsilon: number, kineticOptions: StudyKineticOptions = {}): KineticOptions {
  const estimate = (KINETIC_MODELS[name] as KineticModel).takes.includes("errorEstimate");
  return { ...(estimate ? { errorEstimate: true } : {}), ...optionsAt(kineticOptions[name], epsilon) };
}

/**
 * Runs the ε-study on a base configuration (its `epsilon` is replaced by each of the list), in
 * three phases: `measureAtEpsilon` for each ε, `distanceSeries` and `fitOrders` over the ε list, and the
 * assembly of the record. It announces nε·(2 + number of descriptions) + 1 steps to its progress
 * (particles, exact hierarchy and each description per ε; the fits) and times each.
 *
 * @throws whatever the solvers or the engine throw (config errors are checked before).
 * @example
 * const study = await runEpsilonStudy(parseConfig({ N: 2000, replicas: 4, mu: 8 }), { epsilons: [0.4, 0.2, 0.1], descriptions: ["instantaneous"] });
 * study.orders.instantaneous.p // ≈ 1, with its 95 % interval in study.orders.instantaneous.ci95
 */
export async function runEpsilonStudy(base: ModelConfig, options: EpsilonStudyOptions = {}): Promise<EpsilonStudy> {
  const started = performance.now();
  const epsilons = [...(options.epsilons ?? DEFAULT_EPSILONS)].sort((a, b) => b - a);
  const compareTimes = options.compareTimes ?? DEFAULT_COMPARE_TIMES;
  const { names, warnings: leftOut } = studyDescriptions(base, options.descriptions, options.kineticOptions);
  const maxRelativeError = options.maxRelativeError ?? 0.25;
  const runParticles = options.runParticles ?? ((c: ModelConfig) => simulateEnsemble(c));
  const solve = options.solve ?? ((name: KineticModelName, c: ModelConfig) => solveKinetic(name, c, studyKineticOptions(name, c.epsilon, options.kineticOptions)));
  const progress = options.progress ?? new StudyProgress(options.onProgress);
  progress.announce(epsilons.length * (2 + names.length) + 1);
  const times = [...new Set([...base.times, ...compareTimes])].sort((a, b) => a - b);

  const measurements: EpsilonMeasurement[] = [];
  for (const [index, epsilon] of epsilons.entries()) {
    // independent particle runs per ε (master seed + index), so that the fit's errors are independent
    const config: ModelConfig = { ...base, epsilon, times, seed: base.seed + index };
    const measurement = await measureAtEpsilon(config, names, compareTimes, runParticles, progress, solve);
    measurements.push(measurement);
    options.onEpsilon?.(epsilon, measurement.outputs);
  }
  progress.step("fits", `order fits of ${names.length} descriptions over ε = ${epsilons.join(", ")}`);
  const distances = distanceSeries(names, measurements, maxRelativeError);
  const { fits, orders, warnings } = fitOrders(epsilons, distances, maxRelativeError, base.N * base.replicas);
  warnings.unshift(...leftOut);
  warnings.push(...independenceWarnings(epsilons, distances));
  const validation = measurements.map((m) => m.validation);
  const positivity: EpsilonStudy["positivity"] = {};
  for (const m of measurements) for (const [name, row] of Object.entries(m.positivity)) (positivity[name] ??= []).push(row);
  for (const v of validation) {
    if (v.status === "disagree") warnings.push(`particles and the exact moment hierarchy disagree at ε = ${v.epsilon} (${v.message})`);
  }
  const first = measurements[0]?.outputs.kinetic ?? {};
  return {
    kind: "study-epsilon",
    config: { ...base, times },
    epsilons,
    compareTimes,
    observables: DISTANCE_OBSERVABLES,
    descriptions: Object.fromEntries(
      names.map((n) => {
        const model: KineticModel = KINETIC_MODELS[n];
        return [n, { label: model.label, describe: model.describe, source: first[n]?.summary.source ?? "", expectedOrder: model.expectedOrder, hasF1: Boolean(first[n]?.f1) }];
      }),
    ),
    distances,
    orders,
    fits,
    validation,
    positivity,
    particles: measurements.map((m) => m.particles),
    warnings,
    methods: { ...STUDY_METHODS, orderFit: "see fits.<name>.<distance>.method" },
    wallSeconds: (performance.now() - started) / 1000,
    phaseSeconds: (progress.close(), progress.phaseSeconds()),
  };
}

/** Why treating a distance's quantities as independent misjudges its SE, by kind of distance. */
const INDEPENDENCE_ERROR: Partial<Record<DistanceKind, string>> = {
  momentsParticles: "M₁, I₁, V₁ at neighbouring times are positively correlated, so it is too small",
  f1Particles: "neighbouring bins are correlated (negatively, by mass conservation, on the study config, where it is too large)",
};

/**
 * One warning per kind of distance whose SE treated its quantities as independent at some ε (the
 * particle output carried no covariance over replicas): that SE is unreliable, and why.
 *
 * @example
 * independenceWarnings([0.4, 0.2], { scalar: { f1Particles: { covariance: ["full", "independent"] } } })
 * // ["the SE of the f₁ histogram L2, particles distance at ε = 0.2 treats … so it is unreliable: neighbouring bins are correlated …"]
 */
export function independenceWarnings(epsilons: number[], distances: EpsilonStudy["distances"]): string[] {
  const kinds = [...new Set(Object.values(distances).flatMap((byKind) => Object.keys(byKind) as DistanceKind[]))];
  return kinds.flatMap((kind) => {
    const at = epsilons.filter((_, i) => Object.values(distances).some((byKind) => byKind[kind]?.covariance[i] === "independent"));
    if (!at.length) return [];
    return [`the SE of the ${DISTANCE_LABELS[kind]} distance at ε = ${at.join(", ")} treats the quantities it sums as independent (the particle output carries no covariance over replicas), so it is unreliable: ${INDEPENDENCE_ERROR[kind] ?? "they are correlated"}`];
  });
}

/** What one ε contributes: the runs, the particles' validation, and each description's distances. */
export interface EpsilonMeasurement {
  particles: EpsilonStudy["particles"][number];
  validation: ValidationRow;
  distances: Partial<Record<KineticModelName, Partial<Record<DistanceKind, MomentDistance>>>>;
  /** Rounding floor of each exact distance: below it, a distance is unresolved. */
  floors: Partial<Record<DistanceKind, number>>;
  positivity: Partial<Record<KineticModelName, PositivityRow>>;
  outputs: EpsilonOutputs;
}

/**
 * Phase 1, at one ε: the particle ensemble, the exact moment hierarchy (validated against the
 * particles) and every description, with the distances of each description to the particles and
 * to the hierarchy.
 */
export async function measureAtEpsilon(
  config: ModelConfig,
  names: KineticModelName[],
  compareTimes: number[],
  runParticles: (config: ModelConfig) => RunOutput | Promise<RunOutput>,
  progress: StudyProgress = new StudyProgress(),
  solve: (name: KineticModelName, config: ModelConfig) => RunOutput = (name, c) => solveKinetic(name, c),
): Promise<EpsilonMeasurement> {
  const { epsilon } = config;
  progress.step("particles", `ε = ${epsilon}: particles, N = ${config.N}, R = ${config.replicas}`);
  const p = await runParticles(config);
  progress.step(REFERENCE, `ε = ${epsilon}: ${KINETIC_MODELS[REFERENCE].label}`);
  const exact = solve(REFERENCE, config);
  const kinetic: Partial<Record<KineticModelName, RunOutput>> = {};
  const distances: EpsilonMeasurement["distances"] = {};
  const positivity: EpsilonMeasurement["positivity"] = {};
  for (const name of names) {
    progress.step(name, `ε = ${epsilon}: ${KINETIC_MODELS[name].label}`);
    const k = solve(name, config);
    kinetic[name] = k;
    const f1 = f1Distance(p, k, compareTimes);
    distances[name] = { momentsParticles: momentDistance(p, k, compareTimes), ...degreeDistances(exact, k, compareTimes), ...(f1 ? { f1Particles: f1 } : {}) };
    const scalar = diagnosticsOf(k.summary, "scalar");
    if (scalar) positivity[name] = { epsilon, minF1: Math.min(...scalar.minF1), firstNegativeTime: scalar.firstNegativeTime };
  }
  return {
    particles: { epsilon, N: config.N, replicas: p.summary.replicas, seed: config.seed, wallSeconds: p.summary.wallSeconds },
    validation: validate(epsilon, p, exact, compareTimes),
    distances,
    floors: exactFloors(exact, compareTimes),
    positivity,
    outputs: { particles: p, exact, kinetic },
  };
}

/** The exact-hierarchy distances at every degree that the description reports (finite C1_r at the comparison times). */
function degreeDistances(exact: RunOutput, k: RunOutput, compareTimes: number[]): Partial<Record<DistanceKind, MomentDistance>> {
  const reports = (q: ObservableName) => compareTimes.every((t) => Number.isFinite(k.summary.observables[q].mean[timeIndex(k.summary.times, t)]));
  return Object.fromEntries(
    Object.values(DEGREE_DISTANCES)
      .filter(({ observables }) => observables.every(reports))
      .map(({ kind, observables }) => [kind, momentDistance(exact, k, compareTimes, observables)]),
  );
}

/** The rounding floor of the exact distance at degree r: EXACT_FLOOR·V₁^{r/2}, V₁ the hierarchy's largest at the comparison times. */
function exactFloors(exact: RunOutput, compareTimes: number[]): EpsilonMeasurement["floors"] {
  const V1 = Math.max(...compareTimes.map((t) => exact.summary.observables.V1.mean[timeIndex(exact.summary.times, t)]));
  return Object.fromEntries(Object.entries(DEGREE_DISTANCES).map(([r, { kind }]) => [kind, EXACT_FLOOR * V1 ** (Number(r) / 2)]));
}

/** Phase 2: the distances of each description as series over ε, each point marked resolved or not. */
function distanceSeries(names: KineticModelName[], measurements: EpsilonMeasurement[], maxRelativeError: number): EpsilonStudy["distances"] {
  const distances: EpsilonStudy["distances"] = Object.fromEntries(names.map((n) => [n, {}]));
  for (const m of measurements) {
    for (const name of names) {
      for (const [kind, d] of Object.entries(m.distances[name] ?? {}) as [DistanceKind, MomentDistance][]) {
        const s = (distances[name][kind] ??= { kind, source: DISTANCE_SOURCES[kind], values: [], stderr: [], squared: [], squaredStderr: [], resolved: [], solverError: [], covariance: [] });
        s.values.push(d.value);
        s.stderr.push(d.stderr);
        s.squared.push(d.squared);
        s.squaredStderr.push(d.squaredStderr);
        const noise = d.stderr === 0 ? d.value > (m.floors[kind] ?? 0) : d.value > 0 && d.stderr <= maxRelativeError * d.value;
        s.resolved.push(noise && d.solverError <= SOLVER_ERROR_FRACTION * d.value);
        s.solverError.push(d.solverError);
        s.covariance.push(d.covariance);
      }
    }
  }
  return distances;
}

/**
 * Phase 3: the order fit of every distance series on its resolved points, and the headline order
 * of each description (particle moment distances when resolved at every ε, else the exact
 * hierarchy), with a warning for each unresolved series.
 */
function fitOrders(
  epsilons: number[],
  distances: EpsilonStudy["distances"],
  maxRelativeError: number,
  samples: number,
): Pick<EpsilonStudy, "fits" | "orders" | "warnings"> {
  const warnings: string[] = [];
  const fits: EpsilonStudy["fits"] = {};
  const orders: EpsilonStudy["orders"] = {};
  const pointsOf = (series: DistanceSeries) => epsilons.map((epsilon, i) => ({ epsilon, value: series.values[i], stderr: series.stderr[i] }));
  for (const [name, byKind] of Object.entries(distances)) {
    const { label, expectedOrder }: KineticModel = KINETIC_MODELS[name as KineticModelName];
    fits[name] = {};
    for (const [kind, series] of Object.entries(byKind) as [DistanceKind, DistanceSeries][]) {
      fits[name][kind] = fitOrder(pointsOf(series).filter((_, i) => series.resolved[i]));
      const bySolver = epsilons.filter((_, i) => series.solverError[i] > SOLVER_ERROR_FRACTION * series.values[i]);
      if (bySolver.length) warnings.push(`${label}: the solver's estimated error exceeds a quarter of the ${DISTANCE_LABELS[kind]} distance at ε = ${bySolver.join(", ")}; those points are left out of its fit`);
      const unresolved = epsilons.filter((e, i) => !series.resolved[i] && !bySolver.includes(e));
      if (series.source === "particles" && unresolved.length) {
        warnings.push(
          `${label}: the ${DISTANCE_LABELS[kind]} distance is not resolved (SE > ${maxRelativeError}·D) at ε = ${unresolved.join(", ")} — N·R = ${samples} is too small there; those points are left out of its fit`,
        );
      }
    }
    const allResolved = byKind.momentsParticles!.resolved.every(Boolean) && epsilons.length >= 3;
    const kind: DistanceKind = allResolved ? "momentsParticles" : "momentsExact";
    const fit = fits[name][kind]!;
    const tail = fitOrder(pointsOf(byKind[kind]!).slice(-3));
    const byDegree: HeadlineOrder["byDegree"] = {};
    for (const [r, { kind: k }] of Object.entries(DEGREE_DISTANCES)) {
      const f = fits[name][k];
      if (!f) continue;
      byDegree[r] = { p: f.p, ci95: f.ci95, source: DISTANCE_SOURCES[k] };
      const floored = epsilons.filter((_, i) => !byKind[k]!.resolved[i]);
      if (floored.length) warnings.push(`${label}: the ${DISTANCE_LABELS[k]} distance is at the rounding floor at ε = ${floored.join(", ")} (the moment vanishes or agrees to rounding); those points are left out of its fit`);
    }
    orders[name] = {
      p: fit.p,
      ci95: fit.ci95,
      source: DISTANCE_SOURCES[kind],
      distance: kind,
      method: fit.method,
      localOrders: fit.localOrders,
      expected: expectedOrder,
      smallest3: { p: tail.p, ci95: tail.ci95 },
      byDegree,
    };
    if (!allResolved) warnings.push(`${label}: particle noise swamps the moment distance at the smallest ε, so its order comes from the exact moment hierarchy (validated against the particles in \`validation\`)`);
  }
  return { fits, orders, warnings };
}

/**
 * Particles ↔ exact hierarchy: the k differences of the validation observables at the comparison
 * times, tested at {@link VALIDATION_LEVEL} by the joint test of src/stats/joint-test.ts, exact at
 * finite R: Hotelling's F when the replicas' covariance is at hand and R is large enough for it to
 * have power, else Bonferroni over Student t with the SEs' degrees of freedom (R − 1, or
 * R − 1 − p with p control variates); below the R either needs, no verdict ("too-few-replicas").
 */
export function validate(epsilon: number, p: RunOutput, exact: RunOutput, compareTimes: number[]): ValidationRow {
  const cells: (ObservableCell & { expected: number })[] = [];
  for (const t of compareTimes) {
    const ie = timeIndex(exact.summary.times, t);
    for (const q of VALIDATION_OBSERVABLES) cells.push({ observable: q, time: timeIndex(p.summary.times, t), expected: exact.summary.observables[q].mean[ie] });
  }
  const noise = observableNoise(p, cells);
  const tested = cells.map((c, i) => ({ ...c, se: noise.stderr[i] ?? Number.NaN })).filter((c) => c.se > 0);
  const z = tested.map((c) => (momentEstimate(p.summary, c.observable).mean[c.time] - c.expected) / c.se);
  const covariance = observableSampleCovariance(p, tested);
  const test = jointTest({
    t: z,
    df: z.map(() => noise.degreesOfFreedom),
    replicas: p.summary.replicas,
    level: VALIDATION_LEVEL,
    ...(covariance && { hotelling: { mean: tested.map((c) => p.summary.observables[c.observable].mean[c.time]), expected: tested.map((c) => c.expected), covariance } }),
  });
  const d = momentDistance(p, exact, compareTimes);
  return {
    epsilon,
    chi2: z.reduce((s, zq) => s + zq * zq, 0),
    df: z.length,
    maxAbsZ: Math.max(0, ...z.map(Math.abs)),
    distance: d.value,
    distanceSquared: d.squared,
    distanceSquaredStderr: d.squaredStderr,
    // every tested quantity has SE > 0, so no difference is exact
    test: test.test === "exact" ? "none" : test.test,
    t2: test.test === "hotelling" ? test.statistic : Number.NaN,
    pValue: test.pValue,
    minReplicas: test.minReplicas,
    status: test.status,
    message: test.message,
  };
}
