import { describe, expect, it } from "vitest";
import { solveFirstOrder } from "../../../src/kinetic/equations/first-order-14.js";
import { initialMoments } from "../../../src/kinetic/equations/initial-moments.js";
import { fourthMoment33, solveInstantaneous, thirdMoment33, variance33 } from "../../../src/kinetic/equations/limit-33.js";
import { type KineticClosure, firstOrder14Closure, integrateKineticClosure, solveKineticClosure } from "../../../src/kinetic/moment-closure/kinetic-closures.js";
import { initialMomentState, momentRhs } from "../../../src/kinetic/equations/moment-odes.js";
import { polynomialProblem } from "../../../src/kinetic/ode/polynomial-system.js";
import { solveStiff } from "../../../src/kinetic/ode/rosenbrock.js";
import type { InitialDatum } from "../../../src/kinetic/equations/initial-slip-49.js";
import { pairRates } from "../../../src/kinetic/equations/paper-rates.js";
import { RECOMMENDED, type Resolution } from "../../../src/kinetic/lattice/resolution.js";
import { solveScalar } from "../../../src/kinetic/equations/scalar-49.js";
import { parseConfig } from "../../../src/model/config.js";
import { initialLaw } from "../../../src/model/initial-law.js";
import type { RunOutput } from "../../../src/contract/run-output.js";
import { rhs14 } from "../moment-system-14.js";

const KERNELS = { lambda: { "1,1": 1.3, "1,2": 0.7 }, mu: { "1,1": 0.6, "1,2": 1.8 } };
const SKEWED = { distribution: "bimodal", means: [-0.5, 0.75], weight: 0.3, sd: 0.25, pairedFraction: 0.2 } as const;
const TIGHT = { rtol: 1e-13, atol: 1e-15 };

describe("moment closure of (14): the hand-derived degree-≤2 systems", () => {
  it("its right-hand side at degree 2 is the independently derived system of masses, first and second moments", () => {
    // rhs14 (test/kinetic/moment-system-14.ts) works in (M_1, M_2, I_1, I_2, E_1, E_2, C_2) by covariance
    // algebra; the closure's unknowns are ∫v^j f_1 and ∫m_λ f_2^ε: ∫m_(1) = 2I_2, ∫m_(2) = 2E_2, ∫m_(1,1) = C_2.
    const rates = { lambda11: 1.3, lambda12: 0.7, mu11: 0.6, mu12: 1.8 };
    const eps = 0.2;
    const system = firstOrder14Closure(rates, eps, 2);
    const problem = polynomialProblem(system.unknowns.length, system.terms((u) => u.size - 1, eps));
    const at = (k: number, lambda: number[]) => system.indexOf(k, lambda);
    for (const y of [
      [0.8, 0.5, 0.3, -0.2, 1.1, 0.9, 0.4],
      [0.6, 1.2, -0.7, 0.4, 2.3, 1.5, -0.3],
    ]) {
      const [M1, M2, I1, I2, E1, E2, C2] = y;
      const x = new Float64Array(system.unknowns.length);
      [[1, [], M1], [1, [1], I1], [1, [2], E1], [2, [], M2], [2, [1], 2 * I2], [2, [2], 2 * E2], [2, [1, 1], C2]].forEach(([k, l, v]) => (x[at(k as number, l as number[])] = v as number));
      const dx = problem.rhs(x);
      const expected = rhs14(y, { ...rates, eps });
      const closure = [dx[at(1, [])], dx[at(2, [])], dx[at(1, [1])], dx[at(2, [1])] / 2, dx[at(1, [2])], dx[at(2, [2])] / 2, dx[at(2, [1, 1])]];
      closure.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    }
  });

  it.each([
    [0.2, { distribution: "normal", mean: 0.7, sd: 1.2, pairedFraction: 0.4 }],
    [0.05, SKEWED],
  ] as const)("reproduces (20), (23) and the derived second-moment system to 1e-10 over t ∈ [0, 2] (ε = %s)", (epsilon, initial) => {
    const config = parseConfig({ epsilon, ...KERNELS, times: [0.1, 0.5, 1, 2], initial });
    const rates = pairRates(config);
    const derived = solveStiff({ rhs: momentRhs("derived", rates, epsilon) }, Float64Array.from(Object.values(initialMomentState(initialMoments(config), epsilon))), config.times, TIGHT).states;
    const { system, states } = integrateKineticClosure("first-order", config, 2, TIGHT);
    const at = (y: Float64Array, k: number, lambda: number[]) => y[system.indexOf(k, lambda)] / epsilon ** (k - 1);
    states.forEach((y, t) => {
      const [M1, I1, E1, M2, I2, E2] = [at(y, 1, []), at(y, 1, [1]), at(y, 1, [2]), at(y, 2, []), at(y, 2, [1]) / 2, at(y, 2, [2]) / 2];
      const v = (I1 + 2 * epsilon * I2) / (M1 + 2 * epsilon * M2);
      const closure = [M1, M2, I1, I2, E1 - 2 * v * I1 + v * v * M1, E2 - 2 * v * I2 + v * v * M2, at(y, 2, [2]) - 2 * at(y, 2, [1, 1]), M2 * E1 - 2 * I1 * I2 + M1 * E2];
      closure.forEach((c, i) => expect(Math.abs(c - derived[t][i]), `unknown ${i} at t = ${config.times[t]}`).toBeLessThan(1e-10));
    });
  });
});

describe("moment closure of (33): closed forms", () => {
  it("M_1 = M, and V_1, C1_3, C1_4 follow Lemma 3.4's variance decay and the exact third and fourth moments", () => {
    const config = parseConfig({ epsilon: 0.1, mass: 1.4, ...KERNELS, times: [0, 0.5, 1, 2], initial: { ...SKEWED, pairedFraction: 0 } });
    const { system, states } = integrateKineticClosure("instantaneous", config, 4, TIGHT);
    const central = (y: Float64Array, r: number) => {
      const v = y[system.indexOf(1, [1])] / y[system.indexOf(1, [])];
      return Array.from({ length: r + 1 }, (_, j) => y[system.indexOf(1, j === 0 ? [] : [j])] * (-v) ** (r - j) * binomial(r, j)).reduce((s, x) => s + x, 0);
    };
    const [c2, c3, c4] = [2, 3, 4].map((r) => central(states[0], r));
    config.times.forEach((t, i) => {
      expect(Math.abs(states[i][system.indexOf(1, [])] - 1.4)).toBeLessThan(1e-12);
      expect(Math.abs(central(states[i], 2) - variance33(c2, 1.3, 1.4, 0.6, t))).toBeLessThan(1e-10);
      expect(Math.abs(central(states[i], 3) - thirdMoment33(c3, 1.3, 1.4, 0.6, t))).toBeLessThan(1e-10);
      expect(Math.abs(central(states[i], 4) - fourthMoment33(c2, c4, 1.3, 1.4, 0.6, t))).toBeLessThan(1e-10);
    });
    // The skewed law has a third moment to follow.
    expect(Math.abs(c3)).toBeGreaterThan(0.01);
  });
});

function binomial(n: number, j: number): number {
  return j === 0 ? 1 : (binomial(n, j - 1) * (n - j + 1)) / j;
}

// The grid solvers against the closures of the same equations. Each grid solver is run at
// (h, dt) and (h/2, dt/2); its moments converge with order p ≥ 2 (deposit error O(h²) in the
// initial data and, for deposits of degree < r, in every step; RK4/ETDRK4 are O(dt⁴)), so the
// error of the finer run is estimated by Richardson as |u_{h/2} − u_h|/(2^p − 1), p = 2. The
// closure must lie within twice that estimate of the finer run (factor 2 for the pre-asymptotic
// range: the observed ratios of successive errors are 3.7 to 11), and closer to it than to the coarser.
// (49) is checked from both initial data: slip-corrected (which needs pairedFraction 0) and as printed.
describe.each([
  ["instantaneous", "instantaneous", solveInstantaneous, { ...RECOMMENDED.instantaneous, spacing: 0.05, dt: 0.1 }, SKEWED],
  ["first-order", "first-order", solveFirstOrder, { ...RECOMMENDED.firstOrder, spacing: 0.1, dt: 0.05, tripleNodes: 3 }, SKEWED],
  ["scalar, slip-corrected datum", "scalar", (c, r) => solveScalar(c, r, "slip"), { ...RECOMMENDED.scalar, spacing: 0.1, dt: 0.1, tripleNodes: 3 }, { ...SKEWED, pairedFraction: 0 }, "slip"],
  ["scalar, printed datum", "scalar", (c, r) => solveScalar(c, r, "printed"), { ...RECOMMENDED.scalar, spacing: 0.1, dt: 0.1, tripleNodes: 3 }, SKEWED, "printed"],
] as [string, KineticClosure, (c: ReturnType<typeof parseConfig>, r: Resolution) => RunOutput, Resolution, typeof SKEWED, InitialDatum?][])(
  "moment closure of the %s description against its grid solver",
  (_label, kind, solve, resolution, initial, datum) => {
    it("agrees with the finer grid solution within its Richardson error estimate, at degrees 1 to 4", () => {
      // 3 nodes in q: E[q^j] exact up to j = 5 ≥ 4 (2 nodes would miss the fourth moment).
      const config = parseConfig({ epsilon: 0.1, ...KERNELS, times: [0.3], initial });
      const closure = solveKineticClosure(kind, config, 4, datum).summary.observables;
      const coarse = solve(config, resolution).summary.observables;
      const fine = solve(config, { ...resolution, spacing: resolution.spacing / 2, dt: resolution.dt / 2 }).summary.observables;
      for (const name of ["M1", "I1", "V1", "C1_3", "C1_4"] as const) {
        const [c, u1, u2] = [closure[name].mean[0], coarse[name].mean[0], fine[name].mean[0]];
        const estimate = Math.abs(u2 - u1) / (2 ** 2 - 1);
        // Rounding floor for the moments that a solver conserves exactly (M_1, I_1 of (33), (49)).
        const floor = 1e-12 * Math.max(1, Math.abs(c));
        expect(Math.abs(c - u2), `${name}: closure ${c}, grid ${u1} → ${u2}`).toBeLessThanOrEqual(2 * estimate + floor);
        if (estimate > floor) expect(Math.abs(c - u2)).toBeLessThan(Math.abs(c - u1));
      }
    });
  },
);

describe("kinetic closures: outputs", () => {
  it("report every observable, C1_3 and C1_4 from the closure, and NaN for C1_4 at degree 3", () => {
    const config = parseConfig({ epsilon: 0.1, ...KERNELS, times: [0, 1], initial: SKEWED });
    for (const kind of ["instantaneous", "first-order", "scalar"] as const) {
      const { summary } = solveKineticClosure(kind, config, 4, "printed");
      expect(summary.source).toBe(`kinetic:${kind}-moments`);
      expect(Number.isFinite(summary.observables.C1_4.mean[1])).toBe(true);
      const law = initialLaw(config.initial);
      if (kind === "first-order") expect(summary.observables.I1.mean[0]).toBeCloseTo(0.8 * law.rawMoment(1), 14);
      expect(Number.isNaN(solveKineticClosure(kind, config, 3, "printed").summary.observables.C1_4.mean[1])).toBe(true);
    }
  });
});
