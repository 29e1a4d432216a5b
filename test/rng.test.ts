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
    expect(replicaStream(5, 2).generator.exponential()).toBe(replicaStream(5, 2).generator.exponential());
  });

  it("uniform draws are uniform on [0, 1): Pearson's chi-square over 64 cells at level 0.001", () => {
    const u = replicaStream(1, 0);
    const n = 1e6;
    const counts = new Array(64).fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(u() * 64)]++;
    const { statistic, p } = pearson(counts, new Array(64).fill(1 / 64), n);
    expect(p, `chi² = ${statistic} on 63 degrees of freedom`).toBeGreaterThan(0.001);
  });

  it("ziggurat exponentials follow Exp(1), layers and tail included: chi-square over 60 cells at level 0.001", () => {
    const { generator } = replicaStream(2, 0);
    const n = 2e6;
    // Cells of width 0.25 up to 14.5 (past the ziggurat's base at r ≈ 7.70) and one for the rest.
    const edges = Array.from({ length: 60 }, (_, b) => b / 4).concat(Number.POSITIVE_INFINITY);
    const probabilities = edges.slice(1).map((hi, b) => Math.exp(-edges[b]) - (hi === Number.POSITIVE_INFINITY ? 0 : Math.exp(-hi)));
    // Merge cells until each expects at least 20 draws.
    const merged: number[] = [];
    const mergedEdges = [0];
    let acc = 0;
    for (let b = 0; b < probabilities.length; b++) {
      acc += probabilities[b];
      if (acc * n >= 20 || b === probabilities.length - 1) merged.push(acc), mergedEdges.push(edges[b + 1]), (acc = 0);
    }
    const counts = new Array(merged.length).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = generator.exponential();
      sum += x;
      let b = 0;
      while (x >= mergedEdges[b + 1]) b++;
      counts[b]++;
    }
    const { statistic, p } = pearson(counts, merged, n);
    expect(p, `chi² = ${statistic} on ${merged.length - 1} degrees of freedom`).toBeGreaterThan(0.001);
    expect(Math.abs(sum / n - 1)).toBeLessThan(4 / Math.sqrt(n));
  });
});
