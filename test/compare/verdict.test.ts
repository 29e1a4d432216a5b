/**
 * The verdict of `compareRuns` is valid at the R it is given: particles against the exact moment
 * hierarchy (the N → ∞ limit, a deterministic solver) raise no disagreement at small R, even
 * where a single z-score is beyond 5; "too few replicas" where the joint test has no power; and a
 * wrong reference is flagged at an R where it has.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { compareRuns, comparisonVerdict } from "../../src/compare/compare.js";
import type { RunOutput } from "../../src/contract/run-output.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { type ConfigInput, parseConfig } from "../../src/model/config.js";
import { studentTPValue, VERDICT_LEVEL } from "../../src/stats/joint-test.js";

/** examples/default.json, the README's worked example. */
const example: ConfigInput = JSON.parse(readFileSync(new URL("../../examples/default.json", import.meta.url), "utf8"));

/** The README's worked example: N = 10⁴, R = 10, ε = 0.1, seed 1. */
const config = parseConfig(example);

/** The output with `shift(t index, SE)` added to the mean of V₁ at every time. */
function shiftV1(output: RunOutput, shift: (i: number) => number): RunOutput {
  const V1 = output.summary.observables.V1;
  const observables = { ...output.summary.observables, V1: { ...V1, mean: V1.mean.map((m, i) => m + shift(i)) } };
  return { ...output, summary: { ...output.summary, observables } };
}

describe("the README's example (N = 10⁴, R = 10) against the exact moment hierarchy", () => {
  let particles: RunOutput;
  let exact: RunOutput;
  beforeAll(() => {
    particles = simulateEnsemble(config);
    exact = solveKinetic("moments-exact", config);
  });

  it("agrees, although C1_3 at t = 0.5 is 5.2 SE off: Bonferroni over Student t with 9 df", () => {
    const c = compareRuns(particles, exact);
    const c13 = c.observables.find((r) => r.observable === "C1_3" && r.t === 0.5)!;
    expect(Math.abs(c13.z)).toBeGreaterThan(5); // what |z| ≤ 2 flagged
    expect(c13.df).toBe(9);
    expect(c13.pValue).toBeCloseTo(studentTPValue(c13.z, 9), 15);
    expect(c.test).toMatchObject({ test: "bonferroni-t", status: "agree", k: 41 });
    expect(c.test.pValue).toBeCloseTo(41 * c13.pValue, 12);
    expect(c.test.pValue).toBeGreaterThanOrEqual(VERDICT_LEVEL);
    const verdict = comparisonVerdict(c);
    expect(verdict).toMatch(/^A and B agree at level 0\.001: /);
    expect(verdict).toContain("Largest |z| = 5.2 for C1_3 at t = 0.5");
    expect(verdict).toMatch(/\d+ of 41 quantities lie outside their 95 % intervals .*; chance alone puts about 2\.1 there/);
  });

  it("flags the hierarchy with λ 10 % too large", () => {
    const wrong = solveKinetic("moments-exact", { ...config, lambda: { "1,1": 1.1, "1,2": 1.1 } });
    const c = compareRuns(particles, wrong);
    expect(c.test.status, c.test.message).toBe("disagree");
    expect(comparisonVerdict(c)).toMatch(/^A and B disagree at level 0\.001: /);
  });

  it("flags a reference whose V₁ is 15 SE off at every time t > 0, and not one 3 SE off", () => {
    const se = particles.summary.observables.V1.stderr.map((s) => s ?? 0);
    const far = compareRuns(particles, shiftV1(exact, (i) => (i > 0 ? 15 * se[i] : 0)));
    expect(far.test.status, far.test.message).toBe("disagree");
    const near = compareRuns(particles, shiftV1(exact, (i) => (i > 0 ? 3 * se[i] : 0)));
    expect(near.test.status, near.test.message).toBe("agree");
  });
});

describe("at R = 4", () => {
  it("gives no verdict, and names the R the test needs, at seeds 1, 2 and 3, even against a wrong reference", () => {
    for (const seed of [1, 2, 3]) {
      const c4 = parseConfig({ ...example, N: 2000, replicas: 4, seed });
      const particles = simulateEnsemble(c4);
      for (const lambda of [1, 1.1]) {
        const c = compareRuns(particles, solveKinetic("moments-exact", { ...c4, lambda: { "1,1": lambda, "1,2": lambda } }));
        expect(c.test).toMatchObject({ test: "none", status: "too-few-replicas", minReplicas: 8 });
        const verdict = comparisonVerdict(c);
        expect(verdict).toMatch(/^No verdict: R = 4 is too few replicas to test k = 41 quantities \(.*Bonferroni over Student t needs R ≥ 8\)\./);
        expect(verdict).not.toContain("disagree");
      }
    }
  });
});

describe("at R = 8, the smallest R at which Bonferroni over 41 quantities has power", () => {
  it("agrees at seeds 1, 2 and 3 (N = 2000)", () => {
    for (const seed of [1, 2, 3]) {
      const c8 = parseConfig({ ...example, N: 2000, replicas: 8, seed });
      const c = compareRuns(simulateEnsemble(c8), solveKinetic("moments-exact", c8));
      expect(c.test).toMatchObject({ test: "bonferroni-t", minReplicas: 8 });
      expect(c.test.status, c.test.message).toBe("agree");
    }
  });
});
