import { describe, expect, it } from "vitest";
import { RECOMMENDED } from "../../src/kinetic/lattice/resolution.js";
import { solveScalar } from "../../src/kinetic/equations/scalar-49.js";
import { parseConfig } from "../../src/model/config.js";
import { settle } from "../settle.js";

interface Diagnostics {
  minF1: number[];
  firstNegativeTime: number | null;
}

// The equation's own loss of positivity, from the printed datum (the slip-corrected one is tested
// in initial-slip.test.ts). A gap between two narrow modes, slow break-up μ_{1,1} = 0.3 (strong contraction r), no
// triples: the O(ε) losses −4ελ²(Q̄[f,Q] + Q̄[Q,f])/μ of (49) land in the gap, where f_1 = 0.
const warning = {
  epsilon: 0.1,
  kmax: 2,
  lambda: { "1,1": 1 },
  mu: { "1,1": 0.3, "1,2": 1 },
  initial: { distribution: "bimodal" as const, means: [-1.5, 1.5] as [number, number], sd: 0.2 },
  histogram: { min: -4, max: 4, bins: 40, pairBins: 20 },
  times: [0, 0.1],
};
const coarse = { ...RECOMMENDED.scalar, spacing: 0.2, dt: 0.02 };

describe("scalar first-order model (49)", () => {
  it("conserves mass and momentum to 1e-8 relative over t ∈ [0, 5]", async () => {
    await settle();
    const config = parseConfig({ lambda: { "1,1": 1, "1,2": 2 }, initial: { distribution: "normal", mean: 0.5, sd: 1, pairedFraction: 0.2 }, times: [0, 1, 2, 5] });
    const o = solveScalar(config, { ...RECOMMENDED.scalar, spacing: 0.2, dt: 0.25, collisionNodes: 3 }, "printed").summary.observables;
    expect(o.M1.mean[0]).toBeCloseTo(1, 12);
    for (let i = 1; i < 4; i++) {
      expect(Math.abs(o.M1.mean[i] / o.M1.mean[0] - 1)).toBeLessThan(1e-8);
      expect(Math.abs(o.I1.mean[i] / o.I1.mean[0] - 1)).toBeLessThan(1e-8);
    }
  });

  it("f1 turns negative in the first step for a bimodal datum with slow break-up (the paper's warning), by more than 1% of its maximum", () => {
    const out = solveScalar(parseConfig(warning), coarse, "printed");
    const d = out.summary.diagnostics as unknown as Diagnostics;
    expect(d.firstNegativeTime).toBe(0.02);
    expect(out.f1!.density[1].length).toBeGreaterThan(0);
    const peak = Math.max(...out.f1!.density[1]);
    expect(d.minF1[1]).toBeLessThan(-0.01 * peak);
  });

  it("the negativity comes from the O(ε) terms: the same datum stays non-negative as ε → 0 (then (49) is (33))", () => {
    const d = solveScalar(parseConfig({ ...warning, epsilon: 1e-6 }), coarse, "printed").summary.diagnostics as unknown as Diagnostics;
    expect(d.firstNegativeTime).toBeNull();
    expect(d.minF1).toHaveLength(2);
    expect(Math.min(...d.minF1)).toBeGreaterThanOrEqual(0);
  });

  it("the negativity is not a discretisation artefact: it persists, within 25%, when h and dt are halved", () => {
    const d1 = solveScalar(parseConfig(warning), coarse, "printed").summary.diagnostics as unknown as Diagnostics;
    const d2 = solveScalar(parseConfig(warning), { ...coarse, spacing: 0.1, dt: 0.01 }, "printed").summary.diagnostics as unknown as Diagnostics;
    expect(d2.minF1[1]).toBeLessThan(0);
    expect(Math.abs(d2.minF1[1] / d1.minF1[1] - 1)).toBeLessThan(0.25);
  });

  it("a normal datum at the default rates stays non-negative up to t = 2", () => {
    const d = solveScalar(parseConfig({ times: [0, 1, 2] }), { ...RECOMMENDED.scalar, spacing: 0.2, dt: 0.1, collisionNodes: 3 }).summary.diagnostics as unknown as Diagnostics;
    expect(d.firstNegativeTime).toBeNull();
  });
});
