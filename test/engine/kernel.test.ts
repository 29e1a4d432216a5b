import { describe, expect, it } from "vitest";
import { chiSquaredSurvival } from "../../src/stats/distributions.js";
import { eventKernel } from "../../src/engine/kernel.js";
import { replicaStream } from "../../src/rng.js";

describe("the event loop's waiting times", () => {
  it("ziggurat exponentials follow Exp(1), layers and tail included: chi-square at level 0.001, mean within 4 SE", () => {
    // A bare instance: the stream's state, then room for 10⁵ draws at a time.
    const chunk = 1e5;
    const kernel = eventKernel();
    const generator = Math.ceil(kernel.heapBase() / 16) * 16;
    const out = generator + 16;
    kernel.memory.grow(Math.ceil((out + 8 * chunk - kernel.memory.buffer.byteLength) / 65536));
    new Int32Array(kernel.memory.buffer, generator, 4).set(replicaStream(2, 0).generator.state);
    const draws = new Float64Array(kernel.memory.buffer, out, chunk);
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
      kernel.exponentials(generator, out, chunk);
      for (const x of draws) {
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
