/**
 * The standard error is honest: 95 % intervals of the pairs-only system cover its exact
 * stationary mean 95 % of the time. The exact laws of the pair count are in pairs-chain.ts; the
 * transient law from P(0) shows that the chain has relaxed by the observation time.
 */
import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { summarize } from "../../src/ensemble/statistics.js";
import { parseConfig } from "../../src/model/config.js";
import { expectation, stationaryLaw, transientLaw } from "./pairs-chain.js";

const N = 60;
const epsilon = 0.5;
const lambda = 1;
const mu = 1;
const T = 3;
const P0 = 6; // initial pairs (pairedFraction = 2·P0/N), near the stationary mean
const chain = { N, epsilon, lambda, mu };

const meanN2 = (law: number[]) => expectation(law, (P) => P / N);

describe("95 % intervals of the pairs-only system", () => {
  const law = stationaryLaw(chain);
  const exact = meanN2(law);
  const sd = Math.sqrt(law.reduce((s, p, P) => s + p * (P / N - exact) ** 2, 0));
  const R = 6; // small ensembles: the Student quantile t_{0.975,5} = 2.57 matters
  const K = 1000;

  it("the chain has relaxed at the observation time (exact transient mean within 1e-3 SE)", () => {
    expect(Math.abs(meanN2(transientLaw(chain, P0, T)) - exact)).toBeLessThan(1e-3 * (sd / Math.sqrt(R)));
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
