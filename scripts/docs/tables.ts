/**
 * The tables that README.md and docs/*.md quote from the committed reference results, generated
 * from those results so that no quoted number can drift from them. A document marks each such
 * table as a region
 *
 *   <!-- table:NAME -->
 *   …generated lines…
 *   <!-- /table -->
 *
 * and this script rewrites every region's lines from results/reference/ (NAME is a key of
 * {@link TABLES}). test/docs/tables.test.ts fails when a committed region differs from what the
 * script writes.
 *
 *   npm run docs:tables            rewrite the regions of README.md and docs/*.md
 *   npm run docs:tables -- --check list the regions that differ, exit status 1 if any
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt } from "../../src/compare/format.js";
import { KINETIC_MODELS, type KineticModelName } from "../../src/kinetic/index.js";
import { writeAtomic } from "../../src/output/files.js";
import type { DegreeOrder, EpsilonStudy } from "../../src/study/epsilon.js";
import type { SpaceStudy } from "../../src/study/space.js";
import { markdownSpaceStudy } from "../../src/study/space-dir.js";

/** The repository's root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const REFERENCE = join(ROOT, "results/reference");

const read = (path: string) => readFileSync(join(REFERENCE, path), "utf8");

/** The first markdown table of a file (its first run of lines starting with `|`). */
function firstTable(text: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  if (start < 0) throw new Error("no markdown table in the file");
  const end = lines.findIndex((line, i) => i > start && !line.startsWith("|"));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** The orders at every degree of the exact-hierarchy distances, as scripts/study/degrees.ts writes them for one initial law. */
type DegreeStudy = Pick<EpsilonStudy, "epsilons" | "orders"> & { weight: number };

/**
 * Orders at degrees 2, 3, 4 of the distance to the exact hierarchy, on the study's symmetric
 * bimodal law and on the skewed one (weights 0.3/0.7, where C1_3 does not vanish), from
 * results/reference/study-degrees/ (deterministic: no particles).
 */
function degreesTable(): string {
  const laws: DegreeStudy[] = ["symmetric.json", "skewed.json"].map((file) => JSON.parse(read(join("study-degrees", file))));
  const degrees = ["2", "3", "4"];
  // study.json writes a missing order (NaN) as the string "NaN"
  const cell = (o: DegreeOrder | undefined) => (o && Number.isFinite(Number(o.p)) ? `${fmt(Number(o.p), 3)} [${fmt(Number(o.ci95[0]), 3)}, ${fmt(Number(o.ci95[1]), 3)}]` : "–");
  const columns = laws.flatMap((law) => degrees.map((r) => `degree ${r}, weights ${law.weight}/${+(1 - law.weight).toFixed(10)}`));
  const lines = [`| description | ${columns.join(" | ")} | expected |`, `|---|${columns.map(() => "---|").join("")}---|`];
  for (const name of Object.keys(laws[0].orders)) {
    const cells = laws.flatMap((law) => degrees.map((r) => cell(law.orders[name]?.byDegree[r])));
    lines.push(`| ${KINETIC_MODELS[name as KineticModelName].label} | ${cells.join(" | ")} | ${laws[0].orders[name].expected ?? "–"} |`);
  }
  return lines.join("\n");
}

/** The positivity lines of (49) in a study's summary.md (one paragraph per initial datum). */
function positivityLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => line.includes("positivity of f₁"))
    .join("\n\n");
}

/** x·10ⁿ with a three-digit mantissa, for event counts. */
function timesTenTo(x: number): string {
  const [mantissa, exponent] = x.toExponential(2).split("e");
  const superscript = (d: string) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)] ?? "⁻";
  return `${mantissa}·10${[...String(Number(exponent))].map(superscript).join("")}`;
}

/**
 * Per ε of the particle-only ε-study: the pilot, the hierarchy's predicted distance, the R the
 * rule chose (and what stopped it short), the fresh batch's distance, its events and wall time,
 * from results/reference/study-epsilon-particles/study.json (`particlePrecision`).
 */
function particleReplicasTable(): string {
  const study: EpsilonStudy = JSON.parse(read("study-epsilon-particles/study.json"));
  const rows = study.particlePrecision!.epsilons;
  const pilots = [...new Set(rows.map((r) => r.pilotReplicas))].join(", ");
  const pm = (value: number, stderr: number) => `${value.toExponential(2)} ± ${stderr.toExponential(1)}`;
  const lines = [
    `| ε | pilot: D ± SE(D) (R₀ = ${pilots}) | predicted D (hierarchy) | fresh batch R | batch D ± SE(D) | events | particle wall s |`,
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const replicas = r.stopped ? `${r.replicas} (the rule asked ${r.requiredReplicas}; ${r.stopped})` : String(r.replicas);
    lines.push(`| ${r.epsilon} | ${pm(r.pilotDistance, r.pilotStderr)} | ${r.predictedDistance.toExponential(2)} | ${replicas} | ${pm(r.distance, r.stderr)} | ${timesTenTo(r.events)} | ${Math.round(r.wallSeconds)} |`);
  }
  return lines.join("\n");
}

/** Every generated region, by name: the lines between its markers. */
export const TABLES: Record<string, () => string> = {
  /** Headline orders of the reference ε-study (N = 10⁵, R = 100). */
  "headline-orders": () => firstTable(read("study-epsilon/summary.md")),
  /** Where (49) loses positivity in the reference ε-study, from either initial datum. */
  "positivity-49": () => positivityLines(read("study-epsilon/summary.md")),
  /** Orders at degrees 2–4 on two initial laws, exact hierarchy against the generated closures. */
  "orders-by-degree": degreesTable,
  /** Headline orders of the particle-only ε-study (R per ε resolving the distance to (14)). */
  "particle-orders": () => firstTable(read("study-epsilon-particles/summary.md")),
  /** Pilot, chosen R and fresh batch per ε of the particle-only ε-study. */
  "particle-replicas": particleReplicasTable,
  /** Distances of the space study and its fitted orders in ε and h. */
  "space-study": () => markdownSpaceStudy(JSON.parse(read("study-space/space-study.json")) as SpaceStudy),
};

/** README.md and every docs/*.md, as paths relative to the root. */
export function documents(): string[] {
  const docs = readdirSync(join(ROOT, "docs")).filter((name) => name.endsWith(".md"));
  return ["README.md", ...docs.sort().map((name) => `docs/${name}`)];
}

const OPEN = /^<!-- table:([a-z0-9-]+) -->$/;
const CLOSE = "<!-- /table -->";

/** A marked region of a document: its name and the line indices of its markers. */
export interface TableRegion {
  name: string;
  open: number;
  close: number;
}

/**
 * The marked regions of a document.
 *
 * @throws {Error} on a region left open, a close without an open, or a nested region.
 */
export function tableRegions(text: string): TableRegion[] {
  const regions: TableRegion[] = [];
  let open: { name: string; line: number } | null = null;
  text.split("\n").forEach((line, i) => {
    const m = OPEN.exec(line.trim());
    if (m) {
      if (open) throw new Error(`line ${i + 1}: table:${m[1]} opens inside table:${open.name}`);
      open = { name: m[1], line: i };
    } else if (line.trim() === CLOSE) {
      if (!open) throw new Error(`line ${i + 1}: ${CLOSE} without an open region`);
      regions.push({ name: open.name, open: open.line, close: i });
      open = null;
    }
  });
  if (open) throw new Error(`table:${(open as { name: string }).name} is never closed`);
  return regions;
}

/**
 * The document with every marked region's lines replaced by the generated table, with a blank
 * line on each side.
 *
 * @throws {Error} when a region names no table of `tables`.
 * @example
 * fillTables("<!-- table:x -->\nold\n<!-- /table -->", { x: () => "| a |" })
 * // "<!-- table:x -->\n\n| a |\n\n<!-- /table -->"
 */
export function fillTables(text: string, tables: Record<string, () => string> = TABLES): string {
  const lines = text.split("\n");
  for (const region of tableRegions(text).reverse()) {
    const table = tables[region.name];
    if (!table) throw new Error(`no table named "${region.name}" (known: ${Object.keys(tables).join(", ")})`);
    lines.splice(region.open + 1, region.close - region.open - 1, "", ...table().split("\n"), "");
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const doc of documents()) {
    const path = join(ROOT, doc);
    const text = readFileSync(path, "utf8");
    const filled = fillTables(text);
    if (filled === text) continue;
    stale.push(relative(ROOT, path));
    if (!check) writeAtomic(path, filled);
  }
  console.log(stale.length === 0 ? "every table is up to date" : `${check ? "stale" : "rewrote"}: ${stale.join(", ")}`);
  if (check && stale.length > 0) process.exitCode = 1;
}
