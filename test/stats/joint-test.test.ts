import { describe, expect, it } from "vitest";
import { replicaStream, standardNormal } from "../../src/rng.js";
import { fSurvival, studentTQuantile } from "../../src/stats/distributions.js";
import { hotellingT2 } from "../../src/stats/hotelling.js";
import { DETECTABLE_DIFFERENCE, jointTest, studentTPValue, VERDICT_LEVEL } from "../../src/stats/joint-test.js";

/** R replicas of a k-vector with unit variances and correlation ρ between every pair of components. */
function replicas(uniform: () => number, R: number, k: number, rho: number): number[][] {
  return Array.from({ length: R }, () => {
    const common = standardNormal(uniform);
    return Array.from({ length: k }, () => Math.sqrt(rho) * common + Math.sqrt(1 - rho) * standardNormal(uniform));
  });
}

/** Sample mean and covariance (divisor R − 1) of the replicas. */
function moments(xs: number[][]): { mean: number[]; covariance: number[][] } {
  const R = xs.length;
  const k = xs[0].length;
  const mean = Array.from({ length: k }, (_, a) => xs.reduce((s, x) => s + x[a], 0) / R);
  const covariance = mean.map((ma, a) => mean.map((mb, b) => xs.reduce((s, x) => s + (x[a] - ma) * (x[b] - mb), 0) / (R - 1)));
  return { mean, covariance };
}

describe("studentTPValue", () => {
  it("is the two-sided tail: 0.05 at the 97.5 % quantiles of t₉ (R: qt(0.975, 9)) and of the normal law", () => {
    expect(studentTPValue(2.2621571627982, 9)).toBeCloseTo(0.05, 10);
    expect(studentTPValue(-2.2621571627982, 9)).toBeCloseTo(0.05, 10);
    expect(studentTPValue(1.959963984540054, Number.POSITIVE_INFINITY)).toBeCloseTo(0.05, 10);
    expect(studentTPValue(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTPValue(Number.NaN, 3)).toBeNaN();
  });
});

describe("jointTest", () => {
  it("needs the smallest R at which Bonferroni's critical |t| is at most 10 SE, and says so below it", () => {
    for (const k of [1, 14, 41]) {
      const crit = (R: number) => studentTQuantile(1 - VERDICT_LEVEL / (2 * k), R - 1);
      const { minReplicas } = jointTest({ t: Array(k).fill(0), df: Array(k).fill(1), replicas: 2 });
      expect(crit(minReplicas)).toBeLessThan(DETECTABLE_DIFFERENCE);
      expect(crit(minReplicas - 1)).toBeGreaterThan(DETECTABLE_DIFFERENCE);
      const below = jointTest({ t: Array(k).fill(50), df: Array(k).fill(minReplicas - 2), replicas: minReplicas - 1 });
      expect(below).toMatchObject({ test: "none", status: "too-few-replicas" });
      expect(below.message).toBe(`R = ${minReplicas - 1} is too few replicas to test k = ${k} ${k === 1 ? "quantity" : "quantities"} (Bonferroni over Student t needs R ≥ ${minReplicas})`);
      expect(jointTest({ t: Array(k).fill(50), df: Array(k).fill(minReplicas - 1), replicas: minReplicas }).status).toBe("disagree");
    }
  });

  it("with control variates, counts R from the SEs' degrees of freedom R − 1 − p", () => {
    const plain = jointTest({ t: [0, 0], df: [1, 1], replicas: 2 }).minReplicas;
    expect(jointTest({ t: [0, 0], df: [7, 7], replicas: 10 }).minReplicas).toBe(plain + 2);
  });

  it("Bonferroni: p = k·min pᵢ, and the verdict agrees with it", () => {
    const r = jointTest({ t: [5.22, 1, -0.5], df: [9, 9, 9], replicas: 10 });
    expect(r.test).toBe("bonferroni-t");
    expect(r.pValue).toBeCloseTo(3 * studentTPValue(5.22, 9), 14);
    expect(r.status).toBe(r.pValue < VERDICT_LEVEL ? "disagree" : "agree");
  });

  it("an exact quantity that differs is a disagreement at any R", () => {
    expect(jointTest({ t: [0.1, Number.NEGATIVE_INFINITY], df: [1, Number.POSITIVE_INFINITY], replicas: 2 })).toMatchObject({ test: "exact", status: "disagree", pValue: 0 });
  });

  it("Hotelling's T² leaves out a quantity that is a linear combination of the others, and tests the rest", () => {
    const uniform = replicaStream(3, 0);
    const xs = replicas(uniform, 60, 3, 0.5).map(([a, b, c]) => [a, b, c, a + 2 * b]);
    const { mean, covariance } = moments(xs);
    const expected = [0, 0, 0, 0];
    const r = jointTest({ t: mean.map((m, i) => m / Math.sqrt(covariance[i][i] / 60)), df: [59, 59, 59, 59], replicas: 60, hotelling: { mean, expected, covariance } });
    const three = hotellingT2(mean.slice(0, 3), expected.slice(0, 3), covariance.slice(0, 3).map((row) => row.slice(0, 3)), 60)!;
    expect(r).toMatchObject({ test: "hotelling", k: 3 });
    expect(r.statistic).toBeCloseTo(three.t2, 10);
    expect(r.pValue).toBeCloseTo(three.pValue, 12);
    expect(r.message).toContain("(1 more is a linear combination of these)");
  });

  it("Hotelling's T² is used from the R at which T² = 10² is rejected, Bonferroni below it", () => {
    const k = 5;
    const detects = (R: number) => fSurvival(((R - k) / (k * (R - 1))) * DETECTABLE_DIFFERENCE ** 2, k, R - k) < VERDICT_LEVEL;
    const uniform = replicaStream(4, 0);
    let R = k + 1;
    while (!detects(R)) R++;
    for (const [replicaCount, test] of [[R, "hotelling"], [R - 1, "bonferroni-t"]] as const) {
      const { mean, covariance } = moments(replicas(uniform, replicaCount, k, 0.3));
      const t = mean.map((m, i) => m / Math.sqrt(covariance[i][i] / replicaCount));
      expect(jointTest({ t, df: t.map(() => replicaCount - 1), replicas: replicaCount, hotelling: { mean, expected: mean.map(() => 0), covariance } }).test).toBe(test);
    }
  });

  it("keeps its level at R = 8 on correlated Gaussian replicas (rejection rate at α = 0.05 within 4 SE of at most α)", () => {
    const uniform = replicaStream(5, 0);
    const trials = 2000;
    const alpha = 0.05;
    let rejected = 0;
    for (let i = 0; i < trials; i++) {
      const { mean, covariance } = moments(replicas(uniform, 8, 6, 0.9));
      const t = mean.map((m, a) => m / Math.sqrt(covariance[a][a] / 8));
      if (jointTest({ t, df: t.map(() => 7), replicas: 8, level: alpha }).status === "disagree") rejected++;
    }
    expect(rejected / trials).toBeLessThan(alpha + 4 * Math.sqrt((alpha * (1 - alpha)) / trials));
    expect(rejected).toBeGreaterThan(0); // the test is not vacuous
  });
});
