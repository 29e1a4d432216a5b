/**
 * The figure of a coverage study: the measured coverage of each kind of interval with its 95 %
 * interval, against the nominal coverage.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { PALETTE } from "./figures.js";
import type { Figure } from "./render.js";

/** One kind of interval: what fraction of the ensembles it covered its truth in, with a 95 % interval. */
export interface CoveragePoint {
  label: string;
  fraction: number;
  lower: number;
  upper: number;
  nominal: number;
}

/**
 * Coverage per kind of interval as points with 95 % bars, the nominal coverage as a dashed rule.
 *
 * @example
 * coverageFigure([{ label: "mean ± t·SE", fraction: 0.95, lower: 0.93, upper: 0.97, nominal: 0.95 }], "K = 400").name // "coverage"
 */
export function coverageFigure(points: CoveragePoint[], caption: string, name = "coverage"): Figure {
  const rows = points.map((p) => ({ ...p, lower: Math.max(p.lower, 0), upper: Math.min(p.upper, 1) }));
  const low = Math.min(0.8, ...rows.map((p) => p.lower));
  const x = { type: "quantitative", title: "fraction of ensembles whose interval covers the truth", scale: { domain: [Math.floor(low * 20) / 20, 1] }, axis: { grid: true } } as const;
  const y = { field: "label", type: "nominal", title: null, sort: null, axis: { labelLimit: 320 } } as const;
  const spec = {
    width: 420,
    height: { step: 28 },
    data: { values: rows },
    layer: [
      { mark: { type: "rule", strokeDash: [5, 3], color: "#888" }, encoding: { x: { ...x, field: "nominal" } } },
      { mark: { type: "rule", strokeWidth: 2, color: PALETTE[1] }, encoding: { x: { ...x, field: "lower" }, x2: { field: "upper" }, y } },
      { mark: { type: "point", filled: true, size: 60, color: PALETTE[1] }, encoding: { x: { ...x, field: "fraction" }, y } },
    ],
  } as unknown as TopLevelSpec;
  return { name, title: "Coverage of the intervals alignsim prints", caption, spec };
}
