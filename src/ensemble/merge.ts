/**
 * Merging the replica files of one or more run directories (shards, resumed runs) into one
 * ensemble summary. Replicas are folded in replica order whatever the directories and their
 * order, so any partition of an ensemble merges to the same bytes as the unsharded run.
 *
 * @module
 */
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { readRunOutput } from "../output/files.js";
import { AlignsimError, ConfigError, RunMismatchError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import type { RunOutput } from "../contract/run-output.js";
import { listReplicaFiles, readReplicaFile } from "./replica-file.js";
import type { ReplicaRecord } from "./replica-record.js";
import { differenceField, ensembleDifference, MANIFEST, readManifest, type InputFiles } from "./run-dir.js";
import { EnsembleAccumulator, type StatisticsOptions } from "./statistics.js";

/** The common config of run directories, and every replica file found in them. */
export interface EnsembleSources {
  config: ModelConfig;
  fingerprint: string;
  /** The input files recorded when the run started (run-dir.ts). */
  inputs?: InputFiles;
  /** replica index → file (the first directory listed wins if several hold it). */
  files: Map<number, string>;
}

/**
 * Reads the manifests of `dirs`, checks that they are runs of one ensemble, and lists their
 * replica files. R is the largest recorded in the directories (shards grown at different
 * times), or `replicas` when given: the first `replicas` replicas.
 *
 * @throws {RunMismatchError} when two directories hold runs of different configs (other than R).
 * @throws {IOError} when a directory is not a run directory; {@link ConfigError} for a bad `replicas`.
 */
export function collectSources(dirs: string[], replicas?: number): EnsembleSources {
  if (dirs.length === 0) throw new AlignsimError("E_USAGE", "name at least one run directory to merge");
  const unique = [...new Map(dirs.map((d) => [safeRealpath(d), d])).values()];
  const first = readManifest(unique[0]);
  const files = new Map<number, string>();
  let recorded = 0;
  for (const dir of unique) {
    const manifest = dir === unique[0] ? first : readManifest(dir);
    const difference = ensembleDifference(first, manifest);
    if (difference || manifest.fingerprint !== first.fingerprint) {
      throw new RunMismatchError(
        differenceField(difference),
        `refusing to merge \`${unique[0]}\` and \`${dir}\`: they are runs of different configs (${difference ?? "fingerprint differs"})`,
      );
    }
    for (const [r, path] of listReplicaFiles(dir)) if (!files.has(r)) files.set(r, path);
    recorded = Math.max(recorded, manifest.config.replicas);
  }
  if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1)) throw new ConfigError("--replicas", replicas, "a positive integer");
  return { config: { ...first.config, replicas: replicas ?? recorded }, fingerprint: first.fingerprint, ...(first.inputs ? { inputs: first.inputs } : {}), files };
}

function safeRealpath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Replicas among 0 … R − 1 with no file. */
export function missingReplicas(sources: EnsembleSources): number[] {
  const missing: number[] = [];
  for (let r = 0; r < sources.config.replicas; r++) if (!sources.files.has(r)) missing.push(r);
  return missing;
}

/**
 * Folds replicas 0 … R − 1 of `sources`, in that order, into the ensemble summary.
 *
 * @param wallSeconds - the caller's wall-clock time so far (its own time is added).
 * @param options - control variates or not.
 * @throws {AlignsimError} E_INCOMPLETE naming missing replicas; {@link RunMismatchError} when a
 *   replica file belongs to another config; {@link CorruptReplicaError} naming a damaged file;
 *   {@link IOError} for an unreadable one.
 */
export function summarizeSources(sources: EnsembleSources, wallSeconds = 0, options: StatisticsOptions = {}): RunOutput {
  const start = performance.now();
  const missing = missingReplicas(sources);
  if (missing.length) {
    const shown = missing.slice(0, 10).join(", ") + (missing.length > 10 ? ", …" : "");
    throw new AlignsimError(
      "E_INCOMPLETE",
      `${missing.length} of ${sources.config.replicas} replicas have no file (replica ${shown}); run or resume the shards they belong to, then merge again`,
    );
  }
  const acc = new EnsembleAccumulator(sources.config, options);
  for (let r = 0; r < sources.config.replicas; r++) acc.add(readRunReplica(sources.files.get(r)!, r, sources.fingerprint));
  return acc.output(wallSeconds + (performance.now() - start) / 1000);
}

/**
 * Reads replica r's file of the run with config fingerprint `fingerprint`, checking its
 * checksum, its index and its fingerprint.
 *
 * @throws {CorruptReplicaError} when the file is damaged; {@link RunMismatchError} when it is an
 *   intact file of another replica or run; {@link IOError} when it cannot be read.
 */
export function readRunReplica(path: string, replica: number, fingerprint: string): ReplicaRecord {
  const record = readReplicaFile(path);
  if (record.fingerprint !== fingerprint || record.replica !== replica) {
    throw new RunMismatchError("(replica file)", `\`${path}\` is not replica ${replica} of this run (its config fingerprint or index differs)`);
  }
  return record;
}

/**
 * Merges run directories (shards of one ensemble, each with run.json and replicas/) into one
 * ensemble output, not yet written: the same numbers, bit for bit, as one unsharded run.
 *
 * @throws {RunMismatchError} when the directories hold runs of different configs.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const dir = mkdtempSync(join(tmpdir(), "alignsim-"));
 * const config = parseConfig({ N: 500, replicas: 4, times: [0, 1] });
 * const shards = [0, 1].map((i) => join(dir, `s${i}`));
 * for (const [i, outDir] of shards.entries()) await runEnsemble({ config, outDir, shard: { index: i, count: 2 }, workers: 1 });
 * const merged = mergeRunDirs(shards);
 * merged.summary.replicas // 4
 * writeRunOutput(join(dir, "all"), merged);
 */
export function mergeRunDirs(dirs: string[], options: StatisticsOptions = {}): RunOutput {
  return summarizeSources(collectSources(dirs), 0, options);
}

/**
 * Reads a run directory ({@link readRunOutput}) and, when it is an ensemble run directory whose
 * replica files are all there, refolds them for what summary.json does not keep: every replica's
 * f₁ and fields (`replicaSamples`, the covariance of the bins that a distance's error takes) and
 * the observables' covariance. The summary itself is the one on disk.
 *
 * @throws {IOError} when summary.json is missing or malformed; whatever reading a replica file
 *   throws ({@link CorruptReplicaError}, {@link RunMismatchError}).
 * @example
 * readRunWithReplicas("results/runs/p1").replicaSamples?.f1?.length // R, when p1 holds its replica files
 */
export function readRunWithReplicas(dir: string): RunOutput {
  const output = readRunOutput(dir);
  if (output.summary.source !== "particles" || !existsSync(join(dir, MANIFEST))) return output;
  const sources = collectSources([dir], output.summary.replicas);
  if (missingReplicas(sources).length) return output;
  const controlVariates = Boolean((output.summary as { controlVariates?: unknown }).controlVariates);
  const refolded = summarizeSources(sources, 0, { controlVariates });
  return { ...output, observableCovariance: refolded.observableCovariance, ...(refolded.replicaSamples ? { replicaSamples: refolded.replicaSamples } : {}) };
}
