/**
 * The run configuration: schema, defaults and validation. One JSON object fixes a run of the
 * particle engine and of every kinetic solver, so that their outputs can be compared cell by
 * cell. Validation happens here, at the boundary; the engine trusts a {@link ModelConfig}.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { ConfigError, IOError } from "../errors.js";
import { KERNEL_KEY, type KernelSpec, type KernelTable } from "./kernels.js";

const nonNegative = z.number({ invalid_type_error: "a number ≥ 0" }).finite("a finite number ≥ 0").nonnegative("≥ 0");
const positive = z.number({ invalid_type_error: "a number > 0" }).finite("a finite number > 0").positive("> 0");
const positiveInt = z
  .number({ invalid_type_error: "a positive integer" })
  .int("a positive integer")
  .positive("a positive integer");
const finite = z.number({ invalid_type_error: "a finite number" }).finite("a finite number");

const kernelTable = z.record(z.string(), nonNegative).superRefine((table, ctx) => {
  for (const key of Object.keys(table)) {
    const match = KERNEL_KEY.exec(key);
    if (!match || +match[1] > +match[2]) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'a key "i,j" with integers 1 ≤ i ≤ j' });
    }
  }
});
const kernel = z.union([nonNegative, kernelTable], {
  errorMap: () => ({ message: 'a number ≥ 0 or a table {"i,j": rate ≥ 0}' }),
});

const pairedFraction = z.number({ invalid_type_error: "a number in [0, 1]" }).min(0, "in [0, 1]").max(1, "in [0, 1]");

/**
 * Law of the initial positions x ∈ [0, L)ᵈ of the spatial model (docs/space.md), drawn i.i.d. and
 * independently of the states: uniform, a cosine wave of density ∝ 1 + a·cos(2πx₁/L) along the
 * first axis, or a file with one position per line (d numbers separated by commas or spaces).
 */
const positionLaw = z.discriminatedUnion(
  "distribution",
  [
    z.object({ distribution: z.literal("uniform") }).strict(),
    z
      .object({
        distribution: z.literal("cosine"),
        amplitude: z.number({ invalid_type_error: "a number in [−1, 1]" }).min(-1, "in [−1, 1]").max(1, "in [−1, 1]"),
      })
      .strict(),
    z.object({ distribution: z.literal("file"), path: z.string().min(1, "a file path") }).strict(),
  ],
  { errorMap: () => ({ message: 'one of "uniform", "cosine", "file"' }) },
);
const position = positionLaw.optional();

/**
 * Laws of the initial states: all particles i.i.d. (pairs too), as f_1^I, f_2^I of (14c). In
 * dimension d > 1 the d components of a state are i.i.d. draws of this law. `position` is the law
 * of the initial positions of the spatial model (uniform when absent).
 */
const initial = z.discriminatedUnion(
  "distribution",
  [
    z.object({ distribution: z.literal("normal"), mean: finite.default(0), sd: positive.default(1), pairedFraction: pairedFraction.default(0), position }).strict(),
    z.object({ distribution: z.literal("uniform"), min: finite.default(-1), max: finite.default(1), pairedFraction: pairedFraction.default(0), position }).strict(),
    z
      .object({
        distribution: z.literal("bimodal"),
        means: z.tuple([finite, finite]).default([-1, 1]),
        sd: positive.default(0.5),
        weight: z.number().gt(0, "in (0, 1)").lt(1, "in (0, 1)").default(0.5),
        pairedFraction: pairedFraction.default(0),
        position,
      })
      .strict(),
    z.object({ distribution: z.literal("samples"), values: z.array(finite).min(1, "a non-empty list of numbers"), pairedFraction: pairedFraction.default(0), position }).strict(),
    z.object({ distribution: z.literal("file"), path: z.string().min(1, "a file path"), pairedFraction: pairedFraction.default(0), position }).strict(),
  ],
  { errorMap: () => ({ message: 'one of "normal", "uniform", "bimodal", "samples", "file"' }) },
);

const times = z
  .array(z.number({ invalid_type_error: "a number ≥ 0" }).finite("finite").nonnegative("≥ 0"), {
    invalid_type_error: "a list of times ≥ 0",
  })
  .min(1, "a non-empty list of times ≥ 0")
  .superRefine((ts, ctx) => {
    for (let i = 1; i < ts.length; i++) {
      if (!(ts[i] > ts[i - 1])) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: "strictly increasing" });
    }
  });

const histogram = z
  .object({
    min: finite.default(-4),
    max: finite.default(4),
    bins: positiveInt.default(80),
    pairBins: positiveInt.default(40),
  })
  .strict()
  .refine((h) => h.max > h.min, { message: "greater than `histogram.min`", path: ["max"] });

/**
 * The periodic box [0, L)ᵈ of the spatial model (3), cut into C cells per axis: coagulation is
 * local to a cell (docs/space.md), and the fields are reported per cell.
 */
const space = z
  .object({
    length: positive,
    cells: positiveInt.max(4096, "a positive integer ≤ 4096"),
  })
  .strict();

/** The schema of a run configuration, with the built-in defaults. */
export const configSchema = z
  .object({
    N: positiveInt.max(1e9, "a positive integer ≤ 1e9").default(10_000),
    epsilon: positive.default(0.1),
    mass: positive.default(1),
    kmax: positiveInt.nullable().default(3),
    lambda: kernel.default({ "1,1": 1, "1,2": 1 }),
    mu: kernel.default({ "1,1": 1, "1,2": 1 }),
    initial: initial.default({ distribution: "normal" }),
    times: times.default([0, 0.5, 1, 2]),
    replicas: positiveInt.default(10),
    seed: z.number({ invalid_type_error: "an integer ≥ 0" }).int("an integer ≥ 0").nonnegative("an integer ≥ 0").default(1),
    histogram: histogram.default({}),
    dimension: z
      .number({ invalid_type_error: "1, 2 or 3" })
      .int("1, 2 or 3")
      .min(1, "1, 2 or 3")
      .max(3, "1, 2 or 3")
      .default(1),
    space: space.optional(),
  })
  .strict();

/** A validated run configuration, every default filled in. */
export type ModelConfig = z.output<typeof configSchema>;
/**
 * What a config may contain: any subset of the fields, and in the library a kernel may be a
 * function (i, j) ↦ rate ({@link parseConfig} tabulates it).
 */
export type ConfigInput = ReadonlyInput<Omit<z.input<typeof configSchema>, "lambda" | "mu"> & { lambda?: KernelSpec; mu?: KernelSpec }>;
/** T with every object and list readonly, so that `as const` data and frozen configs are accepted. */
type ReadonlyInput<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { readonly [K in keyof T]: ReadonlyInput<T[K]> } : T;
export type InitialLaw = ModelConfig["initial"];
export type PositionLaw = z.output<typeof positionLaw>;
export type SpaceBox = z.output<typeof space>;
export type { KernelTable };

/** Field names at the top level, for "did you mean" hints. */
const FIELDS = Object.keys(configSchema.shape);

/**
 * Validates a configuration and fills in the defaults. A kernel given as a function (i, j) ↦ rate
 * is replaced by its table on the sizes that can meet, i ≤ j with i + j ≤ kmax (no merge beyond
 * kmax happens and no cluster beyond it breaks up, so these are all the values any solver
 * reads): the resolved config is plain data, recorded in every output as the kernel that made it,
 * sent to the worker threads, and fingerprinted like a table.
 *
 * @param raw - the config (any subset of the fields).
 * @returns the resolved configuration.
 * @throws {ConfigError} naming the first offending field, its allowed range and its value;
 *   unknown fields get the closest known name as a hint; a function kernel with `kmax` null.
 * @example
 * parseConfig({ N: 100 }).epsilon // 0.1
 * parseConfig({ kmax: 3, lambda: (i, j) => 1 / (i * j) }).lambda // { "1,1": 1, "1,2": 0.5 }
 */
export function parseConfig(raw: ConfigInput): ModelConfig {
  return validateConfig(raw);
}

/**
 * {@link parseConfig} of a value of unknown shape (parsed JSON: a config file merged with
 * command-line overrides).
 *
 * @throws {ConfigError} naming the first offending field.
 * @example
 * validateConfig(JSON.parse('{"N": 100}')).N // 100
 */
export function validateConfig(raw: unknown): ModelConfig {
  const input = tabulateKernels(raw);
  const result = configSchema.safeParse(input, { errorMap: projectWording });
  if (result.success) return checkSpace(result.data);
  const issue = result.error.issues[0];
  const path = issue.path.join(".");
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const key = issue.keys[0];
    const field = path ? `${path}.${key}` : key;
    const known = path ? knownKeys(path) : FIELDS;
    const hint = known.length ? `Did you mean \`${closest(key, known)}\`?` : "";
    throw new ConfigError(field, key, `a known field (${known.join(", ")})`, hint);
  }
  const missing = issue.code === z.ZodIssueCode.invalid_type && issue.received === "undefined";
  const value = missing ? undefined : valueAt(input, issue.path);
  const given = issue.code === z.ZodIssueCode.invalid_type && !missing ? `${/^[aeiou]/.test(issue.received) ? "An" : "A"} ${issue.received} was given.` : "";
  throw new ConfigError(path || "(config)", value, issue.message, given);
}

/** How a JSON type is named in an error message. */
const TYPE_NAMES: Partial<Record<z.ZodParsedType, string>> = {
  object: "a JSON object {…}",
  array: "a list […]",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  integer: "an integer",
};

/**
 * The messages of the checks that carry none of their own, in the wording of the rest of the
 * schema (what the field must be), instead of zod's ("Expected object, received string").
 */
const projectWording: z.ZodErrorMap = (issue, ctx) => {
  if (ctx.defaultError !== z.defaultErrorMap(issue, { ...ctx, defaultError: "" }).message) return { message: ctx.defaultError }; // the schema's own message
  if (issue.code === z.ZodIssueCode.invalid_type) return { message: issue.received === "undefined" ? "given (it has no default)" : (TYPE_NAMES[issue.expected] ?? issue.expected) };
  if ((issue.code === z.ZodIssueCode.too_small || issue.code === z.ZodIssueCode.too_big) && issue.type === "array") {
    const count = issue.code === z.ZodIssueCode.too_small ? issue.minimum : issue.maximum;
    const bound = issue.exact ? "exactly" : issue.code === z.ZodIssueCode.too_small ? "at least" : "at most";
    return { message: `a list of ${bound} ${count} entries` };
  }
  return { message: ctx.defaultError.charAt(0).toLowerCase() + ctx.defaultError.slice(1) };
};

/** `raw` with each function kernel replaced by its table on i ≤ j, i + j ≤ kmax. @throws {ConfigError} */
function tabulateKernels(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object") return raw;
  const fields = raw as Record<string, unknown>;
  const functions = (["lambda", "mu"] as const).filter((name) => typeof fields[name] === "function");
  if (!functions.length) return raw;
  const { kmax } = validateConfig({ ...fields, lambda: 0, mu: 0 }); // every other field's error first
  const tabulated = { ...fields };
  for (const name of functions) {
    if (kmax === null) {
      throw new ConfigError(name, "(function)", "a number or a table when `kmax` is null", "A function kernel is tabulated on the sizes i ≤ j with i + j ≤ kmax, which needs a finite kmax.");
    }
    const kernel = fields[name] as (i: number, j: number) => number;
    const table: KernelTable = {};
    for (let i = 1; 2 * i <= kmax; i++) for (let j = i; i + j <= kmax; j++) table[`${i},${j}`] = kernel(i, j);
    tabulated[name] = table;
  }
  return tabulated;
}

/** The constraints between `dimension` and `space`, which no single field can check. */
function checkSpace(config: ModelConfig): ModelConfig {
  const { dimension, space } = config;
  if (dimension > 1 && !space) throw new ConfigError("space", undefined, "a `space` box when dimension > 1 (positions and states share the dimension)");
  if (space && space.cells ** dimension > 2 ** 21) throw new ConfigError("space.cells", space.cells, `at most 2²¹ cells in all (cells^dimension, dimension ${dimension})`);
  if (!space && config.initial.position) throw new ConfigError("initial.position", config.initial.position, "absent without a `space` box", "`initial.position` requires `space` (the box of the spatial model).");
  return config;
}

function knownKeys(path: string): string[] {
  if (path === "histogram") return ["min", "max", "bins", "pairBins"];
  if (path === "initial") return ["distribution", "mean", "sd", "min", "max", "means", "weight", "values", "path", "pairedFraction", "position"];
  if (path === "space") return ["length", "cells"];
  if (path === "initial.position") return ["distribution", "amplitude", "path"];
  return [];
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * Reads a JSON config file, dropping its `$schema` (the JSON Schema an editor validates it
 * against, `alignsim/config.schema.json`), which is not part of the config. A relative path in
 * the file (`initial.path`, `initial.position.path`) names a file next to the config file, so it
 * is resolved against the config file's directory and returned absolute: the config then runs
 * from any working directory, and the output records the file that was read.
 *
 * @throws {IOError} when the file cannot be read; {@link ConfigError} when it is not valid JSON.
 * @example
 * import { writeFileSync, mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const path = `${mkdtempSync(`${tmpdir()}/alignsim-`)}/run.json`;
 * writeFileSync(path, '{"$schema": "./node_modules/alignsim/dist/config.schema.json", "N": 500}');
 * validateConfig(readConfigFile(path)).N // 500
 */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new IOError(path, (error as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, "(file)", "valid JSON", (error as Error).message);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return parsed;
  const { $schema: _, ...config } = parsed as Record<string, unknown>;
  return withPathsFrom(dirname(resolve(path)), config);
}

/** The fields of a config that name files, as paths of keys. */
const PATH_FIELDS = [
  ["initial", "path"],
  ["initial", "position", "path"],
];

/** `config` with every relative path of {@link PATH_FIELDS} resolved against `base`. */
function withPathsFrom(base: string, config: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(config);
  for (const keys of PATH_FIELDS) {
    const parent = valueAt(copy, keys.slice(0, -1));
    const key = keys[keys.length - 1];
    if (parent === null || typeof parent !== "object") continue;
    const node = parent as Record<string, unknown>;
    if (typeof node[key] === "string" && node[key] !== "" && !isAbsolute(node[key] as string)) node[key] = resolve(base, node[key] as string);
  }
  return copy;
}

/** Built-in defaults: the configuration used when no file is given. */
export const DEFAULT_CONFIG: ModelConfig = validateConfig({});
