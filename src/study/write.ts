/**
 * The tables of an ε-study (CSV and text) and writing a study directory:
 * study.json, distances.csv, orders.csv, validation.csv, summary.md (headline orders, orders at
 * every degree, positivity), replicas.csv (with a resolution target) and figures/.
 *
 * @module
 */
import { join } from "node:path";
import { type CsvRow, toCsv } from "../compare/csv.js";
import { fmt, interval95, textTable, withStderr } from "../compare/format.js";
import { SOLVER_ERROR_FRACTION } from "../compare/distances.js";
import { prepareOutputDir, provenance, writeAtomic } from "../output/files.js";
import { jsonFile } from "../output/json-codec.js";
import type { RenderedFigure } from "../plot/render.js";
import { writeFigures } from "../plot/write.js";
import { DEGREE_DISTANCES, type DegreeOrder, DISTANCE_LABELS, DISTANCE_SOURCES, type DistanceKind, type DistanceSeries, type EpsilonStudy } from "./epsilon.js";

/** distances.csv: one row per description, distance and ε. */
export function distanceRows(study: EpsilonStudy): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const [name, byKind] of Object.entries(study.distances)) {
    for (const [kind, s] of Object.entries(byKind) as [DistanceKind, DistanceSeries][]) {
      study.epsilons.forEach((epsilon, i) =>
        rows.push({
          description: name,
          distance: kind,
          source: s.source,
          epsilon,
          value: s.values[i],
          stderr: s.stderr[i],
          relativeError: s.values[i] > 0 ? s.stderr[i] / s.values[i] : Number.NaN,
          resolved: s.resolved[i],
          squared: s.squared[i],
          squaredStderr: s.squaredStderr[i],
          covariance: s.covariance?.[i] ?? "",
        }),
      );
    }
  }
  return rows;
}

/** orders.csv: every fit, with the headline marked. */
export function orderRows(study: EpsilonStudy): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const [name, byKind] of Object.entries(study.fits)) {
    for (const [kind, fit] of Object.entries(byKind)) {
      rows.push({
        description: name,
        distance: kind,
        source: study.distances[name][kind as DistanceKind]!.source,
        headline: study.orders[name].distance === kind,
        expected: study.descriptions[name].expectedOrder,
        p: fit!.p,
        ci95Low: fit!.ci95[0],
        ci95High: fit!.ci95[1],
        points: fit!.n,
        reducedChi2: fit!.reducedChi2,
        localOrders: fit!.localOrders.map((x) => x.toFixed(3)).join(" "),
        method: fit!.method,
      });
    }
  }
  return rows;
}

/** replicas.csv: per ε, the pilot, the prediction, the R a resolution target chose, the fresh batch's D, and the compute. */
export function replicaRows(study: EpsilonStudy): CsvRow[] {
  return (study.particlePrecision?.epsilons ?? []).map((r) => ({ ...r, stopped: r.stopped ?? "" }));
}

/**
 * An unresolved particle distance: where the kinetic solver's error exceeds D/4, D ± SE with that
 * error (the particles resolve D, the reference does not); where noise swamps D, an upper bound
 * D < √(max(D², 0) + 2·SE(D²)).
 */
function unresolved(s: DistanceSeries, i: number): string {
  if (s.solverError[i] > SOLVER_ERROR_FRACTION * s.values[i]) return `${withStderr(s.values[i], s.stderr[i])}, solver error ${fmt(s.solverError[i], 2)} (unresolved)`;
  return `< ${fmt(Math.sqrt(Math.max(s.squared[i], 0) + 2 * s.squaredStderr[i]), 2)} (unresolved)`;
}

/** The summary table printed by `alignsim study epsilon`. */
export function formatStudy(study: EpsilonStudy): string {
  const header = ["description — distance (source)", ...study.epsilons.map((e) => `ε = ${e}`), "p [95% CI]"];
  const rows: string[][] = [header];
  for (const [name, byKind] of Object.entries(study.distances)) {
    for (const [kind, s] of Object.entries(byKind) as [DistanceKind, DistanceSeries][]) {
      const fit = study.fits[name][kind]!;
      const headline = study.orders[name].distance === kind ? " *" : "";
      rows.push([
        `${study.descriptions[name].label} — ${DISTANCE_LABELS[kind]}`,
        ...s.values.map((v, i) => (s.resolved[i] ? withStderr(v, s.stderr[i]) : unresolved(s, i))),
        `${fmt(fit.p, 3)} ${interval95(fit.ci95)}${headline}`,
      ]);
    }
  }
  const lines = [textTable(rows), "", "* headline order (study.json `orders`)."];
  const precision = study.particlePrecision;
  if (precision) {
    lines.push(`replicas per ε (SE(D) ≤ ${precision.targetRelativeError}·D against ${precision.description}${precision.controlVariates ? ", control variates" : ""}):`);
    for (const r of precision.epsilons) {
      lines.push(
        `  ε = ${r.epsilon}: pilot R0 = ${r.pilotReplicas}, predicted D = ${fmt(r.predictedDistance, 3)} (${r.prediction}), fresh R = ${r.replicas}${r.stopped ? ` of ${r.requiredReplicas} (${r.stopped})` : ""}, ${r.resolved ? "resolved" : "UNRESOLVED"}; ${fmt(r.events, 3)} events, ${fmt(r.wallSeconds, 3)} s on ${r.workers} workers`,
      );
    }
  }
  lines.push(`particles ↔ exact hierarchy (validation): ${study.validation.map((v) => `ε = ${v.epsilon}: ${v.status === "too-few-replicas" ? v.message : `${v.status}, p = ${fmt(v.pValue, 2)}`}`).join("; ")}`);
  return lines.join("\n");
}

/** Markdown version of the headline table (summary.md; README.md and docs/studies.md quote it, `npm run docs:tables`). */
export function markdownOrders(study: EpsilonStudy): string {
  const lines = ["| description | distance (source) | " + study.epsilons.map((e) => `ε = ${e}`).join(" | ") + " | fitted p [95% CI] | expected |", "|---|---|" + study.epsilons.map(() => "---|").join("") + "---|---|"];
  for (const [name, o] of Object.entries(study.orders)) {
    const s = study.distances[name][o.distance]!;
    lines.push(
      `| ${study.descriptions[name].label} | ${DISTANCE_LABELS[o.distance]} | ${s.values.map((v, i) => withStderr(v, s.stderr[i])).join(" | ")} | ${fmt(o.p, 3)} ${interval95(o.ci95)} | ${o.expected ?? "–"} |`,
    );
  }
  return lines.join("\n");
}

/** Markdown table of the orders at every degree (exact-hierarchy distances) and of the positivity of f_1 where it is tracked. */
export function markdownOrdersByDegree(study: EpsilonStudy): string {
  const degrees = Object.keys(DEGREE_DISTANCES);
  const cell = (o: DegreeOrder | undefined) => (o && Number.isFinite(o.p) ? `${fmt(o.p, 3)} ${interval95(o.ci95)}` : "–");
  const lines = [
    `| description | ${degrees.map((r) => `p at degree ${r} [95% CI]`).join(" | ")} | source | expected |`,
    `|---|${degrees.map(() => "---|").join("")}---|---|`,
  ];
  for (const [name, o] of Object.entries(study.orders)) {
    lines.push(`| ${study.descriptions[name].label} | ${degrees.map((r) => cell(o.byDegree[r])).join(" | ")} | ${DISTANCE_SOURCES.momentsExact} | ${o.expected ?? "–"} |`);
  }
  for (const [name, rows] of Object.entries(study.positivity)) {
    lines.push("", `${study.descriptions[name].label}, positivity of f₁ per ε: ${rows.map((r) => `ε = ${r.epsilon}: min f₁ = ${fmt(r.minF1, 3)}${r.firstNegativeTime === null ? "" : `, negative from t = ${fmt(r.firstNegativeTime, 3)}`}`).join("; ")}.`);
  }
  return lines.join("\n");
}

/** summary.md: the headline orders, then the orders at every degree and the positivity of f_1. */
export function summaryMarkdown(study: EpsilonStudy): string {
  return `${markdownOrders(study)}\n\nOrders at every degree (exact-hierarchy distances):\n\n${markdownOrdersByDegree(study)}\n`;
}

/** Writes a study directory. */
export function writeEpsilonStudy(dir: string, study: EpsilonStudy, figures: RenderedFigure[]): void {
  prepareOutputDir(dir);
  writeFigures(dir, figures);
  writeAtomic(join(dir, "distances.csv"), toCsv(distanceRows(study)));
  writeAtomic(join(dir, "orders.csv"), toCsv(orderRows(study)));
  writeAtomic(join(dir, "validation.csv"), toCsv(study.validation as unknown as CsvRow[]));
  if (study.particlePrecision) writeAtomic(join(dir, "replicas.csv"), toCsv(replicaRows(study)));
  writeAtomic(join(dir, "summary.md"), summaryMarkdown(study));
  writeAtomic(join(dir, "study.json"), jsonFile({ ...study, provenance: provenance() }));
}
