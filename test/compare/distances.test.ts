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

// Gaussian vectors with a known AR(1) covariance Σ_ij = s²ρ^|i−j| (ρ = 0.8), R replicas each: the
// reported SE(D̂²), from the replicas' sample covariance, against the spread of D̂² over many
// repetitions, where the exact variance 4δᵀWΣ̄Wδ + 2tr((WΣ̄)²)(1 + 1/(R − 1)) is known too.
describe("SE of the debiased squared L2 distance from a covariance", () => {
  const K = 12;
  const R = 6;
  const rho = 0.8;
  const s = 0.1;
  const w = new Array(K).fill(0.5);
  const chol = (() => {
    // AR(1) as x_i = ρx_{i−1} + √(1 − ρ²)·z_i
    return (z: number[]) => z.reduce<number[]>((x, zi, i) => [...x, i === 0 ? zi : rho * x[i - 1] + Math.sqrt(1 - rho * rho) * zi], []).map((x) => s * x);
  })();
  const sigmaBar = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (s * s * rho ** Math.abs(i - j)) / R));

  function repetitions(delta: number[], n: number, seed: number) {
    return Array.from({ length: n }, (_, rep) => {
      const u = replicaStream(seed, rep);
      const samples = Array.from({ length: R }, () => chol(Array.from({ length: K }, () => standardNormal(u))).map((x, i) => x + delta[i]));
      const mean = delta.map((_, i) => samples.reduce((t, x) => t + x[i], 0) / R);
      const covariance = delta.map((_, i) => delta.map((_, j) => samples.reduce((t, x) => t + (x[i] - mean[i]) * (x[j] - mean[j]), 0) / (R - 1) / R));
      const stderr = covariance.map((row, i) => Math.sqrt(row[i]));
      const zero = new Array(K).fill(0);
      return {
        full: debiasedSquaredL2(mean, { stderr, covariance, degreesOfFreedom: R - 1 }, zero, exactNoise(K), w),
        independent: debiasedSquaredL2(mean, { stderr, degreesOfFreedom: R - 1 }, zero, exactNoise(K), w),
      };
    });
  }
  const exactVariance = (delta: number[]) => {
    const wd = delta.map((d, i) => w[i] * d);
    let linear = 0;
    let trace = 0;
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
      linear += wd[i] * sigmaBar[i][j] * wd[j];
      trace += w[i] * sigmaBar[i][j] * w[j] * sigmaBar[j][i];
    }
    return 4 * linear + 2 * trace * (1 + 1 / (R - 1));
  };
  /** Mean of the reported SE² and the variance of the values, each with its standard error. */
  function moments(values: number[], variances: number[]) {
    const n = values.length;
    const m = values.reduce((t, x) => t + x, 0) / n;
    const variance = values.reduce((t, x) => t + (x - m) ** 2, 0) / (n - 1);
    const m4 = values.reduce((t, x) => t + (x - m) ** 4, 0) / n;
    const reported = variances.reduce((t, x) => t + x, 0) / n;
    const reportedSd = Math.sqrt(variances.reduce((t, x) => t + (x - reported) ** 2, 0) / (n - 1));
    return { variance, varianceStderr: Math.sqrt((m4 - variance ** 2) / n), reported, reportedStderr: reportedSd / Math.sqrt(n) };
  }

  const checks = (delta: number[]) => {
    const reps = repetitions(delta, 3000, 11);
    return { reps, exact: exactVariance(delta), ...moments(reps.map((r) => r.full.value), reps.map((r) => r.full.stderr ** 2)) };
  };

  for (const [label, delta] of [
    ["where both terms count (δ ≈ SE per cell)", new Array(K).fill(0.05)],
    ["at δ ≫ SE (the linear term dominates)", Array.from({ length: K }, (_, i) => 0.2 + 0.01 * i)],
  ] as const) {
    it(`the mean reported SE² matches the exact variance and the spread of D̂² ${label}, within 4 SE`, () => {
      const { reps, exact, variance, varianceStderr, reported, reportedStderr } = checks([...delta]);
      expect(Math.abs(variance - exact), `spread ${variance} ± ${varianceStderr}, exact ${exact}`).toBeLessThan(4 * varianceStderr);
      expect(Math.abs(reported - exact), `reported ${reported} ± ${reportedStderr}, exact ${exact}`).toBeLessThan(4 * Math.hypot(reportedStderr, varianceStderr));
      expect(reps.every((r) => r.full.covariance === "full" && r.independent.covariance === "independent")).toBe(true);
      // treated as independent, the positively correlated cells give far too small an SE
      const independent = reps.reduce((t, r) => t + r.independent.stderr ** 2, 0) / reps.length;
      expect(independent).toBeLessThan(exact / 2);
    });
  }

  it("at δ = 0 the spread is the trace term with the noise estimate's variance, and the reported SE errs on the large side", () => {
    // the linear term's estimate is taken ≥ 0, so where it is 0 the reported variance is conservative
    const { exact, variance, varianceStderr, reported, reportedStderr } = checks(new Array(K).fill(0));
    expect(Math.abs(variance - exact), `spread ${variance} ± ${varianceStderr}, exact ${exact}`).toBeLessThan(4 * varianceStderr);
    expect(reported, `reported ${reported} ± ${reportedStderr}, exact ${exact}`).toBeGreaterThan(exact - 4 * Math.hypot(reportedStderr, varianceStderr));
  });
});
