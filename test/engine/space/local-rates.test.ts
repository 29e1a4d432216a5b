import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpatialSystem } from "../../../src/engine/space/spatial-system.js";
import { replicaStream } from "../../../src/rng.js";

/**
 * Mean of the stationary law of the pair count P of one cell holding n particles at rest, pairs
 * only (kmax = 2): a birth–death chain with births at the cell-local rate
 * b(P) = λ·M·N₁(N₁ − 1)·Cᵈ/N, N₁ = n − 2P, and deaths at d(P) = μ·P/ε; detailed balance gives
 * π(P + 1)/π(P) = b(P)/d(P + 1).
 */
function stationaryMeanPairs(n: number, N: number, cells: number, lambda: number, mu: number, eps: number): number {
  const weights = [1];
  for (let P = 0; 2 * (P + 1) <= n; P++) {
    const n1 = n - 2 * P;
    weights.push((weights[P] * ((lambda * n1 * (n1 - 1) * cells) / N)) / ((mu * (P + 1)) / eps));
  }
  const total = weights.reduce((a, b) => a + b);
  return weights.reduce((s, w, P) => s + (w / total) * P, 0);
}

describe("coagulation is local to a cell, at the rate λ·M·N_1^c(N_1^c − 1)·Cᵈ/N", () => {
  it("particles at rest in two cells of unequal occupation: each cell's pair count has its own exact stationary mean (4 SE)", () => {
    // States all 0: nothing moves, so each cell is a closed chain; positions drawn from a file
    // with three rows in cell 0 and one in cell 1, so the cells hold about 3N/4 and N/4.
    const path = join(mkdtempSync(join(tmpdir(), "alignsim-local-")), "positions.txt");
    writeFileSync(path, "0.1\n0.2\n0.3\n0.8\n");
    const [N, lambda, mu, eps, R] = [200, 2, 1, 0.1, 400];
    const deviations: number[][] = [[], []];
    for (let r = 0; r < R; r++) {
      const system = new SpatialSystem({ N, epsilon: eps, mass: 1, kmax: 2, lambda, mu, dimension: 1, box: { length: 1, cells: 2 } }, replicaStream(41, r)).seed({
        distribution: "samples",
        values: [0],
        pairedFraction: 0,
        position: { distribution: "file", path },
      });
      system.advanceTo(3); // 30 mean pair lifetimes
      const [free, paired] = [system.state.cellCounts(1), system.state.cellCounts(2)];
      for (const cell of [0, 1]) {
        const pairs = paired[cell];
        const n = free[cell] + 2 * pairs;
        deviations[cell].push(pairs - stationaryMeanPairs(n, N, 2, lambda, mu, eps));
      }
      expect(system.crossings).toBe(0);
    }
    for (const cell of [0, 1]) {
      const values = deviations[cell];
      const mean = values.reduce((s, v) => s + v, 0) / R;
      const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1) / R);
      expect(Math.abs(mean), `cell ${cell}: P − E[P | n] = ${mean} ± ${se}`).toBeLessThan(4 * se);
    }
  });
});
