import { describe, expect, it } from "vitest";
import { runReplica } from "../../../src/engine/index.js";
import { SpatialSystem } from "../../../src/engine/space/spatial-system.js";
import { parseConfig } from "../../../src/model/config.js";
import { replicaStream } from "../../../src/rng.js";

describe("edge cases of the spatial engine", () => {
  it("N = 1 in d = 3: the particle's cell and position are x(0) + v·t wrapped into the box, at every time", () => {
    const [L, C] = [1.5, 7];
    const system = new SpatialSystem({ N: 1, epsilon: 0.1, mass: 1, kmax: null, lambda: 1, mu: 1, dimension: 3, box: { length: L, cells: C } }, replicaStream(3, 0)).seed({
      distribution: "normal",
      mean: 0.4,
      sd: 2,
      pairedFraction: 0,
    });
    const { state } = system;
    const x0 = [0, 1, 2].map((a) => state.position(0, a));
    const v = [0, 1, 2].map((a) => state.mean(0, a));
    const x = new Float64Array(3);
    for (const t of [0.1, 0.7, 2, 5.5, 13]) {
      system.advanceTo(t);
      const exact = x0.map((x, a) => {
        const y = x + v[a] * t;
        return y - L * Math.floor(y / L);
      });
      state.positionAt(0, t, x);
      exact.forEach((y, a) => expect(Math.abs(x[a] - y), `t = ${t}, axis ${a}`).toBeLessThan(1e-9));
      expect(state.clusterCell(0)).toBe(state.cellOf(exact));
    }
    expect(system.events).toBe(0);
    expect(system.crossings).toBeGreaterThan(20);
  });

  it("kmax = 1 (nothing merges), and μ = 0 with all particles paired (nothing splits): no reaction, fields still observed", () => {
    const noMerges = runReplica(parseConfig({ N: 50, kmax: 1, space: { length: 1, cells: 4 }, times: [1], replicas: 1 }), 0);
    expect(noMerges.eventCount).toBe(0);
    expect(noMerges.clusterCounts).toEqual({ 1: [1] });
    const noSplits = runReplica(parseConfig({ N: 50, kmax: 2, mu: 0, space: { length: 1, cells: 4 }, initial: { distribution: "normal", pairedFraction: 1 }, times: [1], replicas: 1 }), 0);
    expect(noSplits.eventCount).toBe(0);
    expect(noSplits.clusterCounts).toEqual({ 2: [0.5] });
    expect(noSplits.fields![0].slice(0, 4).reduce((s, rho) => s + rho / 4, 0)).toBeCloseTo(1, 12);
  });
});
