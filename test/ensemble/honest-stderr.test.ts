/**
 * The standard error is honest: 95 % intervals of the pairs-only system cover its exact
 * stationary mean 95 % of the time.
 *
 * Pairs-only system (k_max = 2, λ₁₁ = λ, μ₁₁ = μ, mass M) with N particles: the number of pairs P
 * is a birth–death chain on 0 … ⌊N/2⌋ with (docs/model.md §1)
 *   birth rate b(P) = λ·M·N₁(N₁ − 1)/N,  N₁ = N − 2P,    death rate d(P) = μ·P/ε.
 * Detailed balance gives the stationary law π(P + 1)/π(P) = b(P)/d(P + 1), hence the exact
 * stationary mean of n₂ = P/N. The transient law from P(0) is computed exactly too
 * (uniformization), to show that the chain has relaxed by the observation time.
 */
import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { summarize } from "../../src/ensemble/statistics.js";
import { parseConfig } from "../../src/model/config.js";

const N = 60;
const epsilon = 0.5;
const lambda = 1;
const mu = 1;
const T = 3;
const P0 = 6; // initial pairs (pairedFraction = 2·P0/N), near the stationary mean

const birth = (P: number) => (lambda * (N - 2 * P) * (N - 2 * P - 1)) / N;
const death = (P: number) => (mu * P) / epsilon;
const maxPairs = Math.floor(N / 2);

/** Exact stationary law of P by detailed balance. */
function stationaryLaw(): number[] {
  const w = [1];
  for (let P = 0; P < maxPairs; P++) w.push((w[P] * birth(P)) / death(P + 1));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** Exact law of P(t) from P(0) = p0, by uniformization: Σ_n Poisson(n; Λt)·(I + Q/Λ)ⁿ. */
function transientLaw(p0: number, t: number): number[] {
  const rates = Array.from({ length: maxPairs + 1 }, (_, P) => birth(P) + death(P));
  const L = Math.max(...rates);
  let v: number[] = Array.from({ length: maxPairs + 1 }, (_, P) => (P === p0 ? 1 : 0));
  const out = v.map(() => 0);
  let weight = Math.exp(-L * t);
  for (let n = 0; n < 2000; n++) {
    for (let P = 0; P <= maxPairs; P++) out[P] += weight * v[P];
    const next = v.map(() => 0);
    for (let P = 0; P <= maxPairs; P++) {
      next[P] += v[P] * (1 - rates[P] / L);
      if (P < maxPairs) next[P + 1] += (v[P] * birth(P)) / L;
      if (P > 0) next[P - 1] += (v[P] * death(P)) / L;
    }
    v = next;
    weight *= (L * t) / (n + 1);
  }
  return out;
}

const meanN2 = (law: number[]) => law.reduce((s, p, P) => s + (p * P) / N, 0);

describe("95 % intervals of the pairs-only system", () => {
  const exact = meanN2(stationaryLaw());
  const law = stationaryLaw();
  const sd = Math.sqrt(law.reduce((s, p, P) => s + p * (P / N - exact) ** 2, 0));
  const R = 6; // small ensembles: the Student quantile t_{0.975,5} = 2.57 matters
  const K = 1000;

  it("the chain has relaxed at the observation time (exact transient mean within 1e-3 SE)", () => {
    expect(Math.abs(meanN2(transientLaw(P0, T)) - exact)).toBeLessThan(1e-3 * (sd / Math.sqrt(R)));
  });

  it(`cover the exact stationary mean of n₂ in 95 % ± 3 binomial SE of ${K} ensembles of ${R} replicas`, () => {
    let covered = 0;
    let coveredByZ = 0; // the normal-quantile interval, which is too narrow for R = 6
    for (let k = 0; k < K; k++) {
      const config = parseConfig({
        N,
        epsilon,
        kmax: 2,
        lambda,
        mu,
        initial: { distribution: "normal", pairedFraction: (2 * P0) / N },
        times: [T],
        replicas: R,
        seed: 1000 + k,
        histogram: { bins: 2, pairBins: 2 },
      });
      const results = Array.from({ length: R }, (_, r) => runReplica(config, r));
      const n2 = summarize(config, results, 0).summary.clusterCounts["2"];
      const ci = n2.ci95!;
      if (ci.lower[0] <= exact && exact <= ci.upper[0]) covered++;
      if (Math.abs(n2.mean[0] - exact) <= 1.959964 * n2.stderr[0]) coveredByZ++;
    }
    const fraction = covered / K;
    if (process.env.ALIGNSIM_VERBOSE) console.log(`coverage ${covered}/${K} (z: ${coveredByZ}), exact mean n2 = ${exact}`);
    const se = Math.sqrt((0.95 * 0.05) / K);
    expect(Math.abs(fraction - 0.95), `coverage ${fraction} (${covered}/${K}), exact mean n₂ = ${exact}`).toBeLessThan(3 * se);
    // The test has power: with 1.96 in place of t_{0.975,5} = 2.571 the coverage is ≈ P(|t₅| < 1.96) = 0.89.
    expect(coveredByZ / K, `z coverage ${coveredByZ}/${K}`).toBeLessThan(0.95 - 3 * se);
  });
});
