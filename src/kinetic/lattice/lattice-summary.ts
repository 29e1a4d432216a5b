/**
 * Moments and the `summary.json` of a velocity-resolved solver, computed from its node masses
 * exactly as docs/model.md §2 defines the observables: M_k, I_k = ∫ v_1 f_k, V_k = ∫ (v_1 − v_∞)² f_k,
 * V̄_2 = ∫ (v_1 − v_2)² f_2 (26), Ṽ_2 = M_2E_1 − 2I_1I_2 + M_1E_2 (28), v_∞.
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import { OBSERVABLES, type ObservableName, type Summary } from "../../contract/run-output.js";
import type { Lattice, PairGrid } from "./lattice.js";
import type { PairRates } from "../equations/paper-rates.js";
import type { Diagnostics } from "../../contract/diagnostics.js";

/** Raw moments of f_1 and f_2 at one time (E_k = ∫ v_1² f_k), and C1_r = ∫ (v − v_∞)^r f_1, r = 3, 4. */
export interface Moments {
  M1: number;
  I1: number;
  E1: number;
  M2: number;
  I2: number;
  E2: number;
  V2bar: number;
  M3: number;
  vInf: number;
  C1_3: number;
  C1_4: number;
}

/**
 * Σ m_i, Σ m_i x_i, Σ m_i x_i² of node masses.
 *
 * @returns [M, I, E].
 */
export function singleMoments(f: Float64Array, lattice: Lattice): [number, number, number] {
  let M = 0;
  let I = 0;
  let E = 0;
  for (let i = 0; i < lattice.n; i++) {
    const x = lattice.x0 + i * lattice.h;
    M += f[i];
    I += f[i] * x;
    E += f[i] * x * x;
  }
  return [M, I, E];
}

/**
 * ∫ (v − v_∞)^r f_1 for r = 3, 4 from node masses: Σ m_i (x_i − v_∞)^r.
 *
 * @returns [C1_3, C1_4].
 */
export function centralMomentsF1(f: Float64Array, lattice: Lattice, vInf: number): [number, number] {
  let C3 = 0;
  let C4 = 0;
  for (let i = 0; i < lattice.n; i++) {
    const u = lattice.x0 + i * lattice.h - vInf;
    C3 += f[i] * u * u * u;
    C4 += f[i] * u * u * u * u;
  }
  return [C3, C4];
}

/**
 * Moments of a symmetric pair law on the pair lattice: M_2 = ΣF, I_2 = ΣF·m,
 * E_2 = ΣF·(m² + d²) (either slot), V̄_2 = 4ΣF·d².
 *
 * @returns [M2, I2, E2, V2bar].
 */
export function pairMoments(F: Float64Array, grid: PairGrid): [number, number, number, number] {
  let M = 0;
  let I = 0;
  let E = 0;
  let D = 0;
  const { x0, h, n } = grid.m;
  for (let j = 0; j < n; j++) {
    const m = x0 + j * h;
    for (let k = 0; k < grid.nd; k++) {
      const v = F[j * grid.nd + k];
      if (v === 0) continue;
      const d = (k - grid.K) * h;
      M += v;
      I += v * m;
      E += v * (m * m + d * d);
      D += v * d * d;
    }
  }
  return [M, I, E, 4 * D];
}

/**
 * Pair moments of the quasi-stationary pair law (32) = (44), f_2 = λ_{1,1}∫_0^∞ S_2(s)(f_1⊗f_1) ds,
 * which the f_1-only models (33) and (49) imply at leading order: with c = λ_{1,1}/μ_{1,1} and
 * ρ_2 = E[r²] = μ_{1,1}/(μ_{1,1} + 2),
 * M_2 = cM_1², I_2 = cM_1I_1, E_2 = c[(M_1E_1 + I_1²)/2 + ρ_2(M_1E_1 − I_1²)/2],
 * V̄_2 = 2cρ_2(M_1E_1 − I_1²).
 *
 * @returns [M2, I2, E2, V2bar] (all 0 when λ_{1,1} = 0).
 */
export function quasiStaticPairMoments(M1: number, I1: number, E1: number, lambda11: number, mu11: number): [number, number, number, number] {
  if (lambda11 === 0) return [0, 0, 0, 0];
  const c = lambda11 / mu11;
  const rho2 = mu11 / (mu11 + 2);
  const spread = M1 * E1 - I1 * I1;
  return [c * M1 * M1, c * M1 * I1, c * ((M1 * E1 + I1 * I1) / 2 + (rho2 * spread) / 2), 2 * c * rho2 * spread];
}

/**
 * Mass of the quasi-stationary triples (12) in the docs/model.md convention, M_3 = n_3/ε² =
 * λ_{1,2}M_1M_2/(2μ_{1,2}) (a triple breaks up at total rate 2μ_{1,2}/ε). Departure: the paper's
 * M_3 below (40) is twice this, because its f_3 of (12) is paired with the rate μ_{1,2}; the
 * f_1 and f_2 equations are the same in both conventions.
 *
 * @returns M_3 (0 if λ_{1,2} = 0, NaN if triples never break up).
 */
export function tripleMass(M1: number, M2: number, lambda12: number, mu12: number): number {
  if (lambda12 === 0) return 0;
  return mu12 > 0 ? (lambda12 * M1 * M2) / (2 * mu12) : Number.NaN;
}

/**
 * The moments of a description that resolves f_1 only ((33), (49)): pairs and triples are
 * quasi-stationary, f_2 from (32) and M_3 from (12), and v_∞ = I_1/M_1.
 *
 * @param states - node masses of f_1 at each output time.
 */
export function quasiStaticMoments(states: Float64Array[], lattice: Lattice, rates: PairRates): Moments[] {
  const { lambda11, lambda12, mu11, mu12 } = rates;
  return states.map((f) => {
    const [M1, I1, E1] = singleMoments(f, lattice);
    const [M2, I2, E2, V2bar] = quasiStaticPairMoments(M1, I1, E1, lambda11, mu11);
    const vInf = I1 / M1;
    const [C1_3, C1_4] = centralMomentsF1(f, lattice, vInf);
    return { M1, I1, E1, M2, I2, E2, V2bar, M3: tripleMass(M1, M2, lambda12, mu12), vInf, C1_3, C1_4 };
  });
}

/**
 * Assembles the summary of a kinetic solve.
 *
 * @param source - "kinetic:instantaneous" | "kinetic:first-order" | "kinetic:scalar".
 * @param moments - one entry per output time.
 * @param wallSeconds - wall time of the solve.
 * @param diagnostics - solver extras.
 */
export function kineticSummary(source: string, config: ModelConfig, moments: Moments[], wallSeconds: number, diagnostics?: Diagnostics): Summary {
  const eps = config.epsilon;
  const M = config.mass;
  const value = (m: Moments, name: ObservableName): number => {
    const { M1, I1, E1, M2, I2, E2, vInf } = m;
    switch (name) {
      case "M1":
        return M1;
      case "M2":
        return M2;
      case "M3":
        return m.M3;
      case "I1":
        return I1;
      case "I2":
        return I2;
      case "V1":
        return E1 - 2 * vInf * I1 + vInf * vInf * M1;
      case "V2":
        return E2 - 2 * vInf * I2 + vInf * vInf * M2;
      case "V2bar":
        return m.V2bar;
      case "V2tilde":
        return M2 * E1 - 2 * I1 * I2 + M1 * E2;
      case "v_inf":
        return vInf;
      case "C1_3":
        return m.C1_3;
      case "C1_4":
        return m.C1_4;
    }
  };
  return deterministicSummary(
    source,
    config,
    Object.fromEntries(OBSERVABLES.map((name) => [name, moments.map((m) => value(m, name))])) as Record<ObservableName, number[]>,
    {
      "1": moments.map((m) => m.M1 / M),
      "2": moments.map((m) => (eps * m.M2) / M),
      "3": moments.map((m) => (eps * eps * m.M3) / M),
    },
    wallSeconds,
    diagnostics,
  );
}

/**
 * The `summary.json` of any deterministic solver (moment systems and velocity-resolved solvers):
 * every estimate with stderr 0, no events, `replicas: 0`.
 *
 * @param observables - each observable of OBSERVABLES at each output time.
 * @param clusterCounts - n_k at each output time, by size k.
 */
export function deterministicSummary(
  source: string,
  config: ModelConfig,
  observables: Record<ObservableName, number[]>,
  clusterCounts: Record<string, number[]>,
  wallSeconds: number,
  diagnostics?: Diagnostics,
): Summary {
  const estimate = (values: number[]) => ({ mean: values, stderr: values.map(() => 0) });
  return {
    source,
    config,
    times: [...config.times],
    observables: Object.fromEntries(OBSERVABLES.map((name) => [name, estimate(observables[name])])) as Summary["observables"],
    clusterCounts: Object.fromEntries(Object.entries(clusterCounts).map(([k, values]) => [k, estimate(values)])),
    events: { coagulation: {}, fragmentation: {} },
    replicas: 0,
    wallSeconds,
    ...(diagnostics ? { diagnostics } : {}),
  };
}
