import { describe, expect, it } from "vitest";
import { debiasedSquaredL2, exactNoise, l1Distance } from "../../src/compare/distances.js";
import { normalCdf } from "../../src/stats/distributions.js";
import { replicaStream, standardNormal } from "../../src/rng.js";

// Synthetic "particle" histograms: R replicas of n draws from N(0, 1) on 40 bins of [−4, 4],
// mean and standard error per bin, against exact bin averages of N(shift, 1).
const edges = Array.from({ length: 41 }, (_, b) => -4 + (8 * b) / 40);
const widths = edges.slice(1).map((e, b) => e - edges[b]);
function sampled(R: number, n: number, seed: number) {
  const perReplica = Array.from({ length: R }, (_, r) => {
    const u = replicaStream(seed, r);
    const h = new Array(40).fill(0);
    for (let i = 0; i < n; i++) {
      const b = Math.floor((standardNormal(u) + 4) / 0.2);
      if (b >= 0 && b < 40) h[b] += 1 / (n * 0.2);
    }
    return h;
  });
  const mean = widths.map((_, b) => perReplica.reduce((s, h) => s + h[b], 0) / R);
  const se = widths.map((_, b) => Math.sqrt(perReplica.reduce((s, h) => s + (h[b] - mean[b]) ** 2, 0) / (R - 1) / R));
  return { mean, se };
}
const exact = (shift: number) => widths.map((w, b) => (normalCdf(edges[b + 1] - shift) - normalCdf(edges[b] - shift)) / w);
const zeros = widths.map(() => 0);

describe("noise-debiased distances", () => {
  const { mean, se } = sampled(20, 2000, 7);
  it("debiased squared L2 to the true density is 0 within 4 SE, while L1 sits at its noise floor", () => {
    const d = debiasedSquaredL2(mean, { stderr: se, degreesOfFreedom: 19 }, exact(0), exactNoise(40), widths);
    expect(Math.abs(d.value)).toBeLessThan(4 * d.stderr);
    const l1 = l1Distance(mean, se, exact(0), zeros, widths);
    expect(Math.abs(l1.value - l1.noise)).toBeLessThan(0.25 * l1.noise);
  });
  it("debiased squared L2 to a shifted density estimates the true squared distance within 4 SE", () => {
    const truth = exact(0);
    const shifted = exact(0.1);
    const trueSquared = widths.reduce((s, w, b) => s + w * (truth[b] - shifted[b]) ** 2, 0);
    const d = debiasedSquaredL2(mean, { stderr: se, degreesOfFreedom: 19 }, shifted, exactNoise(40), widths);
    expect(Math.abs(d.value - trueSquared)).toBeLessThan(4 * d.stderr);
    expect(d.value / d.stderr).toBeGreaterThan(4); // and the shift is resolved
  });
});
