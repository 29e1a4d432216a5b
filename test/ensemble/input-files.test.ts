/**
 * Input files belong to a run by their contents: the fingerprint hashes the file of states
 * (`initial.path`) and of positions (`initial.position.path`), so that a resume, a merge or a
 * verify over a file whose contents changed is refused, naming the field and the file, and a
 * file moved to another path with the same contents still resumes.
 */
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RunMismatchError } from "../../src/errors.js";
import { collectSources } from "../../src/ensemble/merge.js";
import { configFingerprint, readManifest } from "../../src/ensemble/run-dir.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { verifyRunDir } from "../../src/ensemble/verify.js";
import { smallConfig, tempDir } from "./helpers.js";

const statesConfig = (path: string, replicas = 2) => smallConfig({ N: 100, replicas, times: [0, 0.5], initial: { distribution: "file", path } });

describe("input files in the fingerprint", () => {
  it("the fingerprint changes with the contents of the states file, not with its path", () => {
    const dir = tempDir();
    const [a, b] = [join(dir, "a.txt"), join(dir, "b.txt")];
    writeFileSync(a, "-1\n0\n1\n");
    copyFileSync(a, b);
    expect(configFingerprint(statesConfig(a))).toBe(configFingerprint(statesConfig(b)));
    writeFileSync(b, "-2\n0\n2\n");
    expect(configFingerprint(statesConfig(a))).not.toBe(configFingerprint(statesConfig(b)));
  });

  it("resume over a rewritten states file is refused naming `initial.path` and the file; nothing is added", async () => {
    const dir = tempDir();
    const states = join(dir, "states.txt");
    writeFileSync(states, "-1\n0\n1\n");
    await runEnsemble({ config: statesConfig(states), outDir: join(dir, "run"), workers: 1 });
    expect(readManifest(join(dir, "run")).inputs?.["initial.path"].path).toBe(states);
    writeFileSync(states, "3\n4\n5\n");
    const resumed = runEnsemble({ config: statesConfig(states, 4), outDir: join(dir, "run"), workers: 1, resume: true });
    await expect(resumed).rejects.toThrow(RunMismatchError);
    await expect(runEnsemble({ config: statesConfig(states, 4), outDir: join(dir, "run"), workers: 1, resume: true })).rejects.toThrow(/`initial\.path`: the contents of `.*states\.txt`/);
    expect(existsSync(join(dir, "run", "replicas", "r000002.bin"))).toBe(false);
    await expect(verifyRunDir(join(dir, "run"), { seed: 1, workers: 1 })).rejects.toThrow(/initial\.path/);
  });

  it("merging shards run on different files at the same path is refused naming the file", async () => {
    const dir = tempDir();
    const states = join(dir, "states.txt");
    writeFileSync(states, "-1\n0\n1\n");
    await runEnsemble({ config: statesConfig(states), outDir: join(dir, "s0"), workers: 1, shard: { index: 0, count: 2 } });
    writeFileSync(states, "3\n4\n5\n");
    await runEnsemble({ config: statesConfig(states), outDir: join(dir, "s1"), workers: 1, shard: { index: 1, count: 2 } });
    expect(() => collectSources([join(dir, "s0"), join(dir, "s1")])).toThrow(/refusing to merge .*`initial\.path`: the contents of/);
  });

  it("a positions file (`initial.position.path`) is covered too", async () => {
    const dir = tempDir();
    const positions = join(dir, "x.txt");
    writeFileSync(positions, "0.1\n0.5\n0.9\n");
    const config = (replicas: number) =>
      smallConfig({ N: 100, replicas, times: [0, 0.5], space: { length: 1, cells: 2 }, initial: { distribution: "normal", position: { distribution: "file", path: positions } } });
    await runEnsemble({ config: config(2), outDir: join(dir, "run"), workers: 1 });
    writeFileSync(positions, "0.2\n0.3\n");
    await expect(runEnsemble({ config: config(3), outDir: join(dir, "run"), workers: 1, resume: true })).rejects.toThrow(/`initial\.position\.path`: the contents of/);
  });
});
