import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { observableSampleCovariance } from "../../src/compare/estimate-noise.js";
import { observableNames } from "../../src/contract/run-output.js";
import { listReplicaFiles, readReplicaFile } from "../../src/ensemble/replica-file.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { parseConfig } from "../../src/model/config.js";
import { readRunOutput } from "../../src/output/files.js";

describe("observableCovariance in summary.json", () => {
  it("reads back as the matrix the ensemble wrote, in the order of observableNames × times, and is the replicas' sample covariance", async () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-cov-"));
    const config = parseConfig({ N: 300, replicas: 5, times: [0, 0.5, 1], seed: 3 });
    const { output } = await runEnsemble({ config, outDir: dir, workers: 1 });
    const written = output!.observableCovariance!;
    const names = observableNames(config.dimension);
    const T = config.times.length;
    expect(written).toHaveLength(names.length * T);
    const back = readRunOutput(dir);
    expect(back.observableCovariance).toEqual(written); // NaN written as null comes back as NaN
    expect(Object.keys(back.summary.observables).filter((q) => names.includes(q))).toEqual(names);

    // the entry of (V1, t = 1) and (M1, t = 0.5), from the replica files' own values
    const records = [...listReplicaFiles(dir).values()].map((path) => readReplicaFile(path));
    expect(records).toHaveLength(5);
    const value = (r: (typeof records)[number], q: string, t: number) => r.observables[names.indexOf(q) * T + t];
    const mean = (q: string, t: number) => records.reduce((s, r) => s + value(r, q, t), 0) / records.length;
    const direct = records.reduce((s, r) => s + (value(r, "V1", 2) - mean("V1", 2)) * (value(r, "M1", 1) - mean("M1", 1)), 0) / (records.length - 1);
    const [[, read]] = observableSampleCovariance(back, [
      { observable: "V1", time: 2 },
      { observable: "M1", time: 1 },
    ])!;
    expect(read).toBeCloseTo(direct, 14);
    expect(Math.abs(direct)).toBeGreaterThan(0);
  });
});
