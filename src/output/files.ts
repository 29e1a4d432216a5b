/**
 * Reading and writing a run directory (`summary.json`, `f1.csv`, `f2.csv`, and for the spatial
 * model `fields.csv` and, in d = 1, `f1xv.csv`; docs/file-formats.md). Every file is
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
import { AXES, STORED_COVARIANCE_LIMIT, type CellEstimate, type Fields, type Histogram1D, type Histogram2D, type PhaseSpaceHistogram, type Provenance, type RunOutput, type Summary } from "../contract/run-output.js";

const VERSION: string = parseJson<{ version: string }>(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

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
 * Writes `summary.json`, `f1.csv` and, if present, `f2.csv` into `dir`, stamping the summary's
 * provenance (version, git commit, Node, date) unless it already carries one. Each file is
 * written atomically.
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
  const { times } = summary;
  const content: Record<string, () => string> = {
    "f1.csv": () => histogram1DToCsv(times, output.f1!),
    "f2.csv": () => histogram2DToCsv(times, output.f2!),
    "fields.csv": () => fieldsToCsv(times, output.fields!),
    "f1xv.csv": () => phaseSpaceToCsv(times, output.f1xv!),
    "summary.json": () => jsonFile(summary),
  };
  // summary.json last: a directory with a summary is complete
  for (const file of [...runOutputFiles(output).slice(1), "summary.json"]) writeAtomic(join(dir, file), content[file]());
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
  const present: [string, unknown][] = [["f1.csv", output.f1], ["f2.csv", output.f2], ["fields.csv", output.fields], ["f1xv.csv", output.f1xv]];
  return ["summary.json", ...present.filter(([, part]) => part).map(([file]) => file)];
}

/**
 * Reads a run directory written by {@link writeRunOutput}, with the replicas' covariance of the
 * observables when summary.json keeps it (the per-replica histograms and fields are in the
 * replica files only: `readRunWithReplicas` of src/ensemble/merge.ts).
 *
 * @throws {IOError} when `summary.json` or `f1.csv` is missing or malformed.
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
  const f1Path = join(dir, "f1.csv");
  const f1 = existsSync(f1Path) ? (histogramFromCsv(f1Path, summary.times, 1) as Histogram1D) : undefined;
  const f2Path = join(dir, "f2.csv");
  const f2 = existsSync(f2Path) ? (histogramFromCsv(f2Path, summary.times, 2) as Histogram2D) : undefined;
  const space = summary.config.space;
  const fieldsPath = join(dir, "fields.csv");
  const fields = space && existsSync(fieldsPath) ? fieldsFromCsv(fieldsPath, summary.times, summary.config.dimension, space) : undefined;
  const f1xvPath = join(dir, "f1xv.csv");
  const f1xv = existsSync(f1xvPath) ? phaseSpaceFromCsv(f1xvPath, summary.times) : undefined;
  return { summary, f1, f2, ...(fields ? { fields } : {}), ...(f1xv ? { f1xv } : {}), ...(observableCovariance ? { observableCovariance } : {}) };
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
  const resolvesStates = summary.source === "particles" || summary.diagnostics?.lattice !== undefined;
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
 * f1.csv: one row per time and bin, `t,v_lo,v_hi,density,stderr`, and `error` when a kinetic
 * solver estimated it; in dimension d > 1 a `component` column (x, y, z) after `t`, one
 * marginal per component.
 */
export function histogram1DToCsv(times: number[], h: Histogram1D): string {
  const components = h.components ?? 1;
  const bins = h.edges.length - 1;
  const rows = [`t,${components > 1 ? "component," : ""}v_lo,v_hi,density,stderr${h.error ? ",error" : ""}`];
  times.forEach((t, ti) => {
    for (let c = 0; c < components; c++) {
      for (let b = 0; b < bins; b++) {
        const i = c * bins + b;
        rows.push(`${t},${components > 1 ? `${AXES[c]},` : ""}${h.edges[b]},${h.edges[b + 1]},${h.density[ti][i]},${h.stderr[ti][i]}${h.error ? `,${h.error[ti][i]}` : ""}`);
      }
    }
  });
  return `${rows.join("\n")}\n`;
}

/** f2.csv: one row per time and cell, `t,v1_lo,v1_hi,v2_lo,v2_hi,density,stderr` (d > 1: a `component` column after `t`). */
export function histogram2DToCsv(times: number[], h: Histogram2D): string {
  const components = h.components ?? 1;
  const rows = [`t,${components > 1 ? "component," : ""}v1_lo,v1_hi,v2_lo,v2_hi,density,stderr`];
  const bins = h.edges.length - 1;
  times.forEach((t, ti) => {
    for (let c = 0; c < components; c++) {
      for (let a = 0; a < bins; a++) {
        for (let b = 0; b < bins; b++) {
          const cell = c * bins * bins + a * bins + b;
          rows.push(`${t},${components > 1 ? `${AXES[c]},` : ""}${h.edges[a]},${h.edges[a + 1]},${h.edges[b]},${h.edges[b + 1]},${h.density[ti][cell]},${h.stderr[ti][cell]}`);
        }
      }
    }
  });
  return `${rows.join("\n")}\n`;
}

/**
 * fields.csv: one row per time and cell, `t,x_lo,x_hi[,y_lo,y_hi[,z_lo,z_hi]],rho,rho_se,
 * j_x,j_x_se[,j_y,j_y_se[,j_z,j_z_se]],T,T_se`, cells in the order i_x + C·i_y + C²·i_z.
 */
export function fieldsToCsv(times: number[], fields: Fields): string {
  const { dimension, length, cells } = fields;
  const axes = AXES.slice(0, dimension);
  const h = length / cells;
  const columns: [string, CellEstimate][] = [["rho", fields.rho], ...axes.map((axis, c): [string, CellEstimate] => [`j_${axis}`, fields.momentum[c]]), ["T", fields.T]];
  const rows = [["t", ...axes.flatMap((axis) => [`${axis}_lo`, `${axis}_hi`]), ...columns.flatMap(([name]) => [name, `${name}_se`])].join(",")];
  times.forEach((t, ti) => {
    for (let cell = 0; cell < cells ** dimension; cell++) {
      const edges = axes.flatMap((_, c) => {
        const i = Math.floor(cell / cells ** c) % cells;
        return [i * h, (i + 1) * h];
      });
      rows.push([t, ...edges, ...columns.flatMap(([, e]) => [e.mean[ti][cell], e.stderr[ti][cell]])].join(","));
    }
  });
  return `${rows.join("\n")}\n`;
}

/** f1xv.csv: one row per time, x cell and v bin, `t,x_lo,x_hi,v_lo,v_hi,density,stderr`. */
export function phaseSpaceToCsv(times: number[], f: PhaseSpaceHistogram): string {
  const rows = ["t,x_lo,x_hi,v_lo,v_hi,density,stderr"];
  const bins = f.vEdges.length - 1;
  times.forEach((t, ti) => {
    for (let ix = 0; ix + 1 < f.xEdges.length; ix++) {
      for (let iv = 0; iv < bins; iv++) {
        const i = ix * bins + iv;
        rows.push(`${t},${f.xEdges[ix]},${f.xEdges[ix + 1]},${f.vEdges[iv]},${f.vEdges[iv + 1]},${f.density[ti][i]},${f.stderr[ti][i]}`);
      }
    }
  });
  return `${rows.join("\n")}\n`;
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

/** Parses f1.csv (dims 1) or f2.csv (dims 2) back into a histogram on the summary's times. */
function histogramFromCsv(path: string, times: number[], dims: 1 | 2): Histogram1D | Histogram2D {
  const { header, text, rows: lines } = readCsv(path);
  const hasError = header.at(-1) === "error";
  const hasComponent = header[1] === "component";
  const cellsPerTime = lines.length / times.length;
  const components = hasComponent ? new Set(text.map((cells) => cells[1])).size : 1;
  const perComponent = cellsPerTime / components;
  const bins = dims === 1 ? perComponent : Math.round(Math.sqrt(perComponent));
  if (!Number.isInteger(cellsPerTime) || !Number.isInteger(perComponent) || (dims === 2 && bins * bins !== perComponent)) {
    throw new IOError(path, `has ${lines.length} rows, which is not a whole histogram for each of ${times.length} times`);
  }
  const skip = hasComponent ? 1 : 0;
  const density: number[][] = times.map(() => []);
  const stderr: number[][] = times.map(() => []);
  const error: number[][] = times.map(() => []);
  const edges: number[] = [];
  lines.forEach((cols, i) => {
    const ti = Math.floor(i / cellsPerTime);
    const last = hasError ? cols.length - 2 : cols.length - 1;
    density[ti].push(cols[last - 1]);
    stderr[ti].push(cols[last]);
    if (hasError) error[ti].push(cols[last + 1]);
    if (ti === 0 && i < bins) edges.push(cols[skip + (dims === 1 ? 1 : 3)]);
    if (ti === 0 && i === bins - 1) edges.push(cols[skip + (dims === 1 ? 2 : 4)]);
  });
  return { edges, density, stderr, ...(hasError ? { error } : {}), ...(components > 1 ? { components } : {}) };
}

/** Parses fields.csv back into {@link Fields}. */
function fieldsFromCsv(path: string, times: number[], dimension: number, box: { length: number; cells: number }): Fields {
  const { header, rows } = readCsv(path);
  const cells = box.cells ** dimension;
  if (rows.length !== times.length * cells) throw new IOError(path, `has ${rows.length} rows, expected ${times.length * cells} (${times.length} times × ${cells} cells)`);
  const column = (name: string): CellEstimate => {
    const at = header.indexOf(name);
    if (at < 0) throw new IOError(path, `has no column \`${name}\``);
    return {
      mean: times.map((_, ti) => rows.slice(ti * cells, (ti + 1) * cells).map((r) => r[at])),
      stderr: times.map((_, ti) => rows.slice(ti * cells, (ti + 1) * cells).map((r) => r[at + 1])),
    };
  };
  return { dimension, length: box.length, cells: box.cells, rho: column("rho"), momentum: AXES.slice(0, dimension).map((axis) => column(`j_${axis}`)), T: column("T") };
}

/** Parses f1xv.csv back into a {@link PhaseSpaceHistogram}. */
function phaseSpaceFromCsv(path: string, times: number[]): PhaseSpaceHistogram {
  const { rows } = readCsv(path);
  const perTime = rows.length / times.length;
  const first = rows.slice(0, perTime);
  const xEdges = [...new Set(first.flatMap((r) => [r[1], r[2]]))].sort((a, b) => a - b);
  const vEdges = [...new Set(first.flatMap((r) => [r[3], r[4]]))].sort((a, b) => a - b);
  if (!Number.isInteger(perTime) || perTime !== (xEdges.length - 1) * (vEdges.length - 1)) throw new IOError(path, `has ${rows.length} rows, which is not a whole x–v histogram for each of ${times.length} times`);
  return {
    xEdges,
    vEdges,
    density: times.map((_, ti) => rows.slice(ti * perTime, (ti + 1) * perTime).map((r) => r[5])),
    stderr: times.map((_, ti) => rows.slice(ti * perTime, (ti + 1) * perTime).map((r) => r[6])),
  };
}
