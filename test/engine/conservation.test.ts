import { describe, expect, it } from "vitest";
import { ParticleSystem } from "../../src/engine/particle-system.js";
import { replicaStream } from "../../src/rng.js";
import { SPREAD_INITIAL } from "./engines.js";

/** Σ over all particles of the state at time t, and Σ_k k·N_k. */
function totals(system: ParticleSystem, t: number): { momentum: number; mass: number } {
  const { state } = system;
  const states = new Float64Array(state.N);
  let momentum = 0;
  let mass = 0;
  for (let k = 1; k <= state.maxSize; k++) {
    mass += k * state.count[k];
    for (let i = 0; i < state.count[k]; i++) {
      const n = state.statesAt(state.members[k][i], t, states);
      for (let j = 0; j < n; j++) momentum += states[j];
    }
  }
  return { momentum, mass };
}

describe("conservation of mass and momentum", () => {
  it("holds at every one of 10⁶ events (debug checks) with clusters of unbounded size", () => {
    // λ = 3, μ = 1, kmax = null: clusters of many sizes form, so every split size j is exercised.
    const system = new ParticleSystem({ N: 500, epsilon: 0.3, mass: 1, kmax: null, lambda: 3, mu: 1 }, replicaStream(2, 0), true).seed(SPREAD_INITIAL);
    const before = totals(system, 0);
    system.runEvents(1e6);
    const after = totals(system, system.t);
    expect(system.events).toBe(1e6);
    expect(system.state.maxSize).toBeGreaterThan(5);
    expect(after.mass).toBe(500);
    // Rounding: each event changes Σv by at most a few ulps of the cluster sums (|Σv| ≲ 10³).
    expect(Math.abs(after.momentum - before.momentum)).toBeLessThan(1e-9 * 500 * 5);
  });

  it("holds over 10⁶ events at kmax = 3 with the paper's kernels (no debug checks)", () => {
    const system = new ParticleSystem({ N: 10_000, epsilon: 0.1, mass: 1, kmax: 3, lambda: 1, mu: 1 }, replicaStream(3, 0)).seed({
      distribution: "normal",
      mean: 2,
      sd: 1,
      pairedFraction: 0,
    });
    const before = totals(system, 0);
    system.runEvents(1e6);
    const after = totals(system, system.t);
    expect(after.mass).toBe(10_000);
    expect(Math.abs(after.momentum - before.momentum) / Math.abs(before.momentum)).toBeLessThan(1e-12);
  });
});
