/**
 * A disk that fills up (ENOSPC after a short write, injected by test/faults/inject.mjs into a child
 * process of the compiled build) at several points of `run`, `merge` and `kinetic`: the command
 * exits with status 2 and one line naming the file and ENOSPC, no file under a final name is
 * partial, no temporary is left, finished replicas stay, and the run resumed (or the command
 * rerun) gives the bytes of an undisturbed one. writeAtomic's own short-write check:
 * test/output/atomic-write.test.ts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, type ExpectStatic } from "vitest";
import { outputBytes, summaryWithoutTimings, tempDir } from "../ensemble/helpers.js";
import { alignsimChild, alignsimInProcess, finalFiles, TEMPORARY, tree } from "./harness.js";

const run = (out: string) => ["run", "--N", "60", "--replicas", "8", "--times", "0,1", "--seed", "4", "--workers", "1", "--quiet", "--out", out];
const kinetic = (out: string) => ["kinetic", "--model", "moments", "--times", "0,1", "--out", out];

describe("ENOSPC while writing", () => {
  const reference = tempDir("alignsim-enospc-ref-");
  const kineticReference = tempDir("alignsim-enospc-kin-");
  let referenceFiles: Record<string, string> = {};
  beforeAll(async () => {
    for (const args of [run(reference), kinetic(kineticReference)]) {
      const result = await alignsimInProcess(args, { built: true });
      expect(result.code, result.stderr).toBe(0);
    }
    referenceFiles = finalFiles(reference);
  }, 60_000);

  /** Checks the failed run's directory: one line naming `file` and ENOSPC, whole files only, `kept` replicas. */
  function expectFailedRun(expect: ExpectStatic, result: { code: number | null; stderr: string }, dir: string, file: string, kept: number) {
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^alignsim: [^\n]*ENOSPC[^\n]*\n$/);
    expect(result.stderr).toContain(`\`${join(dir, file)}\``);
    const left = finalFiles(dir);
    expect(left[file]).toBeUndefined();
    expect(left["summary.json"]).toBeUndefined();
    for (const [path, hash] of Object.entries(left)) expect(hash, path).toBe(referenceFiles[path]);
    expect(Object.keys(left).filter((path) => path.startsWith("replicas/r"))).toHaveLength(kept);
    expect(Object.keys(tree(dir)).filter((path) => TEMPORARY.test(path))).toEqual([]);
  }

  const points: [string, string, number][] = [
    ["run.json (the manifest, main thread)", "run.json", 0],
    ["replica 3's file (worker thread)", "replicas/r000003.bin", 3],
    ["f2.csv", "f2.csv", 8],
    ["summary.json", "summary.json", 8],
  ];
  for (const [where, file, kept] of points) {
    it.concurrent(`run, at ${where}: exit 2 naming the file, ${kept} replicas kept whole; --resume gives the undisturbed bytes`, async ({ expect }) => {
      const dir = tempDir("alignsim-enospc-");
      const failed = await alignsimChild(run(dir), { enospc: { path: `/${file.replaceAll(".", "\\.")}` } });
      expectFailedRun(expect, failed, dir, file, kept);
      const resumed = await alignsimInProcess([...run(dir), "--resume"], { built: true });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(outputBytes(dir)).toEqual(outputBytes(reference));
      expect(Object.keys(finalFiles(dir)).sort()).toEqual(Object.keys(referenceFiles).sort());
    }, 60_000);
  }

  it.concurrent("merge, at f1.csv: exit 2 naming it, no summary written; merging again gives the run's bytes", async ({ expect }) => {
    const out = join(tempDir("alignsim-enospc-merge-"), "merged");
    const failed = await alignsimChild(["merge", reference, "--out", out, "--quiet"], { enospc: { path: "/f1\\.csv" } });
    expect(failed.code, failed.stderr).toBe(2);
    expect(failed.stderr).toMatch(new RegExp(`^alignsim: cannot use \`${join(out, "f1.csv")}\`: ENOSPC[^\\n]*\\n$`));
    expect(Object.keys(tree(out))).toEqual(["run.json"]);
    const again = await alignsimInProcess(["merge", reference, "--out", out, "--quiet"], { built: true });
    expect(again.code, again.stderr).toBe(0);
    expect(outputBytes(out)).toEqual(outputBytes(reference));
  }, 60_000);

  it.concurrent("kinetic, at summary.json: exit 2 naming it, no summary written; rerun gives the undisturbed bytes", async ({ expect }) => {
    const out = tempDir("alignsim-enospc-kinetic-");
    const failed = await alignsimChild(kinetic(out), { enospc: { path: "/summary\\.json" } });
    expect(failed.code, failed.stderr).toBe(2);
    expect(failed.stderr).toMatch(new RegExp(`^alignsim: cannot use \`${join(out, "summary.json")}\`: ENOSPC[^\\n]*\\n$`));
    expect(existsSync(join(out, "summary.json"))).toBe(false);
    expect(Object.keys(tree(out)).filter((path) => TEMPORARY.test(path))).toEqual([]);
    const again = await alignsimInProcess(kinetic(out), { built: true });
    expect(again.code, again.stderr).toBe(0);
    expect(summaryWithoutTimings(out)).toBe(summaryWithoutTimings(kineticReference));
  }, 60_000);
});
