import { describe, expect, it } from "vitest";
import { secondMomentCoefficients } from "../../src/kinetic/equations/second-moments-29-34.js";
import { reducedSystem34 } from "../../src/kinetic/equations/limit-33.js";
import { limitMatrix, spectralAbscissa, stabilitySweep } from "../../src/kinetic/equations/stability.js";

const rates = { lambda11: 1.3, lambda12: 0.7, mu11: 0.6, mu12: 1.8 };

describe("Lemma 3.1 and Lemma 3.4", () => {
  it("the limit matrices of the derived system and of (29) as printed are Hurwitz on the whole sweep", () => {
    const { printed, derived } = stabilitySweep();
    expect(derived.samples).toBe(7 ** 5);
    expect(printed.samples).toBe(7 ** 5);
    expect(derived.maxRealPart).toBeLessThan(0);
    // (29) is also Hurwitz on this grid: its coefficient errors do not break Lemma 3.1.
    expect(printed.maxRealPart).toBeLessThan(0);
    expect(Object.values(derived.argmax)).toHaveLength(5);
    for (const value of Object.values(derived.argmax)) expect(Number.isFinite(value)).toBe(true);
  });

  it("the slowest mode of the derived limit matrix tends to Lemma 3.4's rate −2λ_{1,1}M/(2 + μ_{1,1}) at rate ε", () => {
    const rate = (-2 * rates.lambda11) / (2 + rates.mu11);
    const gap = (epsilon: number) => Math.abs(spectralAbscissa(limitMatrix("derived", rates, epsilon)) - rate);
    // M_1^∞ = M − O(ε) by (21) and the slaving is exact to O(ε): the gap is first order.
    const ratio = gap(1e-3) / gap(1e-4);
    expect(ratio).toBeGreaterThan(9);
    expect(ratio).toBeLessThan(11);
  });

  it("the reduced system of Lemma 3.4 is the ε = 0 slow manifold of the derived system", () => {
    const [M1, I1, V1] = [0.9, 0.2, 1.7];
    const reduced = reducedSystem34(rates, M1, I1, V1);
    const { A } = secondMomentCoefficients("derived", rates, 0, M1, reduced.M2);
    const V = [V1, reduced.V2, reduced.V2bar, reduced.V2tilde];
    const rows = A.map((row) => row.reduce((sum, a, j) => sum + a * V[j], 0));
    expect(rows[0]).toBeCloseTo(reduced.dV1, 13);
    expect(rows).toHaveLength(4);
    for (const fast of rows.slice(1)) expect(fast).toBeCloseTo(0, 13);
    // The paper's printed V_2 = (λ_{1,1}/μ_{1,1})((1 + μ_{1,1})/(2 + μ_{1,1}))M_1V_1 of Lemma 3.4.
    expect(reduced.V2).toBeCloseTo((rates.lambda11 / rates.mu11) * ((1 + rates.mu11) / (2 + rates.mu11)) * M1 * V1, 14);
  });
});
