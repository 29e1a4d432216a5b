import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ReplicaError, RunMismatchError } from "../../src/errors.js";
import { mergeRunDirs } from "../../src/ensemble/merge.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { writeRunOutput } from "../../src/output/files.js";
import { outputBytes, smallConfig, tempDir } from "./helpers.js";

const config = smallConfig();
const replicaFiles = (dir: string) => readdirSync(join(dir, "replicas")).filter((n) => n.endsWith(".bin")).sort();

afterEach(() => {
  delete process.env.ALIGNSIM_TEST_FAIL_REPLICA;
});

describe("runEnsemble", () => {
  const reference = tempDir();

  it("result does not depend on worker count: --workers 1 and 2 give byte-identical outputs", async () => {
    const two = tempDir();
    const a = await runEnsemble({ config, outDir: reference, workers: 1 });
    const b = await runEnsemble({ config, outDir: two, workers: 2 });
    expect(a.status).toBe("complete");
    expect(b.ran).toBe(config.replicas);
    expect(outputBytes(two)).toEqual(outputBytes(reference));
    expect(a.output!.summary.replicas).toBe(config.replicas);
  });

  it("shards 0/3, 1/3, 2/3 merged, in any order, give the bytes of the unsharded run", async () => {
    const shards = [0, 1, 2].map(() => tempDir());
    for (const [i, dir] of shards.entries()) {
      const outcome = await runEnsemble({ config, outDir: dir, workers: 2, shard: { index: i, count: 3 } });
      expect(outcome.status).toBe("shard-complete");
      expect(existsSync(join(dir, "summary.json"))).toBe(false);
      expect(replicaFiles(dir)).toEqual([i, i + 3].map((r) => `r00000${r}.bin`));
    }
    const merged = tempDir();
    writeRunOutput(merged, mergeRunDirs(shards));
    expect(outputBytes(merged)).toEqual(outputBytes(reference));
    expect(() => mergeRunDirs(shards.slice(0, 2))).toThrow(/2 of 6 replicas have no file \(replica 2, 5\)/);
    const reversed = tempDir();
    writeRunOutput(reversed, mergeRunDirs([shards[2], shards[0], shards[1]]));
    expect(outputBytes(reversed)).toEqual(outputBytes(reference));
  });

  it("shards sharing one directory merge to the same bytes", async () => {
    const shared = tempDir();
    for (const i of [2, 0, 1]) await runEnsemble({ config, outDir: shared, workers: 1, shard: { index: i, count: 3 } });
    const merged = tempDir();
    writeRunOutput(merged, mergeRunDirs([shared]));
    expect(outputBytes(merged)).toEqual(outputBytes(reference));
  });

  it("refuses to merge or resume runs of different configs", async () => {
    const other = tempDir();
    await runEnsemble({ config: smallConfig({ epsilon: 0.2 }), outDir: other, workers: 1, shard: { index: 0, count: 3 } });
    expect(() => mergeRunDirs([reference, other])).toThrow(RunMismatchError);
    expect(() => mergeRunDirs([reference, other])).toThrow(/`epsilon`: 0.1 vs 0.2/);
    await expect(runEnsemble({ config, outDir: other, workers: 1, resume: true })).rejects.toThrow(RunMismatchError);
  });

  it("refuses a directory with finished replicas unless resuming; resuming a finished run changes nothing", async () => {
    await expect(runEnsemble({ config, outDir: reference, workers: 1 })).rejects.toThrow(/--resume/);
    const before = outputBytes(reference);
    const again = await runEnsemble({ config, outDir: reference, workers: 2, resume: true });
    expect(again.ran).toBe(0);
    expect(again.skipped).toBe(config.replicas);
    expect(outputBytes(reference)).toEqual(before);
  });

  it("resumes after losing replicas and reproduces the uninterrupted bytes", async () => {
    const dir = tempDir();
    await runEnsemble({ config, outDir: dir, workers: 2 });
    for (const r of [1, 4, 5]) rmSync(join(dir, "replicas", `r00000${r}.bin`));
    const resumed = await runEnsemble({ config, outDir: dir, workers: 2, resume: true });
    expect(resumed.ran).toBe(3);
    expect(outputBytes(dir)).toEqual(outputBytes(reference));
  });

  it("an abort stops the run, keeps finished replicas, and the resumed run equals the uninterrupted one", async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const outcome = await runEnsemble({
      config,
      outDir: dir,
      workers: 1,
      signal: controller.signal,
      progress: () => ({ tick: () => controller.abort(), stop: () => undefined }),
    });
    expect(outcome.status).toBe("interrupted");
    expect(outcome.finished).toBeGreaterThanOrEqual(1);
    expect(outcome.finished).toBeLessThan(config.replicas);
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
    await runEnsemble({ config, outDir: dir, workers: 2, resume: true });
    expect(outputBytes(dir)).toEqual(outputBytes(reference));
  });

  it("a replica that throws fails the run naming replica and seed; the other replicas stay on disk", async () => {
    const dir = tempDir();
    process.env.ALIGNSIM_TEST_FAIL_REPLICA = "2";
    const run = runEnsemble({ config, outDir: dir, workers: 2 });
    await expect(run).rejects.toThrow(ReplicaError);
    await expect(run).rejects.toThrow(/replica 2 \(master seed 7, stream \(7, 2\)\) failed: test-only failure/);
    const files = replicaFiles(dir);
    expect(files).not.toContain("r000002.bin");
    expect(files).toContain("r000000.bin");
    expect(files).toContain("r000001.bin");
    delete process.env.ALIGNSIM_TEST_FAIL_REPLICA;
    await runEnsemble({ config, outDir: dir, workers: 2, resume: true });
    expect(outputBytes(dir)).toEqual(outputBytes(reference));
  });

  it("a worker that dies fails the run naming the replica it was running", async () => {
    const dir = tempDir();
    process.env.ALIGNSIM_TEST_FAIL_REPLICA = "1:exit";
    await expect(runEnsemble({ config, outDir: dir, workers: 2 })).rejects.toThrow(/replica 1 .*its worker exited with code 3/);
    expect(replicaFiles(dir)).toContain("r000000.bin");
  });
});
