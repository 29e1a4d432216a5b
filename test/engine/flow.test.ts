import { describe, expect, it } from "vitest";
import { alignmentFlow, flowDecay } from "../../src/engine/flow.js";

describe("alignment flow (2) with the scaling (7), solved exactly", () => {
  it("composes exactly: flowing for s then t equals flowing for s + t", () => {
    const eps = 0.07;
    for (const [v, m, s, t] of [
      [1.3, -0.2, 0.01, 0.3],
      [-4, 2, 1, 0.25],
      [0, 0, 0.5, 0.5],
    ]) {
      const twoSteps = alignmentFlow(alignmentFlow(v, m, flowDecay(s, eps)), m, flowDecay(t, eps));
      expect(twoSteps).toBeCloseTo(alignmentFlow(v, m, flowDecay(s + t, eps)), 14);
    }
  });

  it("keeps the cluster mean", () => {
    const states = [0.3, -1.7, 2.9];
    const m = states.reduce((a, b) => a + b) / 3;
    const flowed = states.map((v) => alignmentFlow(v, m, flowDecay(0.4, 0.1)));
    expect(flowed.reduce((a, b) => a + b) / 3).toBeCloseTo(m, 14);
  });

  it("solves dv/dt = (m − v)/ε: a finite difference of the closed form matches the right-hand side", () => {
    const [v0, m, eps, t, h] = [2, 0.5, 0.2, 0.3, 1e-6];
    const v = (s: number) => alignmentFlow(v0, m, flowDecay(s, eps));
    expect((v(t + h) - v(t - h)) / (2 * h)).toBeCloseTo((m - v(t)) / eps, 6);
  });
});
