import { describe, expect, it } from "vitest";
import { equilibrium21 } from "../../src/kinetic/equations/masses-20.js";
import { integrateMoments } from "../../src/kinetic/equations/moment-odes.js";
import { secondMomentCoefficients } from "../../src/kinetic/equations/second-moments-29-34.js";
import { limitMatrix } from "../../src/kinetic/equations/stability.js";

const rates = { lambda11: 1.3, lambda12: 0.7, mu11: 0.6, mu12: 1.8 };

describe("second-moment systems", () => {
  it("the derived system keeps Ṽ_2 = M_2E_1 − 2I_1I_2 + M_1E_2 along solutions, with (I_1 − v_∞M_1)² ≠ 0", () => {
    // Ṽ_2 is a function of the other moments; its row was built so that the defect
    // c = Ṽ_2 − M_2V_1 − M_1V_2 + 2(I_1 − v_∞M_1)(I_2 − v_∞M_2) obeys εċ = −μ_{1,1}c, c(0) = 0.
    // Free and paired states have different laws, so I_1 ≠ v_∞M_1 in the initial layer.
    const epsilon = 0.05;
    const initial = { mass: 1, pairedFraction: 2 * epsilon * 0.4, free: { mean: 0.5, second: 1.25 }, paired: { mean: -0.8, second: 1.1 } };
    const times = [0.2 * epsilon, epsilon, 3 * epsilon, 1];
    const { states } = integrateMoments("derived", rates, epsilon, initial, times);
    expect(states).toHaveLength(times.length);
    for (const s of states) {
      const vInf = (s.I1 + 2 * epsilon * s.I2) / (s.M1 + 2 * epsilon * s.M2);
      const defect = s.V2tilde - s.M2 * s.V1 - s.M1 * s.V2 + 2 * (s.I1 - vInf * s.M1) * (s.I2 - vInf * s.M2);
      // The defect is not a linear invariant, so it carries the integration error (rtol 1e-9 · 10³ steps).
      expect(Math.abs(defect)).toBeLessThan(1e-6 * Math.max(1, s.V2tilde));
    }
    // The inhomogeneity was really exercised.
    const s0 = states[0];
    expect(Math.abs(s0.I1 - ((s0.I1 + 2 * epsilon * s0.I2) / (s0.M1 + 2 * epsilon * s0.M2)) * s0.M1)).toBeGreaterThan(1e-3);
  });

  it("the derived limit matrix has the eigenvalue −μ_{1,1}/ε with left eigenvector (−M_2, −M_1, 0, 1)", () => {
    for (const epsilon of [1e-3, 0.1, 1]) {
      const L = limitMatrix("derived", rates, epsilon);
      const { M1, M2 } = equilibrium21(rates, epsilon, 1);
      const w = [-M2, -M1, 0, 1];
      const wL = [0, 1, 2, 3].map((j) => w.reduce((sum, wi, i) => sum + wi * L[i][j], 0));
      // Exact identity; rounding is relative to the largest entry, O(1/ε).
      wL.forEach((v, j) => expect(Math.abs(v + (rates.mu11 / epsilon) * w[j])).toBeLessThan(1e-12 / epsilon));
    }
  });

  it("total variance V_1 + 2εV_2 dissipates as −V̄_2 − ελ_{1,2}(M_1V̄_2 + 2Ṽ_2)/(3(1 + μ_{1,2})) in the derived system", () => {
    // Pairs dissipate (v_a − v_b)²/ε per unit time; a triple dissipates (1 − r²)·Σ(v_i − m)² at
    // rate ελ_{1,2}M_1M_2 with E[r²] = μ_{1,2}/(1 + μ_{1,2}) (docs/moments.md §3).
    const epsilon = 0.2;
    const [M1, M2] = [0.8, 0.6];
    const { A, b } = secondMomentCoefficients("derived", rates, epsilon, M1, M2);
    const combined = [0, 1, 2, 3].map((j) => A[0][j] + 2 * A[1][j]);
    const scale = (epsilon * rates.lambda12) / (3 * (1 + rates.mu12));
    expect(combined[0]).toBeCloseTo(0, 14);
    expect(combined[1]).toBeCloseTo(0, 14);
    expect(combined[2]).toBeCloseTo(-1 - scale * M1, 14);
    expect(combined[3]).toBeCloseTo(-2 * scale, 14);
    expect(b[0] + 2 * b[1]).toBe(0);
  });

  it("(34) as printed differs from (29) only in the V̄_2 coefficient of the Ṽ_2 row (2μ_{1,1}M_1 for 2M_1)", () => {
    const p29 = secondMomentCoefficients("printed29", rates, 0.1, 0.9, 0.5);
    const p34 = secondMomentCoefficients("printed34", rates, 0.1, 0.9, 0.5);
    expect(p29.A.flat()).toHaveLength(16);
    p29.A.forEach((row, i) =>
      row.forEach((a, j) => {
        if (i === 3 && j === 2) expect(p34.A[i][j] - a).toBeCloseTo(-2 * (rates.mu11 - 1) * 0.9, 14);
        else expect(p34.A[i][j]).toBe(a);
      }),
    );
    expect(p34.b).toEqual(p29.b);
  });
});
