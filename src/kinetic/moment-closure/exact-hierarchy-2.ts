/**
 * The exact mean-field moment hierarchy of the full cluster model (docs/model.md §1), for any ε and
 * any k_max, not truncated in ε: the reference the particle engine must match at every ε.
 *
 * Per particle (N → ∞), with n_k = N_k/N and, over the k-clusters,
 *   S_k = (1/N) Σ Σ_i v_i,   Q_k = (1/N) Σ Σ_i v_i²,   P_k = (1/N) Σ (Σ_i v_i)²   (P_1 = Q_1),
 * the equations close because the rates depend on sizes only and the flow is linear:
 *
 * - merge of an i- and a j-cluster, per particle at rate w_ij n_i n_j for each ordered pair
 *   (i, j), w_ij = λ(i,j)M/2 (i ≠ j), λ(i,i)M (i = j), i + j ≤ k_max: n_{i+j} gains w n_i n_j,
 *   n_i loses 2w n_i n_j; X = S, Q, P moves 2w X_i n_j from class i to class i + j, and
 *   P_{i+j} gains the cross term 2w S_i S_j (the two sums are independent as N → ∞);
 * - split of a k-cluster into a uniform random m-subset and the rest, at rate μ(j, k−j)/ε for
 *   each j = 1 … k−1 (parts m = j and m = k − j): n_m gains n_k, S_m and Q_m gain (m/k)·S_k,
 *   (m/k)·Q_k, and P_m gains [m(k−m)Q_k + m(m−1)P_k]/(k(k−1)) (E[(Σ_A v)²] for a random m-subset A);
 * - alignment flow: Σ_i v_i is conserved and Σ_i (v_i − m)² decays like e^{−2t/ε}, so
 *   Q̇_k = −(2/ε)(Q_k − P_k/k).
 *
 * Σ_k k n_k = 1 and Σ_k S_k = v_∞ are conserved exactly. The unknowns are integrated scaled as
 * in (7) of [KMS], x_k = (·)_k/ε^{k−1}, so that all of them are O(1); the right-hand side is
 * a list of linear and bilinear terms with an exact Jacobian (./ode/quadratic-system.js). The observables of docs/model.md §2 follow:
 * M_k = M n_k/ε^{k−1}, I_k = M S_k/(kε^{k−1}), E_k = M Q_k/(kε^{k−1}),
 * V_k = M(Q_k − 2v_∞S_k + v_∞²k n_k)/(kε^{k−1}), V̄_2 = M(2Q_2 − P_2)/ε (from
 * Σ_pairs (v_a − v_b)² = 2Σ v² − Σ (v_a + v_b)²), Ṽ_2 = M_2E_1 − 2I_1I_2 + M_1E_2.
 *
 * For k_max = null (or a k_max so large that the top sizes carry no mass) the hierarchy is cut
 * at a size K whose class holds mass below 1e-12·M at every accepted step (merges beyond K are
 * suppressed; see {@link hierarchySizes}); K is reported in the diagnostics. The mass that the
 * cut keeps out of sizes > K is of the order of the top-class mass when the size distribution
 * decays geometrically, as it does for ε ≤ 1 and kernels of order one.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { deterministicSummary } from "../lattice/lattice-summary.js";
import { ConfigError } from "../../errors.js";
import type { ModelConfig } from "../../model/config.js";
import { type Kernel, resolveKernel } from "../../model/kernels.js";
import { type ObservableName, OBSERVABLES, type RunOutput } from "../../contract/run-output.js";
import { type InitialMoments, initialMoments } from "../equations/initial-moments.js";
import { MOMENT_TOLERANCES } from "../equations/moment-odes.js";
import { type QuadraticTerm, quadraticProblem } from "../ode/quadratic-system.js";
import { solveStiff } from "../ode/rosenbrock.js";

/** The model parameters the hierarchy needs. */
export interface HierarchyParameters {
  epsilon: number;
  /** Total mass M (rates λ·M, docs/model.md §1). */
  mass: number;
  /** Largest cluster size a merge may create (null: unbounded). */
  kmax: number | null;
  lambda: Kernel;
  mu: Kernel;
}

/** Per-size moments at one time, per particle and unscaled (n_k, S_k, Q_k, P_k of the module comment). */
export interface HierarchyState {
  n: number[];
  S: number[];
  Q: number[];
  P: number[];
}

/** Mass allowed in the top class of a truncated hierarchy, relative to M. */
export const TRUNCATION_MASS = 1e-12;
/** Largest truncation size tried before giving up on an unbounded hierarchy. */
const MAX_SIZE = 256;

/** Index of each unknown in the scaled state vector of a hierarchy on sizes 1 … K. */
function layout(K: number) {
  return {
    dimension: 4 * K - 1,
    n: (k: number) => k - 1,
    S: (k: number) => K + k - 1,
    Q: (k: number) => 2 * K + k - 1,
    /** P_1 ≡ Q_1 is not an unknown. */
    P: (k: number) => (k === 1 ? 2 * K : 3 * K + k - 2),
  };
}

/**
 * The terms of the exact mean-field hierarchy on sizes 1 … K (module comment), in the scaled
 * unknowns x = (n, S, Q, P)_k/ε^{k−1}, laid out as n_1…n_K, S_1…S_K, Q_1…Q_K, P_2…P_K. The
 * n-rows come first and involve n only, so the first K rows alone are the cluster-count system.
 *
 * @param params - model parameters.
 * @param K - number of sizes kept, ≥ 1.
 * @returns the linear and bilinear terms of ẋ.
 */
export function hierarchyTerms(params: HierarchyParameters, K: number): QuadraticTerm[] {
  const { epsilon, mass } = params;
  const at = layout(K);
  const terms: QuadraticTerm[] = [];
  /** Adds c·raw_a·raw_b to d(raw)_row, raw_k = ε^{k−1}x_k, as a term in the scaled unknowns. */
  const add = (row: [number, number], c: number, a: [number, number], b?: [number, number]) => {
    const sizes = a[1] - 1 + (b ? b[1] - 1 : 0) - (row[1] - 1);
    if (c !== 0) terms.push({ row: row[0], coefficient: c * epsilon ** sizes, a: a[0], b: b?.[0] });
  };
  const cap = Math.min(K, params.kmax ?? K);
  for (let i = 1; i < cap; i++) {
    for (let j = 1; i + j <= cap; j++) {
      const w = (i === j ? 1 : 0.5) * params.lambda(i, j) * mass;
      const k = i + j;
      const [ni, nj, Si, Sj] = [[at.n(i), i], [at.n(j), j], [at.S(i), i], [at.S(j), j]] as [number, number][];
      add([at.n(k), k], w, ni, nj);
      add([at.n(i), i], -2 * w, ni, nj);
      for (const X of [at.S, at.Q, at.P]) {
        add([X(k), k], 2 * w, [X(i), i], nj);
        // P_1 is Q_1: its loss is already Q_1's.
        if (X !== at.P || i >= 2) add([X(i), i], -2 * w, [X(i), i], nj);
      }
      add([at.P(k), k], 2 * w, Si, Sj);
    }
  }
  for (let k = 2; k <= K; k++) {
    for (let j = 1; j < k; j++) {
      const rate = params.mu(j, k - j) / epsilon;
      for (const X of [at.n, at.S, at.Q, at.P]) add([X(k), k], -rate, [X(k), k]);
      for (const m of [j, k - j]) {
        add([at.n(m), m], rate, [at.n(k), k]);
        add([at.S(m), m], (rate * m) / k, [at.S(k), k]);
        add([at.Q(m), m], (rate * m) / k, [at.Q(k), k]);
        if (m >= 2) {
          add([at.P(m), m], (rate * m * (k - m)) / (k * (k - 1)), [at.Q(k), k]);
          add([at.P(m), m], (rate * m * (m - 1)) / (k * (k - 1)), [at.P(k), k]);
        }
      }
    }
    add([at.Q(k), k], -2 / epsilon, [at.Q(k), k]);
    add([at.Q(k), k], 2 / (k * epsilon), [at.P(k), k]);
  }
  return terms;
}

/**
 * The hierarchy's initial state: n_1 = 1 − p, n_2 = p/2, S_1 = (1 − p)E_g[v], Q_1 = (1 − p)E_g[v²],
 * S_2 = pE_h[v], Q_2 = pE_h[v²], P_2 = p(E_h[v²] + E_h[v]²) (independent states in a pair).
 *
 * @param initial - initial moments; K - number of sizes kept (≥ 2 when p > 0).
 * @returns the unscaled state, index k = size (index 0 unused).
 */
export function initialHierarchyState(initial: InitialMoments, K: number): HierarchyState {
  const zeros = () => new Array<number>(K + 1).fill(0);
  const state = { n: zeros(), S: zeros(), Q: zeros(), P: zeros() };
  const p = initial.pairedFraction;
  state.n[1] = 1 - p;
  state.S[1] = (1 - p) * initial.free.mean;
  state.Q[1] = state.P[1] = (1 - p) * initial.free.second;
  if (p > 0) {
    state.n[2] = p / 2;
    state.S[2] = p * initial.paired.mean;
    state.Q[2] = p * initial.paired.second;
    state.P[2] = p * (initial.paired.second + initial.paired.mean ** 2);
  }
  return state;
}

/**
 * Integrates the hierarchy on sizes 1 … K from given initial data.
 *
 * @param params - model parameters; initial - initial moments.
 * @param times - output times ≥ 0, increasing.
 * @param K - number of sizes kept (≥ 2 when p > 0).
 * @returns the unscaled state at each time and the integrator's step counts.
 */
export function integrateHierarchy(
  params: HierarchyParameters,
  initial: InitialMoments,
  times: readonly number[],
  K: number,
): { states: HierarchyState[]; steps: { accepted: number; rejected: number } } {
  const problem = quadraticProblem(layout(K).dimension, hierarchyTerms(params, K));
  const solution = solveStiff(problem, pack(initialHierarchyState(initial, K), K, params.epsilon), times, hierarchyTolerances(K, params.epsilon));
  return { states: solution.states.map((x) => unpack(x, K, params.epsilon)), steps: solution.steps };
}

/**
 * The number of sizes to keep: k_max, or for k_max = null (or larger) the smallest K, grown by
 * half at a time from 4, whose top class holds mass K·n_K below {@link TRUNCATION_MASS} at every
 * accepted step of the cluster-count system (the n-rows of {@link hierarchyTerms}, closed in n).
 *
 * @param params - model parameters; initial - initial moments; times - output times.
 * @returns K and the largest top-class mass seen (0 when K = k_max: nothing is cut).
 * @throws {ConfigError} when mass above the threshold still reaches size 256.
 */
export function hierarchySizes(params: HierarchyParameters, initial: InitialMoments, times: readonly number[]): { K: number; topClassMass: number } {
  const smallest = initial.pairedFraction > 0 ? 2 : 1;
  const cap = params.kmax ?? Infinity;
  let K = Math.max(smallest, Math.min(cap, 4));
  for (;;) {
    if (K >= cap) return { K, topClassMass: 0 };
    const counts = hierarchyTerms(params, K).filter((t) => t.row < K);
    const n0 = pack(initialHierarchyState(initial, K), K, params.epsilon).subarray(0, K);
    const top = params.epsilon ** (K - 1);
    let topClassMass = 0;
    solveStiff(quadraticProblem(K, counts), n0, times, {
      ...hierarchyTolerances(K, params.epsilon, K),
      onStep: (_, x) => {
        topClassMass = Math.max(topClassMass, K * x[K - 1] * top);
      },
    });
    if (topClassMass < TRUNCATION_MASS) return { K, topClassMass };
    if (K >= MAX_SIZE) {
      throw new ConfigError("kmax", params.kmax, `a finite size cap: mass ${topClassMass.toExponential(1)} still reaches size ${K} of the unbounded hierarchy`);
    }
    K = Math.min(cap, MAX_SIZE, K + Math.ceil(K / 2));
  }
}

/**
 * Solves the exact mean-field moment hierarchy for a configuration (see the module comment).
 *
 * @param config - a validated configuration.
 * @returns a {@link RunOutput} with source "kinetic:moments-exact", every observable of
 *   OBSERVABLES (M3 = 0 when k_max < 3) with stderr 0, cluster fractions n_k for every size kept.
 * @throws {ConfigError} when k_max = null and mass 1e-12 still reaches size 256.
 */
export function solveMomentsExact(config: ModelConfig): RunOutput {
  const started = performance.now();
  const params: HierarchyParameters = { epsilon: config.epsilon, mass: config.mass, kmax: config.kmax, lambda: resolveKernel(config.lambda), mu: resolveKernel(config.mu) };
  const initial = initialMoments(config);
  const { K, topClassMass } = hierarchySizes(params, initial, config.times);
  const run = integrateHierarchy(params, initial, config.times, K);
  const { states } = run;
  const values = states.map((state) => hierarchyObservables(state, config.epsilon, config.mass));
  const observables = Object.fromEntries(OBSERVABLES.map((name) => [name, values.map((v) => v[name])])) as Record<ObservableName, number[]>;
  const clusterCounts: Record<string, number[]> = {};
  for (let k = 1; k <= K; k++) clusterCounts[String(k)] = states.map((s) => s.n[k]);
  return {
    summary: deterministicSummary("kinetic:moments-exact", config, observables, clusterCounts, (performance.now() - started) / 1000, {
      solver: "moments-exact",
      sizesKept: K,
      truncated: config.kmax === null || config.kmax > K,
      topClassMassMax: topClassMass,
      integrator: { method: "RODAS", ...MOMENT_TOLERANCES, atolSizesAbove3: "atol/(k·ε^(k−1)), on the mass fraction", ...run.steps },
    }),
  };
}

/**
 * The observables of docs/model.md §2 from the per-size moments (formulas in the module comment);
 * sizes that are not kept contribute 0.
 *
 * @param state - per-size moments n_k, S_k, Q_k, P_k (per particle, unscaled).
 * @param epsilon - ε > 0; mass - total mass M > 0.
 * @returns M1 … v_inf.
 */
export function hierarchyObservables(state: HierarchyState, epsilon: number, mass: number): Record<ObservableName, number> {
  const K = state.n.length - 1;
  const vInf = state.S.reduce((a, b) => a + b, 0);
  const per = (k: number) => {
    if (k > K) return { M: 0, I: 0, E: 0, V: 0 };
    const weight = mass / (k * epsilon ** (k - 1));
    const { n, S, Q } = { n: state.n[k], S: state.S[k], Q: state.Q[k] };
    return { M: k * weight * n, I: weight * S, E: weight * Q, V: weight * (Q - 2 * vInf * S + vInf * vInf * k * n) };
  };
  const [one, two, three] = [per(1), per(2), per(3)];
  return {
    M1: one.M,
    M2: two.M,
    M3: three.M,
    I1: one.I,
    I2: two.I,
    V1: one.V,
    V2: two.V,
    V2bar: K >= 2 ? (mass * (2 * state.Q[2] - state.P[2])) / epsilon : 0,
    V2tilde: two.M * one.E - 2 * one.I * two.I + one.M * two.E,
    v_inf: vInf,
    // Degree 3 and 4: not in this degree-2 hierarchy (see moment-closure/particle-hierarchy.ts).
    C1_3: Number.NaN,
    C1_4: Number.NaN,
  };
}

/**
 * Tolerances on the scaled unknowns: {@link MOMENT_TOLERANCES} for sizes ≤ 3 (the observables);
 * sizes k ≥ 4 enter the observables only through the mass they hold, so their absolute
 * tolerance is put on the mass fraction k·n_k = kε^{k−1}x_k instead, atol/(kε^{k−1}).
 */
function hierarchyTolerances(K: number, epsilon: number, dimension = layout(K).dimension): { rtol: number; atol: Float64Array } {
  const at = layout(K);
  const atol = new Float64Array(dimension).fill(MOMENT_TOLERANCES.atol);
  for (let k = 4; k <= K; k++) {
    for (const index of [at.n(k), at.S(k), at.Q(k), at.P(k)]) {
      if (index < dimension) atol[index] = Math.max(MOMENT_TOLERANCES.atol, MOMENT_TOLERANCES.atol / (k * epsilon ** (k - 1)));
    }
  }
  return { rtol: MOMENT_TOLERANCES.rtol, atol };
}

/** Scaled vector → unscaled per-size moments (index = size; P_1 = Q_1). */
function unpack(x: Float64Array, K: number, epsilon: number): HierarchyState {
  const at = layout(K);
  const state: HierarchyState = { n: [0], S: [0], Q: [0], P: [0] };
  for (let k = 1; k <= K; k++) {
    const scale = epsilon ** (k - 1);
    state.n[k] = x[at.n(k)] * scale;
    state.S[k] = x[at.S(k)] * scale;
    state.Q[k] = x[at.Q(k)] * scale;
    state.P[k] = x[at.P(k)] * scale;
  }
  return state;
}

/** Unscaled per-size moments → scaled vector (P_1 dropped). */
function pack(state: HierarchyState, K: number, epsilon: number): Float64Array {
  const at = layout(K);
  const x = new Float64Array(at.dimension);
  for (let k = 1; k <= K; k++) {
    const scale = epsilon ** (k - 1);
    x[at.n(k)] = state.n[k] / scale;
    x[at.S(k)] = state.S[k] / scale;
    x[at.Q(k)] = state.Q[k] / scale;
    x[at.P(k)] = state.P[k] / scale;
  }
  return x;
}
