/**
 * Writing a comparison directory: comparison.json, observables.csv, distances.csv,
 * functionals.csv and the figures (f_1 and f_2 of both sides, moments against time).
 *
 * @module
 */
import { join } from "node:path";
import { prepareOutputDir, provenance, writeAtomic } from "../output/files.js";
import { jsonFile } from "../output/json-codec.js";
import { OBSERVABLES, type RunOutput } from "../contract/run-output.js";
import { describedBy, solveDense } from "../kinetic/index.js";
import { modelCaption, particleCaption } from "../plot/caption.js";
import { f1Figure, f2Figure, momentsFigure, type Series } from "../plot/figures.js";
import { type Figure, renderFigures } from "../plot/render.js";
import { writeFigures } from "../plot/write.js";
import type { Comparison } from "./compare.js";
import { type CsvRow, toCsv } from "./csv.js";

/**
 * A kinetic output's observables on a dense time grid (`solveDense`), so that its curves show the
 * initial layer as it is and not as chords between the output times: when it carries the
 * registry description it was solved with (`summary.description`), and re-solving that on its
 * config agrees with it at every output time (to 10⁻⁶ of each observable's scale); otherwise, for
 * particles, for spatial outputs and for summaries without a description, the output itself.
 */
export function denseKinetic(output: RunOutput): RunOutput {
  const described = describedBy(output);
  // A spatial description's moments are those of its full grid solve: not re-solved for a figure.
  if (!described || output.summary.config.space) return output;
  const dense = solveDense(described.name, output.summary.config, described.options);
  const at = output.summary.times.map((t) => dense.summary.times.indexOf(t));
  const agrees = OBSERVABLES.every((q) => {
    const [mine, theirs] = [output.summary.observables[q]?.mean, dense.summary.observables[q]?.mean];
    if (!mine) return true;
    if (!theirs) return false;
    const scale = Math.max(1e-300, ...mine.map((v) => Math.abs(v ?? 0)));
    return mine.every((v, i) => (v === null || !Number.isFinite(v) ? true : at[i] >= 0 && Math.abs((theirs[at[i]] ?? Number.NaN) - v) <= 1e-6 * scale));
  });
  return agrees ? dense : output;
}

/** The figures of a comparison (kinetic moment curves dense in time, {@link denseKinetic}). */
export function comparisonFigures(c: Comparison, a: RunOutput, b: RunOutput): Figure[] {
  const describe = (o: RunOutput) =>
    o.summary.source === "particles" ? particleCaption({ ...o.summary.config, replicas: o.summary.replicas }) : o.summary.source;
  const caption = `A: ${c.a.label}, ${modelCaption(a.summary.config)}, ${describe(a)}. B: ${c.b.label}${c.configDifferences.length ? `, ${modelCaption(b.summary.config)}` : ""}, ${describe(b)}.`;
  const series: Series[] = [
    { label: `A: ${c.a.label}`, output: a },
    { label: `B: ${c.b.label}`, output: b },
  ];
  const figures = [momentsFigure(series.map((s) => ({ ...s, output: denseKinetic(s.output) })), caption)];
  if (a.f1 || b.f1) figures.push(f1Figure(series, caption));
  if (a.f2 && b.f2) figures.push(f2Figure(series, caption));
  return figures;
}

/**
 * Writes the comparison's JSON (comparison.json), CSVs (observables, distances, functionals) and
 * figures into `dir`; `writeReport(dir)` then makes its page.
 *
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const config = parseConfig({ N: 1000, replicas: 4, times: [0, 1] });
 * const [a, b] = [simulateEnsemble(config), solveKinetic("instantaneous", config)];
 * const dir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * await writeComparison(dir, compareRuns(a, b), a, b);
 * (await writeReport(dir)).kind // "comparison"
 */
export async function writeComparison(dir: string, c: Comparison, a: RunOutput, b: RunOutput): Promise<void> {
  prepareOutputDir(dir);
  writeFigures(dir, await renderFigures(comparisonFigures(c, a, b)));
  writeAtomic(join(dir, "observables.csv"), toCsv(c.observables as unknown as CsvRow[]));
  writeAtomic(join(dir, "distances.csv"), toCsv(c.histograms as unknown as CsvRow[]));
  writeAtomic(join(dir, "functionals.csv"), toCsv(c.functionals as unknown as CsvRow[]));
  writeAtomic(join(dir, "comparison.json"), jsonFile({ ...c, provenance: provenance() }));
}
