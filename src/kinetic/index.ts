/**
 * The one registry of kinetic descriptions, by name: each takes the same {@link ModelConfig} as
 * `alignsim run` and returns the same {@link RunOutput}. `alignsim kinetic --model NAME`, the
 * ε-study and the library all use these names.
 *
 * The velocity-resolved descriptions (`instantaneous`, `first-order`, `scalar`) report their
 * histograms from the grid solver and their scalar observables from the exact moment solution of
 * the same equation: the grid solvers' moments obey the same closed systems but carry their
 * time-stepping error, which at ε ≤ 0.05 exceeds the O(ε²) distance a study measures
 * (solveFirstOrder at dt = ε/4, ε = 0.025: 6.6·10⁻⁵ from the exact hierarchy instead of
 * 1.8·10⁻⁵). The moments of degree ≤ 2 come from the closed-form or hand-derived systems where
 * they exist ((33): Lemma 3.4; (14): (20), (23), derived second moments), C1_3 and C1_4 of (14)
 * and every moment of (49) from the generated moment closure of the description
 * (moment-closure/kinetic-closures.ts, degree 4). The replacement is recorded in
 * `diagnostics.observablesFrom`.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { initialLaw } from "../model/initial-law.js";
import type { RunOutput } from "../contract/run-output.js";
import { isGridSolve } from "../contract/diagnostics.js";
import { solveFirstOrder } from "./equations/first-order-14.js";
import { instantaneousMoments, solveInstantaneous } from "./equations/limit-33.js";
import { solveKineticClosure } from "./moment-closure/kinetic-closures.js";
import { DEFAULT_DEGREE, solveMomentClosure } from "./moment-closure/particle-hierarchy.js";
import { solveMomentsExact } from "./moment-closure/exact-hierarchy-2.js";
import { solveMoments } from "./equations/moment-odes.js";
import { withErrorEstimate } from "./lattice/error-estimate.js";
import { firstOrderResolution, RECOMMENDED, type Resolution } from "./lattice/resolution.js";
import { type InitialDatum, slipWeight } from "./equations/initial-slip-49.js";
import { velocityGrid } from "./lattice/lattice.js";
import { pairRates } from "./equations/paper-rates.js";
import { solveScalar } from "./equations/scalar-49.js";
import type { SecondMomentSystem } from "./equations/second-moments-29-34.js";
import { spaceFirstOrderResolution, solveSpace14 } from "./space/first-order-14.js";
import { SPACE_RESOLUTION, solveSpace33 } from "./space/limit-33.js";
import { spaceGrid } from "./space/splitting.js";

/** Options a solver may use; each ignores those it does not need. */
export interface KineticOptions {
  /** Second-moment system of the `moments` model (default "derived"). */
  secondMoments?: SecondMomentSystem;
  /** Lattice and time step of a velocity-resolved solver (default: the solver's recommended one). */
  resolution?: Resolution;
  /** Largest total degree of the moment closures (`moments-exact`, `*-moments`); default 4. */
  degree?: number;
  /**
   * Velocity-resolved solvers: also solve at twice h and dt and report the Richardson error
   * estimate (`diagnostics.errorEstimate`, `f1.error`; error-estimate.ts).
   */
  errorEstimate?: boolean;
  /** Initial datum of the scalar model (49): "slip" (default, equations/initial-slip-49.ts) or "printed" (f_1(0) = f_1^I). */
  initialDatum?: InitialDatum;
}

/** A grid solve at the given or the default resolution, with its error estimate when asked for. */
function gridSolve(config: ModelConfig, options: KineticOptions, fallback: Resolution, solve: (resolution: Resolution) => RunOutput): RunOutput {
  const resolution = options.resolution ?? fallback;
  return options.errorEstimate ? withErrorEstimate(config, resolution, solve) : solve(resolution);
}

/** The options of {@link KineticOptions} a user sets (`resolution` is the library's own). */
export type KineticOptionName = "secondMoments" | "degree" | "errorEstimate" | "initialDatum";

export interface KineticModel {
  /** Short label for tables and legends, with the paper's equation number. */
  label: string;
  /** The options this description uses; any other one given is a conflict (`kinetic` refuses it). */
  takes: readonly KineticOptionName[];
  /** What it solves, with the paper's equation numbers, and how. */
  describe: string;
  /**
   * The order p of distance(particles, description) ≈ C·ε^p at times of order one that [KMS]
   * claims (Theorem 3.3), or null for a reference that is not a claim of the paper.
   */
  expectedOrder: number | null;
  solve(config: ModelConfig, options?: KineticOptions): RunOutput;
  /**
   * For a velocity-resolved description: its scalar observables alone (the moment solution that
   * `solve` reports), cheap enough to re-solve on a fine time grid for plots.
   */
  moments?(config: ModelConfig, options?: KineticOptions): RunOutput;
  /** Checks, before any work, the preconditions of this description beyond the config's own. @throws {ConfigError} */
  check?(config: ModelConfig, options: KineticOptions): void;
  /** It has a spatial version (d = 1, a config with a `space` box); without it, a `space` box is refused. */
  spatial?: true;
}

/** The observables of (14): (20), (23), derived second moments; C1_3, C1_4 from its generated closure. */
function firstOrderMoments(config: ModelConfig, options: KineticOptions = {}): RunOutput {
  return withCentralMoments(solveMoments(config, { secondMoments: "derived" }), solveKineticClosure("first-order", config, Math.max(options.degree ?? DEFAULT_DEGREE, 4)));
}

/** The observables of (49): its generated moment closure, from the initial datum of the options. */
function scalarMoments(config: ModelConfig, options: KineticOptions = {}): RunOutput {
  return solveKineticClosure("scalar", config, Math.max(options.degree ?? DEFAULT_DEGREE, 4), options.initialDatum);
}

/**
 * The rates of the O(ε) descriptions exist for this config: every cluster that can form can
 * break up (μ_{1,1} > 0 when pairs form, μ_{1,2} > 0 when triples do; paper-rates.ts).
 *
 * @throws {ConfigError} naming `mu`.
 */
function checkPairRates(config: ModelConfig): void {
  pairRates(config);
}

/**
 * A velocity-resolved description's preconditions: its rates, and, for the homogeneous model, a
 * velocity lattice at its resolution that tiles the config's histogram cells (lattice.ts).
 *
 * @throws {ConfigError} naming `mu` or `histogram.pairBins`.
 */
function checkGrid(resolution: (config: ModelConfig, options: KineticOptions) => Resolution) {
  return (config: ModelConfig, options: KineticOptions): void => {
    pairRates(config);
    if (!config.space) velocityGrid(config, initialLaw(config.initial), resolution(config, options).spacing);
  };
}

/** The initial datum of (49) can be built for this config (equations/initial-slip-49.ts). @throws {ConfigError} */
function checkInitialDatum(config: ModelConfig, options: KineticOptions): void {
  slipWeight(options.initialDatum ?? "slip", config, pairRates(config));
}

/** (49) on its velocity grid with its closure's moments, from the initial datum of the options. */
function solveScalarModel(config: ModelConfig, options: KineticOptions = {}): RunOutput {
  return withMoments(gridSolve(config, options, RECOMMENDED.scalar, (r) => solveScalar(config, r, options.initialDatum)), scalarMoments(config, options));
}

/**
 * The kinetic descriptions, by the name `alignsim kinetic --model NAME` takes. With a `space` box
 * only those with the `spatial` trait, `instantaneous` and `first-order`, have a spatial version
 * (d = 1, `space/limit-33.ts`, `space/first-order-14.ts`; their own grid moments). Every output of a description
 * carries its `summary.description` (name and the options it takes), stamped here.
 */
export const KINETIC_MODELS = registry({
  instantaneous: {
    label: "(33) instantaneous limit",
    takes: ["errorEstimate"],
    describe: "instantaneous limit (33) for f_1 on a velocity grid; moments exact (Lemma 3.4); with --space (d = 1): (33) with free transport, Strang-split on an x–v grid",
    expectedOrder: 1,
    solve: (config, options = {}) =>
      config.space
        ? gridSolve(config, options, SPACE_RESOLUTION, (r) => solveSpace33(config, r))
        : withMoments(gridSolve(config, options, RECOMMENDED.instantaneous, (r) => solveInstantaneous(config, r)), instantaneousMoments(config)),
    moments: (config) => (config.space ? { summary: solveSpace33(config).summary } : instantaneousMoments(config)),
    check: checkGrid((_, options) => options.resolution ?? RECOMMENDED.instantaneous),
    spatial: true,
  },
  "first-order": {
    label: "(14) first-order system",
    takes: ["errorEstimate", "degree"],
    describe:
      "first-order system (14) for (f_1, f_2), f_3 through (12) and (18), on velocity grids (h = 0.05, dt = min(0.05, ε/4)); moments from its closed system (20), (23), derived second moments; with --space (d = 1): (14) with free transport of singles and of pairs at their mean velocity, Strang-split",
    expectedOrder: 2,
    solve: (config, options = {}) =>
      config.space
        ? gridSolve(config, options, spaceFirstOrderResolution(config.epsilon), (r) => solveSpace14(config, r))
        : withMoments(gridSolve(config, options, firstOrderResolution(config.epsilon), (r) => solveFirstOrder(config, r)), firstOrderMoments(config, options)),
    moments: (config, options) => (config.space ? { summary: solveSpace14(config).summary } : firstOrderMoments(config, options)),
    check: checkGrid((config, options) => options.resolution ?? firstOrderResolution(config.epsilon)),
    spatial: true,
  },
  /**
   * Section 4 derives (49) formally to first order: f_2 expanded to O(ε) in (46) and the Neumann
   * step (48) truncated at O(ε²), "an equally accurate" candidate to (14). The equation holds to
   * O(ε²) only from the slip-corrected initial datum (equations/initial-slip-49.ts): the printed
   * f_1(0) = f_1^I is O(ε) off when the particles start with f_2 = 0 (`scalar-printed`). The
   * paper proves no theorem for (49) and warns that it need not stay non-negative; the expected
   * order 2 is the formal one, which the ε-study tests.
   */
  scalar: {
    label: "(49) slip-corrected",
    takes: ["errorEstimate", "degree", "initialDatum"],
    describe:
      "scalar first-order model (49) on a velocity grid from its slip-corrected initial datum f_1^I − (2ελ_{1,1}/μ_{1,1})Q̄[f_1^I, f_1^I] (--initial-datum printed: f_1(0) = f_1^I); reports the minimum of f_1 (it can turn negative); moments from its generated closure",
    expectedOrder: 2,
    solve: solveScalarModel,
    moments: scalarMoments,
    check: (config, options) => {
      checkInitialDatum(config, options);
      checkGrid(() => options.resolution ?? RECOMMENDED.scalar)(config, options);
    },
  },
  "scalar-printed": {
    label: "(49) as printed",
    takes: ["errorEstimate", "degree"],
    describe: "scalar model (49) from the paper's initial datum f_1(0) = f_1^I, which is O(ε) off the initial layer of particles that start with no pairs: only O(ε)-accurate",
    expectedOrder: 1,
    solve: (config, options = {}) => solveScalarModel(config, { ...options, initialDatum: "printed" }),
    moments: (config, options = {}) => scalarMoments(config, { ...options, initialDatum: "printed" }),
    check: (config, options) => {
      checkInitialDatum(config, { ...options, initialDatum: "printed" });
      checkGrid(() => options.resolution ?? RECOMMENDED.scalar)(config, options);
    },
  },
  moments: {
    label: "(20), (23), derived second moments",
    takes: ["secondMoments"],
    describe: "O(ε) moment systems: masses (20), first moments (23), second moments (derived, or (29)/(34) as printed with --second-moments)",
    expectedOrder: 2,
    solve: (config, options = {}) => solveMoments(config, { secondMoments: options.secondMoments ?? "derived" }),
    check: checkPairRates,
  },
  "moments-printed": {
    label: "(20), (23), (29) as printed",
    takes: [],
    describe: "the paper's O(ε) moment systems with the second-moment system (29) as printed",
    expectedOrder: null,
    solve: (config) => relabel(solveMoments(config, { secondMoments: "printed29" }), "kinetic:moments-printed29"),
    check: checkPairRates,
  },
  "moments-exact": {
    label: "exact moment hierarchy",
    takes: ["degree"],
    describe:
      "exact mean-field moment hierarchy of the cluster model, any ε and kmax, joint moments of every class up to --degree (default 4; 2: the hand-derived system): the N → ∞ limit of the particles",
    expectedOrder: null,
    solve: (config, options = {}) => {
      const degree = options.degree ?? DEFAULT_DEGREE;
      return degree === 2 ? solveMomentsExact(config) : solveMomentClosure(config, degree);
    },
  },
  "instantaneous-moments": {
    label: "(33) moments, generated",
    takes: ["degree"],
    describe: "moments of f_1 up to --degree under the instantaneous limit (33), generated from its collision operator",
    expectedOrder: 1,
    solve: (config, options = {}) => solveKineticClosure("instantaneous", config, options.degree),
    check: checkPairRates,
  },
  "first-order-moments": {
    label: "(14) moments, generated",
    takes: ["degree"],
    describe: "moments of f_1 and joint moments of f_2 up to --degree under (14) with the triple term (18), generated from its operators",
    expectedOrder: 2,
    solve: (config, options = {}) => solveKineticClosure("first-order", config, options.degree),
    check: checkPairRates,
  },
  "scalar-moments": {
    label: "(49) moments, generated",
    takes: ["degree", "initialDatum"],
    describe: "moments of f_1 up to --degree under the scalar model (49), generated from its operators",
    expectedOrder: null,
    solve: (config, options = {}) => solveKineticClosure("scalar", config, options.degree, options.initialDatum),
    check: checkInitialDatum,
  },
} satisfies Record<string, KineticModel>);

export type KineticModelName = keyof typeof KINETIC_MODELS;

/**
 * Solves the kinetic description `name` on `config`.
 *
 * @throws {ConfigError} when the description cannot be solved for this config (e.g. μ_{1,1} = 0).
 * @example
 * const out = solveKinetic("moments-exact", parseConfig({ epsilon: 0.05, times: [0, 1] }));
 * out.summary.observables.M1.mean[0] // 1
 */
export function solveKinetic(name: KineticModelName, config: ModelConfig, options: KineticOptions = {}): RunOutput {
  return (KINETIC_MODELS[name] as KineticModel).solve(config, options);
}

/** Points of the uniform part of a dense time grid ({@link denseTimes}). */
export const DENSE_POINTS = 151;

/**
 * A dense time grid for plotting kinetic curves: `points` uniform times on [0, max(times)] and
 * the given times, sorted, without repeats.
 *
 * @example
 * denseTimes([0, 1], 3) // [0, 0.5, 1]
 */
export function denseTimes(times: readonly number[], points = DENSE_POINTS): number[] {
  const T = Math.max(...times);
  return [...new Set([...Array.from({ length: points }, (_, i) => (T * i) / (points - 1)), ...times])].sort((a, b) => a - b);
}

/**
 * The observables of description `name` on a dense time grid ({@link denseTimes} of the config's
 * times), so that an initial layer shows as it is rather than as chords between output times:
 * the moment descriptions are re-solved, the velocity-resolved ones through their moment solution
 * (no histograms).
 *
 * @example
 * solveDense("moments-exact", parseConfig({ epsilon: 0.1, times: [0, 1] })).summary.times.length // 151
 */
export function solveDense(name: KineticModelName, config: ModelConfig, options: KineticOptions = {}): RunOutput {
  const dense = { ...config, times: denseTimes(config.times) };
  const { moments }: KineticModel = KINETIC_MODELS[name];
  return moments ? moments(dense, options) : solveKinetic(name, dense, options);
}

/**
 * The registry description (and options) that produced a kinetic output, as its solve stamped
 * it (`summary.description`); null for particles, for an output not solved through the registry
 * and for a summary written before descriptions were stamped.
 *
 * @example
 * describedBy(solveKinetic("moments-printed", parseConfig({ times: [0, 1] })))?.name // "moments-printed"
 */
export function describedBy(output: RunOutput): { name: KineticModelName; options: KineticOptions } | null {
  const description = output.summary.description;
  if (!description || !Object.hasOwn(KINETIC_MODELS, description.name)) return null;
  // The options were stamped from a KineticOptions by `registry`.
  return { name: description.name as KineticModelName, options: description.options as KineticOptions };
}

/**
 * A grid solver's output with its observables replaced by those of the exact moment solution of
 * the same equation (histograms untouched); the replacement is recorded in the diagnostics.
 */
function withMoments(grid: RunOutput, moments: RunOutput): RunOutput {
  const diagnostics = grid.summary.diagnostics;
  if (!isGridSolve(diagnostics)) throw new Error(`exact moments replace those of a grid solve, not ${grid.summary.source}`);
  return {
    ...grid,
    summary: {
      ...grid.summary,
      observables: moments.summary.observables,
      diagnostics: { ...diagnostics, observablesFrom: `${moments.summary.source} (exact moments of the same equation; histograms from ${grid.summary.source})` },
    },
  };
}

/** Hand-derived moments of degree ≤ 2 with C1_3, C1_4 taken from the generated closure of the same equation. */
function withCentralMoments(moments: RunOutput, closure: RunOutput): RunOutput {
  const { C1_3, C1_4 } = closure.summary.observables;
  return relabel({ ...moments, summary: { ...moments.summary, observables: { ...moments.summary.observables, C1_3, C1_4 } } }, `${moments.summary.source} + ${closure.summary.source} (C1_3, C1_4)`);
}

/**
 * Refuses an option that description `name` does not use (its `takes` trait), naming the option
 * and the descriptions that use it.
 *
 * @param given - the options set by the user, by name: the command-line spelling and the value.
 * @throws {ConfigError} naming the option.
 * @example
 * checkKineticOptions("moments", { errorEstimate: { flag: "--error-estimate", value: true } }) // throws: `--error-estimate` must be given only with --model instantaneous, …
 */
export function checkKineticOptions(name: KineticModelName, given: Partial<Record<KineticOptionName, { flag: string; value: unknown }>>): void {
  const { takes }: KineticModel = KINETIC_MODELS[name];
  for (const [option, { flag, value }] of Object.entries(given) as [KineticOptionName, { flag: string; value: unknown }][]) {
    if (takes.includes(option)) continue;
    const users = (Object.keys(KINETIC_MODELS) as KineticModelName[]).filter((n) => (KINETIC_MODELS[n] as KineticModel).takes.includes(option));
    throw new ConfigError(flag, value, `given only with --model ${users.join(", ")}`, `--model ${name} does not use it.`);
  }
}

/** Refuses a `space` box for a model without a spatial version. @throws {ConfigError} naming `space`. */
function refuse(name: string, config: ModelConfig): void {
  if (config.space) throw new ConfigError("space", config.space, `absent for --model ${name}`, `${name} has no spatial version; use instantaneous or first-order.`);
}

/**
 * Checks, before any work, that `name` can solve `config` with `options`: a model without a
 * spatial version refuses a `space` box, a spatial one needs d = 1 and a power-of-two number of
 * cells, and a description's own preconditions hold (e.g. the initial datum of (49)).
 *
 * @throws {ConfigError} naming the field.
 * @example
 * checkKineticConfig("scalar", parseConfig({ space: { length: 1, cells: 4 } })) // throws: `space` …
 */
export function checkKineticConfig(name: KineticModelName, config: ModelConfig, options: KineticOptions = {}): void {
  const model: KineticModel = KINETIC_MODELS[name];
  model.check?.(config, options);
  if (!config.space) return;
  if (model.spatial) spaceGrid(config);
  else refuse(name, config);
}

/**
 * The registry: every model's outputs stamped with their description (`summary.description`:
 * the name and the options of its `takes` that were given), and a model without the `spatial`
 * trait refusing a config with a `space` box (ConfigError naming `space`).
 */
function registry<T extends Record<string, KineticModel>>(models: T): T {
  const entries = Object.entries(models).map(([name, model]) => {
    const stamped =
      (solve: (config: ModelConfig, options?: KineticOptions) => RunOutput) =>
      (config: ModelConfig, options: KineticOptions = {}): RunOutput => {
        if (!model.spatial) refuse(name, config);
        const output = solve(config, options);
        const given = model.takes.filter((option) => options[option] !== undefined).map((option) => [option, options[option]]);
        return { ...output, summary: { ...output.summary, description: { name, options: Object.fromEntries(given) } } };
      };
    return [name, { ...model, solve: stamped(model.solve), ...(model.moments ? { moments: stamped(model.moments) } : {}) }];
  });
  return Object.fromEntries(entries) as T;
}

function relabel(output: RunOutput, source: string): RunOutput {
  return { ...output, summary: { ...output.summary, source } };
}
