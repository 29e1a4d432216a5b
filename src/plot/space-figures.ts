/**
 * The figures of the spatial model (docs/space.md), as Vega-Lite specs:
 *
 * - d = 1: the density ρ(x) at each time, particles (±2 SE) over the kinetic reference;
 * - d = 1: the space–time heat map of ρ(x, t), one panel per source;
 * - d = 1: f₁(x, v) as heat maps, one row per time, one column per source;
 * - d = 2: density maps ρ(x, y) at the output times.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { Fields } from "../contract/run-output.js";
import { sourcesTitle } from "./caption.js";
import { heatMap, isParticles, seriesEncodings, stepsAndErrorBars, titled, type Series } from "./figures.js";
import type { Figure } from "./render.js";

/** The centre and edges of cell i of a box of `cells` cells on [0, length). */
function cell(fields: Pick<Fields, "length" | "cells">, i: number) {
  const h = fields.length / fields.cells;
  return { lo: i * h, hi: (i + 1) * h, centre: (i + 0.5) * h };
}

/**
 * ρ(x) at each time (d = 1): particles as points with ±2 SE bars, the kinetic reference as a step line.
 *
 * @param times - which times to show (default: all).
 */
export function densityProfilesFigure(series: Series[], caption: string, times?: number[], name = "density"): Figure {
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const fields = s.output.fields;
    if (!fields) continue;
    s.output.summary.times.forEach((t, ti) => {
      if (times && !times.some((x) => Math.abs(x - t) < 1e-12)) return;
      fields.rho.mean[ti].forEach((rho, i) => {
        const se = fields.rho.stderr[ti][i] || 0;
        rows.push({ series: s.label, sample: s.label, kind: isParticles(s) ? "particles" : "kinetic", time: `t = ${t}`, x: cell(fields, i).centre, rho, lo: rho - 2 * se, hi: rho + 2 * se });
      });
    });
  }
  const x = { field: "x", type: "quantitative", title: "x" } as const;
  const enc = seriesEncodings(series.filter((s) => s.output.fields));
  const spec = {
    data: { values: rows },
    facet: { field: "time", type: "ordinal", title: null, sort: null },
    columns: 3,
    spec: { width: 260, height: 170, layer: stepsAndErrorBars(x, { field: "rho", title: "ρ(x, t)" }, enc, 14) },
  } as unknown as TopLevelSpec;
  return { name, title: sourcesTitle("Mass density ρ(x, t)", titled(series.filter((s) => s.output.fields))), caption, spec };
}

/**
 * The space–time heat map of ρ (d = 1): x across, t upwards, one panel per source. Each output
 * time is drawn as a band reaching half-way to its neighbours, so the map is only as fine in t
 * as the output times (ask for many times for a smooth map).
 */
export function spaceTimeFigure(series: Series[], caption: string, name = "space-time"): Figure {
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const fields = s.output.fields;
    if (!fields) continue;
    const times = s.output.summary.times;
    const edge = (k: number) => (k <= 0 ? times[0] : k >= times.length ? times[times.length - 1] : (times[k - 1] + times[k]) / 2);
    times.forEach((_, ti) => {
      fields.rho.mean[ti].forEach((rho, i) => {
        const { lo, hi } = cell(fields, i);
        rows.push({ series: s.label, x: lo, x2: hi, t: edge(ti), t2: ti === times.length - 1 && times.length > 1 ? times[ti] : edge(ti + 1), rho });
      });
    });
  }
  const spec = {
    data: { values: rows },
    facet: { column: { field: "series", type: "nominal", title: null, sort: null } },
    spec: heatMap([300, 260], { field: "x", title: "x" }, { field: "t", title: "t" }, { field: "rho", title: "ρ(x, t)" }),
    resolve: { scale: { color: "shared" } },
  } as unknown as TopLevelSpec;
  return { name, title: "Space–time map of the density ρ(x, t)", caption, spec };
}

/**
 * f₁(x, v) heat maps (d = 1): one row per time, one column per source.
 *
 * @param times - which times to show (default: all).
 */
export function phaseSpaceFigure(series: Series[], caption: string, times?: number[], name = "f1xv"): Figure {
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const f = s.output.f1xv;
    if (!f) continue;
    const bins = f.vEdges.length - 1;
    s.output.summary.times.forEach((t, ti) => {
      if (times && !times.some((x) => Math.abs(x - t) < 1e-12)) return;
      for (let ix = 0; ix + 1 < f.xEdges.length; ix++) {
        for (let iv = 0; iv < bins; iv++) {
          const density = f.density[ti][ix * bins + iv];
          if (density !== 0) rows.push({ series: s.label, time: `t = ${t}`, x: f.xEdges[ix], x2: f.xEdges[ix + 1], v: f.vEdges[iv], v2: f.vEdges[iv + 1], f: density });
        }
      }
    });
  }
  const spec = {
    data: { values: rows },
    facet: { row: { field: "time", type: "ordinal", title: null, sort: null }, column: { field: "series", type: "nominal", title: null, sort: null } },
    spec: heatMap([260, 160], { field: "x", title: "x" }, { field: "v", title: "v" }, { field: "f", title: "f₁(x, v, t)" }),
    resolve: { scale: { color: "shared" } },
  } as unknown as TopLevelSpec;
  return { name, title: "Free particles in phase space: f₁(x, v, t)", caption, spec };
}

/** Density maps ρ(x, y) at the output times (d = 2), one panel per time. */
export function densityMapsFigure(series: Series, caption: string, name = "density-maps"): Figure {
  const rows: Record<string, unknown>[] = [];
  const fields = series.output.fields!;
  const C = fields.cells;
  series.output.summary.times.forEach((t, ti) => {
    fields.rho.mean[ti].forEach((rho, i) => {
      const x = cell(fields, i % C);
      const y = cell(fields, Math.floor(i / C) % C);
      rows.push({ time: `t = ${t}`, x: x.lo, x2: x.hi, y: y.lo, y2: y.hi, rho });
    });
  });
  const spec = {
    data: { values: rows },
    facet: { field: "time", type: "ordinal", title: null, sort: null },
    columns: 3,
    spec: heatMap([220, 220], { field: "x", title: "x" }, { field: "y", title: "y" }, { field: "rho", title: "ρ(x, y, t)" }),
    resolve: { scale: { color: "shared" } },
  } as unknown as TopLevelSpec;
  return { name, title: `Density maps ρ(x, y, t) (${series.label})`, caption, spec };
}

/**
 * The figures a spatial output calls for: d = 1 profiles, space–time map and phase space; d = 2
 * density maps (of the first series with fields); none for d = 3 or without fields.
 */
export function spaceFigures(series: Series[], caption: string): Figure[] {
  const spatial = series.filter((s) => s.output.fields);
  if (!spatial.length) return [];
  const { dimension } = spatial[0].output.fields!;
  if (dimension === 1) {
    const figures = [densityProfilesFigure(spatial, caption), spaceTimeFigure(spatial, caption)];
    if (spatial.some((s) => s.output.f1xv)) figures.push(phaseSpaceFigure(spatial, caption));
    return figures;
  }
  return dimension === 2 ? [densityMapsFigure(spatial[0], caption)] : [];
}
