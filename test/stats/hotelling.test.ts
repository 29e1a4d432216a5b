import { describe, expect, it } from "vitest";
import { replicaStream, standardNormal } from "../../src/rng.js";
import { chiSquaredSurvival, fSurvival } from "../../src/stats/distributions.js";
import { hotellingT2 } from "../../src/stats/hotelling.js";
import { CoMoments } from "../../src/ensemble/statistics.js";

/** R replicas of a k-vector with unit variances and correlation ρ between every pair of components. */
function replicas(seed: number, R: number, k: number, rho: number): number[][] {
  const uniform = replicaStream(seed, 0);
  return Array.from({ length: R }, () => {
    const common = standardNormal(uniform);
    return Array.from({ length: k }, () => Math.sqrt(rho) * common + Math.sqrt(1 - rho) * standardNormal(uniform));
  });
}

describe("Hotelling's T² test", () => {
  it("F survival: closed forms", () => {
    expect(fSurvival(1, 2, 2)).toBeCloseTo(0.5, 12);
    // F(2, d2) survival is (1 + 2f/d2)^(−d2/2)
    expect(fSurvival(3, 2, 10)).toBeCloseTo((1 + (2 * 3) / 10) ** -5, 12);
  });

  it("co-moments give the sample covariance", () => {
    const xs = replicas(1, 50, 3, 0.5);
    const c = new CoMoments(3);
    xs.forEach((x) => c.add(x));
    const mean = [0, 1, 2].map((a) => xs.reduce((s, x) => s + x[a], 0) / xs.length);
    const direct = (a: number, b: number) => xs.reduce((s, x) => s + (x[a] - mean[a]) * (x[b] - mean[b]), 0) / (xs.length - 1);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(c.covariance()[a][b]).toBeCloseTo(direct(a, b), 12);
  });

  it("rejects at its nominal rate under the null with strongly correlated components, where Σ z² against χ²_k does not", () => {
    const ensembles = 400;
    const R = 40;
    const k = 8;
    let hotelling = 0;
    let independent = 0;
    for (let seed = 1; seed <= ensembles; seed++) {
      const xs = replicas(seed, R, k, 0.9);
      const c = new CoMoments(k);
      xs.forEach((x) => c.add(x));
      const mean = Array.from({ length: k }, (_, a) => xs.reduce((s, x) => s + x[a], 0) / R);
      const covariance = c.covariance();
      const result = hotellingT2(mean, new Array(k).fill(0), covariance, R)!;
      if (result.pValue < 0.05) hotelling++;
      const chi2 = mean.reduce((s, m, a) => s + (m * m) / (covariance[a][a] / R), 0);
      if (chiSquaredSurvival(chi2, k) < 0.05) independent++;
    }
    const band = 4 * Math.sqrt((0.05 * 0.95) / ensembles);
    expect(Math.abs(hotelling / ensembles - 0.05)).toBeLessThan(band);
    expect(independent / ensembles).toBeGreaterThan(0.05 + band);
  });

  it("detects opposite shifts of half a standard deviation in two correlated components with R = 40, and declines when R ≤ k", () => {
    const xs = replicas(7, 40, 4, 0.5).map((x) => x.map((v, a) => v + (a === 0 ? 0.5 : a === 1 ? -0.5 : 0)));
    const c = new CoMoments(4);
    xs.forEach((x) => c.add(x));
    const mean = [0, 1, 2, 3].map((a) => xs.reduce((s, x) => s + x[a], 0) / 40);
    expect(hotellingT2(mean, [0, 0, 0, 0], c.covariance(), 40)!.pValue).toBeLessThan(1e-3);
    expect(hotellingT2(mean, [0, 0, 0, 0], c.covariance(), 4)).toBeNull();
  });

  it("declines a covariance with an exact linear dependency, whatever the mean along it", () => {
    // the third component is the sum of the first two in every replica (as M₁ + M₂ = M when no replica holds a 3-cluster)
    const xs = replicas(3, 20, 2, 0.3).map(([a, b]) => [a, b, a + b]);
    const c = new CoMoments(3);
    xs.forEach((x) => c.add(x));
    const mean = [0, 1, 2].map((a) => xs.reduce((s, x) => s + x[a], 0) / 20);
    expect(hotellingT2(mean, [0, 0, 1], c.covariance(), 20)).toBeNull();
    expect(hotellingT2(mean.slice(0, 2), [0, 0], c.covariance().slice(0, 2).map((row) => row.slice(0, 2)), 20)).not.toBeNull();
  });

  it("is invariant under rescaling a component (it is judged on the correlations)", () => {
    const xs = replicas(5, 30, 3, 0.6);
    const c = new CoMoments(3);
    xs.forEach((x) => c.add(x));
    const mean = [0, 1, 2].map((a) => xs.reduce((s, x) => s + x[a], 0) / 30);
    const scale = [1e-6, 1, 1e4];
    const scaled = c.covariance().map((row, i) => row.map((v, j) => v * scale[i] * scale[j]));
    const a = hotellingT2(mean, [0.1, 0, 0], c.covariance(), 30)!;
    const b = hotellingT2(mean.map((m, i) => m * scale[i]), [0.1 * scale[0], 0, 0], scaled, 30)!;
    expect(b.t2).toBeCloseTo(a.t2, 8);
  });
});
