/**
 * Auditing a run directory: every replica file's checksum (storage), and a fresh simulation of a
 * random sample of replicas compared byte for byte with the stored files (determinism: a replica
 * is a function of (seed, r) alone, and its file holds no timings).
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { AlignsimError, ConfigError, RunMismatchError } from "../errors.js";
import { readRunReplica } from "./merge.js";
import { ReplicaPool } from "./pool.js";
import { listReplicaFiles, replicaFilePath } from "./replica-file.js";
import { differenceField, ensembleDifference, inputFiles, readManifest } from "./run-dir.js";
import { replicasOfShard, WHOLE, type Shard } from "./shard.js";

/** What to check. */
export interface VerifyOptions {
  /** Number K of replicas to simulate again (all of them when absent or ≥ the files present). */
  sample?: number;
  /** Seed of the choice of the sample. */
  seed: number;
  /** Worker threads of the re-simulation. */
  workers: number;
  /** The replicas the directory must hold: those of this shard of R (default: all R). */
  shard?: Shard;
}

/** One replica that failed. */
export interface VerifyFailure {
  replica: number;
  path: string;
  reason: string;
}

/** The outcome of {@link verifyRunDir}. */
export interface VerifyReport {
  /** R recorded in run.json, the replicas expected (those of the shard) and the files present. */
  replicas: number;
  expected: number;
  files: number;
  /** Replicas simulated again, increasing. */
  resimulated: number[];
  failures: VerifyFailure[];
}

/**
 * K distinct replicas drawn uniformly from `replicas` (a partial Fisher–Yates shuffle with a
 * seeded stream), returned increasing; all of them when K is undefined or ≥ their number.
 *
 * @example
 * sampleReplicas([0, 1, 2, 3, 4, 5], 2, 7) // two of them, the same two for seed 7 every time
 */
export function sampleReplicas(replicas: number[], k: number | undefined, seed: number): number[] {
  if (k === undefined || k >= replicas.length) return [...replicas];
  const pool = [...replicas];
  const uniform = seedrandom.alea(`alignsim-verify:${seed}`);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(uniform() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

/**
 * Verifies run directory `dir`: every replica of the shard (all R by default) has a file, the
 * checksum, index and fingerprint of every replica file, then a fresh simulation of K sampled
 * replicas (in a temporary directory) compared byte for byte with the stored files. A missing
 * file is a failure.
 *
 * A directory without any replica file (the output of `merge`, which keeps the replicas in the
 * directories it merged) is refused: its summary is a function of replica files it does not
 * hold, so nothing in it can be checked against a re-simulation, and reporting it verified would
 * be false assurance.
 *
 * @throws {ConfigError} for a bad `sample`; {@link IOError} when `dir` is not a run directory;
 *   {@link AlignsimError} E_NO_REPLICAS when it holds no replica file.
 */
export async function verifyRunDir(dir: string, options: VerifyOptions): Promise<VerifyReport> {
  if (options.sample !== undefined && !(Number.isInteger(options.sample) && options.sample >= 1)) throw new ConfigError("--sample", options.sample, "a positive integer");
  const manifest = readManifest(dir);
  const changed = manifest.inputs && ensembleDifference(manifest, { config: manifest.config, inputs: inputFiles(manifest.config) });
  if (changed) throw new RunMismatchError(differenceField(changed), `\`${dir}\` was run with other input files than those there now (${changed}); a re-simulation would not reproduce it`);
  const files = listReplicaFiles(dir);
  if (files.size === 0) {
    throw new AlignsimError(
      "E_NO_REPLICAS",
      `\`${dir}\` holds no replica files (a merge output keeps them in the directories it merged), so nothing in it can be checked against a re-simulation; verify the merged directories instead (alignsim verify DIR --shard I/K)`,
    );
  }
  const expected = replicasOfShard(manifest.config.replicas, options.shard ?? WHOLE);
  const failures: VerifyFailure[] = expected.filter((r) => !files.has(r)).map((r) => ({ replica: r, path: replicaFilePath(dir, r), reason: "missing" }));
  for (const [r, path] of [...files].sort(([a], [b]) => a - b)) {
    try {
      readRunReplica(path, r, manifest.fingerprint);
    } catch (error) {
      if (!(error instanceof AlignsimError)) throw error;
      failures.push({ replica: r, path, reason: error.message.replace(/^corrupt replica file `[^`]*`: /, "") });
    }
  }
  const present = [...files.keys()].sort((a, b) => a - b);
  const resimulated = sampleReplicas(present, options.sample, options.seed);
  const scratch = mkdtempSync(join(tmpdir(), "alignsim-verify-"));
  try {
    const pool = new ReplicaPool(options.workers, { config: manifest.config, outDir: scratch, fingerprint: manifest.fingerprint, debug: false });
    const outcome = await pool.run(resimulated, () => undefined);
    if (outcome.failure) throw new AlignsimError("E_REPLICA", `replica ${outcome.failure.replica} could not be simulated again: ${outcome.failure.reason}`);
    const failed = new Set(failures.map((f) => f.replica));
    for (const r of resimulated) {
      if (failed.has(r)) continue;
      const path = files.get(r)!;
      if (!readFileSync(path).equals(readFileSync(replicaFilePath(scratch, r)))) {
        failures.push({ replica: r, path, reason: "differs from a fresh simulation of the same (seed, r)" });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  failures.sort((a, b) => a.replica - b.replica);
  return { replicas: manifest.config.replicas, expected: expected.length, files: files.size, resimulated, failures };
}
