import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpatialSystem } from "../../../src/engine/space/spatial-system.js";
import { replicaStream } from "../../../src/rng.js";
import { SPREAD_INITIAL } from "../engines.js";

/** Σ_clusters k·x (positions as stored by the engine), Σ of all states, and Σ_k k·N_k, at time t. */
function totals(system: SpatialSystem, t: number): { centre: number[]; momentum: number[]; mass: number } {
  const { state } = system;
  const d = state.dimension;
  const states = new Float64Array(state.N * d);
  const x = new Float64Array(d);
  const centre = new Array(d).fill(0);
  const momentum = new Array(d).fill(0);
  let mass = 0;
  for (let k = 1; k <= state.maxSize; k++) {
    for (let i = 0; i < state.count[k]; i++) {
      const c = state.members[k][i];
      const n = state.statesAt(c, t, states);
      state.positionAt(c, t, x);
      mass += n;
      for (let a = 0; a < d; a++) {
        centre[a] += (n * x[a]) / state.N;
        for (let j = 0; j < n; j++) momentum[a] += states[j * d + a];
      }
    }
  }
  return { centre, momentum, mass };
}

describe.each([1, 2, 3])("d = %i: conservation in the spatial engine", (d) => {
  it("mass and every component of the momentum are conserved at each of 10⁵ events (debug checks), with cell crossings", () => {
    const N = 300;
    const system = new SpatialSystem({ N, epsilon: 0.3, mass: 1, kmax: 12, lambda: 3, mu: 1, dimension: d, box: { length: 1, cells: 4 } }, replicaStream(2, d), true).seed(SPREAD_INITIAL);
    const before = totals(system, 0);
    system.runEvents(1e5);
    const after = totals(system, system.t);
    expect(system.events).toBe(1e5);
    expect(system.crossings).toBeGreaterThan(1000);
    expect(system.state.maxSize).toBeGreaterThan(5);
    expect(after.mass).toBe(N);
    for (let a = 0; a < d; a++) expect(Math.abs(after.momentum[a] - before.momentum[a])).toBeLessThan(1e-9 * N * 5);
  });

  it("the centre of mass moves at the mean velocity exactly, through merges, splits and crossings", () => {
    // Positions in [40, 60]ᵈ of a box of length 100 and speeds below ~6: no particle wraps around
    // the box by t = 2, so positions need no unwrapping.
    const N = 2000;
    const stream = replicaStream(5, d);
    const lines = Array.from({ length: 200 }, () => Array.from({ length: d }, () => (40 + 20 * stream()).toFixed(6)).join(" "));
    const path = join(mkdtempSync(join(tmpdir(), "alignsim-space-")), "positions.txt");
    writeFileSync(path, lines.join("\n"));
    const system = new SpatialSystem({ N, epsilon: 0.1, mass: 1, kmax: 4, lambda: 1, mu: 1, dimension: d, box: { length: 100, cells: 50 } }, stream).seed({
      distribution: "normal",
      mean: 0.7,
      sd: 1,
      pairedFraction: 0.1,
      position: { distribution: "file", path },
    });
    const start = totals(system, 0);
    for (const t of [0.5, 1, 2]) {
      system.advanceTo(t);
      const now = totals(system, t);
      for (let a = 0; a < d; a++) {
        const velocity = start.momentum[a] / N;
        expect(Math.abs(now.centre[a] - start.centre[a] - velocity * t), `t = ${t}, axis ${a}`).toBeLessThan(1e-9);
      }
    }
    expect(system.events).toBeGreaterThan(1000);
    expect(system.crossings).toBeGreaterThan(100);
  });
});
