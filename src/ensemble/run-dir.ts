/**
 * The run directory of an ensemble:
 *
 *   DIR/run.json           the manifest: format, resolved config, its fingerprint (no shard)
 *   DIR/replicas/r*.bin    one file per finished replica (replica-file.ts)
 *   DIR/summary.json, f1.csv, f2.csv   once every replica is there (run without --shard, or merge)
 *
 * The manifest holds no shard, so the shards of one ensemble may write into one shared
 * directory or into one directory each; the config fingerprint in every replica file ties it to
 * its run.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IOError, RunMismatchError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { writeAtomic } from "../output/files.js";

/** File name of the manifest. */
export const MANIFEST = "run.json";
const FORMAT = "alignsim-ensemble/1";

/** What run.json holds. */
export interface RunManifest {
  format: typeof FORMAT;
  fingerprint: string;
  config: ModelConfig;
}

/** JSON with object keys sorted at every level, so that equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * SHA-256 of the canonical JSON of a resolved config: equal exactly when the configs are.
 *
 * @example
 * configFingerprint(parseConfig({})).length // 64
 */
export function configFingerprint(config: ModelConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
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
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = existsSync(path) ? (error as Error).message : "it is not an ensemble run directory (no run.json)";
    throw new IOError(existsSync(path) ? path : dir, reason);
  }
  if (manifest.format !== FORMAT) throw new IOError(path, `unknown format \`${String(manifest.format)}\` (expected ${FORMAT})`);
  return manifest;
}

/**
 * Writes DIR/run.json for `config`, or checks that the one there is for the same config.
 *
 * @throws {RunMismatchError} when DIR holds a run of another config.
 */
export function ensureManifest(dir: string, config: ModelConfig): RunManifest {
  const manifest: RunManifest = { format: FORMAT, fingerprint: configFingerprint(config), config };
  if (existsSync(join(dir, MANIFEST))) {
    const existing = readManifest(dir);
    const difference = configDifference(existing.config, config);
    if (difference || existing.fingerprint !== manifest.fingerprint) {
      throw new RunMismatchError(
        difference ?? "(config)",
        `\`${dir}\` holds a run of another config (${difference ?? "fingerprint differs"}); choose another --out or the same config`,
      );
    }
    return existing;
  }
  writeAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
