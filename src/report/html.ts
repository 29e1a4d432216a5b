/**
 * `alignsim report DIR`: one self-contained HTML page (inline CSS, inline SVG, no network) of a
 * run, a kinetic solution, a comparison or a study, recognised by the file the directory holds
 * (summary.json, comparison.json, study.json, n-study.json, space-study.json, coverage.json).
 * The page opens with the answer: a verdict written from the result (./content.js), its notes
 * grouped by kind and collapsed, the key figure and the key table; then the other figures and
 * tables, the parameters and methods, and the tables of every fit and distance last. Figures come
 * from DIR/figures/figures.json when the command that wrote DIR rendered them; for a plain run
 * directory they are rendered here.
 *
 * A small inline script checks, once the page is laid out, that every figure is a non-empty
 * SVG with axes, and writes the result into `<pre id="render-check">` (read by the test in
 * headless Chromium, harmless for a reader).
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Comparison } from "../compare/compare.js";
import { denseKinetic } from "../compare/write.js";
import { IOError } from "../errors.js";
import { readRunOutput, writeAtomic } from "../output/files.js";
import { parseJson } from "../output/json-codec.js";
import { observableNames, type RunOutput } from "../contract/run-output.js";
import { modelCaption, particleCaption } from "../plot/caption.js";
import { f1Figure, f2Figure, momentsFigure } from "../plot/figures.js";
import { renderFigures } from "../plot/render.js";
import { spaceFigures } from "../plot/space-figures.js";
import type { FigureIndexEntry } from "../plot/write.js";
import type { EpsilonStudy } from "../study/epsilon.js";
import type { NStudy } from "../study/n-study.js";
import type { SpaceStudy } from "../study/space.js";
import type { CoverageStudy } from "../study/coverage.js";
import { comparisonContent, coverageContent, epsilonContent, nStudyContent, type ReportContent, runContent, sourceLabel, spaceContent } from "./content.js";
import { groupNotes, type NoteGroup, notesSummary } from "./notes.js";
import { esc, methods } from "./table.js";

export type ReportKind = "run" | "comparison" | "study-epsilon" | "study-n" | "study-space" | "study-coverage";

interface InlineFigure {
  name: string;
  title: string;
  caption: string;
  svg: string;
}

function parameters(config: unknown): string {
  return `<section id="parameters"><h2>Parameters</h2><pre class="config">${esc(JSON.stringify(config, null, 2))}</pre></section>`;
}

function readFigures(dir: string): InlineFigure[] {
  const index = join(dir, "figures", "figures.json");
  if (!existsSync(index)) return [];
  const entries: FigureIndexEntry[] = parseJson(readFileSync(index, "utf8"));
  return entries.filter((e) => existsSync(join(dir, e.file))).map((e) => ({ name: e.name, title: e.title, caption: e.caption, svg: readFileSync(join(dir, e.file), "utf8") }));
}

async function runFigures(output: RunOutput): Promise<InlineFigure[]> {
  const { config } = output.summary;
  const particles = output.summary.source === "particles";
  const caption = `${modelCaption(config)}; ${particles ? particleCaption({ ...config, replicas: output.summary.replicas }) : sourceLabel(output.summary.source)}.`;
  const series = [{ label: particles ? "particles" : sourceLabel(output.summary.source), output }];
  const dimension = config.dimension ?? 1;
  const moments = dimension === 1 ? undefined : ["M1", "M2", ...observableNames(dimension).filter((name) => name.startsWith("I1.")), "V1", "V2", "V2bar"];
  // a kinetic output's curves drawn on a dense time grid, as in a comparison
  const figs = [momentsFigure([{ ...series[0], output: denseKinetic(output) }], caption, moments)];
  if (output.f1 && dimension === 1) figs.push(f1Figure(series, caption));
  if (output.f2 && dimension === 1) figs.push(f2Figure(series, caption));
  figs.push(...spaceFigures(series, caption));
  return (await renderFigures(figs)).map((f) => ({ name: f.name, title: f.title, caption: f.caption, svg: f.svg }));
}

/** The notes, grouped by kind, in a collapsed block whose summary counts them. */
function notesBlock(groups: NoteGroup[]): string {
  if (!groups.length) return "";
  return `<details id="notes"><summary>Notes — ${esc(notesSummary(groups))}</summary>${groups
    .map((g) => `<section class="note-group"><h3>${esc(g.heading)} (${g.notes.length})</h3><ul class="warnings">${g.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul></section>`)
    .join("")}</details>`;
}

function figureHtml(f: InlineFigure, n: number): string {
  return `<figure class="plot" id="figure-${n}" data-name="${esc(f.name)}"><h3>Figure ${n}. ${esc(f.title)}</h3>${f.svg}<figcaption>${esc(f.caption)}</figcaption></figure>`;
}

/** The body of the page: verdict, notes, key figure and table, the rest, and every fit and distance last. */
function body(content: ReportContent, figures: InlineFigure[]): string {
  const groups = groupNotes(content.notes);
  const total = content.notes.length;
  const verdict = `${content.verdict}${total ? ` ${total} ${total === 1 ? "note" : "notes"}, listed under Notes.` : ""}`;
  const key = figures.findIndex((f) => f.name === content.keyFigure);
  const first = key >= 0 ? key : 0;
  const rest = figures.filter((_, i) => i !== first);
  return [
    `<p class="verdict" id="verdict">${esc(verdict)}</p>`,
    notesBlock(groups),
    `<section id="key">${figures.length ? figureHtml(figures[first], 1) : "<p>No figures.</p>"}${content.keyTable}</section>`,
    rest.length ? `<section id="figures"><h2>More figures</h2>${rest.map((f, i) => figureHtml(f, i + 2)).join("\n")}</section>` : "",
    content.tables ? `<section id="tables"><h2>More tables</h2>${content.tables}</section>` : "",
    content.parameters ? parameters(content.parameters) : "",
    content.methods ? methods(content.methods) : "",
    content.detail ? `<section id="detail"><h2>Every fit and distance</h2>${content.detail}</section>` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** Kind of a result directory. @throws {IOError} when it holds none of the known files. */
export function reportKind(dir: string): ReportKind {
  if (existsSync(join(dir, "study.json"))) return "study-epsilon";
  if (existsSync(join(dir, "n-study.json"))) return "study-n";
  if (existsSync(join(dir, "space-study.json"))) return "study-space";
  if (existsSync(join(dir, "coverage.json"))) return "study-coverage";
  if (existsSync(join(dir, "comparison.json"))) return "comparison";
  if (existsSync(join(dir, "summary.json"))) return "run";
  throw new IOError(dir, "not a result directory (no study.json, n-study.json, space-study.json, coverage.json, comparison.json or summary.json)");
}

/** What the report of a result directory says, and its figures. */
async function reportContent(dir: string, kind: ReportKind): Promise<{ content: ReportContent; figures: InlineFigure[] }> {
  const figures = readFigures(dir);
  const read = (file: string) => parseJson(readFileSync(join(dir, file), "utf8"));
  if (kind === "study-epsilon") return { content: epsilonContent(read("study.json") as EpsilonStudy), figures };
  if (kind === "study-n") return { content: nStudyContent(read("n-study.json") as NStudy), figures };
  if (kind === "study-space") return { content: spaceContent(read("space-study.json") as SpaceStudy), figures };
  if (kind === "study-coverage") return { content: coverageContent(read("coverage.json") as CoverageStudy), figures };
  if (kind === "comparison") return { content: comparisonContent(read("comparison.json") as Comparison), figures };
  const output = readRunOutput(dir);
  return { content: runContent(output), figures: figures.length ? figures : await runFigures(output) };
}

/** Builds the HTML page of a result directory. */
export async function buildReport(dir: string): Promise<{ kind: ReportKind; html: string; figures: number }> {
  const kind = reportKind(dir);
  const { content, figures } = await reportContent(dir, kind);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>alignsim — ${esc(content.title)}</title>
<style>
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}
p.verdict{font-size:1.1em;line-height:1.5;background:#f3f7fb;border-left:4px solid #4c78a8;padding:.6em 1em}
details#notes{margin:1em 0;font-size:.9em}details#notes summary{cursor:pointer;color:#8a4b00}details#notes h3{font-size:1em;margin:.8em 0 .2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child,td.text{text-align:left}td:not(.text){white-space:nowrap}
pre.config{background:#f8f8f8;padding:.8em;font-size:.85em;overflow:auto;max-height:24em}
figure.plot{margin:2em 0;overflow-x:auto}figcaption{font-size:.85em;color:#444;max-width:70em}
ul.warnings li{color:#8a4b00}dt{font-weight:bold;margin-top:.4em}dd{margin-left:1.5em;font-size:.9em}
footer{margin-top:3em;font-size:.8em;color:#666}
</style></head>
<body data-report-kind="${kind}">
<h1>${esc(content.title)}</h1>
${body(content, figures)}
<footer>alignsim report of <code>${esc(dir)}</code>, made ${esc(new Date().toISOString())}. Self-contained: no network needed.</footer>
<pre id="render-check" hidden></pre>
<script>
(function () {
  var out = [];
  document.querySelectorAll("figure.plot").forEach(function (f) {
    var svg = f.querySelector("svg");
    var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    out.push({ id: f.id, width: box.width, height: box.height,
      axes: svg ? svg.querySelectorAll(".role-axis").length : 0,
      marks: svg ? svg.querySelectorAll("path, rect, line, circle").length : 0 });
  });
  document.getElementById("render-check").textContent = JSON.stringify(out);
})();
</script>
</body></html>
`;
  return { kind, html, figures: figures.length };
}

/**
 * Writes DIR/report.html, one self-contained page (inline CSS and SVG) with the parameters,
 * tables and figures of a directory written by a run, a kinetic solve, a comparison or a study.
 *
 * @throws {IOError} when DIR holds none of these.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const dir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * writeRunOutput(dir, solveKinetic("moments-exact", parseConfig({ times: [0, 1] })));
 * (await writeReport(dir)).kind // "run"
 */
export async function writeReport(dir: string): Promise<{ path: string; kind: ReportKind; figures: number }> {
  const { kind, html, figures } = await buildReport(dir);
  const path = join(dir, "report.html");
  writeAtomic(path, html);
  return { path, kind, figures };
}
