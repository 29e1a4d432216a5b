/**
 * The run directory of an ensemble:
 *
 *   DIR/run.json           the manifest: format, resolved config (with R, the replicas so far),
 *                          its fingerprint (without R, without shard)
 *   DIR/replicas/r*.bin    one file per finished replica (replica-file.ts)
 *   DIR/summary.json, f1.csv, f2.csv   once every replica is there (run without --shard, or merge)
 *
 * The manifest holds no shard, so the shards of one ensemble may write into one shared
 * directory or into one directory each; the config fingerprint in every replica file ties it to
 * its run.
 *
 * **Growing.** The fingerprint leaves `replicas` out: replica r is the same whatever R, so a run
 * of R replicas is the first R replicas of any larger run. `run --resume` with a larger R records
 * the new R and runs the missing replicas; a smaller R than recorded is refused.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, IOError, RunMismatchError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { writeAtomic } from "../output/files.js";
import { jsonFile, parseJson } from "../output/json-codec.js";

/** File name of the manifest. */
export const MANIFEST = "run.json";
const FORMAT = "alignsim-ensemble/2";

/** What run.json holds. */
export interface RunManifest {
  format: typeof FORMAT;
  fingerprint: string;
  config: ModelConfig;
  /** The input files of the config (field → path and SHA-256 of the contents), when it reads any. */
  inputs?: InputFiles;
}

/** An input file of a config: where it was read and the SHA-256 of its contents. */
export interface InputFile {
  path: string;
  sha256: string;
}
/** The input files of a config, by the dotted field that names them (`initial.path`, `initial.position.path`). */
export type InputFiles = Record<string, InputFile>;

/**
 * The files a config reads (the states of `initial.distribution: "file"`, the positions of
 * `initial.position: {distribution: "file"}`), each with the SHA-256 of its contents: a replica
 * depends on what the file holds, not on where it lies.
 *
 * @throws {IOError} naming a file that cannot be read.
 */
export function inputFiles(config: ModelConfig): InputFiles {
  const paths: [string, string | undefined][] = [
    ["initial.path", config.initial.distribution === "file" ? config.initial.path : undefined],
    ["initial.position.path", config.initial.position?.distribution === "file" ? config.initial.position.path : undefined],
  ];
  const files: InputFiles = {};
  for (const [field, path] of paths) {
    if (path === undefined) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new IOError(path, `the file of \`${field}\` cannot be read (${(error as Error).message})`);
    }
    files[field] = { path, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  return files;
}

/** JSON with object keys sorted at every level, so that equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * A config without its number of replicas: what a replica depends on. The homogeneous model's
 * `dimension: 1` is left out too, so that its fingerprint is the one it had before the spatial
 * model existed and earlier run directories can still be resumed and merged.
 */
function ensembleOf(config: ModelConfig, inputs: InputFiles = {}): Partial<ModelConfig> {
  const { replicas: _replicas, ...rest } = config;
  if (rest.dimension === 1 && !rest.space) delete (rest as Partial<ModelConfig>).dimension;
  if (!Object.keys(inputs).length) return rest;
  // an input file stands in the identity by its contents
  const initial = structuredClone(rest.initial) as Record<string, unknown>;
  if (inputs["initial.path"]) initial.path = `sha256:${inputs["initial.path"].sha256}`;
  if (inputs["initial.position.path"]) initial.position = { ...(initial.position as object), path: `sha256:${inputs["initial.position.path"].sha256}` };
  return { ...rest, initial: initial as ModelConfig["initial"] };
}

/**
 * SHA-256 of the canonical JSON of a resolved config without `replicas`, its input files
 * standing in by the SHA-256 of their contents: equal exactly when the configs are equal up to
 * R and read the same bytes, that is when their replicas r are the same.
 *
 * @param inputs - the config's input files [default: read now, {@link inputFiles}].
 * @throws {IOError} when an input file cannot be read.
 * @example
 * configFingerprint(parseConfig({})) === configFingerprint(parseConfig({ replicas: 99 })) // true
 */
export function configFingerprint(config: ModelConfig, inputs: InputFiles = inputFiles(config)): string {
  return createHash("sha256").update(canonicalJson(ensembleOf(config, inputs))).digest("hex");
}

/**
 * The first field where the ensembles of two manifests differ (see {@link configDifference});
 * an input file whose contents differ is named with both paths and digests.
 */
export function ensembleDifference(a: Pick<RunManifest, "config" | "inputs">, b: Pick<RunManifest, "config" | "inputs">): string | undefined {
  for (const field of new Set([...Object.keys(a.inputs ?? {}), ...Object.keys(b.inputs ?? {})])) {
    const [x, y] = [a.inputs?.[field], b.inputs?.[field]];
    if (x && y && x.sha256 !== y.sha256) {
      return `\`${field}\`: the contents of \`${x.path}\` (sha256 ${x.sha256.slice(0, 12)}…) vs \`${y.path}\` (sha256 ${y.sha256.slice(0, 12)}…)`;
    }
  }
  return configDifference(ensembleOf(a.config, a.inputs), ensembleOf(b.config, b.inputs));
}

/**
 * The first field (dotted path) where two configs differ, with both values; undefined if equal.
 *
 * @example
 * configDifference({ N: 1, epsilon: 0.1 }, { N: 1, epsilon: 0.2 }) // "`epsilon`: 0.1 vs 0.2"
 */
export function configDifference(a: unknown, b: unknown, path = ""): string | undefined {
  if (canonicalJson(a) === canonicalJson(b)) return undefined;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const d = configDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (d) return d;
    }
  }
  return `\`${path || "(config)"}\`: ${JSON.stringify(a) ?? "absent"} vs ${JSON.stringify(b) ?? "absent"}`;
}

/**
 * Reads DIR/run.json.
 *
 * @throws {IOError} when it is missing or unreadable.
 */
export function readManifest(dir: string): RunManifest {
  const path = join(dir, MANIFEST);
  let manifest: RunManifest;
  try {
    manifest = parseJson(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = existsSync(path) ? (error as Error).message : "it is not an ensemble run directory (no run.json)";
    throw new IOError(existsSync(path) ? path : dir, reason);
  }
  if (manifest.format !== FORMAT) {
    const old = manifest.format === "alignsim-ensemble/1" ? "; it was written by an older alignsim (replica files without checksum), run the ensemble again" : "";
    throw new IOError(path, `unknown format \`${String(manifest.format)}\` (expected ${FORMAT})${old}`);
  }
  return manifest;
}

/** The R recorded in DIR/run.json, or 0 when DIR holds no run yet. @throws {IOError} as {@link readManifest}. */
export function recordedReplicas(dir: string): number {
  return existsSync(join(dir, MANIFEST)) ? readManifest(dir).config.replicas : 0;
}

/**
 * Checks that DIR can hold the run of `config`: no run.json yet, or one of the same ensemble
 * with at most `config.replicas` replicas. Writes nothing (see {@link writeManifest}).
 *
 * @returns the manifest DIR should have (the existing one, or a new or grown one), and whether
 *   it must be written.
 * @throws {RunMismatchError} when DIR holds a run of another config; {@link ConfigError} when
 *   `config.replicas` is smaller than the R recorded (a run grows, it does not shrink).
 */
export function checkManifest(dir: string, config: ModelConfig, inputs: InputFiles = inputFiles(config)): { manifest: RunManifest; write: boolean } {
  const manifest: RunManifest = { format: FORMAT, fingerprint: configFingerprint(config, inputs), config, ...(Object.keys(inputs).length ? { inputs } : {}) };
  if (!existsSync(join(dir, MANIFEST))) return { manifest, write: true };
  const existing = readManifest(dir);
  const difference = ensembleDifference(existing, manifest);
  if (difference || existing.fingerprint !== manifest.fingerprint) {
    throw new RunMismatchError(
      differenceField(difference),
      `\`${dir}\` holds a run of another config (${difference ?? "fingerprint differs"}); choose another --out or the same config`,
    );
  }
  const recorded = existing.config.replicas;
  if (config.replicas < recorded) {
    throw new ConfigError(
      "replicas",
      config.replicas,
      `at least ${recorded}, the replicas recorded in ${join(dir, MANIFEST)}`,
      `A run grows but does not shrink; to summarise the first ${config.replicas} replicas: alignsim merge ${dir} --replicas ${config.replicas} --out OTHER_DIR.`,
    );
  }
  return config.replicas > recorded ? { manifest, write: true } : { manifest: existing, write: false };
}

/** The field a difference of {@link ensembleDifference} names, "(config)" when none. */
export function differenceField(difference: string | undefined): string {
  return difference?.match(/^`([^`]*)`/)?.[1] ?? "(config)";
}

/** Writes DIR/run.json atomically. */
export function writeManifest(dir: string, manifest: RunManifest): void {
  writeAtomic(join(dir, MANIFEST), jsonFile(manifest));
}

/**
 * Writes DIR/run.json for `config` (new, or grown to `config.replicas`), or checks that the one
 * there is for the same ensemble and R.
 *
 * @throws {RunMismatchError} when DIR holds a run of another config; {@link ConfigError} when it
 *   records more replicas than `config.replicas`.
 */
export function ensureManifest(dir: string, config: ModelConfig): RunManifest {
  const { manifest, write } = checkManifest(dir, config);
  if (write) writeManifest(dir, manifest);
  return manifest;
}
