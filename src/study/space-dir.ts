/**
 * The space study's directory: space-study.json, distances.csv, orders.csv and figures/ (the
 * distance against ε and against h with the fitted orders, and the particles beside the kinetic
 * reference at the smallest ε and finest cells), and its tables as printed and as Markdown.
 *
 * @module
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CsvRow, toCsv } from "../compare/csv.js";
import { fmt, textTable, withStderr } from "../compare/format.js";
import type { RunOutput } from "../contract/run-output.js";
import { defaultWorkers } from "../ensemble/run-ensemble.js";
import { checkKineticConfig, solveKinetic } from "../kinetic/index.js";
import type { ModelConfig } from "../model/config.js";
import { prepareOutputDir, provenance, writeAtomic } from "../output/files.js";
import { jsonFile } from "../output/json-codec.js";
import { modelCaption, particleCaption } from "../plot/caption.js";
import { convergenceFigure, type Series } from "../plot/figures.js";
import { renderFigures } from "../plot/render.js";
import { densityProfilesFigure, phaseSpaceFigure } from "../plot/space-figures.js";
import { writeFigures } from "../plot/write.js";
import type { OrderFit } from "./order-fit.js";
import { pooledParticles } from "./run-study.js";
import { DEFAULT_SPACE_CELLS, runSpaceStudy, type SpaceDistanceRow, type SpaceStudy, type SpaceStudyOptions, sweepRows } from "./space.js";

/** The built-in configuration of the space study: two counter-streaming beams over a density wave in d = 1. */
export const SPACE_STUDY_CONFIG_PATH = fileURLToPath(new URL("./space-config.json", import.meta.url));

/** What {@link spaceStudyToDir} takes beyond the sweeps. */
export interface SpaceStudyDirOptions extends Omit<SpaceStudyOptions, "runParticles" | "solveReference"> {
  workers?: number;
  resume?: boolean;
  /** Where the particle ensembles go (default DIR/particles). */
  particlesDir?: string;
}

/** distances.csv: one row per particle ensemble, the distance of each field alone in its own columns. */
export function spaceDistanceRows(study: SpaceStudy): CsvRow[] {
  return study.rows.map(({ byField, ...row }) => ({
    ...row,
    distanceRho: byField.rho.value,
    stderrRho: byField.rho.stderr,
    distanceJ: byField.j.value,
    stderrJ: byField.j.stderr,
    distanceT: byField.T.value,
    stderrT: byField.T.stderr,
  }));
}

/** orders.csv: the two fitted orders. */
export function spaceOrderRows(study: SpaceStudy): CsvRow[] {
  const row = (sweep: string, fit: OrderFit | null): CsvRow => ({ sweep, p: fit?.p ?? null, ci95Lower: fit?.ci95[0] ?? null, ci95Upper: fit?.ci95[1] ?? null, points: fit?.n ?? 0, reducedChi2: fit?.reducedChi2 ?? null });
  return [row("epsilon", study.orders.epsilon), row("cellSize", study.orders.cellSize)];
}

/** The distances and orders as printed. */
export function formatSpaceStudy(study: SpaceStudy): string {
  const pm = (d: { value: number; stderr: number }) => withStderr(d.value, d.stderr);
  const rows = [
    ["sweep", "ε", "C", "h", "R", "D", "SE(D)", "resolved", "D(ρ)", "D(j)", "D(T)"],
    ...study.rows.map((r) => [r.sweep, String(r.epsilon), String(r.cells), fmt(r.h, 3), String(r.replicas), fmt(r.distance), fmt(r.stderr, 2), r.resolved ? "yes" : "no", pm(r.byField.rho), pm(r.byField.j), pm(r.byField.T)]),
  ];
  const order = (name: string, fit: OrderFit | null) => `${name}: ${fit ? `p = ${fmt(fit.p, 3)} [${fmt(fit.ci95[0], 3)}, ${fmt(fit.ci95[1], 3)}] from ${fit.n} points` : "not fitted"}`;
  return [textTable(rows), order("order in ε (finest cells)", study.orders.epsilon), order("order in h (smallest ε)", study.orders.cellSize), ...study.warnings.map((w) => `warning: ${w}`)].join("\n");
}

/** The distance table in Markdown (docs/space.md quotes it, `npm run docs:tables`). */
export function markdownSpaceStudy(study: SpaceStudy): string {
  const pm = (d: { value: number; stderr: number }) => withStderr(d.value, d.stderr);
  const lines = ["| sweep | ε | cells C | h | R | D (ρ, j, T) | D(ρ) | D(j) | D(T) |", "|---|---|---|---|---|---|---|---|---|"];
  for (const r of study.rows) lines.push(`| ${r.sweep === "epsilon" ? "ε" : "h"} | ${r.epsilon} | ${r.cells} | ${fmt(r.h, 3)} | ${r.replicas} | ${pm({ value: r.distance, stderr: r.stderr })} | ${pm(r.byField.rho)} | ${pm(r.byField.j)} | ${pm(r.byField.T)} |`);
  const order = (fit: OrderFit | null) => (fit ? `${fmt(fit.p, 2)} [${fmt(fit.ci95[0], 2)}, ${fmt(fit.ci95[1], 2)}]` : "not fitted");
  lines.push("", `Fitted orders (95 % intervals): in ε, p = ${order(study.orders.epsilon)}; in h, p = ${order(study.orders.cellSize)}.`);
  return lines.join("\n");
}

/**
 * Runs the space study with its particle ensembles on the worker pool (replica files under
 * DIR/particles, kept with `resume`) and the kinetic reference in this thread, and writes DIR.
 *
 * @throws {ConfigError} when `base` is not a d = 1 spatial configuration, or the reference cannot
 *   be solved on one of the cell counts (not a power of two), before any work starts.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const base = parseConfig({ N: 2000, replicas: 4, times: [0, 0.25], space: { length: 1, cells: 4 } });
 * const study = await spaceStudyToDir(base, mkdtempSync(`${tmpdir()}/alignsim-`), { epsilons: [0.2, 0.1], cells: [2, 4], compareTimes: [0.25], workers: 1 });
 * study.rows.length // 3
 */
export async function spaceStudyToDir(base: ModelConfig, dir: string, options: SpaceStudyDirOptions = {}): Promise<SpaceStudy> {
  for (const cells of options.cells ?? DEFAULT_SPACE_CELLS) checkKineticConfig("instantaneous", { ...base, space: base.space && { ...base.space, cells } });
  prepareOutputDir(dir);
  const particlesDir = options.particlesDir ?? join(dir, "particles");
  if (!options.resume) rmSync(particlesDir, { recursive: true, force: true });
  const outputs = new Map<SpaceDistanceRow, [RunOutput, RunOutput]>();
  const study = await runSpaceStudy(base, {
    ...options,
    runParticles: pooledParticles(particlesDir, options.workers ?? defaultWorkers(), (c) => `eps-${c.epsilon}-cells-${c.space!.cells}`),
    solveReference: (config) => solveKinetic("instantaneous", config),
    onPoint: (row, particles, reference) => {
      options.onPoint?.(row, particles, reference);
      outputs.set(row, [particles, reference]);
    },
  });
  const sweeps = sweepRows(study.rows);
  const [particles, reference] = outputs.get(sweeps.corner)!;
  const corner: Series[] = [
    { label: `particles, ε = ${sweeps.corner.epsilon}, C = ${sweeps.corner.cells}`, output: particles },
    { label: "kinetic reference (33) in space", output: reference },
  ];
  const caption = `${modelCaption(base, false, study.cells)}; ${particleCaption(base)}; distances at t ∈ {${study.compareTimes.join(", ")}}.`;
  const plotted = [
    { name: "space-epsilon", rows: sweeps.epsilon, x: (r: SpaceDistanceRow) => r.epsilon, fit: study.orders.epsilon, curve: `particles vs (33) in space, C = ${sweeps.corner.cells}`, axis: "ε", against: "ε", references: [{ p: 1, label: "ε¹" }] },
    { name: "space-cells", rows: sweeps.cells, x: (r: SpaceDistanceRow) => r.h, fit: study.orders.cellSize, curve: `particles vs (33) in space, ε = ${sweeps.corner.epsilon}`, axis: "cell size h = L/C", against: "the cell size", references: [{ p: 1, label: "h¹" }, { p: 2, label: "h²" }] },
  ];
  const figures = await renderFigures([
    ...plotted.map(({ name, rows, x, fit, curve, axis, against, references }) => {
      const xs = rows.map(x);
      return convergenceFigure(
        rows.map((r) => ({ curve, x: x(r), value: r.distance, stderr: r.stderr })),
        fit ? [{ curve, C: fit.C, p: fit.p, ci95: fit.ci95, xMin: Math.min(...xs), xMax: Math.max(...xs) }] : [],
        caption,
        { x: axis, y: "L2 distance of (ρ, j, T)", title: `Particles against the kinetic reference in space, against ${against}`, references },
        name,
      );
    }),
    densityProfilesFigure(corner, caption, study.compareTimes),
    phaseSpaceFigure(corner, caption, study.compareTimes.slice(-1)),
  ]);
  writeFigures(dir, figures);
  writeAtomic(join(dir, "distances.csv"), toCsv(spaceDistanceRows(study)));
  writeAtomic(join(dir, "orders.csv"), toCsv(spaceOrderRows(study)));
  writeAtomic(join(dir, "space-study.json"), jsonFile({ ...study, provenance: provenance() }));
  return study;
}
