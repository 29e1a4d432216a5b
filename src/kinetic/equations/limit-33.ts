/**
 * The instantaneous limit (33) of [KMS] and its exact moment solutions.
 *
 * (33): ∂_t f_1 = 2λ_{1,1}μ_{1,1} ∫∫_0^∞ (S_2(s) f_1⊗f_1) ds dv_2 − 2λ_{1,1} f_1 M_1.
 * Since ∫_0^∞ S_2(s) ds = (1/μ_{1,1}) E_s[pushforward by (16)], s ~ Exp(μ_{1,1}), the gain is
 * 2λ_{1,1} × the law of m + r(v − m), v, w ~ f_1, r = e^{−s} with density μ r^{μ−1} on (0, 1): each
 * free particle collides at rate 2λ_{1,1}M_1 (docs/model.md "useful exact facts") and M_1 = M is
 * conserved.
 *
 * Method. f_1 is a vector of point masses on a uniform lattice (`lattice.ts`), halved whenever
 * the spread of f_1 has halved (`contracting-lattice.ts`; remap exact for moments ≤ 4). The gain is the
 * pushforward of f_1⊗f_1 under (16) with Gauss–Jacobi nodes in r (exact for E[r^j], j ≤ 2Q − 1)
 * and the deposit of degree 4 (exact for moments ≤ 4). Hence the discrete moments c_0 … c_4 obey
 * exactly the closed moment system derived below, and mass, momentum, variance and fourth moment
 * are only affected by the time stepping (classical RK4, the ETDRK4 of `ode/exponential-rk4.ts` with
 * L = 0; mass and momentum are conserved to rounding). A velocity lattice rather than Fourier
 * variables: the same lattice and deposit serve (14), whose pair density is singular on the
 * diagonal v_1 = v_2 (aligned pairs accumulate there: density ~ |v_1 − v_2|^{μ_{1,1}−1}), where a
 * spectral representation loses its accuracy while the moment-preserving deposit does not.
 * Cost per right-hand side: n²Q deposits (n lattice nodes). Accuracy: order 2 in h for the cell
 * averages (the nodes carry point samples h·f(x_i); summing them over an output cell is the
 * midpoint rule), order 4 in dt.
 *
 * Exact solutions beside the solver: the variance decay of Lemma 3.4 ({@link variance33}), the
 * fourth central moment ({@link fourthMoment33}), the reduced system of Lemma 3.4 that slaves the
 * pair moments to f_1 ({@link reducedSystem34}), and all of them assembled as the exact moments of
 * (33) at the config's times ({@link instantaneousMoments}).
 *
 * Initial data. Departure (documented choice): (33) describes f_1 only. Pairs present at t = 0
 * (pairedFraction p) break up within the initial layer of width O(ε) after one collision of
 * their two independent states, so the ε → 0 limit starts from
 * f_1(0) = M(1 − p)g + Mp × (law of one particle after one collision of g⊗g), of mass M.
 * Pair and triple observables are those of the quasi-stationary laws (32) and (12): M_2 =
 * λ_{1,1}M_1²/μ_{1,1} etc. (`lattice/lattice-summary.ts`), the limits of n_2/ε and n_3/ε² as ε → 0.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { initialLaw } from "../../model/initial-law.js";
import type { ModelConfig } from "../../model/config.js";
import { OBSERVABLES, type Estimate, type ObservableName, type RunOutput } from "../../contract/run-output.js";
import { collisionSingle } from "../lattice/collision-operators.js";
import type { SemilinearSystem } from "../ode/exponential-rk4.js";
import { initialMoments } from "./initial-moments.js";
import { kineticSummary, quasiStaticMoments } from "../lattice/lattice-summary.js";
import { type Refinement, integrateFollowingContraction, latticeDiagnostics } from "../lattice/contracting-lattice.js";
import { type Lattice, type VelocityGrid, histogram1D, initialMasses, velocityGrid } from "../lattice/lattice.js";
import { contractionRule } from "../lattice/quadrature.js";
import { type PairRates, pairRates } from "./paper-rates.js";
import { RECOMMENDED, type Resolution } from "../lattice/resolution.js";

/** Deposit degree of (33): moments up to 4 are exact. */
const ORDER = 4;

/**
 * Solves the instantaneous limit (33) on a velocity lattice.
 *
 * @param config - the run configuration (λ_{1,1}, μ_{1,1}, M, initial law, times, histogram).
 * @param resolution - lattice spacing, time step, r-nodes (`collisionNodes`); default
 *   RECOMMENDED.instantaneous (h = 0.05, dt = 0.05, 6 nodes).
 * @returns summary (source "kinetic:instantaneous") and f1 on the config's histogram.
 * @throws {ConfigError} if λ_{1,1} > 0 and μ_{1,1} = 0, or the histogram bins are incommensurate.
 */
export function solveInstantaneous(config: ModelConfig, resolution: Resolution = RECOMMENDED.instantaneous): RunOutput {
  const started = performance.now();
  const rates = pairRates(config);
  const { grids, states, refinements } = evolveInstantaneous(config, resolution);
  const moments = states.map((f, t) => quasiStaticMoments([f], grids[t].lattice, rates)[0]);
  const { min, max } = config.histogram;
  return {
    summary: kineticSummary("kinetic:instantaneous", config, moments, (performance.now() - started) / 1000, { solver: "instantaneous", lattice: latticeDiagnostics(grids, refinements) }),
    f1: histogram1D(grids, states, min, max),
  };
}

/**
 * The node masses of f_1 solving (33) at the output times, on a lattice that follows the
 * contraction of f_1 (`contracting-lattice.ts`; fixed when resolution.fixedLattice).
 *
 * @param config - the run configuration.
 * @param resolution - as for {@link solveInstantaneous}.
 * @returns one node-mass vector per output time, the lattice of each, and the refinements made.
 */
export function evolveInstantaneous(config: ModelConfig, resolution: Resolution = RECOMMENDED.instantaneous): { grids: VelocityGrid[]; states: Float64Array[]; refinements: Refinement[] } {
  const { grid, f0, build } = instantaneousProblem(config, resolution);
  return integrateFollowingContraction(build, grid, config.histogram, f0, config.times, resolution, ORDER);
}

/**
 * The discretised problem (33) of a config: the lattice, the initial node masses f_1(0) (with
 * the pairs of pairedFraction p > 0 broken up as in the module doc, mass M) and, on a given
 * lattice, the collision operator as a semilinear system u' = N(u) (L = 0),
 * N(u) = 2λ_{1,1}(C(u, u) − M_1(u)u) with C the pair collision law of `collisionSingle`.
 * {@link evolveInstantaneous} integrates it in time; the spatial solver (`space/limit-33.ts`) applies
 * its steps in every x-cell.
 *
 * @param config - the run configuration.
 * @param resolution - lattice spacing and r-nodes.
 */
export function instantaneousProblem(config: ModelConfig, resolution: Resolution): { grid: VelocityGrid; f0: Float64Array; build: (on: Lattice) => SemilinearSystem } {
  const { lambda11, mu11 } = pairRates(config);
  const law = initialLaw(config.initial);
  const grid = velocityGrid(config, law, resolution.spacing, resolution.binsPerCell);
  const { lattice } = grid;
  const M = config.mass;
  const p = config.initial.pairedFraction;
  const f0 = initialMasses(law, lattice, M * (1 - p), ORDER);
  const rule = lambda11 > 0 || p > 0 ? contractionRule(resolution.collisionNodes, mu11 > 0 ? mu11 : 1, 1) : null;
  if (p > 0 && rule) {
    const g = initialMasses(law, lattice, 1, ORDER);
    collisionSingle(g, g, lattice, rule, M * p, ORDER, f0);
  }
  const build = (on: Lattice): SemilinearSystem => ({
    propagate: (_tau: number, u: Float64Array, out: Float64Array) => out.set(u),
    nonlinear(u: Float64Array, out: Float64Array) {
      if (lambda11 === 0 || !rule) return;
      let M1 = 0;
      for (let i = 0; i < u.length; i++) M1 += u[i];
      collisionSingle(u, u, on, rule, 2 * lambda11, ORDER, out);
      for (let i = 0; i < u.length; i++) out[i] -= 2 * lambda11 * M1 * u[i];
    },
  });
  return { grid, f0, build };
}

/**
 * Exact variance of (33) (Lemma 3.4, reduced system): with M_1 = M conserved,
 * V_1(t) = V_1(0)·exp(−2λ_{1,1}M t/(2 + μ_{1,1})).
 *
 * Derivation (the c_2 row of the system below): c_2' = λ_{1,1}M c_2 (ρ_2 − 1) with
 * ρ_2 = E[r²] = μ/(μ + 2), i.e. c_2' = −2λ_{1,1}M c_2/(2 + μ_{1,1}).
 *
 * @param V0 - V_1(0) ≥ 0; @param lambda11 - λ_{1,1} ≥ 0; @param M - mass of f_1 (> 0);
 * @param mu11 - μ_{1,1} > 0; @param t - time ≥ 0.
 * @example
 * variance33(1, 1, 1, 1, 0) // 1
 */
export function variance33(V0: number, lambda11: number, M: number, mu11: number, t: number): number {
  return V0 * Math.exp((-2 * lambda11 * M * t) / (2 + mu11));
}

/**
 * Exact third central moment c_3(t) = ∫ (v − v_∞)³ f_1 of (33): c_3(t) = c_3(0)·exp(−3λ_{1,1}M t/(2 + μ_{1,1})).
 *
 * Derivation (notation of {@link fourthMoment33}): with c_1 = 0, ∬ (m + r d)³ keeps only the
 * even powers of d, ∬ m³ = ∬ m d² = Mc_3/4, so c_3' = 2λ(Mc_3(1 + 3ρ_2)/4 − Mc_3)
 * = −(3/2)λM(1 − ρ_2)c_3 = −3λMc_3/(2 + μ).
 *
 * @param c30 - c_3(0); @param lambda11 - λ_{1,1}; @param M - mass of f_1; @param mu11 - μ_{1,1} > 0;
 * @param t - time ≥ 0.
 * @example
 * thirdMoment33(1, 1, 1, 1, 0) // 1
 */
export function thirdMoment33(c30: number, lambda11: number, M: number, mu11: number, t: number): number {
  return c30 * Math.exp((-3 * lambda11 * M * t) / (2 + mu11));
}

/**
 * Exact fourth central moment c_4(t) = ∫ (v − v_∞)⁴ f_1 of (33).
 *
 * Derivation. Let u = v − v_∞, c_j = ∫ u^j f_1 (c_0 = M, c_1 = 0), ρ_j = E[r^j] = μ/(μ + j).
 * For a test function φ, d/dt ∫φ f_1 = 2λ(∬ E_r φ(m + r d) f_1(u)f_1(w) du dw − M ∫φ f_1) with
 * m = (u + w)/2, d = (u − w)/2. Odd powers of d vanish by the exchange u ↔ w, and with c_1 = 0:
 * ∬ m⁴ = ∬ d⁴ = (Mc_4 + 3c_2²)/8, ∬ m²d² = (Mc_4 − c_2²)/8, ∬ m² = ∬ d² = Mc_2/2. Hence
 *   c_2' = −a c_2,                a = 2λM/(2 + μ),
 *   c_4' = −b c_4 + k c_2²,       b = λM(2 − (1 + 6ρ_2 + ρ_4)/4), k = (3λ/4)(1 − 2ρ_2 + ρ_4),
 * solved by c_4(t) = c_4(0)e^{−bt} + k c_2(0)² (e^{−2at} − e^{−bt})/(b − 2a)
 * (→ k c_2(0)² t e^{−bt} when b = 2a).
 *
 * @param c20 - c_2(0) = V_1(0); @param c40 - c_4(0); @param lambda11 - λ_{1,1};
 * @param M - mass of f_1; @param mu11 - μ_{1,1} > 0; @param t - time ≥ 0.
 * @example
 * fourthMoment33(1, 3, 0, 1, 1, 2) // 3
 */
export function fourthMoment33(c20: number, c40: number, lambda11: number, M: number, mu11: number, t: number): number {
  const rho2 = mu11 / (mu11 + 2);
  const rho4 = mu11 / (mu11 + 4);
  const a = (2 * lambda11 * M) / (2 + mu11);
  const b = lambda11 * M * (2 - (1 + 6 * rho2 + rho4) / 4);
  const k = ((3 * lambda11) / 4) * (1 - 2 * rho2 + rho4);
  const gap = b - 2 * a;
  const forced = Math.abs(gap * t) < 1e-12 ? t * Math.exp(-b * t) : (Math.exp(-2 * a * t) - Math.exp(-b * t)) / gap;
  return c40 * Math.exp(-b * t) + k * c20 * c20 * forced;
}

/**
 * Lemma 3.4 [KMS]: the reduced system (ε = 0). The fast variables are slaved to (M_1, I_1, V_1):
 *   M_2 = (λ_{1,1}/μ_{1,1})M_1², I_2 = (λ_{1,1}/μ_{1,1})M_1I_1,
 *   V̄_2 = 2λ_{1,1}M_1V_1/(2 + μ_{1,1}), V_2 = (λ_{1,1}/μ_{1,1})((1 + μ_{1,1})/(2 + μ_{1,1}))M_1V_1,
 *   Ṽ_2 = M_2V_1 + M_1V_2 (derived system; (29) as printed gives 2λ_{1,1}M_1²V_1/(2 + μ_{1,1})),
 * and Ṁ_1 = 0, İ_1 = 0, V̇_1 = −(2λ_{1,1}/(2 + μ_{1,1}))M_1V_1.
 *
 * @param rates - the rates, μ_{1,1} > 0.
 * @param M1 - free mass, I1 - its first moment, V1 - its variance about v_∞ (I_1 = v_∞M_1 at ε = 0).
 * @returns the slaved fast variables and V̇_1.
 */
export function reducedSystem34(rates: PairRates, M1: number, I1: number, V1: number): { M2: number; I2: number; V2: number; V2bar: number; V2tilde: number; dV1: number } {
  const { lambda11: l, mu11: m } = rates;
  const M2 = (l / m) * M1 * M1;
  const V2 = (l / m) * ((1 + m) / (2 + m)) * M1 * V1;
  return { M2, I2: (l / m) * M1 * I1, V2, V2bar: (2 * l * M1 * V1) / (2 + m), V2tilde: M2 * V1 + M1 * V2, dV1: (-2 * l * M1 * V1) / (2 + m) };
}

/**
 * The exact moments of the instantaneous limit (33) at the config's times: M_1 = M, I_1 = M·E[v],
 * V_1(t) of Lemma 3.4 ({@link variance33}), C1_3 and C1_4 ({@link thirdMoment33},
 * {@link fourthMoment33}), and the pair moments of (32) slaved to them by the reduced system
 * ({@link reducedSystem34}); no f_1. Exact for pairedFraction 0.
 *
 * @param config - the run configuration (λ_{1,1}, μ_{1,1} > 0, M, initial law, times).
 * @returns summary (source "kinetic:limit-33-moments"), no histograms.
 * @example
 * instantaneousMoments(parseConfig({ times: [0, 1] })).summary.observables.M1.mean // [1, 1]
 */
export function instantaneousMoments(config: ModelConfig): RunOutput {
  const started = performance.now();
  const rates = pairRates(config);
  const { mass, free } = initialMoments(config);
  const law = initialLaw(config.initial);
  const [m, r2, r3, r4] = [free.mean, free.second, law.rawMoment(3), law.rawMoment(4)];
  const M1 = mass;
  const I1 = mass * m;
  // central moments of f_1(0) = M·g about v_∞ = E[v]
  const V10 = mass * (r2 - m * m);
  const C30 = mass * (r3 - 3 * m * r2 + 2 * m ** 3);
  const C40 = mass * (r4 - 4 * m * r3 + 6 * m * m * r2 - 3 * m ** 4);
  const rows = config.times.map((t) => {
    const V1 = variance33(V10, rates.lambda11, M1, rates.mu11, t);
    const slaved = reducedSystem34(rates, M1, I1, V1);
    return {
      M1,
      M2: slaved.M2,
      M3: 0,
      I1,
      I2: slaved.I2,
      V1,
      V2: slaved.V2,
      V2bar: slaved.V2bar,
      V2tilde: slaved.V2tilde,
      v_inf: m,
      C1_3: thirdMoment33(C30, rates.lambda11, M1, rates.mu11, t),
      C1_4: fourthMoment33(V10, C40, rates.lambda11, M1, rates.mu11, t),
    } satisfies Record<ObservableName, number>;
  });
  const exact = (values: number[]): Estimate => ({ mean: values, stderr: values.map(() => 0) });
  return {
    summary: {
      source: "kinetic:limit-33-moments",
      config,
      times: [...config.times],
      observables: Object.fromEntries(OBSERVABLES.map((name) => [name, exact(rows.map((r) => r[name]))])) as Record<ObservableName, Estimate>,
      clusterCounts: { "1": exact(rows.map(() => 1)) },
      events: { coagulation: {}, fragmentation: {} },
      replicas: 0,
      wallSeconds: (performance.now() - started) / 1000,
      diagnostics: { solver: "limit-33-moments", note: "moments of (33) from Lemma 3.4 [KMS]; exact for pairedFraction 0" },
    },
  };
}
