import { describe, expect, it } from "vitest";
import { equilibrium21, massesRhs20, masses20Exact } from "../../src/kinetic/equations/masses-20.js";
import { solveMoments } from "../../src/kinetic/equations/moment-odes.js";
import { parseConfig } from "../../src/model/config.js";

const rates = { lambda11: 1.3, lambda12: 0.7, mu11: 0.6, mu12: 1.8 };

describe("masses (20) and equilibrium (21)", () => {
  it.each([1e-3, 0.1, 1])("(21) is a zero of (20) with total mass M (ε = %s)", (epsilon) => {
    const { M1, M2 } = equilibrium21(rates, epsilon, 2.5);
    const [d1, d2] = massesRhs20(rates, epsilon, M1, M2);
    expect(Math.abs(d1)).toBeLessThan(1e-13);
    expect(Math.abs(d2)).toBeLessThan(1e-13 / epsilon);
    expect(M1 + 2 * epsilon * M2).toBeCloseTo(2.5, 13);
  });

  it("the closed form solves (20): its derivative matches the right-hand side", () => {
    const epsilon = 0.05;
    const h = 1e-6;
    for (const t of [0.01, 0.1, 1]) {
      const { M1, M2 } = masses20Exact(rates, epsilon, 1, 0.4, t);
      const ahead = masses20Exact(rates, epsilon, 1, 0.4, t + h);
      const behind = masses20Exact(rates, epsilon, 1, 0.4, t - h);
      const [d1, d2] = massesRhs20(rates, epsilon, M1, M2);
      // Central difference: error h²/6·|M'''| ≈ 10⁻¹²·(μ/ε)³ here, plus rounding 10⁻¹⁶/h.
      expect((ahead.M1 - behind.M1) / (2 * h)).toBeCloseTo(d1, 6);
      expect(epsilon * ((ahead.M2 - behind.M2) / (2 * h))).toBeCloseTo(epsilon * d2, 6);
    }
    expect(masses20Exact(rates, epsilon, 1, 0.4, 0).M1).toBeCloseTo(0.4, 14);
  });

  it.each([1e-4, 0.1])("solveMoments follows the closed form of (20) to the integration tolerance (ε = %s)", (epsilon) => {
    const config = parseConfig({ epsilon, mass: 1.7, lambda: { "1,1": 1.3, "1,2": 0.7 }, mu: { "1,1": 0.6, "1,2": 1.8 }, times: [epsilon, 0.5, 3], initial: { distribution: "normal", pairedFraction: 0.3 } });
    const { observables } = solveMoments(config).summary;
    config.times.forEach((t, i) => {
      const exact = masses20Exact(rates, epsilon, 1.7, 1.7 * 0.7, t);
      // rtol = 1e-9 per step, accumulated over ≲ 10³ steps.
      expect(Math.abs(observables.M1.mean[i] - exact.M1)).toBeLessThan(1e-6);
      expect(Math.abs(epsilon * (observables.M2.mean[i] - exact.M2))).toBeLessThan(1e-6);
    });
  });
});
