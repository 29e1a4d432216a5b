import { mean, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { decodeReplica, encodeReplica } from "../../src/ensemble/replica-file.js";
import { recordOfResult } from "../../src/ensemble/replica-record.js";
import { EnsembleAccumulator, MomentArrays, summarize, tQuantile95 } from "../../src/ensemble/statistics.js";
import { smallConfig } from "./helpers.js";

const strip = (json: string) => {
  const s = JSON.parse(json);
  delete s.wallSeconds;
  if (s.provenance) delete s.provenance.createdAt;
  return JSON.stringify(s);
};

describe("MomentArrays", () => {
  it("gives simple-statistics' mean and sample standard deviation to 1e-14", () => {
    const xs = [0.8123, 0.8391, 0.7012, 0.9, 0.85, 0.8444, 0.79];
    const m = new MomentArrays(1);
    for (const x of xs) m.add([x]);
    const e = m.estimate(0, 1, tQuantile95(xs.length));
    expect(e.mean[0]).toBeCloseTo(mean(xs), 14);
    expect(e.stderr[0]).toBeCloseTo(sampleStandardDeviation(xs) / Math.sqrt(xs.length), 14);
    // 95 % interval: t_{0.975,6} = 2.446911851144969 (scipy.stats.t.ppf).
    expect(e.ci95!.upper[0] - e.mean[0]).toBeCloseTo(2.446911851144969 * e.stderr[0], 13);
  });

  it("keeps precision when the mean dwarfs the spread (no cancellation)", () => {
    const m = new MomentArrays(1);
    const xs = [1e8 + 1, 1e8 + 2, 1e8 + 3];
    for (const x of xs) m.add([x]);
    expect(m.m2[0] / 2).toBe(1);
  });

  it("reports NaN standard error and interval for one replica", () => {
    const m = new MomentArrays(1);
    m.add([3]);
    const e = m.estimate(0, 1, tQuantile95(1));
    expect(e.mean[0]).toBe(3);
    expect(e.stderr[0]).toBeNaN();
    expect(e.ci95!.lower[0]).toBeNaN();
  });

  it("a slot started late at (n, 0, 0) is bitwise the slot that folded n zeros", () => {
    const late = new MomentArrays(1, 3);
    const early = new MomentArrays(1);
    for (let i = 0; i < 3; i++) early.addZero();
    for (const x of [0.1, 0.7, 0.3]) {
      late.add([x]);
      early.add([x]);
    }
    expect([late.mean[0], late.m2[0]]).toEqual([early.mean[0], early.m2[0]]);
  });
});

describe("ensemble statistics", () => {
  const config = smallConfig({ kmax: null, replicas: 5 });
  const results = Array.from({ length: config.replicas }, (_, r) => runReplica(config, r));

  it("do not depend on the order in which replicas are handed in", () => {
    const a = summarize(config, results, 0);
    const b = summarize(config, [...results].reverse(), 0);
    expect(strip(JSON.stringify(b.summary))).toBe(strip(JSON.stringify(a.summary)));
    expect(b.f2).toEqual(a.f2);
  });

  it("are bitwise the same from replica files as from memory", () => {
    const acc = new EnsembleAccumulator(config);
    for (const r of results) {
      const buf = encodeReplica(recordOfResult(r), "fp");
      acc.add(decodeReplica(buf, "mem"));
    }
    const fromFiles = acc.output(0);
    const fromMemory = summarize(config, results, 0);
    expect(strip(JSON.stringify(fromFiles.summary))).toBe(strip(JSON.stringify(fromMemory.summary)));
    expect(fromFiles.f1).toEqual(fromMemory.f1);
    expect(fromFiles.f2).toEqual(fromMemory.f2);
  });

  it("match simple-statistics cell by cell (M1 at every time, one f1 cell)", () => {
    const out = summarize(config, results, 0);
    config.times.forEach((_, t) => {
      const xs = results.map((r) => r.observables.M1[t]);
      expect(out.summary.observables.M1.mean[t]).toBeCloseTo(mean(xs), 14);
      if (t > 0) expect(out.summary.observables.M1.stderr[t]).toBeCloseTo(sampleStandardDeviation(xs) / Math.sqrt(xs.length), 14);
    });
    const cell = 40;
    const xs = results.map((r) => r.f1[2][cell]);
    expect(out.f1!.density[2][cell]).toBeCloseTo(mean(xs), 14);
    expect(out.summary.statistics!.tQuantile).toBeCloseTo(2.7764451051977934, 13);
  });

  it("sum event counts over replicas", () => {
    const out = summarize(config, results, 0);
    const total = results.reduce((s, r) => s + (r.events.coagulation["1,1"] ?? 0), 0);
    expect(out.summary.events.coagulation["1,1"]).toBe(total);
  });

  it("name the engine that ran the replicas, the one the config selects", () => {
    expect(summarize(config, results, 0).summary.engine).toBe("homogeneous");
    const spatial = smallConfig({ N: 100, replicas: 2, space: { length: 1, cells: 2 } });
    const out = summarize(spatial, [runReplica(spatial, 0), runReplica(spatial, 1)], 0);
    expect(out.summary.engine).toBe("spatial");
  });

  it("refuse replicas out of order (callers sort)", () => {
    const acc = new EnsembleAccumulator(config);
    acc.add(recordOfResult(results[1]));
    expect(() => acc.add(recordOfResult(results[0]))).toThrow(/folded after/);
  });
});
