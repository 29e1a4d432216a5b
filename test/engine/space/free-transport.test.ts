import { beforeAll, describe, expect, it } from "vitest";
import { runReplica } from "../../../src/engine/index.js";
import { parseConfig } from "../../../src/model/config.js";
import { settle } from "../../settle.js";

/**
 * Free transport (λ = 0): every particle moves at its own constant state v, so the density is the
 * initial law transported. With positions of density (1 + a·cos(2πx₁/L))/Lᵈ and the components of
 * v i.i.d. N(m, σ²), the x₁-marginal of the law at time t is the convolution of the cosine wave
 * with N(mt, σ²t²), which damps the wave by the characteristic function e^{−(2πσt/L)²/2} and
 * shifts it by mt:
 *
 *   ρ(x, t) = (M/Lᵈ)·(1 + a·e^{−(2πσt/L)²/2}·cos(2π(x₁ − mt)/L)),
 *
 * whose average over the cell [lo, hi) of the first axis is
 * (M/Lᵈ)·(1 + a·e^{−(2πσt/L)²/2}·L·(sin(2π(hi − mt)/L) − sin(2π(lo − mt)/L))/(2π(hi − lo))).
 */
function transportedDensity(cellLo: number, cellHi: number, t: number, { a, m, sigma, L, d }: { a: number; m: number; sigma: number; L: number; d: number }): number {
  const damping = a * Math.exp(-0.5 * ((2 * Math.PI * sigma * t) / L) ** 2);
  const wave = (x: number) => Math.sin((2 * Math.PI * (x - m * t)) / L);
  return (1 + (damping * L * (wave(cellHi) - wave(cellLo))) / (2 * Math.PI * (cellHi - cellLo))) / L ** d;
}

describe.each([
  { d: 1, C: 16, N: 10_000 },
  { d: 2, C: 6, N: 10_000 },
])("free transport (λ = 0), d = $d: ρ(x, t) is the exact transported cosine wave", ({ d, C, N }) => {
  const [a, m, sigma, L, R] = [0.8, 0.3, 0.5, 2, 48];
  const times = [0, 0.5, 1, 2];
  const config = parseConfig({
    N,
    dimension: d,
    space: { length: L, cells: C },
    lambda: 0,
    initial: { distribution: "normal", mean: m, sd: sigma, position: { distribution: "cosine", amplitude: a } },
    times,
    replicas: R,
    seed: 21,
    histogram: { bins: 4, pairBins: 1 },
  });
  let replicas: ReturnType<typeof runReplica>[];
  beforeAll(async () => {
    await settle();
    replicas = Array.from({ length: R }, (_, r) => runReplica(config, r));
  });
  const cells = C ** d;

  it("every cell's ρ within 4 SE of the transported density at every time", () => {
    times.forEach((t, i) => {
      for (let cell = 0; cell < cells; cell++) {
        const values = replicas.map((r) => r.fields![i][cell]);
        const mean = values.reduce((s, v) => s + v, 0) / R;
        const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1) / R);
        const ix = cell % C;
        const exact = transportedDensity((ix * L) / C, ((ix + 1) * L) / C, t, { a, m, sigma, L, d });
        expect(Math.abs(mean - exact), `t = ${t}, cell ${cell}: ρ = ${mean} ± ${se} vs ${exact}`).toBeLessThan(4 * se);
      }
    });
  });

  it("Σ_cells ρ·hᵈ = M exactly, and the momentum density sums to the conserved total momentum", () => {
    const volume = (L / C) ** d;
    for (const r of replicas) {
      const I = r.observables[(d === 1 ? "I1" : "I1.x") as "I1"];
      r.fields!.forEach((block, i) => {
        const mass = block.slice(0, cells).reduce((s, v) => s + v, 0) * volume;
        const momentum = block.slice(cells, 2 * cells).reduce((s, v) => s + v, 0) * volume;
        expect(mass).toBeCloseTo(1, 12);
        expect(momentum).toBeCloseTo(I[i], 12);
        expect(momentum).toBeCloseTo(I[0], 12);
      });
    }
  });
});
