/**
 * Plain-text output shared by the commands: the observables table and default output paths.
 *
 * @module
 */
import { observableNames, type ObservableName, type Summary } from "../contract/run-output.js";

/** results/runs/<kind>-<seed>-<UTC time>, a fresh directory per run. */
export function defaultOutDir(kind: string, seed: number): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return `results/runs/${kind}-${seed}-${stamp}`;
}

/** Prints every observable at every time as `mean ± stderr`. */
export function printSummaryTable(summary: Summary): void {
  const cell = (m: number, s: number | null) => (s ? `${fmt(m)} ± ${fmt(s)}` : fmt(m)).padStart(24);
  console.log(["observable".padEnd(10), ...summary.times.map((t) => `t = ${t}`.padStart(24))].join(""));
  for (const name of observableNames(summary.config.dimension ?? 1)) {
    const e = summary.observables[name as ObservableName];
    console.log([name.padEnd(10), ...summary.times.map((_, i) => cell(e.mean[i], e.stderr[i]))].join(""));
  }
}

function fmt(x: number | null): string {
  if (x === null || Number.isNaN(x)) return "–";
  return Math.abs(x) >= 1e-3 || x === 0 ? x.toPrecision(5) : x.toExponential(3);
}
