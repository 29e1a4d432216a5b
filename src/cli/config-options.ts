/**
 * The config options shared by every command that takes a model (`run`, `kinetic`, `study`):
 * `--config FILE` and an override for every field, applied on top of the file and validated
 * by the same schema, so that `--N 1e5 --epsilon 0.05` and a config file mean the same thing.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import type { Argv } from "yargs";
import { ZodDefault } from "zod";
import { ConfigError } from "../errors.js";
import { defaultWorkers } from "../ensemble/run-ensemble.js";
import { configSchema, readConfigFile, validateConfig, type ModelConfig } from "../model/config.js";

/** Overrides of top-level fields: name → help text. Values are JSON (numbers, null, objects, lists). */
const FIELD_HELP: Record<keyof typeof configSchema.shape, string> = {
  N: "number of particles (positive integer) [default: 10000]",
  epsilon: "collision-duration scale ε > 0 [default: 0.1]",
  mass: "total mass M > 0 [default: 1]",
  kmax: "largest cluster size, a positive integer or null for unbounded [default: 3]",
  lambda: 'coagulation kernel λ: a number or a JSON table {"i,j": rate} [default: {"1,1":1,"1,2":1}]',
  mu: 'fragmentation kernel μ: a number or a JSON table {"i,j": rate} [default: {"1,1":1,"1,2":1}]',
  initial: 'initial law as JSON, e.g. {"distribution":"bimodal","means":[-1,1],"sd":0.5} [default: {"distribution":"normal"}]',
  times: "observation times, increasing, ≥ 0: a JSON list or 0,0.5,1 [default: 0,0.5,1,2]",
  replicas: "number of independent replicas (positive integer) [default: 10]",
  seed: "master seed (integer ≥ 0); replica r uses the stream of (seed, r) [default: 1]",
  histogram: 'histogram bins as JSON {"min":-4,"max":4,"bins":80,"pairBins":40}',
  dimension: "dimension d ∈ {1, 2, 3} of the states and positions; d > 1 needs --space [default: 1]",
  space: 'periodic box of the spatial model as JSON {"length": L, "cells": C} (C cells per axis); absent: homogeneous model',
};

/** Overrides of nested fields, for convenience. */
const NESTED_HELP: Record<string, string> = {
  "initial.distribution": "initial law: normal | uniform | bimodal | samples | file",
  "initial.mean": "mean of the normal law",
  "initial.sd": "standard deviation (normal, bimodal)",
  "initial.pairedFraction": "fraction of particles that start in pairs, in [0, 1] [default: 0]",
  "initial.path": "file of states (one per line) or histogram rows lo,hi,weight; relative to the working directory (in a config file: to the file's directory)",
  "initial.position": 'law of the initial positions (spatial model): {"distribution":"uniform"} | {"distribution":"cosine","amplitude":a} | {"distribution":"file","path":P}',
  "histogram.min": "lower edge of the histograms [default: -4]",
  "histogram.max": "upper edge of the histograms [default: 4]",
  "histogram.bins": "bins of the f_1 histogram [default: 80]",
  "histogram.pairBins": "bins per axis of the f_2 histogram [default: 40]",
};

/** Adds `--config` and one override option per config field. */
export function withConfigOptions<T>(yargs: Argv<T>): Argv<T> {
  let y = yargs.option("config", { type: "string", describe: "JSON config file (built-in defaults when absent)" });
  for (const [name, describe] of Object.entries({ ...FIELD_HELP, ...NESTED_HELP })) {
    y = y.option(name, { type: "string", describe, group: "Model (override the config file):" });
  }
  return y as Argv<T>;
}

/**
 * The validated config of a command line: the file (or {}), then the overrides; a nested
 * override (`--initial.sd`) is merged onto the file's field, or onto its built-in default.
 *
 * @throws {ConfigError} naming the offending field; {@link IOError} for an unreadable file.
 */
export function resolveConfig(argv: Record<string, unknown>): ModelConfig {
  const raw = argv.config ? readConfigFile(String(argv.config)) : {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(String(argv.config), raw, "a JSON object of config fields");
  const config = raw as Record<string, unknown>;
  for (const name of Object.keys(FIELD_HELP)) {
    if (argv[name] !== undefined) config[name] = parseValue(name, String(argv[name]));
  }
  for (const path of Object.keys(NESTED_HELP)) {
    if (argv[path] === undefined) continue;
    const [parent, child] = path.split(".") as [keyof typeof configSchema.shape, string];
    const node = config[parent];
    const base = node !== null && typeof node === "object" && !Array.isArray(node) ? node : defaultInput(parent);
    config[parent] = { ...base, [child]: parseValue(path, String(argv[path])) };
  }
  return validateConfig(config);
}

/**
 * The built-in default of a top-level field as a config file would spell it (`initial`:
 * `{"distribution": "normal"}`, `histogram`: `{}`), onto which a nested override is merged when
 * the file does not give the field, so that `--initial.sd 2` overrides the default law that
 * `--help` shows.
 */
function defaultInput(field: keyof typeof configSchema.shape): object {
  const schema = configSchema.shape[field];
  return schema instanceof ZodDefault ? (schema._def.defaultValue() as object) : {};
}

/**
 * A command-line value: JSON if it parses (1e5, null, {…}, […]), else the string. `--times` also
 * takes a comma list or a single time (`--times 0,1,2`, `--times 1`).
 */
function parseValue(field: string, text: string): unknown {
  if (field === "times" && !text.trim().startsWith("[")) return text.split(",").map((x) => (x.trim() === "" ? Number.NaN : Number(x)));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Most worker threads per core that `--workers` accepts. */
export const WORKERS_PER_CORE = 4;

/**
 * `--workers` of the commands that run particle ensembles: a positive integer, by default the
 * number of cores, at most {@link WORKERS_PER_CORE} per core. Replicas are CPU-bound, so threads
 * beyond the cores only add memory (each holds its own engine, about 13 MB), and a number far
 * beyond them is a typo (`1e9`): it is refused with the limit rather than silently run as
 * something else. With `replicas` given, the count is at most R, the most that can run at once.
 *
 * @throws {ConfigError} naming `--workers`.
 */
export function workersOption(argv: Record<string, unknown>, replicas = Number.POSITIVE_INFINITY): number {
  const workers = argv.workers === undefined ? defaultWorkers() : Number(argv.workers);
  if (!(Number.isInteger(workers) && workers >= 1)) throw new ConfigError("--workers", argv.workers, "a positive integer");
  const cap = WORKERS_PER_CORE * availableParallelism();
  if (workers > cap) throw new ConfigError("--workers", argv.workers, `at most ${cap} (${WORKERS_PER_CORE} per core, ${availableParallelism()} cores here)`, "More threads than cores only add memory.");
  return Math.min(workers, replicas);
}
