/**
 * Ensembles that grow: a run of R = 6 resumed with R = 10 is, byte for byte, the run of R = 10
 * made from the start (summary and replica files), unsharded and sharded; a smaller R is refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { collectSources, mergeRunDirs, summarizeSources } from "../../src/ensemble/merge.js";
import { configFingerprint, MANIFEST, readManifest } from "../../src/ensemble/run-dir.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { writeRunOutput } from "../../src/output/files.js";
import { outputBytes, smallConfig, tempDir } from "./helpers.js";

const small = smallConfig({ replicas: 6 });
const large = smallConfig({ replicas: 10 });

/** Every replica file of a directory: name → bytes. */
function replicaBytes(dir: string): Map<string, Buffer> {
  const names = readdirSync(join(dir, "replicas")).filter((n) => n.endsWith(".bin"));
  return new Map(names.sort().map((n) => [n, readFileSync(join(dir, "replicas", n))]));
}

describe("growing an ensemble", () => {
  const reference = tempDir();
  beforeAll(async () => {
    await runEnsemble({ config: large, outDir: reference, workers: 2 });
  }, 60_000);

  it("the fingerprint leaves R out; run.json records R", () => {
    expect(configFingerprint(small)).toBe(configFingerprint(large));
    expect(configFingerprint(small)).not.toBe(configFingerprint(smallConfig({ seed: 8 })));
    expect(readManifest(reference).config.replicas).toBe(10);
  });

  it("the homogeneous model's fingerprint is that of a config without `dimension` (run directories of earlier versions stay valid); a space box changes it", () => {
    const { dimension, ...earlier } = small;
    expect(dimension).toBe(1);
    expect(configFingerprint(earlier as typeof small)).toBe(configFingerprint(small));
    expect(configFingerprint(smallConfig({ space: { length: 1, cells: 1 } }))).not.toBe(configFingerprint(small));
  });

  it("R = 6 grown to R = 10 with --resume equals R = 10 from the start, byte for byte", async () => {
    const dir = tempDir();
    await runEnsemble({ config: small, outDir: dir, workers: 2 });
    expect(readManifest(dir).config.replicas).toBe(6);
    const grown = await runEnsemble({ config: large, outDir: dir, workers: 2, resume: true });
    expect(grown).toMatchObject({ status: "complete", ran: 4, skipped: 6 });
    expect(readManifest(dir)).toEqual(readManifest(reference));
    expect(outputBytes(dir)).toEqual(outputBytes(reference));
    expect(replicaBytes(dir)).toEqual(replicaBytes(reference));
  });

  it("sharded: shards 0/3, 1/3, 2/3 of R = 6, each grown to R = 10 and merged, equal R = 10 from the start", async () => {
    const shards = [0, 1, 2].map(() => tempDir());
    for (const [index, dir] of shards.entries()) await runEnsemble({ config: small, outDir: dir, workers: 1, shard: { index, count: 3 } });
    // Growing keeps the round-robin assignment r mod 3: shard 0 adds replica 6 and 9, shard 1 adds 7, shard 2 adds 8.
    const added = [];
    for (const [index, dir] of shards.entries()) {
      const before = new Set(replicaBytes(dir).keys());
      if (index < 2) await runEnsemble({ config: large, outDir: dir, workers: 1, shard: { index, count: 3 }, resume: true });
      added.push([...replicaBytes(dir).keys()].filter((n) => !before.has(n)));
    }
    expect(added).toEqual([["r000006.bin", "r000009.bin"], ["r000007.bin"], []]);
    // Shard 2 not grown yet: merge takes the largest recorded R and names the missing replica.
    expect(() => mergeRunDirs(shards)).toThrow(/1 of 10 replicas have no file \(replica 8\)/);
    await runEnsemble({ config: large, outDir: shards[2], workers: 1, shard: { index: 2, count: 3 }, resume: true });
    const merged = tempDir();
    writeRunOutput(merged, mergeRunDirs(shards));
    expect(outputBytes(merged)).toEqual(outputBytes(reference));
    const all = new Map(shards.flatMap((d) => [...replicaBytes(d)]));
    expect(new Map([...all].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(replicaBytes(reference));
  });

  it("a smaller R than recorded is refused without touching the run; merge --replicas 6 summarises the first 6", async () => {
    const dir = tempDir();
    await runEnsemble({ config: large, outDir: dir, workers: 2 });
    const manifest = readFileSync(join(dir, MANIFEST), "utf8");
    const refused = runEnsemble({ config: small, outDir: dir, workers: 1, resume: true });
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(refused).rejects.toThrow(/`replicas` must be at least 10, the replicas recorded in .*run\.json\. Value: `6`\. A run grows but does not shrink; .*alignsim merge .* --replicas 6 --out/);
    expect(readFileSync(join(dir, MANIFEST), "utf8")).toBe(manifest);

    const first6 = tempDir();
    writeRunOutput(first6, summarizeSources(collectSources([dir], 6)));
    const direct = tempDir();
    await runEnsemble({ config: small, outDir: direct, workers: 2 });
    expect(outputBytes(first6)).toEqual(outputBytes(direct));
  });

  it("a larger R without --resume is refused and does not grow run.json", async () => {
    const dir = tempDir();
    await runEnsemble({ config: small, outDir: dir, workers: 2 });
    await expect(runEnsemble({ config: large, outDir: dir, workers: 1 })).rejects.toThrow(/add --resume/);
    expect(readManifest(dir).config.replicas).toBe(6);
  });
});
