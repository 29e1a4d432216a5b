import { describe, expect, it } from "vitest";
import { chiSquaredSurvival } from "../../src/stats/distributions.js";
import { ClusterState } from "../../src/engine/state.js";
import { replicaStream } from "../../src/rng.js";

describe("the event loop's waiting times", () => {
  it("ziggurat exponentials follow Exp(1), layers and tail included: chi-square at level 0.001, mean within 4 SE", () => {
    // Draw into the particle states of a scratch system, 10⁵ at a time.
    const chunk = 1e5;
    const state = new ClusterState(chunk, 1, 1);
    state.generator.set(replicaStream(2, 0).generator.state);
    const n = 20 * chunk;
    // Cells of width 1/4 up to 14.5 (past the ziggurat's base at r ≈ 7.70), merged until each expects ≥ 20 draws, then the rest.
    const edges = [0];
    const probabilities: number[] = [];
    for (let b = 1; b <= 58; b++) {
      const p = Math.exp(-edges[edges.length - 1]) - Math.exp(-b / 4);
      if (p * n >= 20) edges.push(b / 4), probabilities.push(p);
    }
    probabilities.push(Math.exp(-edges[edges.length - 1]));
    edges.push(Number.POSITIVE_INFINITY);
    const counts = new Array(probabilities.length).fill(0);
    let sum = 0;
    for (let r = 0; r < n / chunk; r++) {
      state.kernel.exponentials(state.v.byteOffset, chunk);
      for (const x of state.v) {
        sum += x;
        let b = 0;
        while (x >= edges[b + 1]) b++;
        counts[b]++;
      }
    }
    const statistic = counts.reduce((s, c, b) => s + (c - n * probabilities[b]) ** 2 / (n * probabilities[b]), 0);
    const df = counts.length - 1;
    expect(chiSquaredSurvival(statistic, df), `chi² = ${statistic} on ${df} degrees of freedom`).toBeGreaterThan(0.001);
    expect(counts[counts.length - 1]).toBeGreaterThan(0);
    expect(Math.abs(sum / n - 1)).toBeLessThan(4 / Math.sqrt(n));
  });
});
