/**
 * The Slurm recipe on a real cluster: scripts/slurm/submit.sh submits a job array of 3 shards and
 * the dependent merge; the merged output equals the bytes of the same ensemble run in one process.
 *
 * Runs where `sbatch` is on PATH and `sinfo` answers (`scripts/slurm/local-cluster.sh start` sets
 * up a single-node cluster); on a multi-node cluster, TMPDIR must be on a file system the compute
 * nodes share. In CI (env CI set) a missing cluster is a failure, not a skip.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { outputBytes, tempDir } from "../ensemble/helpers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SUBMIT = join(ROOT, "scripts/slurm/submit.sh");
const BIN = join(ROOT, "bin/alignsim.mjs");
const OPTIONS = ["--N", "2000", "--replicas", "6", "--seed", "5", "--times", "0,1"];
/** Bound on the wait for the array and the merge, queueing included. */
const WAIT_MS = 180_000;

function slurmAnswers(): boolean {
  if (spawnSync("sbatch", ["--version"]).status !== 0) return false;
  const sinfo = spawnSync("sinfo", ["-h", "-o", "%a"], { encoding: "utf8", timeout: 20_000 });
  return sinfo.status === 0 && sinfo.stdout.includes("up");
}
const slurmAvailable = slurmAnswers();

/** Job states in which a job may still start or finish. */
const ACTIVE = new Set(["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED"]);

/**
 * `squeue` lines "id state reason" of the given jobs (array tasks one a line), ended ones included;
 * undefined when the controller does not answer.
 */
function jobStates(ids: string[]): string[] | undefined {
  const squeue = spawnSync("squeue", ["-h", "-t", "all", "-j", ids.join(","), "-o", "%i %T %r"], { encoding: "utf8" });
  return squeue.status === 0 ? squeue.stdout.trim().split("\n").filter(Boolean) : undefined;
}

/**
 * Waits until none of the jobs can still run: all ended, or a job waits on a dependency that
 * failed (afterok on a failed shard). Resolves with the last `squeue` lines.
 */
async function waitForJobs(ids: string[]): Promise<{ lines: string[]; timedOut: boolean }> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const lines = jobStates(ids);
    const done = lines?.every((line) => {
      const [, state, reason] = line.split(" ");
      return !ACTIVE.has(state) || reason === "DependencyNeverSatisfied";
    });
    if (done || Date.now() > deadline) return { lines: lines ?? ["(squeue does not answer)"], timedOut: !done };
    await sleep(1000);
  }
}

/** The jobs' logs (alignsim-*.out in the directory they were submitted from), for a failure message. */
function jobLogs(dir: string): string {
  return readdirSync(dir)
    .filter((name) => /^alignsim-.*\.out$/.test(name))
    .map((name) => `--- ${name}\n${readFileSync(join(dir, name), "utf8")}`)
    .join("\n");
}

describe("scripts/slurm/submit.sh on a Slurm cluster", () => {
  it.runIf(Boolean(process.env.CI))("Slurm answers in CI, so that the recipe test below runs", () => {
    expect(slurmAvailable, "sbatch is not on PATH or sinfo does not answer; .ci/run starts scripts/slurm/local-cluster.sh").toBe(true);
  });

  it.skipIf(!slurmAvailable)(
    "an array of 3 shards and the dependent merge give the bytes of the same ensemble run in one process",
    async () => {
      const submitDir = tempDir("alignsim-slurm-");
      const out = join(submitDir, "out");
      // The recipe asks for 4 CPUs per task, more than a laptop or CI node may have; 1 is enough here.
      const extra = `${process.env.SBATCH_EXTRA ?? ""} --cpus-per-task=1 --time=5`;
      // The jobs must run this checkout's CLI, which submit.sh finds from its own path.
      const env = { ...process.env, SBATCH_EXTRA: extra, ALIGNSIM_ROOT: undefined };
      const submitted = spawnSync(SUBMIT, ["3", out, ...OPTIONS], { cwd: submitDir, env, encoding: "utf8" });
      expect(submitted.status, submitted.stderr).toBe(0);
      const [, arrayJob, mergeJob] = /array job (\d+) \(3 shards\) and merge job (\d+)/.exec(submitted.stdout) ?? [];
      expect(mergeJob, submitted.stdout).toBeDefined();

      const { lines, timedOut } = await waitForJobs([arrayJob, mergeJob]).finally(() => spawnSync("scancel", [arrayJob, mergeJob]));
      const report = `${timedOut ? `jobs not done after ${WAIT_MS / 1000} s, cancelled` : "jobs ended"}:\n${lines.join("\n")}\n${jobLogs(submitDir)}`;
      expect(existsSync(join(out, "summary.json")), report).toBe(true);
      const logs = jobLogs(submitDir);
      for (const shard of [0, 1, 2]) expect(logs, report).toContain(`shard ${shard}/3: 2 replicas`);

      const local = join(tempDir(), "local");
      const run = spawnSync(process.execPath, [BIN, "run", ...OPTIONS, "--out", local, "--quiet"], { cwd: ROOT, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(outputBytes(out)).toEqual(outputBytes(local));
    },
    WAIT_MS + 60_000,
  );
});
