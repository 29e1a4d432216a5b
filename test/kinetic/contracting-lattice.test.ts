import { beforeAll, describe, expect, it } from "vitest";
import { MAX_NODE_GROWTH, refinementOf, refineSingle, spread } from "../../src/kinetic/lattice/contracting-lattice.js";
import { solveFirstOrder } from "../../src/kinetic/equations/first-order-14.js";
import { evolveInstantaneous, solveInstantaneous } from "../../src/kinetic/equations/limit-33.js";
import { limit33Closure } from "../../src/kinetic/moment-closure/kinetic-closures.js";
import { polynomialProblem } from "../../src/kinetic/ode/polynomial-system.js";
import { solveStiff } from "../../src/kinetic/ode/rosenbrock.js";
import { pairRates } from "../../src/kinetic/equations/paper-rates.js";
import { RECOMMENDED } from "../../src/kinetic/lattice/resolution.js";
import { parseConfig } from "../../src/model/config.js";
import type { Lattice } from "../../src/kinetic/lattice/lattice.js";
import { settle } from "../settle.js";
import { diagnosticsOf } from "../../src/contract/diagnostics.js";

const moment = (f: Float64Array, { x0, h }: Lattice, p: number) => f.reduce((s, m, i) => s + m * (x0 + i * h) ** p, 0);

describe("refining a lattice (remap onto half the spacing, truncated to the window of the mass)", () => {
  // A contracted bulk N(0.3, 0.2²) on a lattice spanning ±8, with an uncollided tail of weight 10⁻⁶.
  const lattice: Lattice = { x0: -8 + 0.05, h: 0.1, n: 160 };
  const x = (i: number) => lattice.x0 + i * lattice.h;
  const f = Float64Array.from({ length: lattice.n }, (_, i) => 0.1 * (Math.exp(-(((x(i) - 0.3) / 0.2) ** 2) / 2) / (0.2 * Math.sqrt(2 * Math.PI)) + 1e-6 * Math.exp(-(x(i) ** 2) / 2) / Math.sqrt(2 * Math.PI)));

  for (const order of [1, 2, 4]) {
    it(`conserves the moments 0 … ${order} of the deposit to 1e-12 and keeps cells that tile the old ones (order ${order})`, () => {
      const refinement = refinementOf(f.map(Math.abs), lattice, order);
      const [refined, masses] = [refinement.to, refineSingle(f, refinement)];
      expect(refined.h).toBe(lattice.h / 2);
      // new cell edges are old cell edges or old nodes
      const offset = (refined.x0 - refined.h / 2 - (lattice.x0 - lattice.h / 2)) / refined.h;
      expect(Math.abs(offset - Math.round(offset))).toBeLessThan(1e-9);
      expect(refined.n).toBeLessThan(2 * lattice.n); // the window dropped the far tail
      for (let p = 0; p <= order; p++) {
        const [before, after] = [moment(f, lattice, p), moment(masses, refined, p)];
        expect(Math.abs(after - before), `moment ${p}`).toBeLessThan(1e-12 * Math.max(moment(f, lattice, 0), Math.abs(before)));
      }
      expect(spread(masses, refined)).toBeCloseTo(spread(f, lattice), order >= 2 ? 10 : 2);
    });
  }
});

// (33) with N(0, 1) and λ = μ = M = 1: the variance decays like e^{−2t/3} (Lemma 3.4), so the spread
// halves every 3·ln 2 and has shrunk 8-fold at T = 9·ln 2.
describe("the (33) lattice follows the contraction of f1", () => {
  const T = 9 * Math.log(2);
  const config = parseConfig({ epsilon: 0.1, times: [0, T / 3, (2 * T) / 3, T], histogram: { min: -8, max: 8, bins: 40, pairBins: 20 } });
  const resolution = { ...RECOMMENDED.instantaneous, spacing: 0.2, dt: 0.1 };
  let adaptive: ReturnType<typeof evolveInstantaneous>;
  let fixed: typeof adaptive;
  let finerFixed: typeof adaptive;
  beforeAll(async () => {
    await settle();
    adaptive = evolveInstantaneous(config, resolution);
    fixed = evolveInstantaneous(config, { ...resolution, fixedLattice: true });
    finerFixed = evolveInstantaneous(config, { ...resolution, spacing: resolution.spacing / 2, fixedLattice: true });
  });
  // f1 at T on cells of 0.2 around the contracted peak (σ(T) = 1/8).
  const late = parseConfig({ ...config, times: [T], histogram: { min: -2, max: 2, bins: 20, pairBins: 10 } });

  it("halves h once per halving of the spread: h0 at T/3, h0/2 at 2T/3, h0/4 at T", () => {
    expect(adaptive.refinements).toHaveLength(2);
    expect(adaptive.grids.map((g) => g.lattice.h)).toEqual([0.2, 0.2, 0.1, 0.05].map((h) => expect.closeTo(h, 12)));
    expect(adaptive.refinements[1].lattice.n).toBeLessThanOrEqual(MAX_NODE_GROWTH * adaptive.grids[0].lattice.n);
  });

  it("conserves mass and momentum through the remaps to 1e-12", () => {
    adaptive.states.forEach((f, t) => {
      const lattice = adaptive.grids[t].lattice;
      expect(Math.abs(moment(f, lattice, 0) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(moment(f, lattice, 1))).toBeLessThan(1e-12);
    });
  });

  it("the bins stay exact sums: the histogram keeps the mass at every time, also where the window no longer covers the bins", () => {
    const { f1, summary } = solveInstantaneous(config, resolution);
    const width = 16 / 40;
    for (const row of f1!.density) expect(Math.abs(row.reduce((s, d) => s + d * width, 0) - 1)).toBeLessThan(1e-10);
    expect(diagnosticsOf(summary, "instantaneous")!.lattice.h.at(-1)).toBeCloseTo(0.05, 12);
  });

  // The degree-4 deposit keeps c_0 … c_4 exact on any lattice (the closed moment system of (33)), so
  // the lattice shows in the sixth moment: a deposit errs on it by O(h⁶) + O(x·h⁵) per unit mass,
  // a relative error that grows as the spread shrinks on a fixed lattice. The reference is the
  // degree-6 moment closure of (33) started from the grid's own moments at t = 0, so only the
  // error the dynamics adds on the lattice is measured.
  const sixthMomentError = ({ grids, states }: typeof adaptive) => {
    const y0 = Float64Array.from({ length: 7 }, (_, p) => moment(states[0], grids[0].lattice, p));
    const system = limit33Closure(pairRates(config), 6);
    const exact = solveStiff(polynomialProblem(7, system.terms(() => 0, config.epsilon)), y0, config.times, { rtol: 1e-12, atol: 1e-16 }).states;
    return states.map((f, t) => Math.abs(moment(f, grids[t].lattice, 6) / exact[t][6] - 1));
  };
  let eA: number[];
  let eF: number[];
  beforeAll(() => {
    [eA, eF] = [adaptive, fixed].map(sixthMomentError);
  });

  it("keeps the error per halving of the spread: after T/3 the adaptive lattice adds at most twice its error over [0, T/3] per interval", () => {
    // On each of [T/3, 2T/3] and [2T/3, T] the adaptive lattice has h/σ in the same range as on [0, T/3].
    expect(eA[3] - eA[1]).toBeLessThan(2 * 2 * eA[1]);
    // The fixed lattice has h/σ four times larger on [2T/3, T]: the error per interval grows at least like (h/σ)².
    expect(eF[3] - eF[2]).toBeGreaterThan(16 * eA[1]);
  });

  it("at late times beats the fixed lattice of the same h0 by more than 16× in the sixth moment", () => {
    expect(eA[3]).toBeLessThan(eF[3] / 16);
  });

  // The f1 cells converge at order 4 in h/σ (point samples with the Euler–Maclaurin end correction,
  // limit-33.test.ts). At T the adaptive lattice has h/σ = (h0/4)/(σ0/8) = 2h0/σ0, the fixed lattice
  // of h0/2 has 4h0/σ0: its error should be about 2⁴ = 16 times larger; asserted with a margin of 4.
  // The reference is the fixed lattice of h0/4, which has at least as many nodes as the adaptive one
  // at every time.
  it("at late times has f1 cells at least 4× closer to a fine solve than the fixed lattice of h0/2, with about as many nodes on average", async () => {
    await settle();
    const cells = (r: typeof resolution) => solveInstantaneous(late, r).f1!.density.at(-1)!;
    const reference = cells({ ...resolution, spacing: resolution.spacing / 4, fixedLattice: true });
    const l2 = (d: number[]) => Math.sqrt(d.reduce((s, x, b) => s + 0.2 * (x - reference[b]) ** 2, 0));
    const [adaptiveError, fixedError] = [cells(resolution), cells({ ...resolution, spacing: resolution.spacing / 2, fixedLattice: true })].map(l2);
    expect(adaptiveError).toBeGreaterThan(0);
    expect(fixedError / adaptiveError).toBeGreaterThan(4);
    // time-averaged node count of the adaptive solve within 20% of the node count of the h0/2 fixed lattice
    const steps = [0, ...adaptive.refinements.map((r) => r.t), T];
    const nodes = [adaptive.grids[0].lattice.n, ...adaptive.refinements.map((r) => r.lattice.n)];
    const averageNodes = nodes.reduce((sum, n, k) => sum + n * (steps[k + 1] - steps[k]), 0) / T;
    expect(averageNodes).toBeLessThan(1.2 * finerFixed.grids[0].lattice.n);
    expect(adaptive.refinements.at(-1)!.lattice.n).toBeLessThanOrEqual(4 * adaptive.grids[0].lattice.n);
  });
});

// (14) with λ_{1,1} = 2, μ_{1,1} = 1: the variance of f1 decays like e^{−4t/3} to leading order, so
// its spread halves before t = 1.6, and f1 and the pair law are remapped together.
describe("the (14) lattices follow the contraction of f1", () => {
  const config = parseConfig({
    epsilon: 0.1,
    lambda: { "1,1": 2, "1,2": 0.5 },
    mu: { "1,1": 1, "1,2": 1 },
    initial: { distribution: "normal", mean: 0.3, sd: 1, pairedFraction: 0.2 },
    times: [0, 1, 1.6],
    histogram: { min: -4, max: 4, bins: 20, pairBins: 10 },
  });
  let out: ReturnType<typeof solveFirstOrder>;
  let observables: typeof out.summary.observables;
  let lattice: { h: number[]; refinements: unknown[] };
  beforeAll(async () => {
    await settle();
    out = solveFirstOrder(config, { ...RECOMMENDED.firstOrder, spacing: 0.2, dt: 0.025, tripleCoarsening: 2 });
    observables = out.summary.observables;
    lattice = diagnosticsOf(out.summary, "first-order")!.lattice;
  });

  it("refines once, and conserves mass M1 + 2εM2 and momentum I1 + 2εI2 through the remap to 1e-12", () => {
    expect(lattice.refinements).toHaveLength(1);
    expect(lattice.h.at(-1)).toBeCloseTo(0.1, 12);
    const eps = config.epsilon;
    config.times.forEach((_, t) => {
      expect(Math.abs(observables.M1.mean[t]! + 2 * eps * observables.M2.mean[t]! - 1)).toBeLessThan(1e-12);
      expect(Math.abs(observables.I1.mean[t]! + 2 * eps * observables.I2.mean[t]! - 0.3)).toBeLessThan(1e-12);
    });
  });

  // The remap keeps the moments of degree ≤ 2 of f1 and the joint moments m^a d^b, a, b ≤ 2, of f2,
  // and the discrete moments of degree ≤ 2 obey the closed moment system of (14) on any lattice, step
  // by step: the solve on the fixed lattice must give the same moments, to rounding.
  it("gives the moments of degree ≤ 2 of the fixed-lattice solve to 1e-10", () => {
    const fixed = solveFirstOrder(config, { ...RECOMMENDED.firstOrder, spacing: 0.2, dt: 0.025, tripleCoarsening: 2, fixedLattice: true }).summary.observables;
    for (const q of ["M1", "M2", "I1", "I2", "V1", "V2", "V2bar", "V2tilde"] as const) {
      config.times.forEach((_, t) => expect(Math.abs(observables[q].mean[t]! - fixed[q].mean[t]!), `${q} at t = ${config.times[t]}`).toBeLessThan(1e-10));
    }
  });

  it("f2 cells keep the pair mass inside the histogram on the refined lattice", () => {
    const area = (8 / 10) ** 2;
    const inside = out.f2!.density.map((row) => row.reduce((s, d) => s + d * area, 0));
    // all but the pairs' tails beyond ±4 (sd ≤ 1): within 1e-3 of M2
    inside.forEach((m, t) => expect(Math.abs(m - observables.M2.mean[t]!)).toBeLessThan(1e-3 * observables.M2.mean[t]!));
  });
});
