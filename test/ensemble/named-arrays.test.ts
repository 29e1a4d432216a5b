import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayOf, OUTPUT_ARRAYS, type OutputArray } from "../../src/contract/output-arrays.js";
import { runReplica, type ReplicaResult } from "../../src/engine/replica.js";
import { decodeReplica, encodeReplica } from "../../src/ensemble/replica-file.js";
import { recordOfResult } from "../../src/ensemble/replica-record.js";
import { EnsembleAccumulator } from "../../src/ensemble/statistics.js";
import { readRunOutput, writeRunOutput } from "../../src/output/files.js";
import { smallConfig, tempDir } from "./helpers.js";

/** A test-only array: two values per time on the bins [0, 1), [1, 2) of an axis `q`. */
interface Probe {
  edges: number[];
  density: number[][];
  stderr: number[][];
}

const PROBE: OutputArray = {
  name: "probe",
  file: "probe.csv",
  combine: "mean",
  replicaValues: () => 2,
  keepsSamples: () => true,
  fromMeans: (_, density, stderr): Probe => ({ edges: [0, 1, 2], density, stderr }),
  table: (value) => {
    const p = value as Probe;
    return { axes: [{ kind: "bins", column: "q", edges: p.edges }], columns: [{ name: "density", values: p.density }, { name: "stderr", values: p.stderr }] };
  },
  fromTable: (table): Probe => ({ edges: table.axes[0].kind === "bins" ? table.axes[0].edges : [], density: table.columns[0].values, stderr: table.columns[1].values }),
};

describe("a named array added to the table alone", () => {
  const config = smallConfig({ N: 50, replicas: 3, times: [0, 1] });
  // Replica r reports (r + t, 2r) at time index t: over r = 0, 1, 2 the means are (1 + t, 2),
  // the sample variances 1 and 4, the standard errors √(1/3) and √(4/3).
  const withProbe = (r: number): ReplicaResult & { probe: number[][] } => ({ ...runReplica(config, r), probe: config.times.map((_, t) => [r + t, 2 * r]) });
  let dir: string;
  let accumulator: EnsembleAccumulator;

  beforeAll(() => {
    OUTPUT_ARRAYS.push(PROBE);
    accumulator = new EnsembleAccumulator(config);
    for (let r = 0; r < 3; r++) {
      const bytes = encodeReplica(recordOfResult(withProbe(r), config.dimension), "fp");
      accumulator.add(decodeReplica(bytes, "mem"));
    }
    dir = tempDir();
    writeRunOutput(dir, accumulator.output(0));
  });
  afterAll(() => {
    OUTPUT_ARRAYS.splice(OUTPUT_ARRAYS.indexOf(PROBE), 1);
  });

  it("survives a replica file bit for bit, in its own header keys", () => {
    const record = recordOfResult(withProbe(2), config.dimension);
    expect(Array.from(record.arrays.probe)).toEqual([2, 4, 3, 4]);
    const bytes = encodeReplica(record, "fp");
    const header = JSON.parse(bytes.toString("utf8", 8, 8 + bytes.readUInt32LE(4)));
    expect(header.probeCells).toBe(2);
    expect(header.probeNonzero).toEqual([2, 2]);
    expect(Array.from(decodeReplica(bytes, "mem").arrays.probe)).toEqual([2, 4, 3, 4]);
  });

  it("is combined into means and standard errors over the replicas, and keeps its samples", () => {
    const probe = arrayOf<Probe>(accumulator.output(0), "probe")!;
    expect(probe.density).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(probe.stderr[0][0]).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(probe.stderr[1][1]).toBeCloseTo(Math.sqrt(4 / 3), 15);
    expect(accumulator.output(0).replicaSamples?.probe).toHaveLength(3);
  });

  it("is written to its CSV file and read back", () => {
    const lines = readFileSync(join(dir, "probe.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("t,q_lo,q_hi,density,stderr");
    expect(lines).toHaveLength(1 + 2 * 2);
    expect(lines[3].split(",").slice(0, 4)).toEqual(["1", "0", "1", "2"]);
    const back = arrayOf<Probe>(readRunOutput(dir), "probe")!;
    const written = arrayOf<Probe>(accumulator.output(0), "probe")!;
    expect(back).toEqual(written);
  });
});
