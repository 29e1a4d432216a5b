import { describe, expect, it } from "vitest";
import { freeTransport } from "../../src/kinetic/space/transport.js";

describe("spectral free transport", () => {
  it("translates a band-limited profile exactly, for every velocity node, forwards and backwards", () => {
    const [N, L, tau] = [16, 2, 0.37];
    const velocities = Float64Array.of(0.3, -1.7, 0, 5.25);
    const n = velocities.length;
    // modes 0, 1, 2 and the Nyquist-free 7 < N/2: all are shifted exactly
    const profile = (x: number) => 1 + 0.5 * Math.cos((2 * Math.PI * x) / L) + 0.2 * Math.sin((4 * Math.PI * x) / L) + 0.1 * Math.cos((14 * Math.PI * x) / L);
    const centre = (j: number) => ((j + 0.5) * L) / N;
    const state = new Float64Array(N * n);
    for (let j = 0; j < N; j++) for (let i = 0; i < n; i++) state[j * n + i] = profile(centre(j));
    const transport = freeTransport(N, L, velocities);
    transport(state, tau);
    for (let j = 0; j < N; j++) for (let i = 0; i < n; i++) expect(state[j * n + i]).toBeCloseTo(profile(centre(j) - velocities[i] * tau), 13);
    transport(state, -tau);
    for (let j = 0; j < N; j++) for (let i = 0; i < n; i++) expect(state[j * n + i]).toBeCloseTo(profile(centre(j)), 13);
  });

  it("moves a shift of whole cells exactly and keeps the mass of every node", () => {
    const [N, L] = [8, 1];
    const transport = freeTransport(N, L, Float64Array.of(3 / 8, -1 / 8));
    const state = new Float64Array(2 * N);
    state[0] = 1; // node 0 in cell 0
    state[2 * 5 + 1] = 2; // node 1 in cell 5
    transport(state, 1);
    expect(state[2 * 3]).toBeCloseTo(1, 14);
    expect(state[2 * 4 + 1]).toBeCloseTo(2, 14);
    const mass = (i: number) => state.filter((_, k) => k % 2 === i).reduce((s, m) => s + m, 0);
    expect(mass(0)).toBeCloseTo(1, 14);
    expect(mass(1)).toBeCloseTo(2, 14);
  });
});
