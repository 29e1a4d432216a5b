import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { integrateKineticClosure, solveKineticClosure } from "../../src/kinetic/moment-closure/kinetic-closures.js";
import { RECOMMENDED } from "../../src/kinetic/lattice/resolution.js";
import { solveScalar } from "../../src/kinetic/equations/scalar-49.js";
import { parseConfig } from "../../src/model/config.js";
import { fitOrder } from "../../src/study/order-fit.js";
import { momentDistance } from "../../src/study/moment-distance.js";
import { diagnosticsOf } from "../../src/contract/diagnostics.js";

const TIGHT = { rtol: 1e-13, atol: 1e-15 };
const STUDY = JSON.parse(readFileSync("src/study/default-config.json", "utf8"));

// A skewed case with every rate and the mass away from 1, so that each factor of the slip shows.
const lambda11 = 1.3;
const mu11 = 2;
const mass = 1.4;
const [a, sd] = [0.5, 0.8];
const CASE = { mass, lambda: { "1,1": lambda11, "1,2": 0.7 }, mu: { "1,1": mu11, "1,2": 1.8 }, initial: { distribution: "normal", mean: a, sd } } as const;

/**
 * The slip per unit ε of the raw moments ∫v^j f_1, j = 0, 1, 2, in closed form:
 * −(2λ_{1,1}/μ_{1,1})·M²·E[v'^j], v' = m + r(v − m) one member of a pair of independent N(a, sd²)
 * states after two Exp(μ_{1,1}) durations, r = e^{−(s_1+s_2)}: E[v'] = a and
 * Var v' = sd²/2 + E[r²]·sd²/2, E[r²] = (μ_{1,1}/(μ_{1,1} + 2))².
 */
function closedFormSlip(): number[] {
  const r2 = (mu11 / (mu11 + 2)) ** 2;
  const weight = ((-2 * lambda11) / mu11) * mass * mass;
  return [1, a, a * a + (sd * sd * (1 + r2)) / 2].map((m) => weight * m);
}

/** Raw moments ∫v^j f_1 (j = 0, 1, 2) of a closure at its single output time. */
function rawMoments(kind: "first-order" | "instantaneous", epsilon: number, T: number): number[] {
  const { system, states } = integrateKineticClosure(kind, parseConfig({ ...CASE, epsilon, times: [T] }), 2, TIGHT);
  return [[], [1], [2]].map((lambda) => states[0][system.indexOf(1, lambda)]);
}

describe("initial slip of (49)", () => {
  it("equals the layer of (14): [(14) − (33)](T)/ε at T = 10ε, extrapolated to ε → 0, is −(2λ₁₁/μ₁₁)M²·Q̄ in closed form", () => {
    // (14) from f_2 = 0 and (33) from f_1^I share the O(1) dynamics; after the layer (T = 10ε:
    // f_2 − f̄_2 ∝ e^{−μ_{1,1}T/ε} = e^{−20}) they differ by the slip plus O(εT) from the O(ε)
    // terms over [0, T], removed by Richardson extrapolation in ε. Tolerance: the extrapolation's
    // own correction, |u(ε) − u(2ε)|, plus the solvers' rounding amplified by 1/ε.
    const layer = (epsilon: number) => {
      const [m14, m33] = [rawMoments("first-order", epsilon, 10 * epsilon), rawMoments("instantaneous", epsilon, 10 * epsilon)];
      return m14.map((m, j) => (m - m33[j]) / epsilon);
    };
    const [coarse, fine] = [layer(2e-3), layer(1e-3)];
    closedFormSlip().forEach((expected, j) => {
      const extrapolated = 2 * fine[j] - coarse[j];
      expect(Math.abs(extrapolated - expected), `moment ${j}: layer ${extrapolated}, closed form ${expected}`).toBeLessThanOrEqual(Math.abs(fine[j] - coarse[j]) + 1e-6);
    });
    // The slip is not a rounding effect: the mass slip −2λ₁₁M²/μ₁₁ = −2.548.
    expect(closedFormSlip()[0]).toBeCloseTo(-2.548, 12);
  });

  it("is the initial datum of (49)'s closure and grid solver: moments f_1^I + ε·slip (closure to 1e-12, grid mass and momentum to 1e-12)", () => {
    const epsilon = 0.05;
    const config = parseConfig({ ...CASE, epsilon, times: [0], histogram: { min: -4, max: 5, bins: 45, pairBins: 15 } });
    const raw = diagnosticsOf(solveKineticClosure("scalar", config, 2).summary, "closure")!.rawMomentsF1;
    const initial = [mass, mass * a, mass * (a * a + sd * sd)];
    closedFormSlip().forEach((s, j) => expect(Math.abs(raw[String(j)][0] - (initial[j] + epsilon * s))).toBeLessThan(1e-12));
    // The grid solver's own moments (solveScalar, not the registry, which reports the closure's).
    const grid = solveScalar(config, { ...RECOMMENDED.scalar, spacing: 0.1 }).summary.observables;
    const slip = closedFormSlip();
    expect(Math.abs(grid.M1.mean[0] - (initial[0] + epsilon * slip[0]))).toBeLessThan(1e-12);
    expect(Math.abs(grid.I1.mean[0] - (initial[1] + epsilon * slip[1]))).toBeLessThan(1e-12);
  });

  it("makes (49) O(ε²) against (14) and the exact hierarchy; from the printed datum it is O(ε) (study config, ε = 0.2 … 0.025)", () => {
    const epsilons = [0.2, 0.1, 0.05, 0.025];
    const distances = epsilons.map((epsilon) => {
      const config = parseConfig({ ...STUDY, epsilon, times: [0, 1, 2] });
      const [exact, firstOrder] = [solveKinetic("moments-exact", config, { degree: 4 }), solveKinetic("first-order-moments", config, { degree: 4 })];
      const [slip, printed] = [solveKinetic("scalar-moments", config), solveKinetic("scalar-moments", config, { initialDatum: "printed" })];
      const d = (x: typeof exact, y: typeof exact) => momentDistance(x, y, [1, 2]).value;
      return { slipExact: d(slip, exact), slip14: d(slip, firstOrder), printedExact: d(printed, exact), printed14: d(printed, firstOrder) };
    });
    const order = (key: keyof (typeof distances)[number]) => fitOrder(epsilons.map((epsilon, i) => ({ epsilon, value: distances[i][key], stderr: 0 })));
    for (const key of ["slipExact", "slip14"] as const) {
      const fit = order(key);
      expect(fit.p, `${key}: ${fit.localOrders}`).toBeGreaterThan(1.85);
      expect(fit.localOrders.at(-1)!).toBeGreaterThan(1.9);
      expect(fit.localOrders.at(-1)!).toBeLessThan(2.1);
    }
    for (const key of ["printedExact", "printed14"] as const) {
      const fit = order(key);
      expect(Math.abs(fit.p - 1), `${key}: ${fit.localOrders}`).toBeLessThan(0.1);
    }
  });

  it("refuses pairedFraction > 0 for the slip-corrected datum, naming the field, and solves it from the printed one", () => {
    const config = parseConfig({ ...CASE, epsilon: 0.1, times: [0, 1], initial: { ...CASE.initial, pairedFraction: 0.2 } });
    for (const solve of [() => solveKinetic("scalar-moments", config), () => solveScalar(config), () => solveKinetic("scalar", config)]) {
      expect(solve).toThrow(ConfigError);
      expect(solve).toThrow(/`initial\.pairedFraction`.*--initial-datum printed/);
    }
    expect(solveKinetic("scalar-printed", config, { resolution: { ...RECOMMENDED.scalar, spacing: 0.2, dt: 0.25, collisionNodes: 3 } }).summary.observables.M1.mean[0]).toBeCloseTo(mass, 12);
  });

  it("can itself be negative: with a gap between narrow modes and slow break-up, min f_1 < 0 already at t = 0", () => {
    const warning = parseConfig({
      epsilon: 0.1,
      kmax: 2,
      lambda: { "1,1": 1 },
      mu: { "1,1": 0.3, "1,2": 1 },
      initial: { distribution: "bimodal", means: [-1.5, 1.5], sd: 0.2 },
      histogram: { min: -4, max: 4, bins: 40, pairBins: 20 },
      times: [0, 0.1],
    });
    const d = solveScalar(warning, { ...RECOMMENDED.scalar, spacing: 0.2, dt: 0.02 }).summary.diagnostics as { minF1: number[]; firstNegativeTime: number | null };
    expect(d.firstNegativeTime).toBe(0);
    expect(d.minF1[0]).toBeLessThan(0);
  });
});
