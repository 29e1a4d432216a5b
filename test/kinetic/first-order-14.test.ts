import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { productPair, tripleLattice, tripleMarginals } from "../../src/kinetic/lattice/collision-operators.js";
import { histogram1D, initialMasses, pairGrid, velocityGrid } from "../../src/kinetic/lattice/lattice.js";
import { contractionRule } from "../../src/kinetic/lattice/quadrature.js";
import { initialLaw } from "../../src/model/initial-law.js";
import { STUDY_DEFAULT_CONFIG_PATH } from "../../src/study/run-study.js";
import { solveFirstOrder } from "../../src/kinetic/equations/first-order-14.js";
import { RECOMMENDED } from "../../src/kinetic/lattice/resolution.js";
import { parseConfig } from "../../src/model/config.js";
import type { Summary } from "../../src/contract/run-output.js";
import { integrateRK4, rhs14 } from "./moment-system-14.js";
import { observedOrder } from "./orders.js";
import { settle } from "../settle.js";

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
  // Both invariants are kept by every step at any h and dt (module doc of first-order-14.ts), so
  // a coarse lattice and long steps (N is not stiff: dt is limited by the O(1) rates) test them
  // as well as the default resolution.
  it("conserves mass M1 + 2εM2 and momentum I1 + 2εI2 to 1e-8 relative over t ∈ [0, 5]", async () => {
    await settle();
    const config = parseConfig({ ...base, times: [0, 0.5, 1, 2, 5] });
    const { summary } = solveFirstOrder(config, { ...RECOMMENDED.firstOrder, dt: 0.125 });
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
  let summary: Summary;
  let f2: ReturnType<typeof solveFirstOrder>["f2"];
  let solver: number[][];
  let reference: number[][];
  beforeAll(async () => {
    await settle();
    ({ summary, f2 } = solveFirstOrder(config, { ...RECOMMENDED.firstOrder, dt: 0.025 }));
    solver = config.times.map((_, i) => rawMoments(summary, i));
    reference = integrateRK4((y) => rhs14(y, rates), solver[0], config.times, 2e-4);
  });

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

  // The pair deposit of degree 2 is exact for quadratics, so it errs by O(h³); the cell averages
  // carry the Euler–Maclaurin end correction (O(h⁴)). The f1 cells promise order 3.
  it("observed order in h of the f1 cells is 3 within 30%", async () => {
    await settle();
    const coarse = parseConfig({ ...base, initial: { ...base.initial, sd: 0.7 }, histogram: { min: -3, max: 3, bins: 20, pairBins: 10 }, times: [0.5] });
    const f = [0.15, 0.075, 0.0375].map((spacing) => solveFirstOrder(coarse, { ...RECOMMENDED.firstOrder, spacing, dt: 0.1, tripleCoarsening: 2 }).f1!.density[0]);
    const p = observedOrder(f);
    expect(p).toBeGreaterThan(2.1);
    expect(p).toBeLessThan(3.9);
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

// The triple term is evaluated on a lattice c times coarser, H = ch, and brought back by a
// smooth moment-exact prolongation (tripleMarginals): piecewise-linear in the coarse nodes, so
// its marginals differ from the ones evaluated on the fine lattice by O(H²), which makes the
// coarsening error of (14) O(εH²) (resolution.ts). At fixed c, halving h halves H: the difference
// falls fourfold. A comb (images of coarse nodes deposited node by node on the fine lattice) is a
// pattern of the ratio c alone and does not fall with h. Node masses are point samples, so the
// cell averages of f1 carry the Euler–Maclaurin end correction of histogram1D.
describe("first-order system (14): triple-term prolongation and cell averages", () => {
  const study = parseConfig({ ...JSON.parse(readFileSync(STUDY_DEFAULT_CONFIG_PATH, "utf8")), epsilon: 0.05, times: [0, 1] });
  const l2 = (a: ArrayLike<number>, b: ArrayLike<number>, h: number) => Math.sqrt(Array.from(a).reduce((s, x, i) => s + h * ((x - b[i]) / h) ** 2, 0));
  const norm = (a: ArrayLike<number>, h: number) => l2(a, new Float64Array(a.length), h);

  /** The triple term of the study's initial f1 and f1⊗f1 at spacing h, coarsening c (pair marginal on request). */
  const triples = (h: number) => {
    const law = initialLaw(study.initial);
    const grid = velocityGrid(study, law, h);
    expect(grid.lattice.h).toBeCloseTo(h, 12);
    const pair = pairGrid(grid.lattice);
    const f1 = initialMasses(law, grid.lattice, 1, 2);
    const F = new Float64Array(pair.m.n * pair.nd);
    productPair(f1, f1, pair, 1, 2, F);
    const run = (c: number, withPair = false) => {
      const single = new Float64Array(grid.lattice.n);
      const pairOut = withPair ? new Float64Array(F.length) : null;
      tripleMarginals(f1, F, tripleLattice(pair, c), contractionRule(2, 8, 0.5), 2, { single: { out: single, scale: 1 }, ...(pairOut ? { pair: { out: pairOut, scale: 1 } } : {}) });
      return { single, pair: pairOut };
    };
    return { lattice: grid.lattice, pair, run };
  };

  it("the coarsening error of the single marginal is O(H²): observed order in h at c = 2 and 4 is 2 within 30%; moments ≤ 2 exact", () => {
    const coarsenings = [2, 4];
    const errors = [0.1, 0.05].map((h) => {
      const { lattice, run } = triples(h);
      const fine = run(1).single;
      const coarse = coarsenings.map((c) => run(c).single);
      if (h === 0.1) {
        const x = (i: number) => lattice.x0 + i * lattice.h;
        for (const p of [0, 1, 2]) {
          const m = (u: Float64Array) => u.reduce((s, v, i) => s + v * x(i) ** p, 0);
          expect(Math.abs(m(coarse[1]) - m(fine))).toBeLessThan(1e-12 * Math.max(1, Math.abs(m(fine))));
        }
      }
      return coarse.map((u) => l2(u, fine, h) / norm(fine, h));
    });
    coarsenings.forEach((_, k) => {
      const p = Math.log2(errors[0][k] / errors[1][k]);
      expect(p).toBeGreaterThan(1.4);
      expect(p).toBeLessThan(2.6);
    });
  });

  // Every image is a linear map of (v_1, m_2, d_2), so the moments of total degree ≤ 2 of the
  // pair marginal depend only on moments m^a d^b, a, b ≤ 2, of the inputs, which the degree-2
  // restriction keeps, as does the prolongation (moments 0 … 2 along m and along d).
  it("the coarse pair marginal keeps the moments m^a d^b, a + b ≤ 2, of the fine one", () => {
    const { pair, run } = triples(0.1);
    const [fine, coarse] = [run(1, true).pair!, run(4, true).pair!];
    const m = (j: number) => pair.m.x0 + j * pair.m.h;
    const d = (k: number) => (k - pair.K) * pair.m.h;
    for (const [a, b] of [[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]) {
      const moment = (F: Float64Array) => F.reduce((s, v, i) => s + v * m(Math.floor(i / pair.nd)) ** a * d(i % pair.nd) ** b, 0);
      expect(Math.abs(moment(coarse) - moment(fine)), `m^${a} d^${b}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(moment(fine))));
    }
  });

  it.todo("the pair marginal converges in h on the f2 cells at fixed coarsening (its degree-2 deposits of contracted pair lattices alias in d)");

  // Composite midpoint rule with the end correction (h²/24)(f'(b) − f'(a)), f' by the central
  // difference of the nodes either side of each edge (lattice.ts): the cell average of point
  // samples errs by (17/5760)·h⁴·(g'''(b) − g'''(a))/(b − a) + (52/967680)·h⁶·(g⁽⁵⁾(b) − g⁽⁵⁾(a))/(b − a) + O(h⁸)
  // (Euler–Maclaurin: 7/5760 and 31/967680 from the midpoint rule, 1/576 and 1/46080 from the
  // central difference). Without the correction the error would be (h²/24)·|Δg'|/(b − a) ≈ 10⁻³.
  it("cell averages of point samples err by their Euler–Maclaurin h⁴ term up to the h⁶ term, observed order 4 within 30%", () => {
    const [mean, sd] = [0.3, 0.5];
    const config = parseConfig({ ...base, initial: { distribution: "normal", mean, sd, pairedFraction: 0 }, histogram: { min: -3, max: 3, bins: 60, pairBins: 30 } });
    const z = (v: number) => (v - mean) / sd;
    const g = (v: number) => Math.exp(-(z(v) ** 2) / 2) / (sd * Math.sqrt(2 * Math.PI));
    const g3 = (v: number) => (-(z(v) ** 3 - 3 * z(v)) * g(v)) / sd ** 3; // −He₃(z)·g/σ³
    const g5 = (v: number) => (-(z(v) ** 5 - 10 * z(v) ** 3 + 15 * z(v)) * g(v)) / sd ** 5; // −He₅(z)·g/σ⁵
    const worst = [0.1, 0.05].map((spacing) => {
      const grid = velocityGrid(config, initialLaw(config.initial), spacing);
      const { x0, h, n } = grid.lattice;
      expect(h).toBeCloseTo(spacing, 12);
      const masses = Float64Array.from({ length: n }, (_, i) => h * g(x0 + i * h));
      const { edges, density } = histogram1D(grid, [masses], -3, 3);
      expect(density[0]).toHaveLength(60);
      let error = 0;
      let beyondLeading = 0;
      let sixthOrder = 0;
      for (let b = 0; b < 60; b++) {
        const [lo, hi] = [edges[b], edges[b + 1]];
        let s = 0;
        const K = 200;
        for (let k = 0; k <= K; k++) s += (k === 0 || k === K ? 1 : k % 2 ? 4 : 2) * g(lo + ((hi - lo) * k) / K);
        const exact = s / (3 * K); // Simpson, error ~ (0.1/200)⁴·|g⁗|/180 < 10⁻¹³
        const leading = ((17 / 5760) * h ** 4 * (g3(hi) - g3(lo))) / (hi - lo);
        error = Math.max(error, Math.abs(density[0][b] - exact));
        beyondLeading = Math.max(beyondLeading, Math.abs(density[0][b] - exact - leading));
        sixthOrder = Math.max(sixthOrder, ((52 / 967680) * h ** 6 * Math.abs(g5(hi) - g5(lo))) / (hi - lo));
      }
      expect(beyondLeading).toBeLessThan(sixthOrder);
      return error;
    });
    const p = Math.log2(worst[0] / worst[1]);
    expect(p).toBeGreaterThan(2.8);
    expect(p).toBeLessThan(5.2);
  });

  // The same O(H²) through the solver: at fixed c, the change of f1 between coarsenings 4 and 2
  // (both O(εH²)) falls at least fourfold when h is halved; cells of width h, so that the
  // prolongation's O(H²) ripple within a coarse cell is not averaged out. The ripple has zero mean
  // over a coarse cell, and the solver smooths f1 further, so the observed order may exceed 2.
  it("solver: the f1 change between triple coarsenings 4 and 2 falls with h at order ≥ 2 (within 30%)", () => {
    const change = [0.2, 0.1].map((spacing) => {
      const config = parseConfig({ ...base, histogram: { min: -3, max: 3, bins: Math.round(6 / spacing), pairBins: 15 }, times: [0.5] });
      const [c4, c2] = [4, 2].map((tripleCoarsening) => solveFirstOrder(config, { ...RECOMMENDED.firstOrder, spacing, dt: 0.1, tripleCoarsening }).f1!.density[0]);
      expect(c2).toHaveLength(config.histogram.bins);
      const width = 6 / config.histogram.bins;
      return Math.sqrt(c4.reduce((s, v, i) => s + width * (v - c2[i]) ** 2, 0));
    });
    expect(change[1]).toBeGreaterThan(0);
    expect(Math.log2(change[0] / change[1])).toBeGreaterThan(1.4);
  }, 60_000);
});
