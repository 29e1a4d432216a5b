import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/index.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { parseConfig } from "../../src/model/config.js";
import { ENGINE_CASES } from "./engines.js";

const base = { N: 2000, epsilon: 0.1, replicas: 3, histogram: { bins: 8, pairBins: 4 } };
/** summary.json without the fields that record when and how fast it ran. */
const bytes = (out: ReturnType<typeof simulateEnsemble>) => JSON.stringify({ ...out, summary: { ...out.summary, wallSeconds: 0, provenance: null } });

describe("reproducibility", () => {
  it("same seed gives a bitwise identical summary (timings aside)", () => {
    const config = parseConfig({ ...base, seed: 9 });
    expect(bytes(simulateEnsemble(config))).toBe(bytes(simulateEnsemble(config)));
  });

  it("different replicas and different seeds differ", () => {
    const config = parseConfig({ ...base, seed: 9 });
    const [a, b] = [runReplica(config, 0), runReplica(config, 1)];
    expect(a.observables.V1[3]).not.toBe(b.observables.V1[3]);
    expect(runReplica(parseConfig({ ...base, seed: 10 }), 0).observables.V1[3]).not.toBe(a.observables.V1[3]);
  });

  it("observing at more times does not change the trajectory, bit for bit", () => {
    const few = runReplica(parseConfig({ ...base, times: [2] }), 0);
    const many = runReplica(parseConfig({ ...base, times: [0, 0.3, 0.7, 1.1, 2] }), 0);
    expect(many.observables.V2bar[4]).toBe(few.observables.V2bar[0]);
    expect(many.f2[4]).toEqual(few.f2[0]);
    expect(many.eventCount).toBe(few.eventCount);
  });
});

describe.each(ENGINE_CASES)("edge cases ($engine)", ({ engine, box }) => {
  it("the replica records the engine the config picked", () => {
    expect(runReplica(parseConfig({ ...box, ...base, times: [0] }), 0).engine).toBe(engine);
  });

  it("kmax = 1: nothing ever happens", () => {
    const r = runReplica(parseConfig({ ...box, ...base, kmax: 1, times: [0, 5] }), 0);
    expect(r.eventCount).toBe(0);
    expect(r.observables.V1[1]).toBe(r.observables.V1[0]);
  });

  it("λ = 0 with all particles free is absorbing", () => {
    const r = runReplica(parseConfig({ ...box, ...base, lambda: 0, times: [0, 5] }), 0);
    expect(r.eventCount).toBe(0);
    expect(r.observables.M1).toEqual([1, 1]);
  });

  it("μ = 0: clusters never break up, so every particle ends in a cluster of size 2 or 3", () => {
    const r = runReplica(parseConfig({ ...box, ...base, N: 300, mu: 0, times: [200] }), 0);
    expect(r.events.fragmentation).toEqual({});
    expect(r.clusterCounts["1"]?.[0] ?? 0).toBeLessThanOrEqual(1 / 300);
  });

  it("N = 1: a single free particle, no events", () => {
    const r = runReplica(parseConfig({ ...box, ...base, N: 1, times: [0, 1] }), 0);
    expect(r.eventCount).toBe(0);
    expect(r.observables.M1).toEqual([1, 1]);
  });

  it("pairs in the initial data align at rate 2/ε until they break up: E[V̄2(t)] = (σ²/ε)e^{−(μ+2)t/ε} within 4 SE", () => {
    // λ = 0, all particles paired, σ = 1: a pair survives to t with probability e^{−μt/ε} and its
    // (v_a − v_b)² (mean 2σ²) has decayed by e^{−2t/ε}; V̄2 = (1/(εN))Σ_pairs (v_a − v_b)².
    const out = simulateEnsemble(parseConfig({ ...box, ...base, lambda: 0, replicas: 40, initial: { distribution: "normal", pairedFraction: 1 }, times: [0.02, 0.05] }));
    const { mean, stderr } = out.summary.observables.V2bar;
    [0.02, 0.05].forEach((t, i) => {
      const exact = (1 / 0.1) * Math.exp((-(1 + 2) * t) / 0.1);
      expect(Math.abs(mean[i] - exact), `t = ${t}: ${mean[i]} vs ${exact}`).toBeLessThan(4 * stderr[i]);
    });
  });
});
