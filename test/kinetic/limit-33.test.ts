import { beforeAll, describe, expect, it } from "vitest";
import { evolveInstantaneous, fourthMoment33, instantaneousMoments, solveInstantaneous, variance33 } from "../../src/kinetic/equations/limit-33.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { singleMoments } from "../../src/kinetic/lattice/lattice-summary.js";
import { RECOMMENDED } from "../../src/kinetic/lattice/resolution.js";
import { parseConfig } from "../../src/model/config.js";
import { observedOrder } from "./orders.js";
import { settle } from "../settle.js";

// λ_{1,1} = 1.3, μ_{1,1} = 0.8, M = 1.5, a shifted initial law with pairs: nothing is at its default.
const lambda11 = 1.3;
const mu11 = 0.8;
const M = 1.5;
const config = parseConfig({
  mass: M,
  lambda: { "1,1": lambda11, "1,2": 0.5 },
  mu: { "1,1": mu11, "1,2": 2 },
  initial: { distribution: "normal", mean: 0.5, sd: 1, pairedFraction: 0.2 },
  times: [0, 0.5, 1, 2, 5],
});
// dt = 0.05: the RK4 error of a mode decaying at rate b ≤ 2.6 over T = 5 is about
// T·b⁵·dt⁴/120 ≈ 2.5·10⁻⁵ relative (b of the fourth moment), 5·10⁻⁶ for the variance (b = 0.7).
const resolution = { ...RECOMMENDED.instantaneous, dt: 0.05 };
let grids: ReturnType<typeof evolveInstantaneous>["grids"];
let states: ReturnType<typeof evolveInstantaneous>["states"];
let moments: ReturnType<typeof singleMoments>[];
beforeAll(async () => {
  await settle();
  ({ grids, states } = evolveInstantaneous(config, resolution));
  moments = states.map((f, i) => singleMoments(f, grids[i].lattice));
}, 600_000);

describe("instantaneous limit (33)", () => {
  it("conserves mass and momentum to 1e-8 relative over t ∈ [0, 5]", () => {
    const [M0, I0] = moments[0];
    expect(M0).toBeCloseTo(M, 12); // the ε → 0 initial layer gives all pair mass back to f_1
    expect(moments).toHaveLength(config.times.length);
    for (const [M1, I1] of moments) {
      expect(Math.abs(M1 / M0 - 1)).toBeLessThan(1e-8);
      expect(Math.abs(I1 / I0 - 1)).toBeLessThan(1e-8);
    }
  });

  it("variance equals V1(0)·exp(−2λ11 M t/(2+μ11)) to 1e-5 relative (Lemma 3.4)", () => {
    const V = moments.map(([M1, I1, E1]) => E1 - (I1 * I1) / M1);
    config.times.forEach((t, i) => {
      expect(Math.abs(V[i] / variance33(V[0], lambda11, M, mu11, t) - 1)).toBeLessThan(1e-5);
    });
  });

  it("fourth central moment follows the closed moment system c2' = −a c2, c4' = −b c4 + k c2² to 3e-5", () => {
    const vInf = moments[0][1] / moments[0][0];
    const central = (t: number, p: number) => states[t].reduce((s, m, i) => s + m * (grids[t].lattice.x0 + i * grids[t].lattice.h - vInf) ** p, 0);
    const c20 = central(0, 2);
    const c40 = central(0, 4);
    config.times.forEach((t, i) => {
      expect(Math.abs(central(i, 4) / fourthMoment33(c20, c40, lambda11, M, mu11, t) - 1)).toBeLessThan(3e-5);
    });
  });

  it("reports the pair and triple observables of the quasi-stationary laws (32), (12)", async () => {
    await settle();
    const { observables, clusterCounts, source } = solveInstantaneous(config, { ...RECOMMENDED.instantaneous, spacing: 0.1 }).summary;
    expect(source).toBe("kinetic:instantaneous");
    const M1 = observables.M1.mean[2];
    expect(observables.M2.mean[2]).toBeCloseTo((lambda11 / mu11) * M1 * M1, 10);
    expect(observables.M3.mean[2]).toBeCloseTo((0.5 * M1 * observables.M2.mean[2]) / (2 * 2), 10);
    expect(clusterCounts["2"].mean[2]).toBeCloseTo((0.1 * observables.M2.mean[2]) / M, 12);
    expect(observables.v_inf.mean).toHaveLength(config.times.length);
    expect(observables.v_inf.mean.every((v) => Math.abs(v - 0.5) < 1e-10)).toBe(true);
  });

  // The degree-4 moment-preserving deposit errs by O(h⁵) per collision and the cell averages carry
  // the Euler–Maclaurin end correction (lattice.ts histogram1D), so the f1 cells promise order 4.
  it("observed order in h of the f1 cells is 4 within 30%", () => {
    const coarse = parseConfig({ ...config, histogram: { min: -4, max: 4, bins: 20, pairBins: 10 }, times: [0.5] });
    const f = [0.2, 0.1, 0.05].map((spacing) => solveInstantaneous(coarse, { ...RECOMMENDED.instantaneous, spacing }).f1!.density[0]);
    const p = observedOrder(f);
    expect(p).toBeGreaterThan(2.8);
    expect(p).toBeLessThan(5.2);
  });

  it("observed order in dt is 4 (classical Runge–Kutta) within 30%", () => {
    const coarse = parseConfig({ ...config, histogram: { min: -4, max: 4, bins: 20, pairBins: 10 }, times: [0.5] });
    const f = [0.25, 0.125, 0.0625].map((dt) => solveInstantaneous(coarse, { ...RECOMMENDED.instantaneous, spacing: 0.2, dt }).f1!.density[0]);
    const p = observedOrder(f);
    expect(p).toBeGreaterThan(2.8);
    expect(p).toBeLessThan(5.2);
  });
});

describe("exact moments of (33): closed forms against the generated closure", () => {
  it("instantaneousMoments (Lemma 3.4, thirdMoment33, fourthMoment33) equals the degree-4 closure of (33) to 1e-8", () => {
    const skewed = parseConfig({ mass: 1.5, lambda: 1.3, mu: 0.8, times: [0, 0.5, 1, 2], initial: { distribution: "bimodal", means: [-1, 2], weight: 0.3, sd: 0.5 } });
    const closed = instantaneousMoments(skewed).summary.observables;
    const generated = solveKinetic("instantaneous-moments", skewed, { degree: 4 }).summary.observables;
    for (const name of ["M1", "I1", "V1", "C1_3", "C1_4", "M2", "I2", "V2bar"] as const) {
      expect(closed[name].mean).toHaveLength(4);
      closed[name].mean.forEach((v, i) => expect(Math.abs(v - generated[name].mean[i])).toBeLessThan(1e-8 * Math.max(1, Math.abs(v))));
    }
    expect(Math.abs(closed.C1_3.mean[0])).toBeGreaterThan(0.1); // skewed: the third moment is tested, not a zero
  });
});
