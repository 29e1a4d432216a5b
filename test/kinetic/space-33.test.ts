import { describe, expect, it } from "vitest";
import { KINETIC_MODELS, solveKinetic } from "../../src/kinetic/index.js";
import { singleMoments } from "../../src/kinetic/lattice/lattice-summary.js";
import { solveInstantaneous } from "../../src/kinetic/equations/limit-33.js";
import { SPACE_RESOLUTION, evolveSpace33, solveSpace33 } from "../../src/kinetic/space/limit-33.js";
import { ConfigError } from "../../src/errors.js";
import { OBSERVABLES } from "../../src/contract/run-output.js";
import { parseConfig, type ConfigInput } from "../../src/model/config.js";
import { observedOrder } from "./orders.js";

// A coarse velocity lattice (h = 0.2, 80 nodes) and a short x grid keep every solve under a second.
const histogram = { min: -4, max: 4, bins: 20, pairBins: 20 };
const coarse = { ...SPACE_RESOLUTION, spacing: 0.2, dt: 0.1 };
// Nothing at its default: λ_{1,1} = 1.3, μ_{1,1} = 0.8, M = 1.5, a drifting law and a strong density wave.
const base: ConfigInput = {
  mass: 1.5,
  lambda: { "1,1": 1.3, "1,2": 0.5 },
  mu: { "1,1": 0.8, "1,2": 2 },
  histogram,
  space: { length: 2, cells: 4 },
  initial: { distribution: "normal", mean: 0.3, sd: 0.5, position: { distribution: "cosine", amplitude: 0.8 } },
  times: [0, 0.5, 1],
};
const wave = parseConfig(base);

/** ρ, T and f_1(x, v) at the last output time, one vector (for self-convergence). */
function lastFields(out: ReturnType<typeof solveSpace33>): number[] {
  const last = out.summary.times.length - 1;
  return [...out.fields!.rho.mean[last], ...out.fields!.T.mean[last], ...out.f1xv!.density[last]];
}

describe("spatial instantaneous limit (33) in d = 1", () => {
  it("conserves mass and momentum to rounding, and the fields add up to them", () => {
    const solution = evolveSpace33(wave, coarse, 8);
    const { lattice } = solution.grid;
    const totals = solution.states.map((state) => {
      const f = new Float64Array(lattice.n);
      state.forEach((m, k) => (f[k % lattice.n] += m));
      return singleMoments(f, lattice);
    });
    const [M0, I0, E0] = totals[0];
    expect(M0).toBeCloseTo(1.5, 12);
    for (const [M, I, E] of totals.slice(1)) {
      expect(Math.abs(M - M0)).toBeLessThan(1e-13);
      expect(Math.abs(I - I0)).toBeLessThan(1e-13);
      expect(E).toBeLessThan(E0 - 0.01); // collisions dissipate energy: the check above is not vacuous
    }
    const { fields, f1, f1xv } = solveSpace33(wave, coarse, 8);
    const h = 2 / 4;
    const bins = histogram.bins;
    fields!.rho.mean.forEach((rho, t) => {
      expect(rho.reduce((s, r) => s + r * h, 0)).toBeCloseTo(1.5, 12);
      expect(fields!.momentum[0].mean[t].reduce((s, j) => s + j * h, 0)).toBeCloseTo(I0, 12);
      // f_1(x, v) integrates over x to the reported f_1
      f1!.density[t].forEach((d, b) => expect(f1xv!.density[t].reduce((s, x, k) => (k % bins === b ? s + x * h : s), 0)).toBeCloseTo(d, 12));
    });
  });

  it("λ = 0: ρ(x, t) is the exactly transported cosine law, to the velocity quadrature's O(h_v²) error", () => {
    // Cell averages of (M/L)(1 + a·e^{−(σω)²/2}·cos(2π(x − mt)/L)), ω = 2πt/L. The transport is exact for
    // this one-mode profile; the only error is the quadrature of the state law in initialMasses (sub-cells
    // of width δ = h_v/8, midpoint rule): Σ m_i e^{−iωv_i} − φ(ω) ≈ (δ²/24)ω²φ(ω), so
    // |error| ≤ (M/L)|a|·(δ²/24)·ω², to leading order (the degree-4 deposit adds O((ωh_v)⁵)).
    const [L, M, m, sd, a] = [10, 1.5, 0.5, 0.5, 0.6];
    const free = parseConfig({
      mass: M,
      lambda: { "1,1": 0, "1,2": 0 },
      space: { length: L, cells: 8 },
      histogram: { min: -2, max: 3, bins: 10, pairBins: 10 },
      initial: { distribution: "normal", mean: m, sd, position: { distribution: "cosine", amplitude: a } },
      times: [0, 1, 3],
    });
    const h = L / 8;
    const errorAt = (spacing: number) => {
      const { fields } = solveSpace33(free, { ...SPACE_RESOLUTION, spacing, dt: 1 }, 16);
      let worst = 0;
      free.times.forEach((t, k) => {
        const damping = Math.exp(-(((2 * Math.PI * sd * t) / L) ** 2) / 2);
        fields!.rho.mean[k].forEach((rho, c) => {
          const [lo, hi] = [c * h - m * t, (c + 1) * h - m * t];
          const exact = (M / L) * (1 + ((a * damping * L) / (2 * Math.PI * h)) * (Math.sin((2 * Math.PI * hi) / L) - Math.sin((2 * Math.PI * lo) / L)));
          worst = Math.max(worst, Math.abs(rho - exact));
        });
      });
      return worst;
    };
    const spacings = [0.25, 0.125, 0.0625];
    const errors = spacings.map(errorAt);
    const omega = (2 * Math.PI * 3) / L;
    spacings.forEach((spacing, i) => expect(errors[i]).toBeLessThan((M / L) * a * ((spacing / 8) ** 2 / 24) * omega ** 2));
    expect(Math.log2(errors[1] / errors[2])).toBeGreaterThan(1.8);
  });

  it("spatially uniform data follow the homogeneous (33) solver to rounding (pairs at t = 0 included)", () => {
    const uniform = parseConfig({ ...base, initial: { distribution: "normal", mean: 0.3, sd: 0.5, pairedFraction: 0.3 } });
    const space = solveSpace33(uniform, coarse, 8);
    // on the fixed lattice of the spatial solver (the homogeneous one would refine it at t = 1, when the spread has halved)
    const homogeneous = solveInstantaneous({ ...uniform, space: undefined }, { ...coarse, fixedLattice: true });
    for (const name of OBSERVABLES) {
      const [a, b] = [space.summary.observables[name].mean, homogeneous.summary.observables[name].mean];
      a.forEach((x, t) => expect(Math.abs(x - b[t])).toBeLessThan(1e-12 * (1 + Math.abs(b[t]))));
    }
    space.f1!.density.forEach((row, t) => row.forEach((d, b) => expect(Math.abs(d - homogeneous.f1!.density[t][b])).toBeLessThan(1e-12)));
    const V1 = homogeneous.summary.observables.V1.mean;
    space.fields!.rho.mean.forEach((rho, t) => {
      for (const r of rho) expect(r).toBeCloseTo(1.5 / 2, 12);
      for (const T of space.fields!.T.mean[t]) expect(T).toBeCloseTo(V1[t] / 1.5, 10);
    });
  });

  // The order is asymptotic: from dt = 0.4, 0.2, 0.1 this config gives 0.85, from 0.2, 0.1, 0.05
  // 1.2 (the transport phase k·v·dt of the wave's harmonics is not small yet), from 0.1, 0.05, 0.025 1.98.
  it("the Strang splitting is of order 2 in dt (observed from dt = 0.1, 0.05, 0.025)", () => {
    const order = observedOrder([0.1, 0.05, 0.025].map((dt) => lastFields(solveSpace33(wave, { ...coarse, dt }, 8))));
    expect(order).toBeGreaterThan(1.8);
    expect(order).toBeLessThan(2.5);
  });

  it("is of order 2 in the x grid (collisions on cell averages; observed from 8, 16, 32 cells)", () => {
    const order = observedOrder([8, 16, 32].map((N) => lastFields(solveSpace33(wave, coarse, N))));
    expect(order).toBeGreaterThan(1.8);
  });

  it("`instantaneous` with `space` solves it; other models, d > 1 and non-power-of-two cells are refused", () => {
    const small = parseConfig({ ...base, times: [0, 0.1] });
    const out = solveKinetic("instantaneous", small, { resolution: coarse });
    expect(out.fields?.rho.mean[1]).toHaveLength(4);
    expect(out.f1xv?.density[1]).toHaveLength(4 * histogram.bins);
    expect(out.summary.source).toBe("kinetic:instantaneous");
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).field;
      }
      return "no error";
    };
    expect(fieldOf(() => solveKinetic("scalar", small))).toBe("space");
    expect(fieldOf(() => KINETIC_MODELS.scalar.moments(small))).toBe("space");
    expect(fieldOf(() => solveKinetic("moments-exact", small))).toBe("space");
    expect(fieldOf(() => solveKinetic("instantaneous", parseConfig({ ...base, dimension: 2 })))).toBe("dimension");
    expect(fieldOf(() => solveKinetic("instantaneous", parseConfig({ ...base, space: { length: 1, cells: 6 } })))).toBe("space.cells");
    expect(solveKinetic("moments-exact", parseConfig({ times: [0, 0.1] })).summary.observables.M1.mean[0]).toBe(1); // without `space` nothing changes
  });
});
