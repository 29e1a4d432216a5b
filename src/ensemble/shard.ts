/**
 * Shards: the replicas of an ensemble split over K independent jobs (Slurm job-array tasks,
 * Kubernetes Indexed Job pods, separate machines). Replica r belongs to shard r mod K
 * (round-robin), so every shard gets replicas from the whole range and shards finish together
 * even when replica cost drifts with r. Which shard ran a replica changes nothing in its result:
 * its randomness is the stream of (seed, r) alone.
 *
 * The shard comes from `--shard I/K`, else from the scheduler's environment:
 * * Slurm job array: I = (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN)/SLURM_ARRAY_TASK_STEP,
 *   K = SLURM_ARRAY_TASK_COUNT (else (MAX − MIN)/STEP + 1); MIN defaults to 0, STEP to 1;
 * * Kubernetes Indexed Job: I = JOB_COMPLETION_INDEX, K = `--shard-count` (the Job's completions).
 * Without any of these the run is the single shard 0/1.
 *
 * @module
 */
import { ConfigError } from "../errors.js";

/** Shard `index` of `count`, 0 ≤ index < count. */
export interface Shard {
  index: number;
  count: number;
}

/** Environment variables by name (process.env), typed without Node's types for the package's declarations. */
export type Environment = Record<string, string | undefined>;

/** The whole ensemble. */
export const WHOLE: Shard = { index: 0, count: 1 };

/**
 * Parses `I/K`.
 *
 * @throws {ConfigError} unless 0 ≤ I < K are integers.
 * @example
 * parseShard("2/3") // { index: 2, count: 3 }
 */
export function parseShard(text: string, field = "--shard"): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const shard = match ? { index: Number(match[1]), count: Number(match[2]) } : undefined;
  if (!shard || !(shard.count >= 1) || !(shard.index < shard.count)) throw new ConfigError(field, text, "I/K with integers 0 ≤ I < K");
  return shard;
}

function integerVar(env: Environment, name: string, fallback?: number): number {
  const text = env[name];
  if (text === undefined || text === "") {
    if (fallback === undefined) throw new ConfigError(name, text, "set to an integer");
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(name, text, "an integer ≥ 0");
  return value;
}

/**
 * The shard of this process: `--shard` if given, else the scheduler's environment, else 0/1.
 *
 * @param flag - the `--shard` value, if any.
 * @param shardCount - the `--shard-count` value (needed with JOB_COMPLETION_INDEX; overrides
 *   Slurm's count).
 * @throws {ConfigError} for a malformed flag or environment.
 */
export function resolveShard(flag: string | undefined, shardCount: number | undefined, env: Environment = process.env): Shard {
  if (flag !== undefined) return parseShard(flag);
  if (shardCount !== undefined && !(Number.isInteger(shardCount) && shardCount >= 1)) throw new ConfigError("--shard-count", shardCount, "a positive integer");
  let shard: Shard | undefined;
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== "") {
    const id = integerVar(env, "SLURM_ARRAY_TASK_ID");
    const min = integerVar(env, "SLURM_ARRAY_TASK_MIN", 0);
    const step = integerVar(env, "SLURM_ARRAY_TASK_STEP", 1) || 1;
    const count =
      shardCount ?? (env.SLURM_ARRAY_TASK_COUNT ? integerVar(env, "SLURM_ARRAY_TASK_COUNT") : Math.floor((integerVar(env, "SLURM_ARRAY_TASK_MAX") - min) / step) + 1);
    shard = { index: (id - min) / step, count };
    if (!Number.isInteger(shard.index)) throw new ConfigError("SLURM_ARRAY_TASK_ID", env.SLURM_ARRAY_TASK_ID, `MIN + a multiple of STEP (${min} + ${step}·i)`);
  } else if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== "") {
    if (shardCount === undefined) {
      throw new ConfigError("--shard-count", undefined, "given when JOB_COMPLETION_INDEX is set (the Indexed Job's `completions`)");
    }
    shard = { index: integerVar(env, "JOB_COMPLETION_INDEX"), count: shardCount };
  }
  if (!shard) return WHOLE;
  if (!(shard.index >= 0 && shard.index < shard.count)) throw new ConfigError("shard", `${shard.index}/${shard.count}`, "I/K with 0 ≤ I < K (check the array range and --shard-count)");
  return shard;
}

/** Whether replica r belongs to `shard` (r mod K = I). */
export function inShard(replica: number, shard: Shard): boolean {
  return replica % shard.count === shard.index;
}

/**
 * The replicas of `shard` among 0 … R − 1, increasing.
 *
 * @example
 * replicasOfShard(7, { index: 1, count: 3 }) // [1, 4]
 */
export function replicasOfShard(replicas: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let r = shard.index; r < replicas; r += shard.count) out.push(r);
  return out;
}
