import { describe, expect, it } from "vitest";
import { chiSquaredSurvival, gammaQ, normalCdf, studentTQuantile } from "../../src/stats/distributions.js";

describe("distribution functions", () => {
  it("Q(1, x) is e^{−x}", () => {
    for (const x of [0.1, 1, 2, 10]) expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 12);
  });
  it("χ² upper tail at the 5% critical values (R: qchisq(0.95, df))", () => {
    expect(chiSquaredSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquaredSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 10);
    expect(chiSquaredSurvival(124.342, 100)).toBeCloseTo(0.05, 5);
  });
  it("Student t quantiles match R's qt(0.975, df)", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.70620473617471, 8);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.182446305284263, 9);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 9);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 9);
  });
  it("Φ(1.959963984540054) = 0.975", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
  });
});
