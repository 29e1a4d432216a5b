import { beforeAll, describe, expect, it } from "vitest";
import { simulateEnsemble } from "../../../src/ensemble/simulate-ensemble.js";
import { type HierarchyParameters, hierarchyTerms, initialHierarchyState } from "../../../src/kinetic/moment-closure/exact-hierarchy-2.js";
import { initialClosureState, integrateParticleHierarchy, particleHierarchy, solveMomentClosure } from "../../../src/kinetic/moment-closure/particle-hierarchy.js";
import { initialMoments } from "../../../src/kinetic/equations/initial-moments.js";
import { quadraticProblem } from "../../../src/kinetic/ode/quadratic-system.js";
import { solveStiff } from "../../../src/kinetic/ode/rosenbrock.js";
import { resolveKernel } from "../../../src/model/kernels.js";
import { type ModelConfig, parseConfig } from "../../../src/model/config.js";
import { initialLaw } from "../../../src/model/initial-law.js";
import { OBSERVABLES, type RunOutput } from "../../../src/contract/run-output.js";
import { diagnosticsOf } from "../../../src/contract/diagnostics.js";

const KERNELS = { lambda: { "1,1": 1.3, "1,2": 0.7, "2,2": 0.4, "1,3": 0.2 }, mu: { "1,1": 0.6, "1,2": 1.8, "2,2": 1, "1,3": 1.2 } };
const BIMODAL = { distribution: "bimodal", means: [-1, 1.5], weight: 0.3, sd: 0.5, pairedFraction: 0.4 } as const;
const NORMAL = { distribution: "normal", mean: 0.7, sd: 1.2, pairedFraction: 0.25 } as const;
const TIGHT = { rtol: 1e-13, atol: 1e-15 };

function parameters(config: ModelConfig): HierarchyParameters {
  return { epsilon: config.epsilon, mass: config.mass, kmax: config.kmax, lambda: resolveKernel(config.lambda), mu: resolveKernel(config.mu) };
}

function rawMoments(config: ModelConfig, degree: number): number[] {
  const law = initialLaw(config.initial);
  return Array.from({ length: degree + 1 }, (_, j) => law.rawMoment(j));
}

describe("moment closure of the cluster model", () => {
  it.each([
    [2, BIMODAL],
    [3, NORMAL],
    [3, BIMODAL],
    [6, NORMAL],
  ] as const)("reproduces the hand-derived degree-2 hierarchy of moments-exact.ts to 1e-10 over t ∈ [0, 2] (K = %i)", (K, initial) => {
    const config = parseConfig({ epsilon: 0.3, kmax: K === 6 ? null : K, ...KERNELS, times: [0.25, 0.5, 1, 2], initial });
    const params = parameters(config);
    // Both integrated tightly, so that the difference is that of the equations, not of the steps.
    const old = solveStiff(
      quadraticProblem(4 * K - 1, hierarchyTerms(params, K)),
      (() => {
        const s = initialHierarchyState(initialMoments(config), K);
        const x = new Float64Array(4 * K - 1);
        for (let k = 1; k <= K; k++) {
          const e = 0.3 ** (k - 1);
          [x[k - 1], x[K + k - 1], x[2 * K + k - 1]] = [s.n[k] / e, s.S[k] / e, s.Q[k] / e];
          if (k >= 2) x[3 * K + k - 2] = s.P[k] / e;
        }
        return x;
      })(),
      config.times,
      TIGHT,
    ).states;
    const system = particleHierarchy(params, K, 2);
    const y0 = initialClosureState(system, rawMoments(config, 2), config.initial.pairedFraction);
    const closure = integrateParticleHierarchy(system, y0, 0.3, config.times, TIGHT).states;
    config.times.forEach((_, t) => {
      for (let k = 1; k <= K; k++) {
        const e = 0.3 ** (k - 1);
        const y = (lambda: number[]) => closure[t][system.indexOf(k, lambda)] / e;
        const P = k === 1 ? y([2]) : y([2]) + 2 * y([1, 1]);
        const expected = [old[t][k - 1], old[t][K + k - 1], old[t][2 * K + k - 1], k === 1 ? old[t][2 * K] : old[t][3 * K + k - 2]];
        [y([]), y([1]), y([2]), P].forEach((v, i) => expect(Math.abs(v - expected[i]), `k = ${k}, unknown ${i}, t = ${config.times[t]}`).toBeLessThan(1e-10));
      }
    });
  });

  it.each([2, 3, null])("conserves Σ_k k ε^{k−1} M_k = M and the momentum to 1e-10 at degree 4 (k_max = %s)", (kmax) => {
    const config = parseConfig({ epsilon: 0.3, kmax, mass: 1.3, ...KERNELS, times: [0.1, 1, 2], initial: BIMODAL });
    const { clusterCounts, observables } = solveMomentClosure(config, 4).summary;
    const vInf = initialLaw(config.initial).rawMoment(1);
    config.times.forEach((_, i) => {
      const mass = 1.3 * Object.entries(clusterCounts).reduce((sum, [k, e]) => sum + Number(k) * e.mean[i], 0);
      expect(Math.abs(mass - 1.3)).toBeLessThan(1e-10);
      expect(Math.abs(observables.v_inf.mean[i] - vInf)).toBeLessThan(1e-10);
    });
  });

  it("with λ = 0 the free moments follow the closed form of pairs breaking up after aligning", () => {
    // n_2(t) = (p/2)e^{−μt/ε}; a pair released at age s has states m ± e^{−s/ε}d, m = (v + w)/2,
    // d = (v − w)/2, v, w ~ g, so ∫ v^n f_1 gains M·p·Σ_j C(n, j) E[m^{n−j}d^j]·μ/(μ + j)·(1 − e^{−(μ+j)t/ε}).
    const [epsilon, mu, p, M] = [0.4, 0.6, 0.4, 1.1];
    const config = parseConfig({ epsilon, mass: M, lambda: 0, mu, kmax: 3, times: [0.05, 0.5, 2], initial: BIMODAL });
    const g = rawMoments(config, 4);
    const binomial = (n: number, j: number): number => (j === 0 ? 1 : (binomial(n, j - 1) * (n - j + 1)) / j);
    /** E[m^a d^b] for i.i.d. v, w ~ g. */
    const md = (a: number, b: number) => {
      let sum = 0;
      for (let i = 0; i <= a; i++) for (let j = 0; j <= b; j++) sum += binomial(a, i) * binomial(b, j) * (-1) ** (b - j) * g[i + j] * g[a - i + b - j];
      return sum / 2 ** (a + b);
    };
    const free = diagnosticsOf(solveMomentClosure(config, 4).summary, "moments-exact")!.symmetricMoments!["1"];
    config.times.forEach((t, i) => {
      for (let n = 0; n <= 4; n++) {
        let released = 0;
        for (let j = 0; j <= n; j++) released += binomial(n, j) * md(n - j, j) * (mu / (mu + j)) * (1 - Math.exp((-(mu + j) * t) / epsilon));
        const expected = M * ((1 - p) * g[n] + p * released);
        expect(free[n === 0 ? "" : String(n)][i]).toBeCloseTo(expected, 8);
      }
    });
  });

  it("rejects a degree below 2 with a ConfigError naming `degree`", () => {
    expect(() => solveMomentClosure(parseConfig({}), 1)).toThrow(/`degree`/);
  });
});

// Degrees 3 and 4 against the particle engine, with a skewed initial law (C1_3 ≠ 0). The
// hierarchy is the N → ∞ limit, so it must agree with the ensemble mean within 4 standard
// errors (finite-N bias O(1/N) = 2.5·10⁻⁴, well below the errors here).
describe.each([3, null])("moment closure against the particles at degrees 3 and 4 (k_max = %s)", (kmax) => {
  const config = parseConfig({ N: 4000, replicas: 100, seed: 7, epsilon: 0.2, kmax, ...KERNELS, times: [0.25, 1, 2], initial: BIMODAL });
  let particles: RunOutput["summary"]["observables"];
  let closure: RunOutput["summary"]["observables"];
  beforeAll(() => {
    particles = simulateEnsemble(config).summary.observables;
    closure = solveMomentClosure(config, 4).summary.observables;
  });

  it("agrees within 4 standard errors in every observable, C1_3 and C1_4 included", () => {
    for (const name of OBSERVABLES.filter((n) => n !== "v_inf")) {
      closure[name].mean.forEach((v, i) => {
        const z = (v - particles[name].mean[i]) / particles[name].stderr[i];
        expect(Math.abs(z), `${name} at t = ${config.times[i]}: z = ${z.toFixed(2)}`).toBeLessThan(4);
      });
    }
    // The skewness is resolved: C1_3 is many standard errors away from 0 at t = 0.25.
    expect(Math.abs(particles.C1_3.mean[0] / particles.C1_3.stderr[0])).toBeGreaterThan(10);
  });
});
