import { describe, expect, it } from "vitest";
import { observableNames } from "../../src/contract/run-output.js";
import { SpatialSystem } from "../../src/engine/space/spatial-system.js";
import { parseConfig } from "../../src/model/config.js";
import { observe } from "../../src/observables/observe.js";
import { replicaStream } from "../../src/rng.js";

const config = parseConfig({ N: 3000, epsilon: 0.3, mass: 2, histogram: { min: -4, max: 4, bins: 16, pairBins: 8 } });

function system(d: number): SpatialSystem {
  const s = new SpatialSystem({ ...config, dimension: d, box: { length: 2, cells: 5 } }, replicaStream(9, d)).seed({ distribution: "normal", mean: 0.5, sd: 1, pairedFraction: 0.3 });
  s.advanceTo(0.7);
  return s;
}

describe("observations of the spatial model", () => {
  it("d = 1: the observables, cluster counts, f1 and f2 are bitwise those of the same clusters seen without cells; only the spatial view has fields", () => {
    const { state } = system(1);
    const spatial = observe(state, 0.7, config, [0.5]);
    const withoutCells = { N: state.N, dimension: 1, maxSize: state.maxSize, count: state.count, members: state.members, statesAt: state.statesAt.bind(state) };
    const homogeneous = observe(withoutCells, 0.7, config, [0.5]);
    expect(homogeneous.fields).toBeUndefined();
    expect(spatial.fields).toHaveLength(3 * state.cells);
    expect(spatial.observables).toEqual(homogeneous.observables);
    expect(spatial.clusterCounts).toEqual(homogeneous.clusterCounts);
    expect(spatial.f1).toEqual(homogeneous.f1);
    expect(spatial.f2).toEqual(homogeneous.f2);
  });

  it("d = 1: f_1(x, v) summed over the x cells (times h) is f_1", () => {
    const { state } = system(1);
    const { f1, f1xv } = observe(state, 0.7, config, [0.5]);
    const bins = config.histogram.bins;
    for (let b = 0; b < bins; b++) {
      let marginal = 0;
      for (let ix = 0; ix < state.cells; ix++) marginal += f1xv![ix * bins + b] * state.width;
      expect(marginal).toBeCloseTo(f1[b], 12);
    }
  });

  it("d = 3: names by observableNames(3), vectors per component, V1 and the energy summed over components (checked by brute force)", () => {
    const d = 3;
    const { state } = system(d);
    const T = 0.7;
    const obs = observe(state, T, config, [0.5, 0.5, 0.5]);
    expect(Object.keys(obs.observables)).toEqual(observableNames(d));
    const weight = config.mass / state.N;
    const states = new Float64Array(state.maxSize * d);
    const total = [0, 0, 0];
    const free = [0, 0, 0];
    let energy = 0;
    for (let k = 1; k <= state.maxSize; k++) {
      for (const c of state.members[k].slice(0, state.count[k])) {
        state.statesAt(c, T, states);
        for (let i = 0; i < k * d; i++) (total[i % d] += states[i]), (energy += states[i] ** 2), k === 1 && (free[i % d] += states[i]);
      }
    }
    const vInf = total.map((s) => s / state.N);
    let V1 = 0;
    for (const c of state.members[1].slice(0, state.count[1])) {
      state.statesAt(c, T, states);
      for (let a = 0; a < d; a++) V1 += weight * (states[a] - vInf[a]) ** 2;
    }
    expect(obs.observables.V1).toBeCloseTo(V1, 10);
    ["x", "y", "z"].forEach((axis, a) => {
      expect(obs.observables[`v_inf.${axis}`]).toBeCloseTo(vInf[a], 12);
      expect(obs.observables[`I1.${axis}`]).toBeCloseTo(weight * free[a], 12);
    });
    expect(obs.observables.M1).toBe((config.mass * state.count[1]) / state.N);
    const volume = state.width ** d;
    const cells = state.cells;
    const block = (b: number) => obs.fields!.slice(b * cells, (b + 1) * cells).reduce((s, v) => s + v, 0) * volume;
    expect(block(0)).toBeCloseTo(config.mass, 12);
    for (let a = 0; a < d; a++) expect(block(1 + a)).toBeCloseTo(weight * total[a], 10);
    expect(block(1 + d)).toBeCloseTo(weight * energy, 10);
    expect(obs.f1.length).toBe(d * config.histogram.bins);
    expect(obs.f2.length).toBe(d * config.histogram.pairBins ** 2);
    expect(obs.f1xv).toBeUndefined();
  });
});
