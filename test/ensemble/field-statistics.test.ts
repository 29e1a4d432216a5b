import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/model/config.js";
import { replicaStream, standardNormal } from "../../src/rng.js";
import { EnsembleAccumulator } from "../../src/ensemble/statistics.js";
import { decodeReplica, encodeReplica } from "../../src/ensemble/replica-file.js";
import type { ReplicaRecord } from "../../src/ensemble/replica-record.js";
import { observableNames } from "../../src/contract/run-output.js";
import { readRunOutput, writeRunOutput } from "../../src/output/files.js";
import { tempDir } from "./helpers.js";

/**
 * A synthetic spatial record, d = 1, C = 2 cells, one time: cell c holds a Poisson-like number
 * of particles (40 ± 10) with states N(u_c, σ_c²), weight w. The fields are those of the engine's
 * layout: ρ, j, e per cell. In expectation T_c = E e/E ρ − (E j/E ρ)² = σ_c² exactly.
 */
const U = [0.5, -1];
const SIGMA = [0.8, 0.3];
function syntheticRecord(replica: number, seed: number): ReplicaRecord {
  const uniform = replicaStream(seed, replica);
  const w = 0.01;
  const fields = new Float64Array(3 * 2);
  for (let c = 0; c < 2; c++) {
    const n = 30 + Math.floor(21 * uniform());
    for (let i = 0; i < n; i++) {
      const v = U[c] + SIGMA[c] * standardNormal(uniform);
      fields[c] += w;
      fields[2 + c] += w * v;
      fields[4 + c] += w * v * v;
    }
  }
  return {
    replica,
    times: 1,
    observables: new Float64Array(observableNames(1).length),
    sizes: [],
    clusterCounts: new Float64Array(0),
    arrays: { f1: new Float64Array(4), f2: new Float64Array(4), fields, f1xv: new Float64Array(2 * 4).fill(replica) },
    events: { coagulation: {}, fragmentation: {} },
    eventCount: 0,
    initialMoments: [0, 1],
  };
}

const config = parseConfig({ N: 100, times: [1], replicas: 40, space: { length: 2, cells: 2 }, histogram: { min: -2, max: 2, bins: 4, pairBins: 2 } });

function ensemble(seed: number, R = config.replicas) {
  const acc = new EnsembleAccumulator(config);
  for (let r = 0; r < R; r++) acc.add(syntheticRecord(r, seed));
  return acc.output(0);
}

describe("spatial field statistics", () => {
  it("estimate the velocity variance T with an honest delta-method standard error (300 ensembles of 40 replicas)", () => {
    const estimates: number[][] = [[], []];
    const errors: number[][] = [[], []];
    for (let seed = 1; seed <= 300; seed++) {
      const { T } = ensemble(seed).fields!;
      for (let c = 0; c < 2; c++) estimates[c].push(T.mean[0][c]), errors[c].push(T.stderr[0][c]);
    }
    for (let c = 0; c < 2; c++) {
      const m = estimates[c].length;
      const mean = estimates[c].reduce((a, b) => a + b, 0) / m;
      const sd = Math.sqrt(estimates[c].reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1));
      const rms = Math.sqrt(errors[c].reduce((a, b) => a + b * b, 0) / m);
      // the ratio estimator is consistent: its mean is σ² up to O(1/R) bias, within 4 SE of the mean over ensembles
      expect(Math.abs(mean - SIGMA[c] ** 2)).toBeLessThan(4 * (sd / Math.sqrt(m)) + (2 * SIGMA[c] ** 2) / config.replicas);
      // the reported SE matches the spread over ensembles: the sample SD of 300 draws is within ±4·SD/√(2·299) of the truth,
      // and the delta method is exact to first order in 1/R, so its SE may be off by O(1/R), allowed as 2/R
      expect(Math.abs(rms / sd - 1)).toBeLessThan(4 / Math.sqrt(2 * (m - 1)) + 2 / config.replicas);
    }
  });

  it("report ρ and j as plain means with their standard errors, and f_1(x, v) per cell", () => {
    const out = ensemble(3, 5);
    const records = [0, 1, 2, 3, 4].map((r) => syntheticRecord(r, 3));
    const rho0 = records.reduce((a, r) => a + r.arrays.fields[0], 0) / 5;
    expect(out.fields!.rho.mean[0][0]).toBeCloseTo(rho0, 14);
    expect(out.fields!.momentum).toHaveLength(1);
    expect(out.f1xv!.xEdges).toEqual([0, 1, 2]);
    expect(out.f1xv!.density[0][0]).toBeCloseTo(2, 14); // replicas 0 … 4 put r in every cell
  });

  it("survive replica files bit for bit, and a homogeneous record encodes without spatial keys", () => {
    const record = syntheticRecord(7, 1);
    const back = decodeReplica(encodeReplica(record, "fp"), "mem");
    expect(Array.from(back.arrays.fields)).toEqual(Array.from(record.arrays.fields));
    expect(Array.from(back.arrays.f1xv)).toEqual(Array.from(record.arrays.f1xv));
    const homogeneous = { ...record, arrays: { ...record.arrays, fields: new Float64Array(0), f1xv: new Float64Array(0) } };
    const bytes = encodeReplica(homogeneous, "fp");
    expect(bytes.toString("utf8", 8, 8 + bytes.readUInt32LE(4))).not.toMatch(/field|f1xv/);
    expect(decodeReplica(bytes, "mem").arrays.fields).toHaveLength(0);
  });

  it("are written to fields.csv and f1xv.csv and read back", () => {
    const out = ensemble(5, 6);
    const dir = tempDir();
    writeRunOutput(dir, out);
    const back = readRunOutput(dir);
    for (const key of ["rho", "T"] as const) {
      expect(back.fields![key].mean[0]).toEqual(out.fields![key].mean[0]);
      expect(back.fields![key].stderr[0]).toEqual(out.fields![key].stderr[0]);
    }
    expect(back.fields!.momentum[0].mean).toEqual(out.fields!.momentum[0].mean);
    expect(back.f1xv!.density).toEqual(out.f1xv!.density);
    expect(back.f1xv!.vEdges).toEqual(out.f1xv!.vEdges);
  });

  it("write one marginal per component in f1.csv and f2.csv when d > 1", () => {
    const config2 = parseConfig({ dimension: 2, N: 100, times: [1], replicas: 2, space: { length: 1, cells: 2 }, histogram: { min: -2, max: 2, bins: 4, pairBins: 2 } });
    const acc = new EnsembleAccumulator(config2);
    const names = observableNames(2);
    expect(names).toContain("I1.y");
    for (let r = 0; r < 2; r++) {
      acc.add({
        ...syntheticRecord(r, 9),
        observables: new Float64Array(names.length).fill(r),
        arrays: { f1: Float64Array.from({ length: 8 }, (_, i) => i), f2: new Float64Array(8), fields: new Float64Array(4 * 4).fill(1), f1xv: new Float64Array(0) },
      });
    }
    const out = acc.output(0);
    expect(out.summary.observables["I1.y" as "I1"].mean).toEqual([0.5]);
    const dir = tempDir();
    writeRunOutput(dir, out);
    const back = readRunOutput(dir);
    expect(back.f1!.components).toBe(2);
    expect(back.f1!.edges).toEqual([-2, -1, 0, 1, 2]);
    expect(back.f1!.density[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(back.f2!.components).toBe(2);
    expect(back.fields!.momentum).toHaveLength(2);
    expect(back.f1xv).toBeUndefined();
  });
});
