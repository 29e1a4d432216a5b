/**
 * The ε-study's validation of the particles against the exact hierarchy is valid at the R it is
 * given: at R = 4 neither Hotelling's T² (k = 14 quantities) nor Bonferroni over Student t with
 * R − 1 df would detect a difference of 10 SE, so it gives no verdict; at R = 8, below what
 * Hotelling needs, it falls back to Bonferroni and raises no false alarm, although one |t| exceeds
 * 4 at seed 1; at an R where Hotelling's test has power, a 3 % error in λ₁₁ is caught.
 */
import { describe, expect, it } from "vitest";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { validateConfig } from "../../src/model/config.js";
import studyConfig from "../../src/study/default-config.json" with { type: "json" };
import { validate, VALIDATION_LEVEL } from "../../src/study/epsilon.js";

const compareTimes = [1, 2];
/** The study config at ε = 0.4, small N, with the comparison times. */
const config = (overrides: Record<string, unknown>) => validateConfig({ ...studyConfig, epsilon: 0.4, times: [0, 1, 2], ...overrides });

describe("validation at small R, the case of `study epsilon --N 2000 --replicas 4`", () => {
  it("gives no verdict at R = 4, with the covariance or without it, at seeds 1 and 11", () => {
    for (const seed of [1, 11]) {
      const c = config({ N: 2000, replicas: 4, seed });
      const particles = simulateEnsemble(c);
      const exact = solveKinetic("moments-exact", c);
      const row = validate(0.4, particles, exact, compareTimes);
      expect(row).toMatchObject({ test: "none", status: "too-few-replicas", df: 14, minReplicas: 7 });
      expect(row.message).toBe("R = 4 is too few replicas to test k = 14 quantities (Hotelling's T² needs R ≥ 36, Bonferroni over Student t needs R ≥ 7)");
      expect(Number.isNaN(row.pValue)).toBe(true);
      const without = validate(0.4, { ...particles, observableCovariance: undefined }, exact, compareTimes);
      expect(without.message).toBe("R = 4 is too few replicas to test k = 14 quantities (Bonferroni over Student t needs R ≥ 7)");
    }
  }, 60_000);

  it("falls back to Bonferroni over Student t at R = 8 and raises no false alarm, at seeds 1 and 11", () => {
    for (const seed of [1, 11]) {
      const c = config({ N: 2000, replicas: 8, seed });
      const row = validate(0.4, simulateEnsemble(c), solveKinetic("moments-exact", c), compareTimes);
      expect(row.test).toBe("bonferroni-t");
      expect(row.status, row.message).toBe("agree");
      expect(row.pValue).toBeGreaterThanOrEqual(VALIDATION_LEVEL);
    }
  }, 60_000);
});

describe("validation where Hotelling's test has power", () => {
  it("catches a 3 % error in λ₁₁ (particles at 1.03·λ₁₁ against the hierarchy at λ₁₁) with p < 0.001, and agrees on the correct engine", () => {
    const c = config({ N: 20000, replicas: 60, seed: 5 });
    const exact = solveKinetic("moments-exact", c);
    const wrong = validate(0.4, simulateEnsemble({ ...c, lambda: { "1,1": 1.03, "1,2": 1 } }), exact, compareTimes);
    expect(wrong.test).toBe("hotelling");
    expect(wrong.status, wrong.message).toBe("disagree");
    expect(wrong.pValue).toBeLessThan(VALIDATION_LEVEL);
    const right = validate(0.4, simulateEnsemble(c), exact, compareTimes);
    expect(right.status, right.message).toBe("agree");
  }, 120_000);
});
