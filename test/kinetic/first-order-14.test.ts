import { describe, expect, it } from "vitest";
import { solveFirstOrder } from "../../src/kinetic/first-order-14.js";
import { RECOMMENDED } from "../../src/kinetic/resolution.js";
import { parseConfig } from "../../src/model/config.js";
import type { Summary } from "../../src/output/summary.js";
import { integrateRK4, rhs14 } from "./moment-system-14.js";
import { observedOrder } from "./orders.js";

const rates = { lambda11: 1, lambda12: 2, mu11: 1.5, mu12: 0.7, eps: 0.1 };
const base = {
  epsilon: rates.eps,
  lambda: { "1,1": rates.lambda11, "1,2": rates.lambda12 },
  mu: { "1,1": rates.mu11, "1,2": rates.mu12 },
  initial: { distribution: "normal" as const, mean: 0.5, sd: 1, pairedFraction: 0.3 },
};

/** [M1, M2, I1, I2, E1, E2, C2] from the observables of a summary at time index i. */
function rawMoments(s: Summary, i: number): number[] {
  const o = s.observables;
  const v = o.v_inf.mean[i];
  const [M1, M2, I1, I2] = [o.M1.mean[i], o.M2.mean[i], o.I1.mean[i], o.I2.mean[i]];
  const E1 = o.V1.mean[i] + 2 * v * I1 - v * v * M1;
  const E2 = o.V2.mean[i] + 2 * v * I2 - v * v * M2;
  return [M1, M2, I1, I2, E1, E2, E2 - o.V2bar.mean[i] / 2];
}

describe("first-order system (14) with (12), (18)", () => {
  it("conserves mass M1 + 2εM2 and momentum I1 + 2εI2 to 1e-8 relative over t ∈ [0, 5]", () => {
    const config = parseConfig({ ...base, times: [0, 0.5, 1, 2, 5] });
    const { summary } = solveFirstOrder(config);
    const o = summary.observables;
    const mass = o.M1.mean.map((m, i) => m + 2 * rates.eps * o.M2.mean[i]);
    const momentum = o.I1.mean.map((m, i) => m + 2 * rates.eps * o.I2.mean[i]);
    expect(mass[0]).toBeCloseTo(1, 12);
    for (let i = 1; i < mass.length; i++) {
      expect(Math.abs(mass[i] / mass[0] - 1)).toBeLessThan(1e-8);
      expect(Math.abs(momentum[i] / momentum[0] - 1)).toBeLessThan(1e-8);
    }
  });

  // The moment system is exact for the lattice solution (moment-preserving deposits, Gauss
  // nodes exact in q), so the only error is ETDRK4's; at dt = ε/4 it is below 10⁻⁷ for masses
  // and first moments and below 10⁻⁵ for second moments already inside the initial layer
  // (t = 0.05 = ε/2). The reference is RK4 with dt = 2·10⁻⁴ (error < 10⁻¹⁰).
  const config = parseConfig({ ...base, times: [0, 0.05, 0.5, 1, 2] });
  const { summary, f2 } = solveFirstOrder(config, { ...RECOMMENDED.firstOrder, dt: 0.025 });
  const solver = config.times.map((_, i) => rawMoments(summary, i));
  const reference = integrateRK4((y) => rhs14(y, rates), solver[0], config.times, 2e-4);

  it("masses follow (20) and first moments follow (23) to 1e-6 relative", () => {
    config.times.forEach((_, i) => {
      for (const k of [0, 1, 2, 3]) {
        const scale = Math.max(Math.abs(reference[i][k]), 1e-3);
        expect(Math.abs(solver[i][k] - reference[i][k]) / scale).toBeLessThan(1e-6);
      }
    });
  });

  it("second moments E1, E2 and ∫v1v2 f2 follow the derived second-moment system to 1e-5 relative", () => {
    config.times.forEach((_, i) => {
      for (const k of [4, 5, 6]) {
        const scale = Math.max(Math.abs(reference[i][k]), 1e-3);
        expect(Math.abs(solver[i][k] - reference[i][k]) / scale).toBeLessThan(1e-5);
      }
    });
  });

  it("f2 is symmetric and its cells hold the mass M2", () => {
    const bins = config.histogram.pairBins;
    const area = ((config.histogram.max - config.histogram.min) / bins) ** 2;
    for (let i = 1; i < config.times.length; i++) {
      const d = f2!.density[i];
      for (let a = 0; a < bins; a++) for (let b = 0; b < bins; b++) expect(d[a * bins + b]).toBeCloseTo(d[b * bins + a], 12);
      const mass = d.reduce((s, x) => s + x * area, 0);
      expect(Math.abs(mass / summary.observables.M2.mean[i] - 1)).toBeLessThan(1e-4); // mass beyond [−4, 4]² of a law of sd ≲ 1 around 0.5
    }
  });

  it("observed order in h of the f1 cells is 2 within 30%", () => {
    const coarse = parseConfig({ ...base, initial: { ...base.initial, sd: 0.7 }, histogram: { min: -3, max: 3, bins: 20, pairBins: 10 }, times: [0.5] });
    const f = [0.15, 0.075, 0.0375].map((spacing) => solveFirstOrder(coarse, { ...RECOMMENDED.firstOrder, spacing, dt: 0.1, tripleCoarsening: 2 }).f1!.density[0]);
    const p = observedOrder(f);
    expect(p).toBeGreaterThan(1.4);
    expect(p).toBeLessThan(2.6);
  });

  it("observed order in dt of the second moments is 4 (ETDRK4) within 30%", () => {
    const coarse = parseConfig({ ...base, histogram: { min: -4, max: 4, bins: 20, pairBins: 10 }, times: [0.25, 0.5] });
    const u = [0.05, 0.025, 0.0125].map((dt) => {
      const s = solveFirstOrder(coarse, { ...RECOMMENDED.firstOrder, spacing: 0.2, dt }).summary;
      return [0, 1].flatMap((i) => rawMoments(s, i).slice(4));
    });
    const p = observedOrder(u);
    expect(p).toBeGreaterThan(2.8);
    expect(p).toBeLessThan(5.2);
  });
});
