/**
 * Running an ensemble (or one shard of it) on a pool of worker threads, into a run directory
 * that survives interruption: each replica's file is written atomically as it finishes, a
 * resumed run skips the replicas on disk, and the summary is computed from the replica files in
 * replica order, so the number of workers, the shard split, kills and resumes cannot change a
 * byte of it (apart from `wallSeconds` and `provenance.createdAt`).
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ConfigError, CorruptReplicaError, IOError, ReplicaError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { prepareOutputDir, writeRunOutput } from "../output/files.js";
import type { RunOutput } from "../contract/run-output.js";
import { checkControlVariates } from "./control-variates.js";
import { collectSources, readRunReplica, summarizeSources } from "./merge.js";
import { ReplicaPool, type ReplicaDone } from "./pool.js";
import type { Progress } from "./progress.js";
import { listReplicaFiles, moveAsideCorrupt, REPLICA_DIR, removeStaleTemporaries } from "./replica-file.js";
import { checkManifest, writeManifest } from "./run-dir.js";
import { inShard, replicasOfShard, WHOLE, type Shard } from "./shard.js";

/** What to run. */
export interface EnsembleOptions {
  config: ModelConfig;
  outDir: string;
  /** Worker threads W ≥ 1 (default: os.availableParallelism()). */
  workers?: number;
  /** Default 0/1, the whole ensemble. */
  shard?: Shard;
  /** Skip the replicas already on disk (otherwise finding any is an error). */
  resume?: boolean;
  /** Check conservation at every event (slow). */
  debug?: boolean;
  /** Write summary.json, f1.csv, f2.csv at the end of a whole run (default true; the output is returned either way). */
  writeSummary?: boolean;
  /** Also report control-variate estimates in the summary (statistics only, see control-variates.ts). */
  controlVariates?: boolean;
  progress?: (total: number, already: number) => Progress;
  /** Aborting stops the run at once; finished replicas stay on disk. */
  signal?: AbortSignal;
  /** Receives one-line notices for the user (a corrupt replica file moved aside, …). */
  notice?: (message: string) => void;
}

/** How a run ended (failures throw {@link ReplicaError}). */
export interface EnsembleOutcome {
  status: "complete" | "shard-complete" | "interrupted";
  shard: Shard;
  /** Replicas of this shard, and how many of them are on disk now. */
  shardReplicas: number;
  finished: number;
  /** Replicas run by this invocation, and those skipped because they were on disk. */
  ran: number;
  skipped: number;
  /** Replicas whose file was corrupt, moved aside into replicas/corrupt/ and simulated again. */
  healed: number[];
  events: number;
  /** The summary, written to outDir unless `writeSummary` is false (whole runs only). */
  output?: RunOutput;
}

/** The default number of workers: the cores available to this process. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Checks a finished replica's file before a resumed run counts it: true when it is intact;
 * when it is corrupt, moves it into replicas/corrupt/, says so through `notice`, and returns
 * false so that the replica (a function of (seed, r) alone) is simulated again.
 *
 * @throws {RunMismatchError} for an intact file of another run; {@link IOError} when it cannot be read.
 */
function intactOrMovedAside(path: string, replica: number, fingerprint: string, notice?: (message: string) => void): boolean {
  try {
    readRunReplica(path, replica, fingerprint);
    return true;
  } catch (error) {
    if (!(error instanceof CorruptReplicaError)) throw error;
    const aside = moveAsideCorrupt(path);
    notice?.(`${error.message}; moved to \`${aside}\`, simulating replica ${replica} again`);
    return false;
  }
}

/**
 * Runs the replicas of `options.shard` not yet on disk, then (whole runs) writes summary.json,
 * f1.csv and f2.csv. Resuming with a larger `config.replicas` than recorded grows the run: the
 * new R is recorded and replicas R_old … R − 1 of the shard are run. When resuming, every finished replica file of the shard is verified first
 * (checksum, index, fingerprint); a corrupt one is moved aside and its replica simulated again.
 *
 * @throws {ReplicaError} naming the first replica that failed, after the others that were
 *   running have been written; {@link RunMismatchError} when outDir holds another config;
 *   {@link ConfigError} when it records more replicas than `config.replicas`;
 *   {@link IOError} when outDir already holds replicas and `resume` is not set.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const outDir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * const { status, output } = await runEnsemble({ config: parseConfig({ N: 1000, replicas: 4, times: [0, 1] }), outDir, workers: 2 });
 * status // "complete"
 * output.summary.replicas // 4
 */
export async function runEnsemble(options: EnsembleOptions): Promise<EnsembleOutcome> {
  const start = performance.now();
  const { config, outDir } = options;
  const shard = options.shard ?? WHOLE;
  const workers = options.workers ?? defaultWorkers();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new ConfigError("--workers", workers, "a positive integer");
  if (options.controlVariates) checkControlVariates(config.replicas);
  prepareOutputDir(outDir);
  const { manifest, write } = checkManifest(outDir, config);
  const mine = replicasOfShard(config.replicas, shard);
  const onDisk = listReplicaFiles(outDir);
  const onDiskMine = mine.filter((r) => onDisk.has(r));
  if (onDiskMine.length && !options.resume) {
    throw new IOError(outDir, `it already holds ${onDiskMine.length} finished replicas of this run; add --resume to continue it, or choose another --out`);
  }
  if (write) writeManifest(outDir, manifest);
  removeStaleTemporaries(outDir, (r) => inShard(r, shard));
  const healed = onDiskMine.filter((r) => !intactOrMovedAside(onDisk.get(r)!, r, manifest.fingerprint, options.notice));
  for (const r of healed) onDisk.delete(r);
  const done = onDiskMine.filter((r) => onDisk.has(r));
  const todo = mine.filter((r) => !onDisk.has(r));

  const progress = options.progress?.(mine.length, done.length);
  const pool = new ReplicaPool(workers, { config, outDir, fingerprint: manifest.fingerprint, debug: Boolean(options.debug) });
  const abort = () => pool.interrupt();
  options.signal?.addEventListener("abort", abort);
  let events = 0;
  const outcome = await pool
    .run(options.signal?.aborted ? [] : todo, (d: ReplicaDone) => {
      events += d.eventCount;
      progress?.tick(d);
    })
    .finally(() => {
      options.signal?.removeEventListener("abort", abort);
      progress?.stop();
    });
  const finished = done.length + outcome.finished.length;
  const base = { shard, shardReplicas: mine.length, finished, ran: outcome.finished.length, skipped: done.length, healed, events };
  if (outcome.failure) {
    const { replica, reason } = outcome.failure;
    throw new ReplicaError(
      replica,
      config.seed,
      reason,
      `${finished} of this run's ${mine.length} replicas are finished and kept in ${join(outDir, REPLICA_DIR)}; fix the cause and rerun with --resume.`,
    );
  }
  if (outcome.interrupted || options.signal?.aborted) return { status: "interrupted", ...base };
  if (shard.count > 1) return { status: "shard-complete", ...base };
  const output = summarizeSources(collectSources([outDir]), (performance.now() - start) / 1000, { controlVariates: options.controlVariates });
  if (options.writeSummary !== false) writeRunOutput(outDir, output);
  return { status: "complete", ...base, output };
}
