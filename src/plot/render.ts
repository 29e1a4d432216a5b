/**
 * Rendering of the figures: Vega-Lite specs compiled to Vega and rendered to SVG in Node with
 * Vega's headless view (`renderer: "none"`, no browser, no canvas). Every figure is a spec plus
 * its SVG, so the report can inline the SVG and the spec stays available for reuse; ./write.js
 * adds a PNG of each (./png.js). The SVG carries no title or caption: the report and a paper set
 * them beside the figure (figures.json has both).
 *
 * @module
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { FIGURE_FONT, initRasterizer } from "./png.js";
import { serifTextWidth } from "./text-metrics.js";

// Vega lays text out by the widths of the font the figures are drawn in (./text-metrics.js), not
// by its canvas-less guess of 0.8 em per character.
type TextItem = { fontSize?: number; fontWeight?: string | number };
// vega's typings omit textMetrics, which vega-scenegraph exports for this purpose
(vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics.width = (item, text) =>
  serifTextWidth(text == null ? "" : String(text).trim(), item.fontSize ?? 11, item.fontWeight === "bold" || Number(item.fontWeight) >= 600);

/** A figure: file name (without extension), title, caption and the Vega-Lite spec. */
export interface Figure {
  name: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/** A figure with its rendered SVG. */
export interface RenderedFigure extends Figure {
  svg: string;
}

/**
 * Common look, for a paper: a serif face (the one the PNGs embed), type of 9–11 px that stays
 * readable when a figure of 500–800 px is set in one or two columns, thin axes, white
 * background, no external resources.
 */
export const BASE_CONFIG = {
  background: "white",
  font: `${FIGURE_FONT}, Times New Roman, Times, serif`,
  axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: "normal", domainColor: "#333", tickColor: "#333", gridColor: "#e6e6e6" },
  header: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 10, titleFontWeight: "normal", labelLimit: 320 },
  view: { stroke: "#333" },
} as const;

/**
 * Renders a Vega-Lite spec to an SVG string.
 *
 * @example
 * await renderSvg({ data: { values: [{ x: 1, y: 1 }] }, mark: "point",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } })
 * // "<svg …>…</svg>"
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile({ config: BASE_CONFIG, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders every figure, and readies the rasterizer that ./write.js makes their PNGs with. */
export async function renderFigures(figures: Figure[]): Promise<RenderedFigure[]> {
  await initRasterizer();
  const out: RenderedFigure[] = [];
  for (const f of figures) out.push({ ...f, svg: await renderSvg(f.spec) });
  return out;
}
