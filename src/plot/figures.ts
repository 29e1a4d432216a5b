/**
 * The figures of runs, comparisons and studies, as Vega-Lite specs (rendered by ./render.js):
 *
 * - f_1 histograms with ±2 SE error bars over the kinetic curves, one panel per time;
 * - f_2 as heat maps, one column per source, one row per time;
 * - moments against time with ±2 SE bands over the ODE curves, one panel per observable, each
 *   with a panel of differences to the exact moment hierarchy under it;
 * - the log–log convergence plot of distance against ε with the fitted slopes and reference
 *   slopes ε¹, ε²;
 * - the statistical error against N·R with the fitted slope (−1/2 expected).
 *
 * Axis titles use the paper's symbols (f₁^ε, v, t, ε, V̄₂, …). Colours are the Okabe–Ito
 * palette (distinguishable with every common colour-vision deficiency); the figure's title and
 * caption stay outside the image (./render.js).
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunOutput } from "../contract/run-output.js";
import { sourcesTitle, type TitledSeries } from "./caption.js";
import type { Figure } from "./render.js";

/** One curve or histogram of a figure: a label and the output it comes from. */
export interface Series {
  label: string;
  output: RunOutput;
  /** Its colour, so that a description keeps one colour across the figures of a study; default: by position in {@link PALETTE}. */
  colour?: string;
}

/** The paper's symbols for the observables, for axis and panel titles. */
export const OBSERVABLE_SYMBOLS: Record<string, string> = {
  M1: "M₁",
  M2: "M₂",
  M3: "M₃",
  I1: "I₁",
  I2: "I₂",
  V1: "V₁",
  V2: "V₂",
  V2bar: "V̄₂",
  V2tilde: "Ṽ₂",
  v_inf: "v∞",
};

export const isParticles = (s: Series) => s.output.summary.source === "particles";

/** The series as {@link sourcesTitle} names them. */
export const titled = (series: Series[]): TitledSeries[] => series.map((s) => ({ label: s.label, source: s.output.summary.source }));

/**
 * Colours of the series, in order: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
 * 2008), black first, yellow last (faint on white), then Tableau 10's grey, olive and brown for a
 * ninth to eleventh series.
 */
export const PALETTE = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#7f7f7f", "#bcbd22", "#8c564b"];

/**
 * The colour encodings of a figure with particle series (points, bars, bands) and kinetic series
 * (lines): the kinetic lines are coloured through `color` with line swatches, the particles
 * through `fill` (and `stroke` for their bars) with filled circles, so that each legend entry
 * looks like what it labels; one colour per series across both legends. The particle channels
 * read the rows' `sample` field (the same label), since Vega-Lite merges legends on one field.
 */
export function seriesEncodings(series: Series[]) {
  const colour = new Map(series.map((s, i) => [s.label, s.colour ?? PALETTE[i % PALETTE.length]]));
  const scale = (labels: string[]) => ({ domain: labels, range: labels.map((l) => colour.get(l)) });
  const kinetic = series.filter((s) => !isParticles(s)).map((s) => s.label);
  const particles = series.filter(isParticles).map((s) => s.label);
  const legend = { orient: "bottom", direction: "vertical", labelLimit: 900 } as const;
  const points = { ...legend, symbolType: "circle", symbolOpacity: 1 } as const;
  return {
    line: { color: { field: "series", type: "nominal", title: null, scale: scale(kinetic), legend: { ...legend, symbolType: "stroke", symbolStrokeWidth: 2 } } },
    fill: { fill: { field: "sample", type: "nominal", title: null, scale: scale(particles), legend: points } },
    // the same legend as `fill`, which Vega-Lite merges with it
    stroke: { stroke: { field: "sample", type: "nominal", title: null, scale: scale(particles), legend: points } },
  } as const;
}

/** Times to show: the given ones, or all. */
function pickTimes(output: RunOutput, times?: number[]): number[] {
  return times ?? output.summary.times;
}

/**
 * f_1 at each time: particle histograms as points with ±2 SE bars, kinetic bin averages as lines.
 *
 * @param times - which times to show (default: all).
 */
export function f1Figure(series: Series[], caption: string, times?: number[], name = "f1"): Figure {
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const h = s.output.f1;
    if (!h) continue;
    const shown = pickTimes(s.output, times);
    s.output.summary.times.forEach((t, ti) => {
      if (!shown.some((x) => Math.abs(x - t) < 1e-12)) return;
      h.density[ti].forEach((d, b) => {
        const se = h.stderr[ti][b] ?? 0;
        rows.push({ series: s.label, sample: s.label, kind: isParticles(s) ? "particles" : "kinetic", time: `t = ${t}`, v: (h.edges[b] + h.edges[b + 1]) / 2, f: d, lo: d - 2 * se, hi: d + 2 * se });
      });
    });
  }
  const x = { field: "v", type: "quantitative", title: "v" } as const;
  const enc = seriesEncodings(series.filter((s) => s.output.f1));
  const spec = {
    data: { values: rows },
    facet: { field: "time", type: "ordinal", title: null, sort: null },
    columns: 2,
    spec: { width: 300, height: 200, layer: stepsAndErrorBars(x, { field: "f", title: "f₁^ε(v, t)" }, enc, 12) },
  } as unknown as TopLevelSpec;
  return { name, title: sourcesTitle("f₁ at each time", titled(series.filter((s) => s.output.f1))), caption, spec };
}

/**
 * The layers of cell averages against a coordinate: kinetic rows (`kind` "kinetic") as step
 * lines, particle rows as points with ±2 SE bars (fields `lo`, `hi`).
 */
export function stepsAndErrorBars(x: object, y: { field: string; title: string }, enc: ReturnType<typeof seriesEncodings>, size: number) {
  return [
    {
      transform: [{ filter: "datum.kind === 'kinetic'" }],
      mark: { type: "line", strokeWidth: 1.5, interpolate: "step" },
      encoding: { x, y: { field: y.field, type: "quantitative", title: y.title }, ...enc.line },
    },
    {
      transform: [{ filter: "datum.kind === 'particles'" }],
      mark: { type: "rule", opacity: 0.6 },
      encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, ...enc.stroke },
    },
    {
      transform: [{ filter: "datum.kind === 'particles'" }],
      mark: { type: "point", filled: true, strokeWidth: 0, size },
      encoding: { x, y: { field: y.field, type: "quantitative" }, ...enc.fill },
    },
  ];
}

/**
 * A heat map of rectangles [x, x2) × [y, y2) coloured by `colour.field` (viridis), `size` pixels
 * square, for a faceted figure.
 */
export function heatMap(size: [number, number], x: { field: string; title: string }, y: { field: string; title: string }, colour: { field: string; title: string }) {
  return {
    width: size[0],
    height: size[1],
    mark: { type: "rect" },
    encoding: {
      // no grid lines across the cells
      x: { field: x.field, type: "quantitative", title: x.title, axis: { grid: false } },
      x2: { field: `${x.field}2` },
      y: { field: y.field, type: "quantitative", title: y.title, axis: { grid: false } },
      y2: { field: `${y.field}2` },
      color: { field: colour.field, type: "quantitative", title: colour.title, scale: { scheme: "viridis" } },
    },
  };
}

/**
 * f_2 as heat maps: one column per series that has f_2, one row per time.
 *
 * @param times - which times to show (default: the last two).
 */
export function f2Figure(series: Series[], caption: string, times?: number[], name = "f2"): Figure {
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const h = s.output.f2;
    if (!h) continue;
    const all = s.output.summary.times;
    const shown = times ?? all.slice(-2);
    const bins = h.edges.length - 1;
    all.forEach((t, ti) => {
      if (!shown.some((x) => Math.abs(x - t) < 1e-12)) return;
      for (let a = 0; a < bins; a++) {
        for (let b = 0; b < bins; b++) {
          rows.push({ series: s.label, time: `t = ${t}`, v1: h.edges[a], v12: h.edges[a + 1], v2: h.edges[b], v22: h.edges[b + 1], f: h.density[ti][a * bins + b] });
        }
      }
    });
  }
  const spec = {
    data: { values: rows },
    facet: { row: { field: "time", type: "ordinal", title: null, sort: null }, column: { field: "series", type: "nominal", title: null, sort: null } },
    spec: heatMap([220, 220], { field: "v1", title: "v₁" }, { field: "v2", title: "v₂" }, { field: "f", title: "f₂^ε(v₁, v₂, t)" }),
    resolve: { scale: { color: "shared" } },
  } as unknown as TopLevelSpec;
  return { name, title: sourcesTitle("f₂ heat maps", titled(series.filter((s) => s.output.f2)), "mean"), caption, spec };
}

/**
 * Moments against time, one panel per observable: particle means with ±2 SE bands and points,
 * kinetic solutions as lines (evaluated at the solver's own times, which may be finer than the
 * particle times). Under each panel, when there is a reference series and something to compare
 * with it, a panel of differences on its own scale ({@link momentDifferences}): each description
 * minus the reference, particles minus the reference with their ±2 SE band, so that an O(ε²)
 * difference shows beside an O(ε) one where both would be flat on the moment's own O(1) scale.
 *
 * @param reference - label of the series the differences are taken to; default: the exact
 *   moment hierarchy (source `kinetic:moments-exact`) when it is one of the series. null: no
 *   difference panels.
 */
export function momentsFigure(
  series: Series[],
  caption: string,
  observables: string[] = ["M1", "M2", "I1", "V1", "V2", "V2bar"],
  name = "moments",
  reference: string | null = series.find((s) => s.output.summary.source.startsWith("kinetic:moments-exact"))?.label ?? null,
): Figure {
  const rows = momentRows(series, observables);
  const differences = reference !== null && series.length > 1 ? momentDifferences(rows, reference) : [];
  const times = rows.map((r) => r.t);
  const x = { field: "t", type: "quantitative", title: "t", scale: { domain: [Math.min(...times), Math.max(...times)], nice: false, padding: 0 } } as const;
  const enc = seriesEncodings(series);
  const layers = (tAxis: object, y: object) => [
    {
      transform: [{ filter: "datum.kind === 'kinetic'" }],
      mark: { type: "line", strokeWidth: 1.5 },
      encoding: { x: tAxis, y: { ...y, field: "value" }, ...enc.line },
    },
    {
      transform: [{ filter: "datum.kind === 'particles'" }],
      mark: { type: "area", opacity: 0.25 },
      encoding: { x: tAxis, y: { ...y, field: "lo" }, y2: { field: "hi" }, ...enc.fill },
    },
    {
      transform: [{ filter: "datum.kind === 'particles'" }],
      mark: { type: "point", filled: true, strokeWidth: 0, size: 20 },
      encoding: { x: tAxis, y: { ...y, field: "value" }, ...enc.fill },
    },
  ];
  const panels = observables.flatMap((obs): object[] => {
    const symbol = OBSERVABLE_SYMBOLS[obs] ?? obs;
    const values = rows.filter((r) => r.observable === symbol);
    if (!values.length) return [];
    const yTop = { type: "quantitative", title: symbol, scale: { zero: false } };
    const top = (xTop: object) => ({ width: 170, height: 110, data: { values }, layer: layers(xTop, yTop) });
    const diff = differences.filter((r) => r.observable === symbol);
    if (!diff.length) return [top(x)];
    const { constant, ticks, labelExpr } = symlogScale(diff.flatMap((r) => [r.value, r.lo, r.hi]));
    const y = { type: "quantitative", title: `Δ${symbol}`, scale: { type: "symlog", constant, nice: false }, axis: { values: ticks, labelExpr, grid: true } };
    const bottom = {
      width: 170,
      height: 70,
      data: { values: diff },
      layer: [{ data: { values: [{}] }, mark: { type: "rule", color: "#888", strokeWidth: 0.8 }, encoding: { y: { datum: 0, type: "quantitative" } } }, ...layers(x, y)],
    };
    // the difference panel's t axis serves both
    return [{ vconcat: [top({ ...x, axis: { labels: false, title: null } }), bottom], spacing: 3 }];
  });
  const spec = {
    concat: panels,
    columns: 3,
    spacing: { row: 14, column: 18 },
    resolve: { scale: { color: "shared", fill: "shared", stroke: "shared" } },
  } as unknown as TopLevelSpec;
  const sources = sourcesTitle("Moments against time", titled(series), "mean ± 2 SE");
  const referenceSource = series.find((s) => s.label === reference)?.output.summary.source ?? "";
  const referenceName = referenceSource.startsWith("kinetic:moments-exact") ? "the exact moment hierarchy" : reference;
  const title = differences.length ? `${sources}; under each, the difference to ${referenceName}` : sources;
  return { name, title, caption, spec };
}

/** A row of the moments figure: one series' observable at one time, with its ±2 SE band. */
export interface MomentRow {
  series: string;
  sample: string;
  kind: "particles" | "kinetic";
  observable: string;
  t: number;
  value: number;
  lo: number;
  hi: number;
}

/** The rows of the moments figure: every finite mean of every observable of every series. */
export function momentRows(series: Series[], observables: string[]): MomentRow[] {
  const rows: MomentRow[] = [];
  for (const s of series) {
    for (const obs of observables) {
      const e = s.output.summary.observables[obs as keyof RunOutput["summary"]["observables"]];
      if (!e) continue;
      s.output.summary.times.forEach((t, i) => {
        const m = e.mean[i];
        if (m === null || !Number.isFinite(m)) return;
        const se = e.stderr[i] ?? 0;
        rows.push({ series: s.label, sample: s.label, kind: isParticles(s) ? "particles" : "kinetic", observable: OBSERVABLE_SYMBOLS[obs] ?? obs, t, value: m, lo: m - 2 * se, hi: m + 2 * se });
      });
    }
  }
  return rows;
}

/**
 * Differences of moment rows to the series labelled `reference`, at the times the reference
 * has: value − reference value, and the band lo, hi moved by the same amount (the reference is
 * a deterministic solution, so a particle difference keeps the particles' ±2 SE).
 *
 * @example
 * const row = (series: string, value: number) => ({ series, sample: series, kind: "kinetic" as const, observable: "M₁", t: 1, value, lo: value, hi: value });
 * momentDifferences([row("exact", 0.5), row("(33)", 0.52)], "exact")[0].value // 0.020000000000000018
 */
export function momentDifferences(rows: MomentRow[], reference: string): MomentRow[] {
  const key = (r: MomentRow) => `${r.observable}|${r.t.toPrecision(12)}`;
  const at = new Map(rows.filter((r) => r.series === reference).map((r) => [key(r), r.value]));
  return rows.flatMap((r) => {
    const base = at.get(key(r));
    return r.series === reference || base === undefined ? [] : [{ ...r, value: r.value - base, lo: r.lo - base, hi: r.hi - base }];
  });
}

/**
 * A symmetric-log scale for signed differences that span decades: linear within ±`constant`
 * (10⁻³ of the largest magnitude, so three decades show as such), logarithmic outside, with
 * ticks at 0 and ±10^k (every other decade when there are more than three).
 */
export function symlogScale(values: number[]): { constant: number; ticks: number[]; labelExpr: string } {
  const largest = Math.max(...values.map(Math.abs).filter(Number.isFinite), 0);
  if (largest === 0) return { constant: 1, ticks: [0], labelExpr: powerLabels([]) };
  const constant = largest * 1e-3;
  const decades: number[] = [];
  for (let k = Math.floor(Math.log10(largest)); k >= Math.ceil(Math.log10(constant)); k--) decades.push(k);
  const shown = decades.length > 3 ? decades.filter((_, i) => i % 2 === 0) : decades;
  const hasNegative = values.some((v) => v < -constant);
  const hasPositive = values.some((v) => v > constant);
  return {
    constant,
    ticks: [...(hasNegative ? shown.map((k) => -Number(`1e${k}`)) : []), 0, ...(hasPositive ? shown.map((k) => Number(`1e${k}`)).reverse() : [])],
    labelExpr: powerLabels(shown),
  };
}

/** A point of a convergence plot. */
export interface ConvergencePoint {
  /** The series the point belongs to, e.g. "(33) — f₁ moments, exact hierarchy"; fitted lines name it too. */
  curve: string;
  x: number;
  value: number;
  stderr: number;
  /** What is compared, one colour each (e.g. the kinetic description); default: the curve. */
  group?: string;
  /** Where the distance comes from, one marker each (e.g. "particles", "exact hierarchy"). */
  source?: string;
  /** Which quantity, one panel each with its own y axis; default: one panel. */
  panel?: string;
}

/** A fitted power law value ≈ C·x^p drawn over [xMin, xMax]. */
export interface FittedLine {
  curve: string;
  C: number;
  p: number;
  ci95: [number, number];
  xMin: number;
  xMax: number;
}

/** A reference power law x^p drawn in grey and labelled, e.g. { p: 2, label: "ε²" }. */
export interface ReferenceSlope {
  p: number;
  label: string;
}

/** Axis titles, figure title, reference slopes and legend titles of a convergence plot. */
export interface ConvergenceAxes {
  x: string;
  y: string;
  title: string;
  references?: ReferenceSlope[];
  /** Legend titles of the colours (groups) and of the markers (sources). */
  legends?: { group?: string; source?: string };
  /** The colour of each group; default: by order of appearance in {@link PALETTE}. */
  colours?: Record<string, string>;
}

/** Markers of the sources, in order. */
const SHAPES = ["circle", "triangle-up", "square", "diamond", "cross"];

/**
 * A log-scale domain fitted to the data: [min/m, max·m] with the margin m = max(1.1, (max/min)^0.05),
 * so that no marker sits on an axis.
 *
 * @example
 * logDomain([0.025, 0.4]).map((x) => +x.toFixed(4)) // [0.0218, 0.4595]
 */
export function logDomain(values: number[]): [number, number] {
  const finite = values.filter((v) => v > 0 && Number.isFinite(v));
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const margin = Math.max(1.1, (hi / lo) ** 0.05);
  return [lo / margin, hi * margin];
}

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * The power of ten 10^k as text with a superscript exponent.
 *
 * @example
 * powerOfTen(-3) // "10⁻³"
 */
export function powerOfTen(k: number): string {
  return `10${k < 0 ? "⁻" : ""}${[...String(Math.abs(k))].map((d) => SUPERSCRIPTS[Number(d)]).join("")}`;
}

/**
 * A Vega label expression that writes ±10^k (k in `exponents`) with a superscript exponent, and 0
 * as 0: a chain of conditions, since Vega's expressions have no superscripts of their own.
 */
export function powerLabels(exponents: number[]): string {
  const power = exponents.reduceRight((rest, k) => `round(log(abs(datum.value)) / LN10) == ${k} ? '${powerOfTen(k)}' : ${rest}`, "''");
  return `datum.value == 0 ? '0' : (datum.value < 0 ? '−' : '') + (${power})`;
}

/**
 * Ticks of a log axis over `domain`: the powers of ten labelled 10^k when the domain spans two
 * decades or more, else 1, 2 and 5 × 10^k labelled as numbers (as a Vega-Lite `axis`).
 */
export function logAxis(domain: [number, number]): { values: number[]; labelExpr?: string; format?: string } {
  const [lo, hi] = domain.map(Math.log10);
  const decades = Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, i) => Math.ceil(lo) + i);
  if (hi - lo >= 2) return { values: decades.map((k) => Number(`1e${k}`)), labelExpr: powerLabels(decades) };
  const values = [Math.floor(lo), ...decades].flatMap((k) => [1, 2, 5].map((m) => Number(`${m}e${k}`))).filter((v) => v >= domain[0] && v <= domain[1]);
  return { values, format: "~g" };
}

/**
 * The visible part of the line y = y₀·(x/x₀)^p (straight in log–log) in the box x ∈ [x₁, x₂], y ∈ [y₁, y₂]:
 * its two end points, or none when it misses the box.
 *
 * @example
 * referenceSegment(2, [1, 1], [0.1, 1], [0.1, 1]).map((e) => e.x) // [0.31622776601683794, 1]
 */
export function referenceSegment(p: number, anchor: [number, number], xDomain: [number, number], yDomain: [number, number]): { x: number; y: number }[] {
  const [x0, y0] = anchor;
  const xAt = (y: number) => x0 * (y / y0) ** (1 / p);
  const [a, b] = p > 0 ? [xAt(yDomain[0]), xAt(yDomain[1])] : [xAt(yDomain[1]), xAt(yDomain[0])];
  const [lo, hi] = [Math.max(xDomain[0], a), Math.min(xDomain[1], b)];
  return lo < hi ? [lo, hi].map((x) => ({ x, y: y0 * (x / x0) ** p })) : [];
}

/**
 * Log–log plot of distances: one colour per group (e.g. kinetic description), one marker per
 * source (particles, exact hierarchy), one panel per quantity, with ±2 SE bars where the points
 * have errors, the fitted power laws (dashed, in the group's colour) and grey reference slopes
 * (e.g. ε¹ and ε²) through a point just under the lowest distance at the largest x. The axes are
 * fitted to the data ({@link logDomain}); the fitted orders are in the study's tables.
 */
export function convergenceFigure(
  points: ConvergencePoint[],
  lines: FittedLine[],
  caption: string,
  axes: ConvergenceAxes = { x: "ε", y: "distance", title: "Distance to each kinetic description against ε", references: [{ p: 1, label: "ε¹" }, { p: 2, label: "ε²" }] },
  name = "convergence",
): Figure {
  const rows = points
    .filter((p) => p.value > 0 && Number.isFinite(p.value))
    .map((p) => {
      const se = Number.isFinite(p.stderr) ? p.stderr : 0;
      return { curve: p.curve, group: p.group ?? p.curve, source: p.source ?? "", panel: p.panel ?? "", x: p.x, value: p.value, lo: Math.max(p.value - 2 * se, p.value / 10), hi: p.value + 2 * se };
    });
  const unique = (xs: string[]) => [...new Set(xs)];
  const groups = unique(rows.map((r) => r.group));
  const sources = unique(rows.map((r) => r.source));
  const xDomain = logDomain(rows.map((r) => r.x));
  const xs = unique(rows.map((r) => String(r.x))).map(Number);
  const legend = { orient: "bottom", direction: "vertical", labelLimit: 600 } as const;
  const color = { field: "group", type: "nominal", title: axes.legends?.group ?? null, scale: { domain: groups, range: groups.map((g, i) => axes.colours?.[g] ?? PALETTE[i % PALETTE.length]) }, legend: { ...legend, symbolType: "circle" } } as const;
  const shape = sources.length > 1 ? { shape: { field: "source", type: "nominal", title: axes.legends?.source ?? null, scale: { domain: sources, range: sources.map((_, i) => SHAPES[i % SHAPES.length]) }, legend: { ...legend, symbolFillColor: "#555", symbolStrokeColor: "#555" } } } : {};
  const x = { field: "x", type: "quantitative", title: axes.x, scale: { type: "log", domain: xDomain, nice: false }, axis: { grid: true, format: "~g", ...(xs.length <= 8 ? { values: xs, labelOverlap: false } : logAxis(xDomain)) } } as const;

  const panel = (title: string, index: number) => {
    const first = index === 0;
    const own = rows.filter((r) => r.panel === title);
    const largest = Math.max(...own.map((r) => r.x));
    const anchor: [number, number] = [largest, Math.min(...own.filter((r) => r.x === largest).map((r) => r.value)) / 2];
    const yDomain = logDomain([...own.flatMap((r) => [r.lo, r.hi]), anchor[1]]);
    const y = { type: "quantitative", title: first ? axes.y : null, scale: { type: "log", domain: yDomain, nice: false }, axis: { grid: true, ...logAxis(yDomain) } } as const;
    const curves = new Set(own.map((r) => r.curve));
    const fitted = lines
      .filter((l) => curves.has(l.curve))
      .flatMap((l) => {
        const { group } = own.find((o) => o.curve === l.curve)!;
        const span: [number, number] = [Math.max(xDomain[0], l.xMin), Math.min(xDomain[1], l.xMax)];
        return referenceSegment(l.p, [1, l.C], span, yDomain).map((e) => ({ curve: l.curve, group, x: e.x, fit: e.y }));
      });
    const references = (axes.references ?? []).flatMap((ref) => referenceSegment(ref.p, anchor, xDomain, yDomain).map((e) => ({ label: ref.label, ...e })));
    const labels = (axes.references ?? []).flatMap((ref) => {
      const ends = references.filter((r) => r.label === ref.label);
      if (ends.length < 2) return [];
      const mid = Math.sqrt(ends[0].x * ends[1].x);
      return [{ label: ref.label, x: mid, y: anchor[1] * (mid / anchor[0]) ** ref.p }];
    });
    return {
      width: 150,
      height: 150,
      title: title ? { text: title, fontSize: 11, fontWeight: "normal" } : undefined,
      layer: [
        { data: { values: references }, mark: { type: "line", color: "#777", strokeWidth: 1, strokeDash: [2, 2] }, encoding: { x, y: { ...y, field: "y" }, detail: { field: "label" } } },
        { data: { values: labels }, mark: { type: "text", color: "#555", align: "left", baseline: "top", dx: 4, dy: 2, fontSize: 11 }, encoding: { x, y: { ...y, field: "y" }, text: { field: "label" } } },
        { data: { values: fitted }, mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1 }, encoding: { x, y: { ...y, field: "fit" }, color, detail: { field: "curve" } } },
        { data: { values: own }, mark: { type: "rule", strokeWidth: 1 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
        { data: { values: own }, mark: { type: "point", filled: true, size: 40, opacity: 0.9 }, encoding: { x, y: { ...y, field: "value" }, color, ...shape } },
      ],
    };
  };
  const spec = {
    hconcat: unique(rows.map((r) => r.panel)).map(panel),
    spacing: 16,
    resolve: { scale: { color: "shared", shape: "shared" } },
  } as unknown as TopLevelSpec;
  return { name, title: axes.title, caption, spec };
}
