import { beforeAll, describe, expect, it } from "vitest";
import { compareRuns, comparisonVerdict } from "../../src/compare/compare.js";
import { formatComparison, zText } from "../../src/compare/format.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { IncomparableError } from "../../src/errors.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveMomentsExact } from "../../src/kinetic/moment-closure/exact-hierarchy-2.js";
import { parseConfig } from "../../src/model/config.js";

const config = parseConfig({ N: 4000, replicas: 16, epsilon: 0.1, times: [0, 0.5, 1, 2], histogram: { min: -4, max: 4, bins: 40, pairBins: 20 } });
let a: ReturnType<typeof simulateEnsemble>;
let b: ReturnType<typeof simulateEnsemble>;
beforeAll(() => {
  a = simulateEnsemble(config);
  b = simulateEnsemble({ ...config, seed: 2 });
});
/** Largest |z| over the rows; every row must have a finite z-score, and there must be rows. */
const maxAbsZ = (rows: { z: number }[]) => {
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((r) => !Number.isFinite(r.z))).toEqual([]);
  return Math.max(...rows.map((r) => Math.abs(r.z)));
};

describe("compareRuns", () => {
  it("a particle run against itself with another seed is within its error bars", () => {
    const c = compareRuns(a, b);
    const zs = c.observables.filter((r) => r.stderr > 0);
    expect(zs.length).toBeGreaterThan(20);
    // z-scores are O(1): their mean square is near 1 and none is beyond 5
    expect(zs.reduce((s, r) => s + r.z * r.z, 0) / zs.length).toBeLessThan(2.5);
    expect(maxAbsZ(zs)).toBeLessThan(5);
    const f1Rows = c.histograms.filter((r) => r.density === "f1" && r.t > 0);
    expect(f1Rows).toHaveLength(3);
    for (const h of f1Rows) {
      expect(Math.abs(h.l2Squared)).toBeLessThan(4 * h.l2SquaredStderr);
      expect(h.pValue).toBeGreaterThan(1e-3);
      expect(h.l1).toBeLessThan(2 * h.l1NoiseFloor); // L1 is noise: about its floor
    }
    expect(c.functionals).toHaveLength(4 * 11); // 5 CDF points and Re, Im φ at 3 frequencies, at 4 times
    for (const f of c.functionals) expect(Math.abs(f.z)).toBeLessThan(5);
    // two ensembles of R = 16: Welch's ν between 15 and 30, and the joint test agrees
    for (const r of zs) expect([r.df >= 15 - 1e-9, r.df <= 30 + 1e-9]).toEqual([true, true]);
    expect(c.test).toMatchObject({ test: "bonferroni-t", status: "agree" });
  });

  it("particles agree with the exact moment hierarchy within error bars, and are many SE from the hierarchy with λ doubled", () => {
    const right = compareRuns(a, solveMomentsExact(config));
    const moments = (rows: typeof right.observables) => rows.filter((r) => ["M1", "M2", "V1", "V2"].includes(r.observable) && r.t > 0);
    expect(moments(right.observables)).toHaveLength(4 * 3);
    expect(maxAbsZ(moments(right.observables))).toBeLessThan(5);
    const wrong = compareRuns(a, solveMomentsExact({ ...config, lambda: { "1,1": 2, "1,2": 2 } }));
    expect(maxAbsZ(moments(wrong.observables))).toBeGreaterThan(20);
    expect(wrong.configDifferences).toEqual(["lambda"]);
  });

  it("a particle run with λ doubled is many SE away in f_1 and f_2 (debiased L2, χ²)", () => {
    const wrong = simulateEnsemble({ ...config, seed: 3, lambda: { "1,1": 2, "1,2": 2 } });
    const c = compareRuns(a, wrong);
    expect(c.test.status, c.test.message).toBe("disagree");
    const late = c.histograms.filter((r) => r.t >= 1);
    expect(late).toHaveLength(4); // f1 and f2 at t = 1, 2
    for (const h of late) {
      expect(h.l2Squared / h.l2SquaredStderr).toBeGreaterThan(5);
      expect(h.pValue).toBeLessThan(1e-6);
    }
  });

  it("refuses outputs on different times", () => {
    const other = simulateEnsemble({ ...config, N: 100, replicas: 2, times: [0, 1] });
    expect(() => compareRuns(a, other)).toThrow(IncomparableError);
  });
});

describe("the verdict, and exact equality", () => {
  const exactConfig = parseConfig({ epsilon: 0.2, times: [0, 1] });
  let exact: ReturnType<typeof solveKinetic>;
  let rounded: typeof exact;
  beforeAll(() => {
    exact = solveKinetic("moments-exact", exactConfig);
    // the same numbers up to rounding: M1 perturbed in its last digits
    const M1 = exact.summary.observables.M1;
    rounded = { ...exact, summary: { ...exact.summary, observables: { ...exact.summary.observables, M1: { ...M1, mean: M1.mean.map((m) => m * (1 - 4e-16)) } } } };
  });
  it("two exact results equal to rounding: z = 0, shown as equal, and the verdict counts them", () => {
    const c = compareRuns(exact, rounded);
    const m1 = c.observables.filter((r) => r.observable === "M1");
    expect(m1).toHaveLength(2);
    for (const r of m1) {
      expect(r.z).toBe(0);
      expect(zText(r)).toBe("equal");
    }
    const n = c.observables.length;
    expect(n).toBeGreaterThan(2);
    expect(c.test).toMatchObject({ status: "agree", k: 0 });
    expect(comparisonVerdict(c)).toContain(`${n} quantities are equal, both exact`);
  });
  it("two exact results that differ: they disagree at any R, and the verdict names the largest |z| and where", () => {
    const c = compareRuns(exact, solveKinetic("moments", exactConfig), { labels: ["exact", "(20), (23)"] });
    expect(c.test).toMatchObject({ test: "exact", status: "disagree" });
    const verdict = comparisonVerdict(c, { M1: "M₁" });
    expect(verdict).toMatch(/^A and B disagree: .* Largest \|z\| = ∞ \(exact and unequal\) for \S+ at t = 1\./);
    expect(formatComparison(c).split("\n")).toContain(verdict);
  });
});
