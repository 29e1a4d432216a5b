import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { inShard, parseShard, replicasOfShard, resolveShard } from "../../src/ensemble/shard.js";

describe("shards", () => {
  it("partition 0 … R−1 round-robin (r mod K = I)", () => {
    const R = 17;
    const all = [0, 1, 2].flatMap((i) => replicasOfShard(R, { index: i, count: 3 })).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: R }, (_, r) => r));
    expect(replicasOfShard(7, { index: 1, count: 3 })).toEqual([1, 4]);
    expect(inShard(10, { index: 1, count: 3 })).toBe(true);
  });

  it("parse I/K and refuse I ≥ K", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(() => parseShard("3/3")).toThrow(ConfigError);
    expect(() => parseShard("1-3")).toThrow(/I\/K/);
  });

  it("come from --shard first, then Slurm, then Kubernetes, else 0/1", () => {
    expect(resolveShard(undefined, undefined, {})).toEqual({ index: 0, count: 1 });
    expect(resolveShard("1/2", undefined, { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 1, count: 2 });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
    // --array=1-8: MIN = 1, MAX = 8 → 8 shards, task 1 is shard 0.
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "8" })).toEqual({ index: 0, count: 8 });
    // --array=0-9:3 → tasks 0, 3, 6, 9.
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: "6", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "9", SLURM_ARRAY_TASK_STEP: "3" })).toEqual({
      index: 2,
      count: 4,
    });
    expect(resolveShard(undefined, 5, { JOB_COMPLETION_INDEX: "4" })).toEqual({ index: 4, count: 5 });
  });

  it("refuse JOB_COMPLETION_INDEX without --shard-count, and indices out of range", () => {
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: "1" })).toThrow(/shard-count/);
    expect(() => resolveShard(undefined, 2, { JOB_COMPLETION_INDEX: "2" })).toThrow(ConfigError);
    expect(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "2" })).toThrow(/SLURM_ARRAY_TASK_ID/);
  });
});
