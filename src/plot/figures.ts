/**
 * The figures of runs, comparisons and studies, as Vega-Lite specs (rendered by ./render.js):
 *
 * - f_1 histograms with ±2 SE error bars over the kinetic curves, one panel per time;
 * - f_2 as heat maps, one column per source, one row per time;
 * - moments against time with ±2 SE bands over the ODE curves, one panel per observable;
 * - the log–log convergence plot of distance against ε with the fitted slopes;
 * - the statistical error against N·R with the fitted slope (−1/2 expected).
 *
 * Axis titles use the paper's symbols (f₁^ε, v, t, ε, V̄₂, …); titles carry the caption.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunOutput } from "../contract/run-output.js";
import { sourcesTitle, type TitledSeries } from "./caption.js";
import { type Figure, wrapCaption } from "./render.js";

/** One curve or histogram of a figure: a label and the output it comes from. */
export interface Series {
  label: string;
  output: RunOutput;
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

export function title(text: string, caption: string) {
  return { text, subtitle: wrapCaption(caption) };
}

/** Colours of the series, in order (Tableau 10, then Tableau 20's light tones). */
const PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac", "#1f77b4", "#9467bd", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f"];

/**
 * The colour encodings of a figure with particle series (points, bars, bands) and kinetic series
 * (lines): the kinetic lines are coloured through `color` with line swatches, the particles
 * through `fill` (and `stroke` for their bars) with filled circles, so that each legend entry
 * looks like what it labels; one colour per series across both legends. The particle channels
 * read the rows' `sample` field (the same label), since Vega-Lite merges legends on one field.
 */
export function seriesEncodings(series: Series[]) {
  const colour = new Map(series.map((s, i) => [s.label, PALETTE[i % PALETTE.length]]));
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
    title: title(sourcesTitle("f₁ at each time", titled(series.filter((s) => s.output.f1))), caption),
    data: { values: rows },
    facet: { field: "time", type: "ordinal", title: null, sort: null },
    columns: 2,
    spec: { width: 300, height: 200, layer: stepsAndErrorBars(x, { field: "f", title: "f₁^ε(v, t)" }, enc, 12) },
  } as unknown as TopLevelSpec;
  return { name, title: "f₁ histograms", caption, spec };
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
      x: { field: x.field, type: "quantitative", title: x.title },
      x2: { field: `${x.field}2` },
      y: { field: y.field, type: "quantitative", title: y.title },
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
    title: title(sourcesTitle("f₂ heat maps", titled(series.filter((s) => s.output.f2)), "mean"), caption),
    data: { values: rows },
    facet: { row: { field: "time", type: "ordinal", title: null, sort: null }, column: { field: "series", type: "nominal", title: null, sort: null } },
    spec: heatMap([220, 220], { field: "v1", title: "v₁" }, { field: "v2", title: "v₂" }, { field: "f", title: "f₂^ε(v₁, v₂, t)" }),
    resolve: { scale: { color: "shared" } },
  } as unknown as TopLevelSpec;
  return { name, title: "f₂ heat maps", caption, spec };
}

/**
 * Moments against time: particle means with ±2 SE bands and points, kinetic solutions as lines
 * (evaluated at the solver's own times, which may be finer than the particle times).
 */
export function momentsFigure(series: Series[], caption: string, observables: string[] = ["M1", "M2", "I1", "V1", "V2", "V2bar"], name = "moments"): Figure {
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const particles = isParticles(s);
    for (const obs of observables) {
      const e = s.output.summary.observables[obs as keyof RunOutput["summary"]["observables"]];
      if (!e) continue;
      s.output.summary.times.forEach((t, i) => {
        const m = e.mean[i];
        if (m === null || !Number.isFinite(m)) return;
        const se = e.stderr[i] ?? 0;
        rows.push({ series: s.label, sample: s.label, kind: particles ? "particles" : "kinetic", observable: OBSERVABLE_SYMBOLS[obs] ?? obs, t, value: m, lo: m - 2 * se, hi: m + 2 * se });
      });
    }
  }
  const x = { field: "t", type: "quantitative", title: "t" } as const;
  const enc = seriesEncodings(series);
  const spec = {
    title: title(sourcesTitle("Moments against time", titled(series), "mean ± 2 SE"), caption),
    data: { values: rows },
    facet: { field: "observable", type: "nominal", title: null, sort: observables.map((o) => OBSERVABLE_SYMBOLS[o] ?? o) },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 220,
      height: 160,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'kinetic'" }],
          mark: { type: "line", strokeWidth: 1.5 },
          encoding: { x, y: { field: "value", type: "quantitative", title: "moment", scale: { zero: false } }, ...enc.line },
        },
        {
          transform: [{ filter: "datum.kind === 'particles'" }],
          mark: { type: "area", opacity: 0.25 },
          encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, ...enc.fill },
        },
        {
          transform: [{ filter: "datum.kind === 'particles'" }],
          mark: { type: "point", filled: true, strokeWidth: 0, size: 25 },
          encoding: { x, y: { field: "value", type: "quantitative" }, ...enc.fill },
        },
      ],
    },
  } as unknown as TopLevelSpec;
  return { name, title: "Moments", caption, spec };
}

/** A point of a convergence plot. */
export interface ConvergencePoint {
  /** Curve label, e.g. "(33) instantaneous — f₁ moments, exact hierarchy". */
  curve: string;
  x: number;
  value: number;
  stderr: number;
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

/**
 * Log–log plot of distances (points with ±2 SE bars where they have errors) and the fitted
 * power laws (dashed, labelled with p and its 95% interval in the legend).
 */
export function convergenceFigure(
  points: ConvergencePoint[],
  lines: FittedLine[],
  caption: string,
  axes: { x: string; y: string; title: string } = { x: "ε", y: "distance", title: "Distance to each kinetic description against ε" },
  name = "convergence",
): Figure {
  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
  const legend = (curve: string) => {
    const line = lines.find((l) => l.curve === curve);
    return line ? `${curve}: p = ${fmt(line.p)} [${fmt(line.ci95[0])}, ${fmt(line.ci95[1])}]` : curve;
  };
  const rows = points
    .filter((p) => p.value > 0 && Number.isFinite(p.value))
    .map((p) => ({
      curve: legend(p.curve),
      x: p.x,
      value: p.value,
      lo: Math.max(p.value - 2 * (Number.isFinite(p.stderr) ? p.stderr : 0), p.value / 10),
      hi: p.value + 2 * (Number.isFinite(p.stderr) ? p.stderr : 0),
    }));
  const fitted = lines.flatMap((l) =>
    Array.from({ length: 12 }, (_, i) => {
      const x = l.xMin * (l.xMax / l.xMin) ** (i / 11);
      return { curve: legend(l.curve), x, fit: l.C * x ** l.p };
    }),
  );
  const x = { field: "x", type: "quantitative", title: axes.x, scale: { type: "log" }, axis: { grid: true } } as const;
  const y = { type: "quantitative", title: axes.y, scale: { type: "log" }, axis: { grid: true } } as const;
  const color = { field: "curve", type: "nominal", title: null, scale: { range: PALETTE }, legend: { orient: "bottom", direction: "vertical", labelLimit: 900 } } as const;
  const spec = {
    title: title(axes.title, caption),
    width: 480,
    height: 340,
    layer: [
      { data: { values: fitted }, mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.2 }, encoding: { x, y: { ...y, field: "fit" }, color } },
      { data: { values: rows }, mark: { type: "rule" }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
      { data: { values: rows }, mark: { type: "point", filled: true, size: 45 }, encoding: { x, y: { ...y, field: "value" }, color, shape: { ...color, scale: {} } } },
    ],
  } as unknown as TopLevelSpec;
  return { name, title: axes.title, caption, spec };
}
