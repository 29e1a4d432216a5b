/**
 * The exact mean-field moment hierarchy of the cluster model (docs/model.md §1) at every degree,
 * derived by the program from the operators (docs/moment-closure.md §4.1): the symmetric joint
 * moments y_{k,λ} = (1/N) Σ_{k-clusters} m_λ(v) of every class k ≤ K and every partition λ with
 * |λ| ≤ n. It is moment-closure/exact-hierarchy-2.ts generalised: at degree 2 the unknowns n_k, S_k, Q_k, P_k
 * there are y_{k,∅}, y_{k,(1)}, y_{k,(2)} and y_{k,(2)} + 2y_{k,(1,1)}, and the equations are the
 * same (test: "reproduces the hand-derived degree-2 hierarchy").
 *
 * Events (./cluster-events.js): merges of an i- and a j-cluster at rate λ(i,j)M n_i n_j (i ≠ j)
 * or λ(i,i)M n_i² (i = j), suppressed beyond k_max or the truncation size K; break-up of a
 * k-cluster into a uniform j-subset and the rest at rate μ(j, k−j)/ε for each j; alignment at
 * speed 1/ε. For k_max = null the sizes are cut at the K of `hierarchySizes` (moment-closure/exact-hierarchy-2.ts:
 * the smallest K whose top class holds mass below 10⁻¹² M), which depends on the cluster
 * counts only and so is the same at every degree.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../../errors.js";
import type { ModelConfig } from "../../model/config.js";
import { initialLaw } from "../../model/initial-law.js";
import { resolveKernel } from "../../model/kernels.js";
import { shiftedPowerSum } from "../../observables/moments.js";
import { OBSERVABLES, type ObservableName, type RunOutput } from "../../contract/run-output.js";
import { initialMoments } from "../equations/initial-moments.js";
import { deterministicSummary } from "../lattice/lattice-summary.js";
import { MOMENT_TOLERANCES } from "../equations/moment-odes.js";
import { type HierarchyParameters, type HierarchyState, hierarchyObservables, hierarchySizes } from "./exact-hierarchy-2.js";
import { polynomialProblem } from "../ode/polynomial-system.js";
import { solveStiff } from "../ode/rosenbrock.js";
import { addBreakUp, addFlow, addMerge } from "./cluster-events.js";
import { coagulate } from "./coagulation.js";
import { type ClusterLaw, evaluateLaw, scaleLaw, singleLaw } from "./moment-polynomial.js";
import { type ClosureUnknown, MomentSystem } from "./moment-system.js";
import { partitionKey } from "./symmetric-basis.js";

/** Default largest total degree of `alignsim kinetic --model moments-exact`. */
export const DEFAULT_DEGREE = 4;

/**
 * Checks a degree of the moment closures: an integer ≥ 2 (the observables need the second moments).
 *
 * @throws {ConfigError} naming `degree` otherwise.
 */
export function validateDegree(degree: number): number {
  if (!Number.isInteger(degree) || degree < 2) throw new ConfigError("degree", degree, "an integer ≥ 2");
  return degree;
}

/** Scaling (7) of [KMS]: a class of k-clusters is integrated as y/ε^{k−1}. */
const clusterScaling = (u: ClosureUnknown) => u.size - 1;

/**
 * The moment system of the cluster model on sizes 1 … K up to total degree n (module comment).
 *
 * @param params - ε, M, k_max, λ, μ; K - sizes kept (≥ 1); degree - n ≥ 0.
 * @returns the unknowns and raw right-hand sides.
 * @example
 * particleHierarchy({ epsilon: 1, mass: 1, kmax: 2, lambda: () => 1, mu: () => 1 }, 2, 4).unknowns.length // 14: 5 for the singles, 9 for the pairs
 */
export function particleHierarchy(params: HierarchyParameters, K: number, degree: number): MomentSystem {
  const system = new MomentSystem(
    Array.from({ length: K }, (_, i) => i + 1),
    degree,
  );
  const cap = Math.min(K, params.kmax ?? K);
  for (let i = 1; i < cap; i++) {
    for (let j = 1; i + j <= cap; j++) addMerge(system, i, j, (i === j ? 1 : 0.5) * params.lambda(i, j) * params.mass);
  }
  for (let k = 2; k <= K; k++) {
    for (let j = 1; j < k; j++) addBreakUp(system, k, j, params.mu(j, k - j) / params.epsilon);
    addFlow(system, k, 1 / params.epsilon);
  }
  return system;
}

/**
 * The raw initial moments: a fraction p of the particles in pairs of independent states of law
 * g, the rest free, so y_{1,λ} = (1 − p)·E_g[v^{λ_1}] and y_{2,λ} = (p/2)·E[m_λ(v, w)], v, w ~ g.
 *
 * @param system - the hierarchy; g - raw moments E_g[v^j], j = 0 … degree; p - paired fraction.
 */
export function initialClosureState(system: MomentSystem, g: readonly number[], p: number): Float64Array {
  const laws = new Map<number, ClusterLaw>([[1, scaleLaw(singleLaw(g), 1 - p)]]);
  if (p > 0) laws.set(2, scaleLaw(coagulate(singleLaw(g), singleLaw(g)), p / 2));
  const values = new Map([...laws].map(([k, law]) => [k, evaluateLaw(law)]));
  return Float64Array.from(system.unknowns, (u) => values.get(u.size)?.get(partitionKey(u.lambda)) ?? 0);
}

/**
 * Integrates a cluster-model moment system with RODAS at {@link MOMENT_TOLERANCES}, sizes k ≥ 4
 * with absolute tolerance atol/(kε^{k−1}) on the mass fraction, as moment-closure/exact-hierarchy-2.ts does.
 *
 * @returns the raw moments y at each time and the step counts.
 */
export function integrateParticleHierarchy(
  system: MomentSystem,
  y0: Float64Array,
  epsilon: number,
  times: readonly number[],
  tolerances: { rtol: number; atol: number } = MOMENT_TOLERANCES,
): { states: Float64Array[]; steps: { accepted: number; rejected: number } } {
  const problem = polynomialProblem(system.unknowns.length, system.terms(clusterScaling, epsilon));
  const atol = Float64Array.from(system.unknowns, ({ size }) => (size <= 3 ? tolerances.atol : Math.max(tolerances.atol, tolerances.atol / (size * epsilon ** (size - 1)))));
  const solution = solveStiff(problem, system.rescale(y0, clusterScaling, epsilon), times, { rtol: tolerances.rtol, atol });
  return { states: solution.states.map((x) => system.rescale(x, clusterScaling, epsilon, true)), steps: solution.steps };
}

/**
 * The observables of docs/model.md §2 from the raw moments: those of degree ≤ 2 as in
 * moment-closure/exact-hierarchy-2.ts ({@link hierarchyObservables}), C1_3 and C1_4 when the degree reaches them
 * (NaN otherwise).
 */
export function closureObservables(system: MomentSystem, y: Float64Array, epsilon: number, mass: number): Record<ObservableName, number> {
  const K = Math.max(...system.sizes);
  const state: HierarchyState = { n: [0], S: [0], Q: [0], P: [0] };
  const at = (k: number, lambda: number[]) => {
    const i = system.indexOf(k, lambda);
    return i < 0 ? 0 : y[i];
  };
  for (let k = 1; k <= K; k++) {
    state.n[k] = at(k, []);
    state.S[k] = at(k, [1]);
    state.Q[k] = at(k, [2]);
    state.P[k] = k === 1 ? state.Q[k] : state.Q[k] + 2 * at(k, [1, 1]);
  }
  const observables = hierarchyObservables(state, epsilon, mass);
  const raw = Array.from({ length: system.degree + 1 }, (_, j) => at(1, j === 0 ? [] : [j]));
  const central = (r: number) => (r <= system.degree ? mass * shiftedPowerSum(raw, observables.v_inf, r) : Number.NaN);
  return { ...observables, C1_3: central(3), C1_4: central(4) };
}

/**
 * Solves the moment hierarchy of every degree ≤ n for a configuration.
 *
 * @param config - a validated configuration.
 * @param degree - largest total degree n, an integer ≥ 2 (default {@link DEFAULT_DEGREE}).
 * @returns a {@link RunOutput} with source "kinetic:moments-exact": every observable (C1_3,
 *   C1_4 NaN below degree 3, 4), cluster fractions n_k, and in `diagnostics.symmetricMoments[k][λ]`
 *   the joint moments ∫ m_λ f_k^ε = M·y_{k,λ}/ε^{k−1} of every class kept, in the paper's
 *   scaled densities (e.g. for k = 2, λ = "2,2": ∫ v_1²v_2² f_2; λ = "3,1": ∫ (v_1³v_2 + v_1v_2³) f_2).
 * @throws {ConfigError} for a degree that is not an integer ≥ 2, or as `hierarchySizes`.
 */
export function solveMomentClosure(config: ModelConfig, degree = DEFAULT_DEGREE): RunOutput {
  validateDegree(degree);
  const started = performance.now();
  const { epsilon, mass } = config;
  const params: HierarchyParameters = { epsilon, mass, kmax: config.kmax, lambda: resolveKernel(config.lambda), mu: resolveKernel(config.mu) };
  const { K, topClassMass } = hierarchySizes(params, initialMoments(config), config.times);
  const system = particleHierarchy(params, K, degree);
  const law = initialLaw(config.initial);
  const g = Array.from({ length: degree + 1 }, (_, j) => law.rawMoment(j));
  const run = integrateParticleHierarchy(system, initialClosureState(system, g, config.initial.pairedFraction), epsilon, config.times);
  const values = run.states.map((y) => closureObservables(system, y, epsilon, mass));
  const observables = Object.fromEntries(OBSERVABLES.map((name) => [name, values.map((v) => v[name])])) as Record<ObservableName, number[]>;
  const clusterCounts: Record<string, number[]> = {};
  const symmetricMoments: Record<string, Record<string, number[]>> = {};
  system.unknowns.forEach(({ size, lambda }, i) => {
    const series = run.states.map((y) => y[i]);
    if (lambda.length === 0) clusterCounts[String(size)] = series;
    (symmetricMoments[String(size)] ??= {})[partitionKey(lambda)] = series.map((v) => (mass * v) / epsilon ** (size - 1));
  });
  return {
    summary: deterministicSummary("kinetic:moments-exact", config, observables, clusterCounts, (performance.now() - started) / 1000, {
      solver: "moments-exact",
      degree,
      sizesKept: K,
      truncated: config.kmax === null || config.kmax > K,
      topClassMassMax: topClassMass,
      symmetricMoments,
      integrator: { method: "RODAS", ...MOMENT_TOLERANCES, atolSizesAbove3: "atol/(k·ε^(k−1)), on the mass fraction", ...run.steps },
    }),
  };
}
