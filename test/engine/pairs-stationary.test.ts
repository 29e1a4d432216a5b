import { chiSquaredDistributionTable } from "simple-statistics";
import { beforeAll, describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/index.js";
import { parseConfig } from "../../src/model/config.js";
import { ENGINE_CASES } from "./engines.js";

/**
 * Pairs only (kmax = 2): the number of pairs P is a birth–death chain on 0 … N/2 with births at
 * rate b(P) = λ·M·N₁(N₁ − 1)/N, N₁ = N − 2P, and deaths at rate d(P) = μ·P/ε. Its stationary
 * law satisfies detailed balance: π(P + 1)/π(P) = b(P)/d(P + 1).
 */
function stationaryLaw(N: number, lambda: number, mu: number, eps: number): number[] {
  const weights = [1];
  for (let P = 0; P < N / 2; P++) {
    const n1 = N - 2 * P;
    weights.push((weights[P] * ((lambda * n1 * (n1 - 1)) / N)) / ((mu * (P + 1)) / eps));
  }
  const total = weights.reduce((a, b) => a + b);
  return weights.map((w) => w / total);
}

/** Pearson's statistic over classes pooled (in order) until each expects at least 5. */
function chiSquare(observed: number[], expected: number[]): { statistic: number; df: number } {
  let statistic = 0;
  let classes = 0;
  let o = 0;
  let e = 0;
  for (let i = 0; i < expected.length; i++) {
    o += observed[i];
    e += expected[i];
    if (e >= 5) {
      statistic += (o - e) ** 2 / e;
      classes++;
      o = e = 0;
    }
  }
  if (e > 0) statistic += (o - e) ** 2 / Math.max(e, 1e-300); // tail remainder (e < 5) joins as one class
  return { statistic, df: classes + (e > 0 ? 1 : 0) - 1 };
}

describe.each(ENGINE_CASES)("pairs only: the number of pairs at a late time has the exact stationary law ($engine)", ({ box }) => {
  const [N, lambda, mu, eps, R] = [100, 2, 1, 0.1, 2000];
  // Relaxation: deaths at rate μ/ε = 10 per pair, so t = 3 is 30 mean pair lifetimes.
  const config = parseConfig({ ...box, N, epsilon: eps, kmax: 2, lambda, mu, times: [3], replicas: 1, histogram: { bins: 1, pairBins: 1 } });
  const counts = new Array(N / 2 + 1).fill(0);
  beforeAll(() => {
    for (let r = 0; r < R; r++) counts[Math.round(runReplica(config, r).clusterCounts["2"][0] * N)]++;
  });
  const law = stationaryLaw(N, lambda, mu, eps);

  it("passes Pearson's chi-square test at level 0.005", () => {
    const { statistic, df } = chiSquare(counts, law.map((p) => p * R));
    const critical = chiSquaredDistributionTable[df as keyof typeof chiSquaredDistributionTable]["0.005"];
    expect(statistic, `chi² = ${statistic} on ${df} degrees of freedom`).toBeLessThan(critical);
  });

  it("has the exact stationary mean of P within 4 standard errors", () => {
    const mean = counts.reduce((s, c, P) => s + c * P, 0) / R;
    const variance = counts.reduce((s, c, P) => s + c * (P - mean) ** 2, 0) / (R - 1);
    const exact = law.reduce((s, p, P) => s + p * P, 0);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * Math.sqrt(variance / R));
  });
});
