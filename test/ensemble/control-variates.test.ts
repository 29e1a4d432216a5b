/**
 * Control variates from the initial draw: smaller standard errors on the same replicas for
 * observables correlated with the draw, the same numbers as an independent least-squares fit,
 * honest 95 % intervals against an exact mean, bitwise reproducible through files and shards.
 *
 * Exact mean used for coverage (pairs-only system, pairs-chain.ts). Rates depend on cluster sizes
 * only, so the cluster history is independent of the initial states, and the states at time t
 * are v(t) = A(t)·v(0) with A(t) a random stochastic matrix (alignment inside clusters keeps the
 * cluster mean) independent of v(0). With E v_p(0) = m for every p,
 *
 *   E[I₁(t)] = (M/N)·E[Σ_{p free at t} (A v(0))_p] = (M/N)·m·E[N₁(t)] = M·m·(1 − 2E[P(t)]/N),
 *
 * with E[P(t)] from the exact transient law of the pair count P.
 */
import { Matrix, inverse, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { ConfigError } from "../../src/errors.js";
import { mergeRunDirs } from "../../src/ensemble/merge.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { summarize, type EnsembleSummary } from "../../src/ensemble/statistics.js";
import { parseConfig } from "../../src/model/config.js";
import { writeRunOutput } from "../../src/output/files.js";
import { OBSERVABLES } from "../../src/contract/run-output.js";
import { expectation, transientLaw } from "./pairs-chain.js";
import { outputBytes, smallConfig, tempDir } from "./helpers.js";
import { stringifyJson } from "../../src/output/json-codec.js";

const config = smallConfig({ replicas: 12, times: [0, 0.5], initial: { distribution: "normal", mean: 1, sd: 1 } });
const results = Array.from({ length: config.replicas }, (_, r) => runReplica(config, r));
const cvSummary = (c = config, rs = results) => summarize(c, rs, 0, { controlVariates: true }).summary as EnsembleSummary;

describe("control variates from the initial draw", () => {
  it("leave the plain estimates untouched and shrink the SE of what the draw determines (I1(0), V1(0), v_inf) on the same replicas", () => {
    const plain = summarize(config, results, 0).summary;
    const summary = cvSummary();
    expect(summary.observables).toEqual(plain.observables);
    const cv = summary.controlVariates!;
    expect(cv.used).toBe(2);
    expect(cv.degreesOfFreedom).toBe(config.replicas - 3);
    expect(cv.expected).toEqual([1, 2]);
    // I1(0) = M·X₁ with every particle free: the controls determine it. At t > 0 the pair count,
    // independent of the draw, adds variance the controls cannot explain, so a reduction there is
    // a matter of the replicas drawn and is not asserted; the factor is still SE²/SE²_cv.
    expect(cv.observables.I1.stderr[0]).toBeLessThan(plain.observables.I1.stderr[0]);
    for (const t of [0, 1]) expect(cv.factor.I1[t]).toBeCloseTo(plain.observables.I1.stderr[t] ** 2 / cv.observables.I1.stderr[t] ** 2, 10);
    // V1(0) = M(X₂ − X₁²) with every particle free: nearly linear in the controls.
    expect(cv.factor.V1[0]).toBeGreaterThan(10);
    // v_∞ is the initial mean X₁ itself (momentum is conserved): the factor is huge or infinite.
    expect(Math.min(...cv.factor.v_inf)).toBeGreaterThan(1e8);
    for (const t of [0, 1]) expect(Math.abs(cv.observables.v_inf.mean[t] - 1)).toBeLessThan(1e-12);
  });

  it("give the intercept and its standard error of an independent least-squares fit of Y on (1, X − E X)", () => {
    const cv = cvSummary().controlVariates!;
    const n = results.length;
    const Z = new Matrix(results.map((r) => [1, r.initialMoments[0] - 1, r.initialMoments[1] - 2]));
    const unscaled = inverse(Z.transpose().mmul(Z)).get(0, 0);
    // Not at t = 0 where M2, V2tilde = 0 and I1 = M·X₁ exactly (no residual but rounding).
    const cases = [["I1", 1], ["V1", 0], ["V1", 1], ["M2", 1], ["V2tilde", 1]] as const;
    for (const [name, t] of cases) {
      const y = Matrix.columnVector(results.map((r) => r.observables[name][t]));
      const coefficients = solve(Z, y);
      const residuals = y.clone().sub(Z.mmul(coefficients));
      const s2 = residuals.norm("frobenius") ** 2 / (n - 3);
      const context = `${name} at time index ${t}`;
      expect(cv.observables[name].mean[t], context).toBeCloseTo(coefficients.get(0, 0), 12);
      expect(cv.observables[name].stderr[t] / Math.sqrt(s2 * unscaled), context).toBeCloseTo(1, 8);
    }
  });

  it("use fewer controls when the law makes one constant or both collinear", () => {
    const binary = smallConfig({ replicas: 8, times: [0.5], initial: { distribution: "samples", values: [0, 1] } });
    const collinear = cvSummary(binary, Array.from({ length: 8 }, (_, r) => runReplica(binary, r))).controlVariates!;
    expect(collinear.used).toBe(1); // v² = v on {0, 1}
    expect(collinear.degreesOfFreedom).toBe(8 - 2);
    const symmetric = smallConfig({ replicas: 8, times: [0.5], initial: { distribution: "samples", values: [-1, 1] } });
    const rs = Array.from({ length: 8 }, (_, r) => runReplica(symmetric, r));
    const constant = cvSummary(symmetric, rs).controlVariates!;
    expect(constant.used).toBe(1); // v² = 1: the second moment is constant
    const single = smallConfig({ replicas: 5, times: [0.5], initial: { distribution: "samples", values: [0.3] } });
    const none = cvSummary(single, Array.from({ length: 5 }, (_, r) => runReplica(single, r)));
    expect(none.controlVariates!.used).toBe(0);
    for (const name of OBSERVABLES) {
      expect(none.controlVariates!.observables[name].mean).toEqual(none.observables[name].mean);
      none.observables[name].stderr.forEach((se, t) => expect(none.controlVariates!.observables[name].stderr[t]).toBeCloseTo(se, 14));
    }
  });

  it("are refused with fewer than 4 replicas (no degree of freedom left)", () => {
    const three = smallConfig({ replicas: 3 });
    expect(() => summarize(three, results.slice(0, 3), 0, { controlVariates: true })).toThrow(ConfigError);
    expect(() => summarize(three, results.slice(0, 3), 0, { controlVariates: true })).toThrow(/`--control-variates` must be used with at least 4 replicas/);
  });

  it("are bitwise the same through replica files, workers and shards", async () => {
    const small = smallConfig({ initial: { distribution: "normal", mean: 1, sd: 1 } });
    const whole = tempDir();
    await runEnsemble({ config: small, outDir: whole, workers: 2, controlVariates: true });
    const shards = [0, 1].map(() => tempDir());
    for (const [index, dir] of shards.entries()) await runEnsemble({ config: small, outDir: dir, workers: 1, shard: { index, count: 2 } });
    const merged = tempDir();
    writeRunOutput(merged, mergeRunDirs(shards, { controlVariates: true }));
    expect(outputBytes(merged)).toEqual(outputBytes(whole));
    const inMemory = cvSummary(small, Array.from({ length: small.replicas }, (_, r) => runReplica(small, r)));
    expect(JSON.parse(outputBytes(whole).summary).controlVariates).toEqual(JSON.parse(stringifyJson(inMemory.controlVariates)));
  });
});

describe("95 % control-variate intervals of I1 in the pairs-only system", () => {
  const N = 60;
  const chain = { N, epsilon: 0.5, lambda: 1, mu: 1 };
  const P0 = 6;
  const t = 0.3;
  const m = 1; // mean of the initial law
  const exact = m * (1 - (2 * expectation(transientLaw(chain, P0, t), (P) => P)) / N);
  const R = 8; // n − 1 − p = 5 degrees of freedom
  const K = 1000;

  it(`cover the exact mean M·m·E[n₁(t)] in 95 % ± 3 binomial SE of ${K} ensembles of ${R} replicas, with smaller SE than without`, () => {
    let covered = 0;
    let varianceRatio = 0;
    for (let k = 0; k < K; k++) {
      const c = parseConfig({
        N,
        epsilon: chain.epsilon,
        kmax: 2,
        lambda: chain.lambda,
        mu: chain.mu,
        initial: { distribution: "normal", mean: m, sd: 1, pairedFraction: (2 * P0) / N },
        times: [t],
        replicas: R,
        seed: 5000 + k,
        histogram: { bins: 2, pairBins: 2 },
      });
      const summary = cvSummary(
        c,
        Array.from({ length: R }, (_, r) => runReplica(c, r)),
      );
      const cv = summary.controlVariates!.observables.I1;
      if (cv.ci95!.lower[0] <= exact && exact <= cv.ci95!.upper[0]) covered++;
      varianceRatio += summary.observables.I1.stderr[0] ** 2 / cv.stderr[0] ** 2 / K;
    }
    const fraction = covered / K;
    const se = Math.sqrt((0.95 * 0.05) / K);
    if (process.env.ALIGNSIM_VERBOSE) console.log(`coverage ${covered}/${K}, mean factor ${varianceRatio}, exact E[I1(${t})] = ${exact}`);
    expect(Math.abs(fraction - 0.95), `coverage ${fraction} (${covered}/${K}), exact E[I1(${t})] = ${exact}`).toBeLessThan(3 * se);
    expect(varianceRatio, "mean variance-reduction factor").toBeGreaterThan(1.5);
  });
});
