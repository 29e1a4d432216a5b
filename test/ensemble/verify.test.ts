/**
 * Verified replica files: a flipped byte anywhere in a replica file (header, payload, checksum)
 * is refused by merge naming the file, healed by --resume to the clean bytes, and detected by
 * verify; verify also catches an intact file whose content differs from a fresh simulation.
 */
import { cpSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { CorruptReplicaError } from "../../src/errors.js";
import { mergeRunDirs } from "../../src/ensemble/merge.js";
import { encodeReplica, replicaFilePath } from "../../src/ensemble/replica-file.js";
import { recordOfResult } from "../../src/ensemble/replica-record.js";
import { readManifest } from "../../src/ensemble/run-dir.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { sampleReplicas, verifyRunDir } from "../../src/ensemble/verify.js";
import { outputBytes, smallConfig, tempDir } from "./helpers.js";

const config = smallConfig();
const clean = tempDir();
const damaged = 2;

/** A copy of the clean run with one byte of replica `damaged`'s file flipped (or the file cut). */
function corruptCopy(at: (length: number, headerLength: number) => number | "truncate"): { dir: string; path: string } {
  const dir = tempDir();
  cpSync(clean, dir, { recursive: true });
  const path = replicaFilePath(dir, damaged);
  const bytes = readFileSync(path);
  const position = at(bytes.length, bytes.readUInt32LE(4));
  if (position === "truncate") truncateSync(path, bytes.length - 100);
  else {
    bytes[position] ^= 0x10;
    writeFileSync(path, bytes);
  }
  return { dir, path };
}

const POSITIONS: [string, (length: number, H: number) => number | "truncate"][] = [
  ["magic", () => 1],
  ["header length", () => 4],
  ["header", (_, H) => 8 + Math.floor(H / 3)],
  ["payload", (length, H) => Math.floor((8 + H + length - 32) / 2)],
  ["checksum", (length) => length - 1],
  ["length (100 bytes cut off)", () => "truncate"],
];

describe("verified replica files", () => {
  beforeAll(async () => {
    await runEnsemble({ config, outDir: clean, workers: 2 });
  }, 60_000);

  it("a clean run verifies: checksums of all files, and all replicas simulated again are byte-identical", async () => {
    const report = await verifyRunDir(clean, { seed: 1, workers: 2 });
    expect(report.failures).toEqual([]);
    expect(report.files).toBe(config.replicas);
    expect(report.resimulated).toEqual([0, 1, 2, 3, 4, 5]);
  });

  for (const [where, at] of POSITIONS) {
    it(`a damaged ${where}: merge refuses naming the file, --resume heals it to the clean bytes, verify detects it`, async () => {
      const { dir, path } = corruptCopy(at);
      expect(() => mergeRunDirs([dir])).toThrow(CorruptReplicaError);
      expect(() => mergeRunDirs([dir])).toThrow(`corrupt replica file \`${path}\``);

      const report = await verifyRunDir(dir, { sample: 1, seed: 3, workers: 1 });
      expect(report.failures.map((f) => [f.replica, f.path])).toEqual([[damaged, path]]);

      const notices: string[] = [];
      const resumed = await runEnsemble({ config, outDir: dir, workers: 1, resume: true, notice: (m) => notices.push(m) });
      expect(resumed.healed).toEqual([damaged]);
      expect(resumed.ran).toBe(1);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(new RegExp(`^corrupt replica file .*r000002\\.bin.*; moved to .*corrupt/r000002\\.bin.*, simulating replica 2 again$`));
      expect(readFileSync(path).equals(readFileSync(replicaFilePath(clean, damaged)))).toBe(true);
      expect(readdirSync(join(dir, "replicas", "corrupt"))).toEqual(["r000002.bin"]);
      expect(outputBytes(dir)).toEqual(outputBytes(clean));
    }, 30_000);
  }

  it("verify catches an intact file (valid checksum) whose content differs from a fresh simulation", async () => {
    const dir = tempDir();
    cpSync(clean, dir, { recursive: true });
    const record = recordOfResult(runReplica(config, 4));
    record.observables[0] += 1e-12;
    writeFileSync(replicaFilePath(dir, 4), encodeReplica(record, readManifest(dir).fingerprint));
    expect(() => mergeRunDirs([dir])).not.toThrow();
    const all = await verifyRunDir(dir, { seed: 5, workers: 2 });
    expect(all.failures).toEqual([{ replica: 4, path: replicaFilePath(dir, 4), reason: "differs from a fresh simulation of the same (seed, r)" }]);
  });

  it("the sample is K distinct replicas, reproducible from its seed, all of them when K ≥ R", () => {
    const replicas = Array.from({ length: 50 }, (_, r) => r);
    const a = sampleReplicas(replicas, 7, 11);
    expect(new Set(a).size).toBe(7);
    expect(a).toEqual(sampleReplicas(replicas, 7, 11));
    expect(a).not.toEqual(sampleReplicas(replicas, 7, 12));
    expect(sampleReplicas(replicas, 50, 1)).toEqual(replicas);
    expect(sampleReplicas(replicas, undefined, 1)).toEqual(replicas);
  });
});
