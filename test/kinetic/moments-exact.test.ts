import { describe, expect, it } from "vitest";
import { equilibrium21, masses20Exact } from "../../src/kinetic/equations/masses-20.js";
import { TRUNCATION_MASS, solveMomentsExact } from "../../src/kinetic/moment-closure/exact-hierarchy-2.js";
import { variance33 } from "../../src/kinetic/equations/limit-33.js";
import { parseConfig } from "../../src/model/config.js";
import { OBSERVABLES, type RunOutput } from "../../src/contract/run-output.js";
import { diagnosticsOf } from "../../src/contract/diagnostics.js";

/** Σ_k k ε^{k−1} M_k at each time, from the cluster fractions (n_k = ε^{k−1}M_k/M). */
function totalMass(output: RunOutput): number[] {
  const { clusterCounts, config, times } = output.summary;
  return times.map((_, i) => config.mass * Object.entries(clusterCounts).reduce((sum, [k, e]) => sum + Number(k) * e.mean[i], 0));
}

const KERNELS = { lambda: { "1,1": 1.3, "1,2": 0.7, "2,2": 0.4, "1,3": 0.2 }, mu: { "1,1": 0.6, "1,2": 1.8, "2,2": 1, "1,3": 1.2 } };

describe("exact mean-field moment hierarchy", () => {
  it.each([1e-4, 0.1, 1])("with k_max = 2 it is (20): M_1, M_2 follow the closed form, M_3 = 0 (ε = %s)", (epsilon) => {
    const config = parseConfig({ epsilon, kmax: 2, mass: 1.7, ...KERNELS, times: [0, epsilon / 10, 0.5, 3], initial: { distribution: "uniform", pairedFraction: 0.3 } });
    const { observables } = solveMomentsExact(config).summary;
    const rates = { lambda11: 1.3, lambda12: 0, mu11: 0.6, mu12: 1.8 };
    config.times.forEach((t, i) => {
      const exact = masses20Exact(rates, epsilon, 1.7, 1.7 * 0.7, t);
      // rtol = 1e-9 per step, accumulated over ≲ 10³ steps.
      expect(Math.abs(observables.M1.mean[i] - exact.M1)).toBeLessThan(1e-6);
      expect(Math.abs(epsilon * (observables.M2.mean[i] - exact.M2))).toBeLessThan(1e-6);
      expect(observables.M3.mean[i]).toBe(0);
    });
  });

  it("with k_max = 2 it relaxes to the equilibrium (21)", () => {
    const config = parseConfig({ epsilon: 0.2, kmax: 2, ...KERNELS, times: [80] });
    const { observables } = solveMomentsExact(config).summary;
    const { M1, M2 } = equilibrium21({ lambda11: 1.3, lambda12: 0, mu11: 0.6, mu12: 1 }, 0.2, 1);
    expect(observables.M1.mean[0]).toBeCloseTo(M1, 8);
    expect(observables.M2.mean[0]).toBeCloseTo(M2, 8);
  });

  it.each([2, 3, 5, null])("conserves Σ k ε^{k−1} M_k = M to 1e-12 and the momentum I (k_max = %s)", (kmax) => {
    const config = parseConfig({ epsilon: 0.3, kmax, mass: 1.3, ...KERNELS, times: [0.1, 1, 10], initial: { distribution: "normal", mean: 0.7, pairedFraction: 0.4 } });
    const output = solveMomentsExact(config);
    // Linear invariants are kept by Rosenbrock steps up to rounding (w·f = 0 ⇒ w·K_i = 0).
    expect(totalMass(output)).toHaveLength(3);
    expect(output.summary.observables.v_inf.mean).toHaveLength(3);
    for (const mass of totalMass(output)) expect(Math.abs(mass - 1.3)).toBeLessThan(1e-12);
    for (const v of output.summary.observables.v_inf.mean) expect(Math.abs(v - 0.7)).toBeLessThan(1e-12);
  });

  it("for k_max = null keeps sizes until the top class holds less than 1e-12 of the mass, and agrees with a larger cap", () => {
    const base = { epsilon: 0.2, lambda: 1, mu: 1, times: [0.5, 2] };
    const unbounded = solveMomentsExact(parseConfig({ ...base, kmax: null })).summary;
    const diagnostics = diagnosticsOf(unbounded, "moments-exact")!;
    const K = diagnostics.sizesKept;
    expect(diagnostics.truncated).toBe(true);
    expect(diagnostics.topClassMassMax).toBeLessThan(TRUNCATION_MASS);
    expect(Object.keys(unbounded.clusterCounts)).toHaveLength(K);
    const capped = solveMomentsExact(parseConfig({ ...base, kmax: K + 10 })).summary;
    // The cut moves at most the top-class mass (< 1e-12) plus the integration error; C1_3 and
    // C1_4 are NaN in both (a degree-2 hierarchy).
    for (const name of OBSERVABLES) {
      expect(unbounded.observables[name].mean).toHaveLength(2);
      unbounded.observables[name].mean.forEach((v, i) => {
        if (Number.isNaN(v)) expect(capped.observables[name].mean[i]).toBeNaN();
        else expect(Math.abs(v - capped.observables[name].mean[i])).toBeLessThan(1e-7);
      });
    }
  });

  it("reports every observable with zero standard error and source kinetic:moments-exact", () => {
    const { summary } = solveMomentsExact(parseConfig({ times: [0, 1] }));
    expect(summary.source).toBe("kinetic:moments-exact");
    for (const name of OBSERVABLES) expect(summary.observables[name].stderr).toEqual([0, 0]);
    expect(summary.replicas).toBe(0);
    expect(summary.events).toEqual({ coagulation: {}, fragmentation: {} });
    // V̄_2 and Ṽ_2 of independent initial states: V̄_2 = 2M_2·Var g = 0 without pairs.
    expect(summary.observables.V2bar.mean[0]).toBe(0);
  });

  it("the variance follows Lemma 3.4's V_1(0)·exp(−2λ_{1,1}M t/(2 + μ_{1,1})) as ε → 0, with error O(ε)", () => {
    const times = [0.5, 1, 2, 4];
    const rates = { lambda11: 1.3, lambda12: 0.7, mu11: 0.6, mu12: 1.8 };
    const error = (epsilon: number) => {
      const { observables } = solveMomentsExact(parseConfig({ epsilon, ...KERNELS, times })).summary;
      return Math.max(...times.map((t, i) => Math.abs(observables.V1.mean[i] - variance33(1, rates.lambda11, 1, rates.mu11, t))));
    };
    const [coarse, fine] = [error(1e-3), error(5e-4)];
    // First order: the ratio is 2 up to O(ε) corrections; V_1(0) = Var N(0, 1) = 1.
    expect(coarse / fine).toBeGreaterThan(1.8);
    expect(coarse / fine).toBeLessThan(2.2);
  });
});
