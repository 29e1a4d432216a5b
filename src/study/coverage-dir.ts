/**
 * The directory of a coverage study (`alignsim study coverage`): coverage.json, coverage.csv (one
 * row per interval and quantity), figures/coverage.svg, and the study as printed.
 *
 * @module
 */
import { join } from "node:path";
import { type CsvRow, toCsv } from "../compare/csv.js";
import { fmt, interval95, textTable } from "../compare/format.js";
import type { ModelConfig } from "../model/config.js";
import { prepareOutputDir, provenance, writeAtomic } from "../output/files.js";
import { jsonFile } from "../output/json-codec.js";
import { modelCaption } from "../plot/caption.js";
import { coverageFigure } from "../plot/coverage-figure.js";
import { renderFigures } from "../plot/render.js";
import { writeFigures } from "../plot/write.js";
import { checkCoverageStudy, type CoverageStudy, type CoverageStudyOptions, runCoverageStudy } from "./coverage.js";

/** The rows of coverage.csv. */
export function coverageRows(study: CoverageStudy): CsvRow[] {
  return study.rows.map((r) => ({ interval: r.kind, quantity: r.quantity, trials: r.trials, covered: r.covered, missedLow: r.missedLow, fraction: r.fraction, ci95Low: r.ci95[0], ci95High: r.ci95[1] }));
}

/** The caption of the study's figure: the model, K, R, N, the comparison times and the truths. */
export function coverageCaption(study: CoverageStudy): string {
  const { config, spaceConfig } = study;
  const space = spaceConfig ? ` Fields T from a spatial config: N = ${spaceConfig.N}, ${spaceConfig.space!.cells} cells.` : "";
  return `${modelCaption(config)}; K = ${study.ensembles} ensembles of R = ${study.replicas} replicas, N = ${config.N}, seed ${config.seed}; intervals at t ∈ {${study.compareTimes.join(", ")}}, distances to ${study.description.label}. Bars: 95 % intervals of the coverage; dashed: nominal 0.95. Truth: the exact moment hierarchy for means and moment distances; the pool of the other K − 1 ensembles for the f₁ distance and the fields.${space}`;
}

/** The calibration of the distances as rows: truth, bias and spread of D̂² and D̂ against their reported SE. */
export function calibrationRows(study: CoverageStudy): CsvRow[] {
  return Object.entries(study.calibration).map(([distance, c]) => ({
    distance,
    truth: c.truth,
    squaredBias: c.squaredBias,
    squaredBiasStderr: c.squaredBiasStderr,
    squaredSpread: c.squaredSpread,
    squaredReportedSE: c.squaredReportedSE,
    bias: c.bias,
    spread: c.spread,
    reportedSE: c.reportedSE,
  }));
}

/** The study as printed: the coverage per kind, the false-alarm rate, the largest finite-N bias, the warnings. */
export function formatCoverageStudy(study: CoverageStudy): string {
  const table = textTable([
    ["interval", "per ensemble", "coverage", "95% interval", "missed low", "missed high", "truth"],
    ...study.summaries.map((s) => [s.label, String(s.perEnsemble), fmt(s.fraction, 3), interval95(s.ci95), fmt(s.missedLow, 3), fmt(1 - s.fraction - s.missedLow, 3), s.truth]),
  ]);
  const fa = study.falseAlarms;
  const alarms = textTable([
    ["validation level", "false alarms", "rate", "95% interval"],
    ...fa.atLevels.map((a) => [String(a.level), `${a.alarms}/${fa.ensembles - fa.tooFewReplicas}`, fmt(a.rate, 3), interval95(a.ci95)]),
  ]);
  const calibration = textTable([
    ["distance", "truth D", "mean D̂² − D²", "sd(D̂²)", "rms SE(D̂²)", "mean D̂ − D", "sd(D̂)", "rms SE(D̂)"],
    ...calibrationRows(study).map((r) => [String(r.distance), ...["truth", "squaredBias", "squaredSpread", "squaredReportedSE", "bias", "spread", "reportedSE"].map((k) => fmt(r[k] as number, 3))]),
  ]);
  const worst = study.bias.reduce<CoverageStudy["bias"][number] | undefined>((w, b) => (!w || Math.abs(b.inEnsembleSE) > Math.abs(w.inEnsembleSE) ? b : w), undefined);
  const tests = Object.entries(fa.tests).map(([t, n]) => `${t} ${n}`).join(", ");
  return [
    `coverage of ${study.ensembles} ensembles of R = ${study.replicas} replicas (N = ${study.config.N}, ε = ${study.config.epsilon}), intervals at t ∈ {${study.compareTimes.join(", ")}}`,
    "",
    table,
    "",
    "distance estimates over the ensembles (the SE of mean D̂² − D² is sd(D̂²)/√K):",
    calibration,
    "",
    `validation test against the exact hierarchy (${tests}):`,
    alarms,
    ...(worst ? ["", `largest finite-N bias of a mean: ${worst.observable} at t = ${worst.t}, ${fmt(worst.inEnsembleSE, 2)} SE of one ensemble (z = ${fmt(worst.z, 2)} over all K·R replicas)`] : []),
    ...study.warnings.map((w) => `warning: ${w}`),
  ].join("\n");
}

/**
 * Runs a coverage study (./coverage.js) with its replicas under DIR/particles (and
 * DIR/particles-space) and writes DIR: coverage.json, coverage.csv, figures/. Bad input is refused
 * before DIR is created.
 *
 * @throws {ConfigError} naming the field, before any work.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const dir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * const study = await coverageStudyToDir(parseConfig({ N: 500, replicas: 4, mu: 8, times: [0, 1] }), dir, { ensembles: 10, compareTimes: [1], workers: 1 });
 * study.ensembles // 10
 */
export async function coverageStudyToDir(base: ModelConfig, dir: string, options: Omit<CoverageStudyOptions, "dir"> = {}): Promise<CoverageStudy> {
  checkCoverageStudy(base, options);
  prepareOutputDir(dir);
  const study = await runCoverageStudy(base, { ...options, dir });
  const points = study.summaries.map((s) => ({ label: s.label, fraction: s.fraction, lower: s.ci95[0], upper: s.ci95[1], nominal: s.nominal }));
  writeFigures(dir, await renderFigures([coverageFigure(points, coverageCaption(study))]));
  writeAtomic(join(dir, "coverage.csv"), toCsv(coverageRows(study)));
  writeAtomic(join(dir, "coverage.json"), jsonFile({ ...study, provenance: provenance() }));
  return study;
}
