/**
 * Reading and writing a run directory (`summary.json`, `f1.csv`, `f2.csv`). Every file is
 * written atomically (temporary file, fsync, rename), and nothing is written before the whole
 * output is ready, so an interrupted or failed run never leaves a half-written result.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { IOError } from "../errors.js";
import type { Histogram1D, Histogram2D, Provenance, RunOutput, Summary } from "../contract/run-output.js";

const VERSION: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

/**
 * Creates `dir` if needed and checks that it is writable, before any computation starts.
 *
 * @throws {IOError} naming the directory.
 */
export function prepareOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new IOError(dir, `the output directory cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes one file atomically: temporary file, fsync, rename. */
export function writeAtomic(path: string, content: string): void {
  try {
    writeFileAtomic.sync(path, content, { fsync: true });
  } catch (error) {
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
  const summary = { ...output.summary, provenance: output.summary.provenance ?? provenance() };
  if (output.f1) writeAtomic(join(dir, "f1.csv"), histogram1DToCsv(summary.times, output.f1));
  if (output.f2) writeAtomic(join(dir, "f2.csv"), histogram2DToCsv(summary.times, output.f2));
  writeAtomic(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
}

/**
 * Reads a run directory written by {@link writeRunOutput}.
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
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(summaryPath, "utf8"));
  } catch (error) {
    throw new IOError(summaryPath, `not a readable summary.json (${(error as Error).message})`);
  }
  const f1Path = join(dir, "f1.csv");
  const f1 = existsSync(f1Path) ? (histogramFromCsv(f1Path, summary.times, 1) as Histogram1D) : undefined;
  const f2Path = join(dir, "f2.csv");
  const f2 = existsSync(f2Path) ? (histogramFromCsv(f2Path, summary.times, 2) as Histogram2D) : undefined;
  return { summary, f1, f2 };
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

/** f1.csv: one row per time and bin, `t,v_lo,v_hi,density,stderr`, and `error` when a kinetic solver estimated it. */
export function histogram1DToCsv(times: number[], h: Histogram1D): string {
  const rows = [`t,v_lo,v_hi,density,stderr${h.error ? ",error" : ""}`];
  times.forEach((t, ti) => {
    for (let b = 0; b + 1 < h.edges.length; b++) {
      rows.push(`${t},${h.edges[b]},${h.edges[b + 1]},${h.density[ti][b]},${h.stderr[ti][b]}${h.error ? `,${h.error[ti][b]}` : ""}`);
    }
  });
  return `${rows.join("\n")}\n`;
}

/** f2.csv: one row per time and cell, `t,v1_lo,v1_hi,v2_lo,v2_hi,density,stderr`. */
export function histogram2DToCsv(times: number[], h: Histogram2D): string {
  const rows = ["t,v1_lo,v1_hi,v2_lo,v2_hi,density,stderr"];
  const bins = h.edges.length - 1;
  times.forEach((t, ti) => {
    for (let a = 0; a < bins; a++) {
      for (let b = 0; b < bins; b++) {
        const cell = a * bins + b;
        rows.push(`${t},${h.edges[a]},${h.edges[a + 1]},${h.edges[b]},${h.edges[b + 1]},${h.density[ti][cell]},${h.stderr[ti][cell]}`);
      }
    }
  });
  return `${rows.join("\n")}\n`;
}

/** Parses f1.csv (dims 1) or f2.csv (dims 2) back into a histogram on the summary's times. */
function histogramFromCsv(path: string, times: number[], dims: 1 | 2): Histogram1D | Histogram2D {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new IOError(path, (error as Error).message);
  }
  const [header, ...lines] = text.trim().split("\n");
  const hasError = header.endsWith(",error");
  const cellsPerTime = lines.length / times.length;
  const bins = dims === 1 ? cellsPerTime : Math.round(Math.sqrt(cellsPerTime));
  if (!Number.isInteger(cellsPerTime) || (dims === 2 && bins * bins !== cellsPerTime)) {
    throw new IOError(path, `has ${lines.length} rows, which is not a whole histogram for each of ${times.length} times`);
  }
  const density: number[][] = times.map(() => []);
  const stderr: number[][] = times.map(() => []);
  const error: number[][] = times.map(() => []);
  const edges: number[] = [];
  lines.forEach((line, i) => {
    const cols = line.split(",").map(Number);
    const ti = Math.floor(i / cellsPerTime);
    const last = hasError ? cols.length - 2 : cols.length - 1;
    density[ti].push(cols[last - 1]);
    stderr[ti].push(cols[last]);
    if (hasError) error[ti].push(cols[last + 1]);
    if (ti === 0 && i < bins) edges.push(cols[dims === 1 ? 1 : 3]);
    if (ti === 0 && i === bins - 1) edges.push(cols[dims === 1 ? 2 : 4]);
  });
  return { edges, density, stderr, ...(hasError ? { error } : {}) };
}
