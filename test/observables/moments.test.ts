import { describe, expect, it } from "vitest";
import { MomentSums, shiftedPowerSum } from "../../src/observables/moments.js";

describe("particle moments: C1_3 and C1_4", () => {
  // Free states 0.3, −1.1, 2.4; one pair (0.5, 0.9); one triple (−0.2, 0.1, 1.0): N = 8.
  const clusters = [[0.3], [-1.1], [2.4], [0.5, 0.9], [-0.2, 0.1, 1.0]];
  const all = clusters.flat();
  const vInf = all.reduce((s, v) => s + v, 0) / all.length;
  const observe = (shift: number) => {
    const sums = new MomentSums(shift);
    for (const c of clusters) sums.addCluster(Float64Array.from(c), c.length);
    return sums.observables(all.length, 0.3, 1.7);
  };

  it("are (M/N) Σ over free particles of (v − v_∞)^r, whatever the shift of the sums", () => {
    // Re-centring the power sums loses about r·log10(|shift − v_∞| + spread) digits; the engine
    // shifts by the initial mean state, close to v_∞.
    for (const shift of [0, vInf, 3, -3]) {
      const o = observe(shift);
      for (const r of [3, 4] as const) {
        const direct = (1.7 / 8) * [0.3, -1.1, 2.4].reduce((s, v) => s + (v - vInf) ** r, 0);
        expect(o[`C1_${r}`]).toBeCloseTo(direct, 11);
      }
    }
  });

  it("the re-centring of power sums gives V_1 for r = 2 (C1_2 = V_1)", () => {
    expect((1.7 / 8) * shiftedPowerSum([3, 1.6, 0.09 + 1.21 + 5.76], vInf, 2)).toBeCloseTo(observe(0).V1, 12);
  });
});
