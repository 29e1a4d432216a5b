import { describe, expect, it } from "vitest";
import type { CellEstimate, Fields, RunOutput } from "../../src/contract/run-output.js";
import { parseConfig } from "../../src/model/config.js";
import { renderFigures } from "../../src/plot/render.js";
import { spaceFigures } from "../../src/plot/space-figures.js";

/** A spatial output of dimension d with C cells per axis, ρ = 1 + cos(2πx) at t = 0, 1. */
function spatialOutput(source: string, dimension: number, C: number): RunOutput {
  const config = parseConfig({ dimension, space: { length: 1, cells: C }, times: [0, 1] });
  const cells = C ** dimension;
  const estimate = (f: (i: number, t: number) => number): CellEstimate => ({
    mean: [0, 1].map((t) => Array.from({ length: cells }, (_, i) => f(i, t))),
    stderr: [0, 1].map(() => Array.from({ length: cells }, () => (source === "particles" ? 0.05 : 0))),
  });
  const fields: Fields = {
    dimension,
    length: 1,
    cells: C,
    rho: estimate((i, t) => 1 + Math.cos(2 * Math.PI * (((i % C) + 0.5) / C - 0.1 * t))),
    momentum: Array.from({ length: dimension }, () => estimate(() => 0)),
    T: estimate(() => 1),
  };
  const vEdges = [-1, 0, 1];
  return {
    summary: { source, config, times: [0, 1], observables: {} as RunOutput["summary"]["observables"], clusterCounts: {}, events: { coagulation: {}, fragmentation: {} }, replicas: 2, wallSeconds: 0 },
    fields,
    ...(dimension === 1 ? { f1xv: { xEdges: Array.from({ length: C + 1 }, (_, i) => i / C), vEdges, density: [0, 1].map(() => Array.from({ length: 2 * C }, (_, i) => i + 1)), stderr: [0, 1].map(() => new Array(2 * C).fill(0)) } } : {}),
  };
}

describe("figures of the spatial model", () => {
  it("d = 1: density profiles, a space–time map and f₁(x, v), with one mark per cell and time", async () => {
    const series = [
      { label: "particles", output: spatialOutput("particles", 1, 8) },
      { label: "(33) in space", output: spatialOutput("kinetic:instantaneous", 1, 8) },
    ];
    const figures = await renderFigures(spaceFigures(series, "caption"));
    expect(figures.map((f) => f.name)).toEqual(["density", "space-time", "f1xv"]);
    for (const f of figures) expect(f.svg).toMatch(/<svg/);
    // space–time: 2 sources × 8 cells × 2 times rectangles
    const rects = (figures[1].svg.match(/<path[^>]*aria-roledescription="rect mark"/g) ?? []).length;
    expect(rects).toBe(2 * 8 * 2);
  });

  it("d = 2: density maps at the output times; d = 3 and homogeneous outputs: none", async () => {
    const figures = await renderFigures(spaceFigures([{ label: "particles", output: spatialOutput("particles", 2, 4) }], "caption"));
    expect(figures.map((f) => f.name)).toEqual(["density-maps"]);
    expect((figures[0].svg.match(/aria-roledescription="rect mark"/g) ?? []).length).toBe(2 * 16);
    expect(spaceFigures([{ label: "particles", output: spatialOutput("particles", 3, 2) }], "c")).toEqual([]);
    const { fields: _, ...homogeneous } = spatialOutput("particles", 1, 2);
    expect(spaceFigures([{ label: "p", output: homogeneous }], "c")).toEqual([]);
  });
});
