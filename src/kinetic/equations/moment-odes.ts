/**
 * The O(ε) moment systems of [KMS] §3.1 as one solver: masses (20), first moments (23) and a
 * second-moment system (derived, or (29)/(34) as printed; see ./second-moments-29-34.js), integrated
 * together with the stiff integrator of ./ode/rosenbrock.js. The unknowns are
 *
 *   y = (M_1, M_2, I_1, I_2, V_1, V_2, V̄_2, Ṽ_2),
 *
 * and v_∞ = (I_1 + 2εI_2)/(M_1 + 2εM_2) is conserved. M_3 is the quasi-stationary triple mass of
 * the docs/model.md convention, M_3 = λ_{1,2}M_1M_2/(2μ_{1,2}) (a triple forms at rate λ_{1,2}M_1·εM_2
 * per unit mass and lives Exp(2μ_{1,2}/ε)); (12) of [KMS] would give twice this, because (9a)
 * counts a triple's break-up into a singleton once, docs/model.md twice (j = 1 and j = 2).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { deterministicSummary } from "../lattice/lattice-summary.js";
import type { ModelConfig } from "../../model/config.js";
import type { ObservableName, RunOutput } from "../../contract/run-output.js";
import { massesRhs20 } from "./masses-20.js";
import { type InitialMoments, initialMoments } from "./initial-moments.js";
import { firstMomentsRhs23 } from "./first-moments-23.js";
import { solveStiff } from "../ode/rosenbrock.js";
import { type PairRates, pairRates } from "./paper-rates.js";
import { type SecondMomentSystem, secondMomentCoefficients } from "./second-moments-29-34.js";

/** The unknowns of the O(ε) moment systems, in the order of the state vector. */
export interface MomentState {
  M1: number;
  M2: number;
  I1: number;
  I2: number;
  V1: number;
  V2: number;
  V2bar: number;
  V2tilde: number;
}

const KEYS = ["M1", "M2", "I1", "I2", "V1", "V2", "V2bar", "V2tilde"] as const;

/** Tolerances of the moment solvers: the variables are O(1) (masses scaled as in (7)). */
export const MOMENT_TOLERANCES = { rtol: 1e-9, atol: 1e-12 } as const;

/**
 * The moments of the initial data: M_1 = M(1 − p), M_2 = Mp/(2ε), I_k, and V_1, V_2, V̄_2 (26),
 * Ṽ_2 (28) about v_∞ for independent states (V̄_2 = 2M_2·Var h, Ṽ_2 = M_2E_1 − 2I_1I_2 + M_1E_2).
 *
 * @param initial - initial moments.
 * @param epsilon - ε > 0.
 * @returns the state at t = 0.
 */
export function initialMomentState(initial: InitialMoments, epsilon: number): MomentState {
  const { mass, pairedFraction: p, free, paired } = initial;
  const M1 = mass * (1 - p);
  const M2 = (mass * p) / (2 * epsilon);
  const [I1, I2, E1, E2] = [M1 * free.mean, M2 * paired.mean, M1 * free.second, M2 * paired.second];
  const vInf = (I1 + 2 * epsilon * I2) / mass;
  return {
    M1,
    M2,
    I1,
    I2,
    V1: E1 - 2 * vInf * I1 + vInf * vInf * M1,
    V2: E2 - 2 * vInf * I2 + vInf * vInf * M2,
    V2bar: 2 * M2 * (paired.second - paired.mean ** 2),
    V2tilde: M2 * E1 - 2 * I1 * I2 + M1 * E2,
  };
}

/**
 * RHS of the O(ε) moment system: (20), (23) and the chosen second-moment system
 * (derived, or (29)/(34) of [KMS] as printed).
 *
 * @param system - which second-moment system.
 * @param rates - the rates; epsilon - ε > 0.
 * @returns y ↦ ẏ for y in the order of {@link MomentState}.
 */
export function momentRhs(system: SecondMomentSystem, rates: PairRates, epsilon: number): (y: Float64Array) => Float64Array {
  return (y) => {
    const [M1, M2, I1, I2, V1, V2, V2bar, V2tilde] = y;
    const [dM1, dM2] = massesRhs20(rates, epsilon, M1, M2);
    const [dI1, dI2] = firstMomentsRhs23(rates, epsilon, M1, M2, I1, I2);
    const { A, b } = secondMomentCoefficients(system, rates, epsilon, M1, M2);
    const J = I1 - ((I1 + 2 * epsilon * I2) / (M1 + 2 * epsilon * M2)) * M1;
    const V = [V1, V2, V2bar, V2tilde];
    const dV = A.map((row, i) => (row[0] * V[0] + row[1] * V[1] + row[2] * V[2] + row[3] * V[3] + b[i] * J * J) / (i === 0 ? 1 : epsilon));
    return Float64Array.of(dM1, dM2, dI1, dI2, dV[0], dV[1], dV[2], dV[3]);
  };
}

/**
 * Integrates the O(ε) moment system from given initial data.
 *
 * @param system - which second-moment system.
 * @param rates - the rates; epsilon - ε > 0.
 * @param initial - initial moments.
 * @param times - output times ≥ 0, increasing.
 * @returns the state at each time and the integrator's step counts.
 */
export function integrateMoments(
  system: SecondMomentSystem,
  rates: PairRates,
  epsilon: number,
  initial: InitialMoments,
  times: readonly number[],
): { states: MomentState[]; steps: { accepted: number; rejected: number } } {
  const y0 = initialMomentState(initial, epsilon);
  const solution = solveStiff({ rhs: momentRhs(system, rates, epsilon) }, Float64Array.from(KEYS.map((k) => y0[k])), times, MOMENT_TOLERANCES);
  const states = solution.states.map((y) => Object.fromEntries(KEYS.map((k, i) => [k, y[i]])) as unknown as MomentState);
  return { states, steps: solution.steps };
}

/**
 * Solves the O(ε) moment systems of [KMS] for a configuration: (20), (23) and the chosen
 * second-moment system, with M_3 quasi-stationary (see the module comment).
 *
 * @param config - a validated configuration (ε, mass, k_max, kernels, initial law, times).
 * @param options - `secondMoments`: "derived" (default), "printed29" or "printed34".
 * @returns a {@link RunOutput} with source "kinetic:moments", every observable of
 *   OBSERVABLES with stderr 0, cluster fractions n_k = ε^{k−1}M_k/M for k ≤ 3, no histograms.
 * @throws {ConfigError} from {@link pairRates} (a cluster that never breaks up).
 * @example
 * solveMoments(parseConfig({ epsilon: 0.01 })).summary.observables.v_inf.mean // [0, 0, 0, 0]
 */
export function solveMoments(config: ModelConfig, options: { secondMoments?: SecondMomentSystem } = {}): RunOutput {
  const started = performance.now();
  const system = options.secondMoments ?? "derived";
  const rates = pairRates(config);
  const eps = config.epsilon;
  const { states, steps } = integrateMoments(system, rates, eps, initialMoments(config), config.times);
  const M3 = (s: MomentState) => (rates.lambda12 === 0 ? 0 : (rates.lambda12 * s.M1 * s.M2) / (2 * rates.mu12));
  const series = (f: (s: MomentState) => number) => states.map(f);
  const observables: Record<ObservableName, number[]> = {
    M1: series((s) => s.M1),
    M2: series((s) => s.M2),
    M3: series(M3),
    I1: series((s) => s.I1),
    I2: series((s) => s.I2),
    V1: series((s) => s.V1),
    V2: series((s) => s.V2),
    V2bar: series((s) => s.V2bar),
    V2tilde: series((s) => s.V2tilde),
    v_inf: series((s) => (s.I1 + 2 * eps * s.I2) / (s.M1 + 2 * eps * s.M2)),
    // A second-moment system: no moments of degree 3 and 4 (the closure of (14) has them).
    C1_3: series(() => Number.NaN),
    C1_4: series(() => Number.NaN),
  };
  const clusterCounts: Record<string, number[]> = {
    "1": series((s) => s.M1 / config.mass),
    "2": series((s) => (eps * s.M2) / config.mass),
  };
  if (config.kmax === null || config.kmax >= 3) clusterCounts["3"] = series((s) => (eps * eps * M3(s)) / config.mass);
  return {
    summary: deterministicSummary("kinetic:moments", config, observables, clusterCounts, (performance.now() - started) / 1000, {
      solver: "moments",
      secondMoments: system,
      M3: "quasi-stationary λ12·M1·M2/(2μ12) (docs/model.md convention; (12) of [KMS] gives twice this)",
      integrator: { method: "RODAS", ...MOMENT_TOLERANCES, ...steps },
    }),
  };
}
