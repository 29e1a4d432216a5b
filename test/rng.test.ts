import { describe, expect, it } from "vitest";
import { chiSquaredSurvival } from "../src/stats/distributions.js";
import { replicaStream } from "../src/rng.js";

/** Pearson's statistic of counts against probabilities, with its p-value. */
function pearson(counts: number[], probabilities: number[], n: number): { statistic: number; p: number } {
  const statistic = counts.reduce((s, c, b) => s + (c - n * probabilities[b]) ** 2 / (n * probabilities[b]), 0);
  return { statistic, p: chiSquaredSurvival(statistic, counts.length - 1) };
}

describe("replica streams", () => {
  it("are keyed by (seed, replica) alone: equal keys give equal draws, other keys other draws", () => {
    const a = replicaStream(5, 2);
    const b = replicaStream(5, 2);
    const draws = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(draws);
    expect(replicaStream(5, 3)()).not.toBe(draws[0]);
    expect(replicaStream(6, 2)()).not.toBe(draws[0]);
  });

  it("uniform draws are uniform on [0, 1): Pearson's chi-square over 64 cells at level 0.001", () => {
    const u = replicaStream(1, 0);
    const n = 1e6;
    const counts = new Array(64).fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(u() * 64)]++;
    const { statistic, p } = pearson(counts, new Array(64).fill(1 / 64), n);
    expect(p, `chi² = ${statistic} on 63 degrees of freedom`).toBeGreaterThan(0.001);
  });
});
