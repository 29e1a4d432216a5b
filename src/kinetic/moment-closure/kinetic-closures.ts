/**
 * Moment closures of every degree for the kinetic descriptions of [KMS], derived from their
 * operators (not from their grid solutions) with the same generators as the cluster model
 * (docs/moment-closure.md §5). Unknowns are the paper's moments of densities of mass M: the raw
 * moments ∫ v^j f_1, and for (14) the joint moments ∫ m_λ f_2 (integrated as f_2^ε, scaling (7)).
 *
 * - (33), the instantaneous limit: the pairs are quasi-stationary. Two free particles merge at
 *   rate λ_{1,1}M_1² per unit mass, the pair aligns at unit speed for an Exp(μ_{1,1}) time
 *   (collision map (16)) and returns both states: class 1 loses 2λ_{1,1}M_1∫φf_1 and gains
 *   λ_{1,1}·(both members of the collided pair). E[r^j] = μ_{1,1}/(μ_{1,1} + j).
 * - (14), the first-order system: the cluster model on sizes 1 and 2 (merges of two singles at
 *   rate λ_{1,1}/ε per f_2^ε, break-up at μ_{1,1}/ε into both singles, alignment (2) at speed 1/ε)
 *   plus quasi-stationary triples (12): a single and a pair merge at rate ελ_{1,2}M_1M_2, align
 *   for an Exp(2μ_{1,2}) time ((17), (18): half speed for Exp(μ_{1,2})) and split into a uniform
 *   single and the remaining pair (T_1, T_2 of first-order-14.ts).
 * - (49), the scalar model: its eight terms as read in scalar-49.ts, each a composition of
 *   coagulation, collision maps and fragmentation; the nested ones (Q̄[f, Q[f,f]], the triple
 *   term with the pair law P[f]) are cubic in the moments.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import { initialLaw } from "../../model/initial-law.js";
import { shiftedPowerSum } from "../../observables/moments.js";
import type { RunOutput } from "../../contract/run-output.js";
import { type Moments, kineticSummary, quasiStaticPairMoments, tripleMass } from "../lattice/lattice-summary.js";
import { MOMENT_TOLERANCES } from "../equations/moment-odes.js";
import { polynomialProblem } from "../ode/polynomial-system.js";
import { solveStiff } from "../ode/rosenbrock.js";
import { type InitialDatum, slipWeight } from "../equations/initial-slip-49.js";
import { type PairRates, pairRates } from "../equations/paper-rates.js";
import { collide } from "./alignment-flow.js";
import { addBreakUp, addFlow, addMerge, addQuasiStationaryMerge } from "./cluster-events.js";
import { coagulate } from "./coagulation.js";
import { fragment } from "./fragmentation.js";
import { evaluateLaw, multiply, scaleLaw, singleLaw } from "./moment-polynomial.js";
import { type ClosureUnknown, MomentSystem } from "./moment-system.js";
import { partitionKey } from "./symmetric-basis.js";
import { DEFAULT_DEGREE, validateDegree } from "./particle-hierarchy.js";

/** The kinetic descriptions with a generated moment closure. */
export type KineticClosure = "instantaneous" | "first-order" | "scalar";

/** A triple splits into a single and a pair whichever of its two splits occurs. */
const TRIPLE_SPLITS = new Map([
  [1, 0.5],
  [2, 0.5],
]);

/**
 * The moment closure of (33) up to degree n in the unknowns ∫ v^j f_1, j = 0 … n.
 *
 * @example
 * limit33Closure({ lambda11: 1, lambda12: 0, mu11: 1, mu12: 1 }, 4).unknowns.length // 5
 */
export function limit33Closure(rates: PairRates, degree: number): MomentSystem {
  const system = new MomentSystem([1], degree);
  if (rates.lambda11 > 0) addQuasiStationaryMerge(system, 1, 1, rates.lambda11, rates.mu11, new Map([[1, 1]]));
  return system;
}

/**
 * The moment closure of (14) with (12), (18) up to degree n: ∫ v^j f_1 and the joint moments
 * y_{2,λ} = ε∫ m_λ f_2^ε (raw, per unit mass: the cluster model's convention).
 */
export function firstOrder14Closure(rates: PairRates, epsilon: number, degree: number): MomentSystem {
  const system = new MomentSystem([1, 2], degree);
  addMerge(system, 1, 1, rates.lambda11);
  addBreakUp(system, 2, 1, rates.mu11 / epsilon);
  addFlow(system, 2, 1 / epsilon);
  if (rates.lambda12 > 0) {
    addQuasiStationaryMerge(system, 1, 2, rates.lambda12 / 2, 2 * rates.mu12, TRIPLE_SPLITS);
    addQuasiStationaryMerge(system, 2, 1, rates.lambda12 / 2, 2 * rates.mu12, TRIPLE_SPLITS);
  }
  return system;
}

/**
 * The moment closure of (49) up to degree n in the unknowns ∫ v^j f_1, with c = ελ_{1,1}/μ_{1,1}
 * and the operators of scalar-49.ts: P[f] = collided pair of f⊗f (16), Q = its single law,
 * Q̄ = the single law after two collisions, T_1, T_2 = the single and pair parts of the collided
 * triple f⊗P[f] (17), C[T_2] = the single law of T_2 after one more collision:
 *   ∂_t f = 2λ_{1,1}Q[f,f] − 2λ_{1,1}M_1 f + cλ_{1,2}(2C[T_2] + T_1 − M_1²f − 2M_1Q̄[f,f])
 *         − 4cλ_{1,1}(Q̄[f, Q[f,f]] + Q̄[Q[f,f], f]) + 8cλ_{1,1}M_1Q̄[f,f].
 * Both orders Q̄[f,g] + Q̄[g,f] together are the two members of the pair f⊗g after two collisions.
 */
export function scalar49Closure(rates: PairRates, epsilon: number, degree: number): MomentSystem {
  const { lambda11, lambda12, mu11, mu12 } = rates;
  const system = new MomentSystem([1], degree);
  if (lambda11 === 0) return system;
  const f = system.law(1);
  const M1 = system.mass(1);
  const c = (epsilon * lambda11) / mu11;
  const pair = collide(coagulate(f, f), mu11);
  const Q = fragment(pair, 1);
  const Qbar = fragment(collide(pair, mu11), 1);
  system.add(Q, 2 * lambda11);
  system.add(f, -2 * lambda11, M1);
  system.add(fragment(collide(collide(coagulate(f, Q), mu11), mu11), 1), -8 * c * lambda11);
  system.add(Qbar, 8 * c * lambda11, M1);
  if (lambda12 > 0) {
    const triple = collide(coagulate(f, pair), 2 * mu12);
    system.add(fragment(collide(fragment(triple, 2), mu11), 1), 2 * c * lambda12);
    system.add(fragment(triple, 1), c * lambda12);
    system.add(f, -c * lambda12, multiply(M1, M1));
    system.add(Qbar, -2 * c * lambda12, M1);
  }
  return system;
}

/**
 * The initial moments of a closure: f_1 = M(1 − p)g for (14) with f_2^ε = (Mp/2ε)g⊗g; for (33)
 * and (49) as printed f_1 = M(1 − p)g + Mp × (one member of a collided pair g⊗g) (limit-33.ts);
 * for (49) from its slip-corrected datum f_1 = Mg + w·Q̄[Mg, Mg] with the weight w of
 * {@link slipWeight} (equations/initial-slip-49.ts).
 *
 * @param g - raw moments E_g[v^j], j = 0 … degree.
 */
function initialState(kind: KineticClosure, system: MomentSystem, g: readonly number[], mass: number, p: number, mu11: number, slip: number): Float64Array {
  const single = singleLaw(g);
  const pairs = coagulate(single, single);
  const values = new Map([[1, evaluateLaw(scaleLaw(single, mass * (1 - p)))]]);
  const free = values.get(1) as Map<string, number>;
  const add = (law: ReturnType<typeof fragment>, weight: number) => {
    for (const [key, v] of evaluateLaw(law)) free.set(key, (free.get(key) ?? 0) + weight * v);
  };
  if (p > 0 && kind === "first-order") values.set(2, evaluateLaw(scaleLaw(pairs, (mass * p) / 2)));
  if (p > 0 && kind !== "first-order") add(fragment(collide(pairs, mu11), 1), mass * p);
  if (slip !== 0) add(fragment(collide(collide(pairs, mu11), mu11), 1), slip * mass * mass);
  return Float64Array.from(system.unknowns, (u) => values.get(u.size)?.get(partitionKey(u.lambda)) ?? 0);
}

/** The observables' moments from the raw closure state (pairs quasi-stationary for (33), (49)). */
function closureMoments(kind: KineticClosure, system: MomentSystem, y: Float64Array, rates: PairRates, epsilon: number): Moments {
  const at = (k: number, lambda: number[]) => y[system.indexOf(k, lambda)];
  const raw = Array.from({ length: system.degree + 1 }, (_, j) => at(1, j === 0 ? [] : [j]));
  const [M1, I1, E1] = raw;
  let [M2, I2, E2, V2bar] = quasiStaticPairMoments(M1, I1, E1, rates.lambda11, rates.mu11);
  let vInf = I1 / M1;
  if (kind === "first-order") {
    [M2, I2, E2, V2bar] = [at(2, []) / epsilon, at(2, [1]) / (2 * epsilon), at(2, [2]) / (2 * epsilon), (at(2, [2]) - 2 * at(2, [1, 1])) / epsilon];
    vInf = (I1 + 2 * epsilon * I2) / (M1 + 2 * epsilon * M2);
  }
  const central = (r: number) => (r <= system.degree ? shiftedPowerSum(raw, vInf, r) : Number.NaN);
  return { M1, I1, E1, M2, I2, E2, V2bar, M3: tripleMass(M1, M2, rates.lambda12, rates.mu12), vInf, C1_3: central(3), C1_4: central(4) };
}

/**
 * Builds, initialises and integrates the closure of a kinetic description (RODAS).
 *
 * @param kind - "instantaneous" (33), "first-order" (14), "scalar" (49).
 * @param config - a validated configuration; degree - largest total degree n ≥ 2.
 * @param tolerances - of the stiff solver (default {@link MOMENT_TOLERANCES}).
 * @param datum - the initial datum of (49) ("slip" by default; equations/initial-slip-49.ts); ignored by the others.
 * @returns the system and the raw moments y at each output time.
 * @throws {ConfigError} as {@link pairRates}, for a degree below 2, or as {@link slipWeight}.
 */
export function integrateKineticClosure(
  kind: KineticClosure,
  config: ModelConfig,
  degree: number,
  tolerances: { rtol: number; atol: number } = MOMENT_TOLERANCES,
  datum: InitialDatum = "slip",
): { system: MomentSystem; states: Float64Array[]; rates: PairRates; steps: { accepted: number; rejected: number } } {
  validateDegree(degree);
  const rates = pairRates(config);
  const eps = config.epsilon;
  const system = kind === "instantaneous" ? limit33Closure(rates, degree) : kind === "first-order" ? firstOrder14Closure(rates, eps, degree) : scalar49Closure(rates, eps, degree);
  const law = initialLaw(config.initial);
  const g = Array.from({ length: degree + 1 }, (_, j) => law.rawMoment(j));
  const slip = kind === "scalar" ? slipWeight(datum, config, rates) : 0;
  const y0 = initialState(kind, system, g, config.mass, config.initial.pairedFraction, rates.mu11, slip);
  const scaling = (u: ClosureUnknown) => u.size - 1;
  const solution = solveStiff(polynomialProblem(system.unknowns.length, system.terms(scaling, eps)), system.rescale(y0, scaling, eps), config.times, tolerances);
  return { system, rates, states: solution.states.map((x) => system.rescale(x, scaling, eps, true)), steps: solution.steps };
}

/**
 * Solves the moment closure of a kinetic description for a configuration.
 *
 * @param kind - "instantaneous" (33), "first-order" (14), "scalar" (49).
 * @param config - a validated configuration; degree - largest total degree (default 4).
 * @returns a {@link RunOutput} with source "kinetic:<kind>-moments", the observables of the
 *   description (the pairs of (33), (49) quasi-stationary (32), M_3 from (12)), and in
 *   `diagnostics.rawMomentsF1[j]` the moments ∫ v^j f_1 (for (14) also `jointMomentsF2[λ]` = ∫ m_λ f_2).
 */
export function solveKineticClosure(kind: KineticClosure, config: ModelConfig, degree = DEFAULT_DEGREE, datum: InitialDatum = "slip"): RunOutput {
  const started = performance.now();
  const { system, states, rates, steps } = integrateKineticClosure(kind, config, degree, MOMENT_TOLERANCES, datum);
  const eps = config.epsilon;
  const moments = states.map((y) => closureMoments(kind, system, y, rates, eps));
  const rawMomentsF1: Record<string, number[]> = {};
  const jointMomentsF2: Record<string, number[]> = {};
  system.unknowns.forEach(({ size, lambda }, i) => {
    if (size === 1) rawMomentsF1[String(lambda[0] ?? 0)] = states.map((y) => y[i]);
    else jointMomentsF2[partitionKey(lambda)] = states.map((y) => y[i] / eps);
  });
  return {
    summary: kineticSummary(`kinetic:${kind}-moments`, config, moments, (performance.now() - started) / 1000, {
      solver: "closure",
      degree,
      ...(kind === "scalar" ? { initialDatum: datum } : {}),
      rawMomentsF1,
      ...(kind === "first-order" ? { jointMomentsF2 } : {}),
      integrator: { method: "RODAS", ...MOMENT_TOLERANCES, ...steps },
    }),
  };
}
