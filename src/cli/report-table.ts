/**
 * Plain-text output shared by the commands: the observables table and default output paths.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { fmt } from "../compare/format.js";
import { observableNames, type ObservableName, type Summary } from "../contract/run-output.js";

/** Default directories named so far by this process. */
let made = 0;

/**
 * results/runs/<kind>-<seed>-<UTC time to the millisecond>-<process id>.<count>-<random>, a
 * fresh directory per run: the count tells apart the directories of one process, the process
 * id those of processes started in the same millisecond, and the random part those of two
 * machines sharing a disk.
 *
 * @example
 * defaultOutDir("run", 1) // "results/runs/run-1-20261207T091503123Z-4242.0-9f3a", say
 */
export function defaultOutDir(kind: string, seed: number): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, "");
  return `results/runs/${kind}-${seed}-${stamp}-${process.pid}.${made++}-${randomBytes(2).toString("hex")}`;
}

/** Prints every observable at every time as `mean ± stderr` (an integer, such as M₁ = 1 at t = 0, as an integer). */
export function printSummaryTable(summary: Summary): void {
  const cell = (m: number, s: number | null) => (s ? `${fmt(m, 5)} ± ${fmt(s, 5)}` : fmt(m, 5)).padStart(24);
  console.log(["observable".padEnd(10), ...summary.times.map((t) => `t = ${t}`.padStart(24))].join(""));
  for (const name of observableNames(summary.config.dimension ?? 1)) {
    const e = summary.observables[name as ObservableName];
    console.log([name.padEnd(10), ...summary.times.map((_, i) => cell(e.mean[i], e.stderr[i]))].join(""));
  }
}
