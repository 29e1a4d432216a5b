/**
 * `alignsim run` and `alignsim merge` as child processes: SIGKILL and resume, SIGINT, a failing
 * replica, shards from the scheduler's environment, merge refusing different configs, progress
 * lines off a terminal.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { parseConfig } from "../../src/model/config.js";
import { outputBytes, tempDir } from "../ensemble/helpers.js";

const BIN = fileURLToPath(new URL("../../bin/alignsim.mjs", import.meta.url));
const CWD = fileURLToPath(new URL("../..", import.meta.url));
const ENV = { ...process.env, ALIGNSIM_TEST_FAIL_REPLICA: "" };

/**
 * Replicas of about 1 s each (≈ 10⁶ events plus observing 3·10⁵ particles), so that a
 * signal sent when the first replicas are on disk lands while the others still run.
 */
const SLOW = ["--N", "300000", "--times", "0,3", "--seed", "3"];
const slowConfig = parseConfig({ N: 300_000, times: [0, 3], replicas: 6, seed: 3 });
/** Fast replicas. */
const FAST = ["--N", "300", "--times", "0,1", "--seed", "5"];
const fastConfig = parseConfig({ N: 300, times: [0, 1], replicas: 6, seed: 5 });

function alignsim(args: string[], env: NodeJS.ProcessEnv = ENV) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, env, encoding: "utf8" });
}

const finished = (dir: string) => (existsSync(join(dir, "replicas")) ? readdirSync(join(dir, "replicas")).filter((n) => /^r\d+\.bin$/.test(n)).length : 0);

/** Starts `alignsim run`, waits until `count` replicas are on disk, sends `signal`, resolves with the exit. */
function runAndSignal(args: string[], dir: string, count: number, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: CWD, env: ENV });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const poll = setInterval(() => {
      if (finished(dir) >= count) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 10);
    child.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stderr });
    });
  });
}

describe("alignsim run / merge (CLI)", () => {
  const slowReference = tempDir();
  const fastReference = tempDir();
  beforeAll(async () => {
    await runEnsemble({ config: slowConfig, outDir: slowReference, workers: 2 });
    await runEnsemble({ config: fastConfig, outDir: fastReference, workers: 2 });
  }, 60_000);

  it("killed with SIGKILL after some replicas finished, then resumed, equals the uninterrupted run", async () => {
    const dir = tempDir();
    const killed = await runAndSignal(["run", ...SLOW, "--replicas", "6", "--workers", "1", "--quiet", "--out", dir], dir, 2, "SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    const kept = finished(dir);
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(6);
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
    const resumed = alignsim(["run", ...SLOW, "--replicas", "6", "--workers", "2", "--out", dir, "--resume"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${6 - kept} run now`));
    expect(outputBytes(dir)).toEqual(outputBytes(slowReference));
  }, 60_000);

  it("SIGINT stops cleanly, keeps finished replicas and prints a resume command that works", async () => {
    const dir = tempDir();
    const stopped = await runAndSignal(["run", ...SLOW, "--replicas", "6", "--workers", "1", "--quiet", "--out", dir], dir, 1, "SIGINT");
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted\. \d of 6 replicas of the run are finished and kept in/);
    const command = /Resume with:\n {2}(alignsim .*)\n/.exec(stopped.stderr)![1];
    expect(command).toContain(`--out ${dir} --resume`);
    const resumed = alignsim(command.split(" ").slice(1));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(outputBytes(dir)).toEqual(outputBytes(slowReference));
  }, 60_000);

  it("a replica that throws exits with status 2 naming the replica and its seed; other replicas stay", () => {
    const dir = tempDir();
    const failed = alignsim(["run", ...FAST, "--replicas", "6", "--workers", "2", "--quiet", "--out", dir], { ...ENV, ALIGNSIM_TEST_FAIL_REPLICA: "3" });
    expect(failed.status).toBe(2);
    expect(failed.stderr.trim().split("\n")).toHaveLength(1);
    expect(failed.stderr).toMatch(/^alignsim: replica 3 \(master seed 5, stream \(5, 3\)\) failed: test-only failure/);
    expect(failed.stderr).toContain("--resume");
    const files = readdirSync(join(dir, "replicas"));
    expect(files).toEqual(expect.arrayContaining(["r000000.bin", "r000001.bin", "r000002.bin"]));
    expect(files).not.toContain("r000003.bin");
  });

  it("shards from --shard, SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX merge to the unsharded bytes; merge refuses other configs", async () => {
    const [a, b, c, out] = [tempDir(), tempDir(), tempDir(), tempDir()];
    expect(alignsim(["run", ...FAST, "--replicas", "6", "--workers", "1", "--quiet", "--shard", "0/3", "--out", a]).status).toBe(0);
    const slurm = alignsim(["run", ...FAST, "--replicas", "6", "--workers", "1", "--out", b], { ...ENV, SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "3" });
    expect(slurm.stdout).toMatch(/^shard 1\/3: 2 replicas/);
    const k8s = alignsim(["run", ...FAST, "--replicas", "6", "--workers", "1", "--shard-count", "3", "--out", c], { ...ENV, JOB_COMPLETION_INDEX: "2" });
    expect(k8s.stdout).toMatch(/^shard 2\/3: 2 replicas/);
    const merged = alignsim(["merge", c, a, b, "--out", out, "--quiet"]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(outputBytes(out)).toEqual(outputBytes(fastReference));

    const other = tempDir();
    await runEnsemble({ config: parseConfig({ N: 300, times: [0, 1], replicas: 6, seed: 5, epsilon: 0.2 }), outDir: other, workers: 1, shard: { index: 2, count: 3 } });
    const refused = alignsim(["merge", a, b, other, "--out", tempDir()]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refusing to merge .* different configs \(`epsilon`: 0.1 vs 0.2\)/);
  }, 60_000);

  it("off a terminal prints a progress line every --progress-interval seconds, none with --quiet", () => {
    const dir = tempDir();
    const run = alignsim(["run", ...SLOW, "--replicas", "2", "--workers", "1", "--progress-interval", "0.05", "--out", dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/alignsim: \d\/2 replicas, .* events\/s, elapsed \d+s, ETA/);
    expect(run.stdout).toMatch(/M1 /);
    const quiet = alignsim(["run", ...FAST, "--replicas", "2", "--workers", "1", "--progress-interval", "0.01", "--quiet", "--out", tempDir()]);
    expect(quiet.stderr).toBe("");
  }, 60_000);
});
