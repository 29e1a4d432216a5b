import { beforeAll, describe, expect, it } from "vitest";
import { SpatialSystem } from "../../../src/engine/space/spatial-system.js";
import { masses20Exact } from "../../../src/kinetic/equations/masses-20.js";
import { replicaStream } from "../../../src/rng.js";
import { settle } from "../../settle.js";

/**
 * A spatially uniform initial law: with pairs only (kmax = 2), the cell-local rate of pair
 * formation λ·M·N_1^c(N_1^c − 1)·Cᵈ/N, N_1^c ≈ N/Cᵈ, is per particle of the cell the homogeneous
 * one, and crossings exchange particles between cells of equal law. So every cell's fractions
 * n_k^c = N_k^c·Cᵈ/N follow the homogeneous mass-action system, which for kmax = 2 is (20) exactly
 * (n_1 = M_1, n_2 = εM_2 with M = 1), solved in closed form by masses20Exact; finite N per cell
 * shifts the means by O(Cᵈ/N) = 2·10⁻⁴, far below the standard errors (~10⁻³).
 */
describe.each([
  { d: 1, C: 8 },
  { d: 2, C: 3 },
])("uniform initial law, d = $d, $C cells per axis: every cell follows the homogeneous exact hierarchy", ({ d, C }) => {
  const [N, eps, lambda, mu, R] = [40_000, 0.2, 1, 1, 16];
  const times = [0.1, 0.3, 1];
  const cells = C ** d;
  // fractions[r][t][k − 1][cell]
  let fractions: number[][][][];
  beforeAll(async () => {
    await settle();
    fractions = Array.from({ length: R }, (_, r) => {
      const system = new SpatialSystem({ N, epsilon: eps, mass: 1, kmax: 2, lambda, mu, dimension: d, box: { length: 1, cells: C } }, replicaStream(31, r)).seed({
        distribution: "normal",
        mean: 0.2,
        sd: 1,
        pairedFraction: 0,
      });
      return times.map((t) => {
        system.advanceTo(t);
        return [1, 2].map((k) => Array.from(system.state.cellCounts(k), (n) => (n * cells) / N));
      });
    });
  });

  it("n_1^c and n_2^c within 4 SE of (20)'s exact solution in every cell at every time", () => {
    times.forEach((t, i) => {
      const exact = masses20Exact({ lambda11: lambda, lambda12: 0, mu11: mu, mu12: 0 }, eps, 1, 1, t);
      [exact.M1, eps * exact.M2].forEach((n, k) => {
        for (let cell = 0; cell < cells; cell++) {
          const values = fractions.map((f) => f[i][k][cell]);
          const mean = values.reduce((s, v) => s + v, 0) / R;
          const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1) / R);
          expect(Math.abs(mean - n), `t = ${t}, n_${k + 1} in cell ${cell}: ${mean} ± ${se} vs ${n}`).toBeLessThan(4 * se);
        }
      });
    });
  });
});
