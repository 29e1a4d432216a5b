/**
 * `alignsim report DIR`: one self-contained HTML page (inline CSS, inline SVG, no network) with
 * the parameters, the tables and the figures of a run, a comparison, an ε-study or an N-study,
 * recognised by the file the directory holds (summary.json, comparison.json, study.json,
 * n-study.json). Figures come from DIR/figures/figures.json when the command that wrote DIR
 * rendered them; for a plain run directory they are rendered here.
 *
 * A small inline script checks, once the page is laid out, that every figure is a non-empty
 * SVG with axes, and writes the result into `<pre id="render-check">` (read by the test in
 * headless Chromium, harmless for a reader).
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Comparison, comparisonVerdict } from "../compare/compare.js";
import { zText } from "../compare/format.js";
import { IOError } from "../errors.js";
import { readRunOutput, writeAtomic } from "../output/files.js";
import { parseJson } from "../output/json-codec.js";
import { observableNames, type ObservableName, type RunOutput } from "../contract/run-output.js";
import { modelCaption, particleCaption } from "../plot/caption.js";
import { f1Figure, f2Figure, momentsFigure, OBSERVABLE_SYMBOLS } from "../plot/figures.js";
import { renderFigures } from "../plot/render.js";
import { spaceFigures } from "../plot/space-figures.js";
import type { FigureIndexEntry } from "../plot/write.js";
import type { EpsilonStudy } from "../study/epsilon.js";
import type { NStudy } from "../study/n-study.js";
import { distanceRows, orderRows } from "../study/write.js";
import type { SpaceStudy } from "../study/space.js";
import type { CoverageStudy } from "../study/coverage.js";
import { calibrationRows, coverageRows } from "../study/coverage-dir.js";
import { spaceDistanceRows, spaceOrderRows } from "../study/space-dir.js";

export type ReportKind = "run" | "comparison" | "study-epsilon" | "study-n" | "study-space" | "study-coverage";

interface InlineFigure {
  title: string;
  caption: string;
  svg: string;
}

const esc = (s: unknown) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function num(x: unknown, digits = 4): string {
  if (x === null || x === undefined || x === "") return "–";
  if (typeof x === "boolean") return x ? "yes" : "no";
  const v = typeof x === "number" ? x : Number(x);
  if (typeof x === "string" && Number.isNaN(v)) return esc(x);
  if (Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(digits) : v.toExponential(digits - 1);
}

/** An HTML table of flat rows (all columns, or the given ones). */
function table(rows: Record<string, unknown>[], columns?: string[], caption?: string): string {
  if (!rows.length) return "";
  const cols = columns ?? Object.keys(rows[0]);
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td>${typeof r[c] === "string" && Number.isNaN(Number(r[c])) ? esc(r[c]) : num(r[c])}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function parameters(config: unknown): string {
  return `<section id="parameters"><h2>Parameters</h2><pre class="config">${esc(JSON.stringify(config, null, 2))}</pre></section>`;
}

function readFigures(dir: string): InlineFigure[] {
  const index = join(dir, "figures", "figures.json");
  if (!existsSync(index)) return [];
  const entries: FigureIndexEntry[] = parseJson(readFileSync(index, "utf8"));
  return entries.filter((e) => existsSync(join(dir, e.file))).map((e) => ({ title: e.title, caption: e.caption, svg: readFileSync(join(dir, e.file), "utf8") }));
}

async function runFigures(output: RunOutput): Promise<InlineFigure[]> {
  const { config } = output.summary;
  const caption = `${modelCaption(config)}${output.summary.source === "particles" ? `; ${particleCaption({ ...config, replicas: output.summary.replicas })}` : `; ${output.summary.source}`}.`;
  const series = [{ label: output.summary.source, output }];
  const dimension = config.dimension ?? 1;
  const moments = dimension === 1 ? undefined : ["M1", "M2", ...observableNames(dimension).filter((name) => name.startsWith("I1.")), "V1", "V2", "V2bar"];
  const figs = [momentsFigure(series, caption, moments)];
  if (output.f1 && dimension === 1) figs.push(f1Figure(series, caption));
  if (output.f2 && dimension === 1) figs.push(f2Figure(series, caption));
  figs.push(...spaceFigures(series, caption));
  return (await renderFigures(figs)).map((f) => ({ title: f.title, caption: f.caption, svg: f.svg }));
}

function runTables(output: RunOutput): string {
  const { summary } = output;
  const rows = observableNames(summary.config.dimension ?? 1).map((name) => {
    const e = summary.observables[name as ObservableName];
    const row: Record<string, unknown> = { observable: OBSERVABLE_SYMBOLS[name] ?? name };
    summary.times.forEach((t, i) => {
      row[`t = ${t}`] = `${num(e.mean[i])}${e.stderr[i] ? ` ± ${num(e.stderr[i], 2)}` : ""}`;
    });
    return row;
  });
  const who = summary.source === "particles" ? `particles, N = ${summary.config.N}, R = ${summary.replicas} replicas, seed ${summary.config.seed}` : summary.source;
  return `<section id="tables"><h2>Observables (${esc(who)})</h2><p>Mean ± standard error over replicas (kinetic outputs are exact).</p>${table(rows)}</section>`;
}

function comparisonTables(c: Comparison): string {
  const who = (d: Comparison["a"]) => `${d.label} (${d.source}${d.N ? `, N = ${d.N}, R = ${d.replicas}, seed ${d.seed}` : ""}, ε = ${d.epsilon})`;
  const shown = <R extends { a: number; b: number; diff: number; stderr: number; z: number }>(rows: R[]) => rows.map((r) => ({ ...r, z: zText(r) })) as unknown as Record<string, unknown>[];
  return `<section id="tables"><h2>Comparison</h2><p class="verdict">${esc(comparisonVerdict(c, OBSERVABLE_SYMBOLS))}</p>${(c.notes ?? []).map((note) => `<p class="note">Note: ${esc(note)}.</p>`).join("")}<p>A = ${esc(who(c.a))}<br>B = ${esc(who(c.b))}${c.configDifferences.length ? `<br>configs differ in: ${esc(c.configDifferences.join(", "))}` : ""}</p>
${table(shown(c.observables), ["observable", "t", "a", "b", "diff", "stderr", "z", "df", "pValue"], "Observables: difference A − B, its standard error, z = difference/SE (equal: both exact and equal), the degrees of freedom of the SE and the two-sided Student p-value")}
${table(c.histograms as unknown as Record<string, unknown>[], ["density", "t", "l1", "l1NoiseFloor", "l2Squared", "l2SquaredStderr", "l2", "l2Stderr", "chi2", "df", "pValue"], "Histogram distances per time")}
${table(shown(c.functionals), ["functional", "t", "a", "b", "diff", "stderr", "z", "df", "pValue"], "Smooth functionals of f₁ (no noise bias)")}
${methods(c.methods)}</section>`;
}

function methods(m: Record<string, string>): string {
  return `<h3>How the numbers are obtained</h3><dl>${Object.entries(m)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join("")}</dl>`;
}

function studyTables(s: EpsilonStudy): string {
  const orders = Object.entries(s.orders).map(([name, o]) => ({
    description: s.descriptions[name].label,
    "headline distance": o.distance,
    source: o.source,
    p: o.p,
    "95% CI": `[${num(o.ci95[0])}, ${num(o.ci95[1])}]`,
    expected: o.expected,
    "p (3 smallest ε)": o.smallest3.p,
    "local orders": o.localOrders.map((x) => num(x, 3)).join(", "),
  }));
  return `<section id="tables"><h2>ε-study</h2>
<p>ε ∈ {${s.epsilons.join(", ")}}, distances at t ∈ {${s.compareTimes.join(", ")}}, N = ${s.config.N}, R = ${s.config.replicas} replicas per ε.</p>
${s.warnings.length ? `<ul class="warnings">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>` : ""}
${table(orders, undefined, "Fitted orders p in distance ≈ C·ε^p (headline)")}
${table(orderRows(s) as Record<string, unknown>[], ["description", "distance", "source", "headline", "p", "ci95Low", "ci95High", "points", "localOrders"], "All fits")}
${table(distanceRows(s) as Record<string, unknown>[], ["description", "distance", "source", "epsilon", "value", "stderr", "relativeError", "resolved"], "Distances")}
${table(s.validation as unknown as Record<string, unknown>[], undefined, "Particles ↔ exact moment hierarchy (validation; the hierarchy may stand in for the particles where it agrees)")}
${methods(s.methods)}</section>`;
}

function nStudyTables(s: NStudy): string {
  const fits = Object.entries(s.fits).map(([k, f]) => ({ quantity: k, q: f.p, "95% CI": `[${num(f.ci95[0])}, ${num(f.ci95[1])}]`, expected: s.expected }));
  return `<section id="tables"><h2>N-study: statistical error against N·R at t = ${s.t}</h2>${table(s.rows as unknown as Record<string, unknown>[])}${table(fits, undefined, "SE ≈ C·(N·R)^q")}${methods(s.methods)}</section>`;
}

function spaceStudyTables(s: SpaceStudy): string {
  const warnings = s.warnings.length ? `<ul class="warnings">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>` : "";
  return `<section id="tables"><h2>Distances of the particle fields to ${esc(s.reference)}</h2>${warnings}${table(spaceDistanceRows(s), ["sweep", "epsilon", "cells", "h", "N", "replicas", "distance", "stderr", "resolved", "distanceRho", "distanceJ", "distanceT", "massError"])}${table(spaceOrderRows(s), undefined, "Fitted orders D ≈ C·x^p (x = ε or h), 95% intervals")}${methods(s.methods)}</section>`;
}

function coverageStudyTables(s: CoverageStudy): string {
  const warnings = s.warnings.length ? `<ul class="warnings">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>` : "";
  const interval = (ci: [number, number]) => `[${num(ci[0], 3)}, ${num(ci[1], 3)}]`;
  const summaries = s.summaries.map((x) => ({ interval: x.label, "per ensemble": x.perEnsemble, coverage: x.fraction, "95% interval": interval(x.ci95), "missed low": x.missedLow, "missed high": 1 - x.fraction - x.missedLow, nominal: x.nominal, truth: x.truth }));
  const fa = s.falseAlarms;
  const alarms = fa.atLevels.map((a) => ({ level: a.level, "false alarms": a.alarms, tested: fa.ensembles - fa.tooFewReplicas, rate: a.rate, "95% interval": interval(a.ci95) }));
  const tests = Object.entries(fa.tests).map(([t, n]) => `${t}: ${n}`).join(", ");
  return `<section id="tables"><h2>Coverage of ${s.ensembles} ensembles of R = ${s.replicas} replicas</h2>
<p>N = ${s.config.N}, ε = ${s.config.epsilon}, intervals at t ∈ {${s.compareTimes.join(", ")}}, distances to ${esc(s.description.label)} (exact hierarchy's moment distance ${num(s.exactMomentDistance)}).</p>${warnings}
${table(summaries, undefined, "Coverage of each kind of interval (nominal 0.95)")}
${table(alarms, undefined, `False-alarm rate of the validation test (verdict at level ${fa.level}; tests: ${tests})`)}
${table(calibrationRows(s) as Record<string, unknown>[], undefined, "Distance estimates over the ensembles: bias of D̂² and D̂ against the truth (SE of the bias: squaredBiasStderr), their spread against the SE the ensembles report")}
${table(s.bias as unknown as Record<string, unknown>[], ["observable", "t", "bias", "z", "inEnsembleSE"], "Finite-N bias of the means against the exact hierarchy, from all K·R replicas (inEnsembleSE: in units of one ensemble's SE)")}
${table(coverageRows(s) as Record<string, unknown>[], undefined, "Coverage per interval and quantity (Wilson 95% intervals)")}
${methods(s.methods)}</section>`;
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

/** Builds the HTML page of a result directory. */
export async function buildReport(dir: string): Promise<{ kind: ReportKind; html: string; figures: number }> {
  const kind = reportKind(dir);
  let title: string;
  let body: string;
  let figures = readFigures(dir);
  const read = <T>(file: string): T => parseJson<T>(readFileSync(join(dir, file), "utf8"));
  if (kind === "study-epsilon") {
    const s: EpsilonStudy = read("study.json");
    title = "ε-convergence study: particles against kinetic descriptions";
    body = parameters(s.config) + studyTables(s);
  } else if (kind === "study-n") {
    const s: NStudy = read("n-study.json");
    title = "Statistical error against N·R";
    body = parameters(s.config) + nStudyTables(s);
  } else if (kind === "study-space") {
    const s: SpaceStudy = read("space-study.json");
    title = "Space study: the spatial model against its kinetic reference";
    body = parameters(s.config) + spaceStudyTables(s);
  } else if (kind === "study-coverage") {
    const s: CoverageStudy = read("coverage.json");
    title = "Coverage study: do the printed intervals cover the truth?";
    body = parameters(s.config) + coverageStudyTables(s);
  } else if (kind === "comparison") {
    const c: Comparison = read("comparison.json");
    title = `Comparison: ${c.a.label} vs ${c.b.label}`;
    body = comparisonTables(c);
  } else {
    const output = readRunOutput(dir);
    title = `Run: ${output.summary.source}`;
    body = parameters(output.summary.config) + runTables(output);
    if (!figures.length) figures = await runFigures(output);
  }
  const figureHtml = figures
    .map((f, i) => `<figure class="plot" id="figure-${i + 1}"><h3>Figure ${i + 1}. ${esc(f.title)}</h3>${f.svg}<figcaption>${esc(f.caption)}</figcaption></figure>`)
    .join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>alignsim — ${esc(title)}</title>
<style>
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
pre.config{background:#f8f8f8;padding:.8em;font-size:.85em;overflow:auto;max-height:24em}
figure.plot{margin:2em 0;overflow-x:auto}figcaption{font-size:.85em;color:#444;max-width:70em}
ul.warnings li{color:#8a4b00}dt{font-weight:bold;margin-top:.4em}dd{margin-left:1.5em;font-size:.9em}
</style></head>
<body data-report-kind="${kind}">
<h1>${esc(title)}</h1>
<p>alignsim report of <code>${esc(dir)}</code>, made ${esc(new Date().toISOString())}. Self-contained: no network needed.</p>
${body}
<section id="figures"><h2>Figures</h2>
${figureHtml || "<p>No figures.</p>"}
</section>
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
