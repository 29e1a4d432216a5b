/**
 * Rendering of the figures: Vega-Lite specs compiled to Vega and rendered to SVG in Node with
 * Vega's headless view (`renderer: "none"`, no browser, no canvas). Every figure is a spec plus
 * its SVG, so the report can inline the SVG and the spec stays available for reuse.
 *
 * @module
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

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

/** Common look: readable fonts, white background, no external resources. */
export const BASE_CONFIG = {
  background: "white",
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: "start", subtitleColor: "#444" },
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

/** Renders every figure. */
export async function renderFigures(figures: Figure[]): Promise<RenderedFigure[]> {
  const out: RenderedFigure[] = [];
  for (const f of figures) out.push({ ...f, svg: await renderSvg(f.spec) });
  return out;
}

/** Splits a long caption into lines of at most `width` characters (Vega titles do not wrap). */
export function wrapCaption(text: string, width = 110): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
