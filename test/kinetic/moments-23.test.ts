import { describe, expect, it } from "vitest";
import { equilibrium21 } from "../../src/kinetic/equations/masses-20.js";
import { equilibrium23, firstMomentsRhs23 } from "../../src/kinetic/equations/first-moments-23.js";
import { solveMoments } from "../../src/kinetic/equations/moment-odes.js";
import { parseConfig } from "../../src/model/config.js";

const rates = { lambda11: 1.3, lambda12: 0.7, mu11: 0.6, mu12: 1.8 };

describe("first moments (23)", () => {
  it.each([1e-3, 0.1, 1])("the printed equilibrium equals v_∞·(M_1^∞, M_2^∞) and zeroes (23) (ε = %s)", (epsilon) => {
    const M = 1.4;
    const I = -0.63;
    const { M1, M2 } = equilibrium21(rates, epsilon, M);
    const { I1, I2 } = equilibrium23(rates, epsilon, M, M1, I);
    expect(I1).toBeCloseTo((I / M) * M1, 12);
    expect(I2).toBeCloseTo((I / M) * M2, 12);
    const [d1, d2] = firstMomentsRhs23(rates, epsilon, M1, M2, I1, I2);
    expect(Math.abs(d1)).toBeLessThan(1e-12);
    expect(Math.abs(epsilon * d2)).toBeLessThan(1e-12);
  });

  it("(23) conserves I = I_1 + 2εI_2 exactly", () => {
    const epsilon = 0.07;
    const [d1, d2] = firstMomentsRhs23(rates, epsilon, 0.8, 1.1, 0.3, -0.9);
    expect(d1 + 2 * epsilon * d2).toBeCloseTo(0, 14);
  });

  it("solveMoments reaches (21) and (I_1^∞, I_2^∞) and keeps v_∞", () => {
    const epsilon = 0.05;
    const config = parseConfig({ epsilon, lambda: { "1,1": 1.3, "1,2": 0.7 }, mu: { "1,1": 0.6, "1,2": 1.8 }, times: [1, 60], initial: { distribution: "normal", mean: 0.7, pairedFraction: 0.2 } });
    const { observables } = solveMoments(config).summary;
    const { M1, M2 } = equilibrium21(rates, epsilon, 1);
    const { I1, I2 } = equilibrium23(rates, epsilon, 1, M1, 0.7);
    expect(observables.M1.mean[1]).toBeCloseTo(M1, 8);
    expect(observables.M2.mean[1]).toBeCloseTo(M2, 8);
    // Relaxation rate ≥ 2λ_{1,1}M_1^∞ ≈ 2, so at t = 60 the distance is far below the integration error.
    expect(observables.I1.mean[1]).toBeCloseTo(I1, 7);
    expect(observables.I2.mean[1]).toBeCloseTo(I2, 7);
    expect(observables.v_inf.mean).toHaveLength(2);
    for (const v of observables.v_inf.mean) expect(v).toBeCloseTo(0.7, 9);
  });
});
