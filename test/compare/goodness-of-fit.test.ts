import { describe, expect, it } from "vitest";
import { chiSquareTest } from "../../src/compare/goodness-of-fit.js";
import { replicaStream, standardNormal } from "../../src/rng.js";

const exact = (density: number[]) => ({ density, stderr: density.map(() => 0), degreesOfFreedom: Number.POSITIVE_INFINITY });

/** Mean and SE of the mean over R Gaussian replicas of k cells with true means `mu` and sd σ. */
function ensemble(uniform: () => number, mu: number[], sigma: number, R: number) {
  const xs = Array.from({ length: R }, () => mu.map((m) => m + sigma * standardNormal(uniform)));
  const density = mu.map((_, i) => xs.reduce((s, x) => s + x[i], 0) / R);
  const stderr = density.map((m, i) => Math.sqrt(xs.reduce((s, x) => s + (x[i] - m) ** 2, 0) / (R - 1) / R));
  return { density, stderr, degreesOfFreedom: R - 1 };
}

describe("chiSquareTest", () => {
  it("with known variances (ν = ∞) is the χ² test: X² = 2 on 2 cells has p = e^{−1}", () => {
    const r = chiSquareTest({ density: [1, 1], stderr: [0.1, 0.1], degreesOfFreedom: Number.POSITIVE_INFINITY }, exact([1.1, 0.9]));
    expect(r.statistic).toBeCloseTo(2, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-1), 12);
  });

  it("keeps its level at R = 10 against the exact means (rejections at 0.05 within 4 SE of 5 %), where χ²_df would reject far more", () => {
    const uniform = replicaStream(11, 0);
    const mu = Array.from({ length: 30 }, (_, i) => 1 + i / 30);
    const trials = 1500;
    let rejected = 0;
    let naive = 0;
    for (let n = 0; n < trials; n++) {
      const a = ensemble(uniform, mu, 0.05, 10);
      const r = chiSquareTest(a, exact(mu));
      if (r.pValue < 0.05) rejected++;
      if (chiSquareTest({ ...a, degreesOfFreedom: Number.POSITIVE_INFINITY }, exact(mu)).pValue < 0.05) naive++;
    }
    const se = Math.sqrt((0.05 * 0.95) / trials);
    expect(Math.abs(rejected / trials - 0.05)).toBeLessThan(4 * se);
    expect(naive / trials).toBeGreaterThan(0.05 + 10 * se);
  });

  it("gives no p-value when the SEs have 4 degrees of freedom or fewer", () => {
    const r = chiSquareTest(ensemble(replicaStream(12, 0), [1, 2, 3], 0.05, 5), exact([1, 2, 3]));
    expect(r.tooFewReplicas).toBe(true);
    expect(r.pValue).toBeNaN();
  });
});
