/**
 * Reading and writing a run directory (`summary.json` and one CSV file per named array of
 * src/contract/output-arrays.ts: `f1.csv`, `f2.csv`, and for the spatial model `fields.csv` and,
 * in d = 1, `f1xv.csv`; docs/file-formats.md). Every file is
 * written atomically (temporary file, fsync, rename), and nothing is written before the whole
 * output is ready, so an interrupted or failed run never leaves a half-written result.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { accessSync, closeSync, constants, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from "node:fs";
import { threadId } from "node:worker_threads";
import { dirname, join, resolve } from "node:path";
import { IOError } from "../errors.js";
import { jsonFile, parseJson } from "./json-codec.js";
import { STORED_COVARIANCE_LIMIT, type Provenance, type RunOutput, type Summary } from "../contract/run-output.js";
import { arrayOf, OUTPUT_ARRAYS, type ArrayTable, type CellOrder, type GridAxis } from "../contract/output-arrays.js";

const VERSION: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

/**
 * Creates `dir` if needed and checks that it is writable, before any computation starts.
 *
 * @returns the first directory it created (`dir` or an ancestor), undefined when `dir` existed.
 * @throws {IOError} naming the directory.
 */
export function prepareOutputDir(dir: string): string | undefined {
  try {
    const created = mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return created;
  } catch (error) {
    throw new IOError(dir, `the output directory cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * Runs `produce` with output directory `dir` prepared first ({@link prepareOutputDir}). When
 * `produce` throws, the directories that preparing created are removed again as long as they are
 * empty, so that a command that fails on its input leaves the disk as it found it.
 *
 * @throws whatever `produce` throws; {@link IOError} when `dir` cannot be written.
 */
export function inOutputDir<T>(dir: string, produce: () => T): T {
  const created = prepareOutputDir(dir);
  try {
    return produce();
  } catch (error) {
    if (created) {
      const stop = dirname(resolve(created));
      for (let folder = resolve(dir); folder !== stop; folder = dirname(folder)) {
        if (!existsSync(folder) || readdirSync(folder).length) break;
        rmdirSync(folder);
      }
    }
    throw error;
  }
}

/**
 * Writes one file atomically: a temporary file beside it, written in full (every byte count that
 * `write` returns is checked, so a full disk's short write is an error, not a truncated file),
 * fsynced, then renamed over `path`. On any failure the temporary is removed and `path` is
 * untouched. Written here rather than with write-file-atomic, whose sync path ignores the byte
 * count of a short write.
 *
 * @throws {IOError} naming `path`.
 */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}-${threadId}.tmp`;
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  try {
    const fd = openSync(temporary, "w");
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
      if (fstatSync(fd).size !== bytes.length) throw new Error(`wrote ${fstatSync(fd).size} of ${bytes.length} bytes`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new IOError(path, (error as Error).message);
  }
}

/**
 * Writes into `dir` the CSV file of every named array the output carries ({@link arrayToCsv}:
 * `f1.csv`, `f2.csv`, …) and then `summary.json` (the JSON codec of ./json-codec.ts), stamping
 * the summary's provenance (version, git commit, Node, date) unless it already carries one. Each
 * file is written atomically.
 *
 * @throws {IOError} when `dir` cannot be written.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const dir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * writeRunOutput(dir, simulateEnsemble(parseConfig({ N: 500, replicas: 3, times: [0, 1] })));
 * readRunOutput(dir).summary.replicas // 3
 */
export function writeRunOutput(dir: string, output: RunOutput): void {
  prepareOutputDir(dir);
  const summary = storedCovariances({ ...output.summary, provenance: output.summary.provenance ?? provenance() }, output.observableCovariance);
  for (const array of OUTPUT_ARRAYS) {
    const value = arrayOf(output, array.name);
    if (value) writeAtomic(join(dir, array.file), arrayToCsv(summary.times, array.table(value), array.cellOrder));
  }
  // summary.json last: a directory with a summary is complete
  writeAtomic(join(dir, "summary.json"), jsonFile(summary));
}

/**
 * The summary with the covariances it keeps: the replicas' `observableCovariance` and the
 * control-variate estimates' `controlVariates.covariance`, each only up to
 * {@link STORED_COVARIANCE_LIMIT} quantities (a larger one is left out of summary.json).
 */
function storedCovariances(summary: Summary, observableCovariance: number[][] | undefined): Summary & { observableCovariance?: number[][] } {
  const fits = (m: number[][] | undefined): m is number[][] => m !== undefined && m.length <= STORED_COVARIANCE_LIMIT;
  const cv = (summary as { controlVariates?: { covariance?: number[][] } }).controlVariates;
  const controlVariates = cv && !fits(cv.covariance) ? { controlVariates: { ...cv, covariance: undefined } } : {};
  return { ...summary, ...controlVariates, ...(fits(observableCovariance) ? { observableCovariance } : {}) };
}

/**
 * The files {@link writeRunOutput} writes for an output, summary.json first.
 *
 * @example
 * runOutputFiles(solveKinetic("moments-exact", parseConfig({ times: [1] }))) // ["summary.json"]
 */
export function runOutputFiles(output: RunOutput): string[] {
  return ["summary.json", ...OUTPUT_ARRAYS.filter(({ name }) => arrayOf(output, name)).map(({ file }) => file)];
}

/**
 * Reads a run directory written by {@link writeRunOutput}, with the replicas' covariance of the
 * observables when summary.json keeps it (the per-replica histograms and fields are in the
 * replica files only: `readRunWithReplicas` of src/ensemble/merge.ts).
 *
 * @throws {IOError} when `summary.json` is missing or malformed, or an array's CSV file is malformed.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const dir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * writeRunOutput(dir, solveKinetic("instantaneous", parseConfig({ times: [0, 1] })));
 * readRunOutput(dir).f1.edges.length // 81
 */
export function readRunOutput(dir: string): RunOutput {
  const summaryPath = join(dir, "summary.json");
  let stored: Summary & { observableCovariance?: number[][] };
  try {
    stored = parseJson(readFileSync(summaryPath, "utf8"));
  } catch (error) {
    throw new IOError(summaryPath, `not a readable summary.json (${(error as Error).message})`);
  }
  const { observableCovariance, ...summary } = stored;
  const arrays = OUTPUT_ARRAYS.flatMap((array) => {
    const path = join(dir, array.file);
    if (!existsSync(path)) return [];
    return [[array.name, array.fromTable(arrayFromCsv(path, summary.times), summary.config)]];
  });
  return { summary, ...Object.fromEntries(arrays), ...(observableCovariance ? { observableCovariance } : {}) };
}

/**
 * f1.csv when a result directory's summary says it was written with one but the file is not
 * there: a particle run always writes it, and so does a velocity-resolved solver (its
 * diagnostics carry the `lattice`). A moment solver writes none.
 *
 * @example
 * missingHistogramFiles("/nonexistent", { source: "particles" } as Summary) // ["f1.csv"]
 */
export function missingHistogramFiles(dir: string, summary: Summary): string[] {
  const { diagnostics } = summary;
  const resolvesStates = summary.source === "particles" || (diagnostics !== undefined && "lattice" in diagnostics);
  return resolvesStates && !existsSync(join(dir, "f1.csv")) ? ["f1.csv"] : [];
}

let cachedGitCommit: string | null | undefined;

/**
 * Version, git commit, Node version and date of a run. The commit is that of alignsim's own
 * checkout (looked up once per process); an installed package, which has no `.git` of its own,
 * reports null rather than the commit of the project it is installed in.
 */
export function provenance(): Provenance {
  if (cachedGitCommit === undefined) {
    const root = new URL("../..", import.meta.url);
    try {
      if (!existsSync(new URL(".git", root))) throw new Error("not a checkout");
      cachedGitCommit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
    } catch {
      cachedGitCommit = null;
    }
  }
  return { alignsim: VERSION, gitCommit: cachedGitCommit, node: process.version, createdAt: new Date().toISOString() };
}

/**
 * The CSV file of a named array (src/contract/output-arrays.ts): one row per time and cell, cells
 * in the order of the table's grid, `t`, then the columns of each axis (`component` for a labelled
 * one, `<axis>_lo,<axis>_hi` for a binned one), then the value columns. E.g. f1.csv
 * `t,v_lo,v_hi,density,stderr`, fields.csv `t,x_lo,x_hi,rho,rho_se,j_x,j_x_se,T,T_se`.
 *
 * @param order - the order of the cells over the axes (the array's `cellOrder`).
 * @example
 * arrayToCsv([0], { axes: [{ kind: "bins", column: "v", edges: [0, 1] }], columns: [{ name: "density", values: [[2]] }] })
 * // "t,v_lo,v_hi,density\n0,0,1,2\n"
 */
export function arrayToCsv(times: number[], table: ArrayTable, order: CellOrder = "row-major"): string {
  const { axes, columns } = table;
  const header = ["t", ...axes.flatMap((axis) => (axis.kind === "labels" ? [axis.column] : [`${axis.column}_lo`, `${axis.column}_hi`])), ...columns.map((c) => c.name)];
  const cells = gridCells(axes, order);
  const rows = [header.join(",")];
  times.forEach((t, ti) => {
    for (const [cell, at] of cells.entries()) {
      const coordinates = axes.flatMap((axis, a): (string | number)[] => (axis.kind === "labels" ? [axis.labels[at[a]]] : [axis.edges[at[a]], axis.edges[at[a] + 1]]));
      rows.push([t, ...coordinates, ...columns.map((c) => c.values[ti][cell])].join(","));
    }
  });
  return `${rows.join("\n")}\n`;
}

/** The number of cells along an axis. */
function axisSize(axis: GridAxis): number {
  return axis.kind === "labels" ? axis.labels.length : axis.edges.length - 1;
}

/** Every cell of a table's grid, in cell-index order, as its index along each axis. */
function gridCells(axes: GridAxis[], order: CellOrder): number[][] {
  const sizes = axes.map(axisSize);
  const count = sizes.reduce((a, b) => a * b, 1);
  // Strides: row-major has the last axis fastest, first-fastest the first.
  const strides = sizes.map((_, a) => (order === "row-major" ? sizes.slice(a + 1) : sizes.slice(0, a)).reduce((x, y) => x * y, 1));
  return Array.from({ length: count }, (_, cell) => sizes.map((size, a) => Math.floor(cell / strides[a]) % size));
}

/** The header and the rows of a CSV file, as text and as numbers (NaN where a cell is not a number). */
function readCsv(path: string): { header: string[]; text: string[][]; rows: number[][] } {
  let content: string;
  try {
    content = readFileSync(path, "utf8");
  } catch (error) {
    throw new IOError(path, (error as Error).message);
  }
  const [header, ...lines] = content.trim().split("\n");
  const text = lines.map((line) => line.split(","));
  return { header: header.split(","), text, rows: text.map((cells) => cells.map(Number)) };
}

/**
 * Reads a named array's CSV file ({@link arrayToCsv}) back into its table: a `component` column is
 * a labelled axis, a pair `<axis>_lo,<axis>_hi` a binned one (its edges those of the first time's
 * rows), the other columns are values, in the file's order of the cells.
 *
 * @throws {IOError} naming the file when its rows are not a whole grid for each time.
 */
function arrayFromCsv(path: string, times: number[]): ArrayTable {
  const { header, text, rows } = readCsv(path);
  const perTime = rows.length / times.length;
  const first = Number.isInteger(perTime) ? perTime : 0;
  const axes: (GridAxis & { at: number })[] = [];
  const columns: ArrayTable["columns"] = [];
  for (let at = 1; at < header.length; at++) {
    const name = header[at];
    if (name === "component") {
      axes.push({ kind: "labels", column: name, labels: [...new Set(text.slice(0, first).map((cells) => cells[at]))], at });
    } else if (name.endsWith("_lo") && header[at + 1] === `${name.slice(0, -3)}_hi`) {
      const edges = [...new Set(rows.slice(0, first).flatMap((r) => [r[at], r[at + 1]]))].sort((a, b) => a - b);
      axes.push({ kind: "bins", column: name.slice(0, -3), edges, at });
      at++;
    } else {
      columns.push({ name, values: times.map((_, ti) => rows.slice(ti * first, (ti + 1) * first).map((r) => r[at])) });
    }
  }
  const cells = axes.reduce((n, axis) => n * axisSize(axis), 1);
  if (first === 0 || cells !== perTime) throw new IOError(path, `has ${rows.length} rows, which is not a whole grid of ${axes.map((a) => a.column).join(" × ")} cells for each of ${times.length} times`);
  return { axes: axes.map(({ at: _, ...axis }) => axis), columns };
}
