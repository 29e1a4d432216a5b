/**
 * The bookkeeping of the coverage study, on synthetic ensembles with a known truth: a Student-t
 * interval of normal replicas covers its mean 95 % of the time and a z-interval with R − 1 = 4 df
 * covers 2·F_t(1.96; 4) − 1 of the time (exact), both within 4 binomial SE over K = 4000
 * ensembles; the distance intervals, the leave-one-out truths and the false-alarm tally on hand
 * examples.
 */
import { describe, expect, it } from "vitest";
import type { RunOutput } from "../../src/contract/run-output.js";
import { replicaStream, standardNormal } from "../../src/rng.js";
import { studentTCdf } from "../../src/stats/distributions.js";
import { CoverageTally, covers, distanceIntervals, FalseAlarmTally, leaveOneOut, meanOutcomes, outcome } from "../../src/study/coverage.js";

/** A particle-like output with one observable M1 at t = 1: mean and SE of R draws. */
function ensembleOf(draws: number[]): RunOutput {
  const R = draws.length;
  const mean = draws.reduce((s, x) => s + x, 0) / R;
  const se = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (R - 1) / R);
  return { summary: { source: "particles", times: [1], replicas: R, observables: { M1: { mean: [mean], stderr: [se] } } } } as unknown as RunOutput;
}
const exactM1 = (value: number) => ({ summary: { source: "kinetic:moments-exact", times: [1], observables: { M1: { mean: [value], stderr: [0] } } } }) as unknown as RunOutput;

describe("coverage of a known-truth interval", () => {
  const K = 4000;
  const R = 5;
  const truth = 0.3;
  const tally = new CoverageTally();
  const zTally = new CoverageTally();
  it("a Student-t interval covers 95 % and a z-interval 2·F_t(1.96; R − 1) − 1 of K ensembles, within 4 SE", () => {
    for (let k = 0; k < K; k++) {
      const stream = replicaStream(7, k);
      const ensemble = ensembleOf(Array.from({ length: R }, () => truth + 0.2 * standardNormal(stream)));
      tally.addEnsemble(meanOutcomes(ensemble, exactM1(truth), [1], ["M1"]));
      const { mean, stderr } = ensemble.summary.observables.M1;
      zTally.addEnsemble([{ kind: "mean", quantity: "M1 at t = 1", covered: covers(mean[0] - 1.96 * stderr[0], mean[0] + 1.96 * stderr[0], truth) }]);
    }
    const [row] = tally.rows();
    expect(row).toMatchObject({ kind: "mean", quantity: "M1 at t = 1", trials: K });
    expect(Math.abs(row.fraction - 0.95)).toBeLessThanOrEqual(4 * Math.sqrt((0.95 * 0.05) / K));
    const exactZ = 2 * studentTCdf(1.96, R - 1) - 1;
    expect(Math.abs(zTally.rows()[0].fraction - exactZ)).toBeLessThanOrEqual(4 * Math.sqrt((exactZ * (1 - exactZ)) / K));
    expect(zTally.rows()[0].fraction).toBeLessThan(row.fraction);
    const [summary] = tally.summaries();
    expect(summary).toMatchObject({ kind: "mean", ensembles: K, perEnsemble: 1, fraction: row.fraction, ci95: row.ci95 });
  });

  it("summarises several intervals per ensemble by the mean of the ensembles' fractions", () => {
    const t = new CoverageTally();
    t.addEnsemble([
      { kind: "mean", quantity: "a", covered: true },
      { kind: "mean", quantity: "b", covered: false },
    ]);
    t.addEnsemble([
      { kind: "mean", quantity: "a", covered: true },
      { kind: "mean", quantity: "b", covered: true },
    ]);
    const [s] = t.summaries();
    expect(s.fraction).toBe(0.75);
    expect(s.perEnsemble).toBe(2);
    // fractions 0.5 and 1: SE = 0.25, t_{0.975,1} = 12.706
    expect(s.ci95[0]).toBe(0);
    expect(s.ci95[1]).toBe(1);
    expect(t.rows().map((r) => r.fraction)).toEqual([1, 0.5]);
    expect(s.missedLow).toBe(0);
  });
});

describe("outcomes", () => {
  it("say on which side an interval missed", () => {
    expect(outcome("mean", "q", [0.8, 0.9], 1)).toEqual({ kind: "mean", quantity: "q", covered: false, low: true });
    expect(outcome("mean", "q", [1.1, 1.2], 1)).toEqual({ kind: "mean", quantity: "q", covered: false, low: false });
    expect(outcome("mean", "q", [0.9, 1.1], 1).covered).toBe(true);
    const tally = new CoverageTally();
    for (const lower of [0.5, 1.5, 1.6, 0.9]) tally.addEnsemble([outcome("mean", "q", [lower, lower + 0.2], 1)]);
    expect(tally.rows()[0]).toMatchObject({ trials: 4, covered: 1, missedLow: 1 });
    expect(tally.summaries()[0].missedLow).toBe(0.25);
  });
});

describe("distance intervals", () => {
  it("D ± 1.96·SE(D), the root of D² ± 1.96·SE(D²) and of D² ± t·SE(D²)", () => {
    const { delta, root, rootT } = distanceIntervals({ value: 1, stderr: 0.1, squared: 1, squaredStderr: 0.2 }, 15);
    expect(delta[0]).toBeCloseTo(1 - 0.196, 3);
    expect(delta[1]).toBeCloseTo(1 + 0.196, 3);
    expect(root[0]).toBeCloseTo(Math.sqrt(1 - 0.392), 3);
    expect(root[1]).toBeCloseTo(Math.sqrt(1 + 0.392), 3);
    // t_{0.975,15} = 2.13145
    expect(rootT[1]).toBeCloseTo(Math.sqrt(1 + 2.13145 * 0.2), 5);
  });

  it("the score interval is the set of D with |D̂² − D²| ≤ t·2D·SE(D)", () => {
    const d = { value: 0.3, stderr: 0.1, squared: 0.09, squaredStderr: 0.06 };
    const t = 2.13145;
    const [lo, hi] = distanceIntervals(d, 15).scoreT;
    for (const D of [lo, hi]) expect(Math.abs(0.09 - D * D)).toBeCloseTo(t * 2 * D * 0.1, 5);
    expect((lo + hi) / 2).toBeGreaterThan(0.3);
  });

  it("at D = 0 the delta interval is everything and the root interval starts at 0", () => {
    const { delta, root } = distanceIntervals({ value: 0, stderr: Number.POSITIVE_INFINITY, squared: -0.5, squaredStderr: 1 }, 15);
    expect(covers(delta[0], delta[1], 3)).toBe(true);
    expect(root).toEqual([0, Math.sqrt(-0.5 + 1.959963984540054)]);
  });
});

describe("leave-one-out truths", () => {
  it("give each ensemble the mean of the others and the variance of that mean", () => {
    const vectors = [1, 2, 6].map((x) => Float64Array.of(x));
    // sample variance of 1, 2, 6 is 7; of a mean of K − 1 = 2 of them: 7/2
    const seen: [number, number][] = [];
    leaveOneOut(vectors, (m, v) => (seen.push([m[0], v[0]]), 0));
    expect(seen.map(([m]) => m)).toEqual([4, 3.5, 1.5]);
    for (const [, v] of seen) expect(v).toBeCloseTo(7 / 2, 12);
  });
});

describe("false alarms", () => {
  it("count disagree verdicts over the tested ensembles at each level", () => {
    const tally = new FalseAlarmTally();
    tally.add({ test: "hotelling", status: "agree", pValue: 0.2 });
    tally.add({ test: "hotelling", status: "agree", pValue: 0.03 });
    tally.add({ test: "hotelling", status: "disagree", pValue: 0.0005 });
    tally.add({ test: "none", status: "too-few-replicas", pValue: Number.NaN });
    const r = tally.result();
    expect(r).toMatchObject({ ensembles: 4, tooFewReplicas: 1, alarms: 1, tests: { hotelling: 3, none: 1 } });
    expect(r.rate).toBeCloseTo(1 / 3, 12);
    expect(r.atLevels.map((a) => a.alarms)).toEqual([1, 1, 2]);
  });
});
