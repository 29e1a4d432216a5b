import { describe, expect, it } from "vitest";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { parseConfig } from "../../src/model/config.js";
import { ENGINE_CASES } from "./engines.js";
import { settle } from "../settle.js";

/**
 * Mass-action ODE of the cluster fractions (N → ∞) for kmax = 3 and the convention of
 * docs/model.md §1 (per particle: merges of two free particles at rate λ11 n1², of a free particle
 * and a pair at λ12 n1 n2; a pair splits at μ11/ε, a triple at 2μ12/ε into 1 + 2):
 *
 *   n1' = −2λ11 n1² − λ12 n1 n2 + 2(μ11/ε) n2 + (2μ12/ε) n3
 *   n2' =   λ11 n1² − λ12 n1 n2 −  (μ11/ε) n2 + (2μ12/ε) n3
 *   n3' =             λ12 n1 n2               − (2μ12/ε) n3
 *
 * whose O(ε) truncation is (20) [KMS]. Integrated here by classical RK4 with a step 10⁻⁴,
 * whose error (≈ h⁴·rate⁵ ≲ 10⁻¹²) is far below the ensemble's standard error.
 */
function massAction(eps: number, l11: number, l12: number, m11: number, m12: number, times: number[]): number[][] {
  const rhs = ([n1, n2, n3]: number[]) => [
    -2 * l11 * n1 * n1 - l12 * n1 * n2 + ((2 * m11) / eps) * n2 + ((2 * m12) / eps) * n3,
    l11 * n1 * n1 - l12 * n1 * n2 - (m11 / eps) * n2 + ((2 * m12) / eps) * n3,
    l12 * n1 * n2 - ((2 * m12) / eps) * n3,
  ];
  const h = 1e-4;
  let y = [1, 0, 0];
  let t = 0;
  const out: number[][] = [];
  for (const T of times) {
    while (t < T - h / 2) {
      const k1 = rhs(y);
      const k2 = rhs(y.map((x, i) => x + (h / 2) * k1[i]));
      const k3 = rhs(y.map((x, i) => x + (h / 2) * k2[i]));
      const k4 = rhs(y.map((x, i) => x + h * k3[i]));
      y = y.map((x, i) => x + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
      t += h;
    }
    out.push(y);
  }
  return out;
}

describe.each(ENGINE_CASES)("large N: cluster fractions follow the mass-action ODE ($engine)", ({ box }) => {
  it("n1, n2, n3 match the ODE within 4 standard errors (N = 10⁵, ε = 0.2, λ12 ≠ λ11)", () => {
    const [eps, l11, l12, m11, m12] = [0.2, 1, 2, 1, 0.5];
    const times = [0.05, 0.2, 0.5, 1];
    const out = simulateEnsemble(
      parseConfig({ ...box, N: 1e5, epsilon: eps, lambda: { "1,1": l11, "1,2": l12 }, mu: { "1,1": m11, "1,2": m12 }, times, replicas: 8, seed: 3, histogram: { bins: 1, pairBins: 1 } }),
    );
    // Finite N shifts the means by O(1/N) = 10⁻⁵ (N₁(N₁−1)/N² = n1² − n1/N), far below the SE (~10⁻³).
    const ode = massAction(eps, l11, l12, m11, m12, times);
    for (const k of [1, 2, 3]) {
      const { mean, stderr } = out.summary.clusterCounts[k];
      times.forEach((t, i) => {
        expect(Math.abs(mean[i] - ode[i][k - 1]), `n${k}(${t}) = ${mean[i]} vs ${ode[i][k - 1]}`).toBeLessThan(4 * stderr[i]);
      });
    }
  });

  it("pairs only (kmax = 2): the long-time M1 is the equilibrium (21) within 4 standard errors", async () => {
    await settle();
    const [eps, l11, m11] = [0.1, 2, 1];
    const out = simulateEnsemble(
      parseConfig({ ...box, N: 1e5, epsilon: eps, kmax: 2, lambda: l11, mu: m11, times: [4], replicas: 8, seed: 4, histogram: { bins: 1, pairBins: 1 } }),
    );
    // (21): M1∞ = 2M/(1 + sqrt(1 + 8 λ11 ε M/μ11)); exact for the mean-field pairs-only system.
    const equilibrium = 2 / (1 + Math.sqrt(1 + (8 * l11 * eps) / m11));
    const { mean, stderr } = out.summary.observables.M1;
    expect(Math.abs(mean[0] - equilibrium), `M1 = ${mean[0]} vs (21) ${equilibrium}`).toBeLessThan(4 * stderr[0]);
  });
});
