import { describe, expect, it } from "vitest";
import { compile, type TopLevelSpec } from "vega-lite";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { f1Figure, type MomentRow, momentRows, momentsFigure, type Series, symlogScale } from "../../src/plot/figures.js";

const config = parseConfig({ epsilon: 0.2, times: [0, 0.5, 1] });
const exact = solveKinetic("moments-exact", config);
const limit = solveKinetic("instantaneous", config);
// a stand-in for a particle run: only its source marks it as particles here
const particles = { ...limit, summary: { ...limit.summary, source: "particles" } };
const series: Series[] = [
  { label: "particles", output: particles },
  { label: "exact", output: exact },
  { label: "(33)", output: limit },
];

/** The legends of the compiled Vega spec, each with its entries. */
function legends(spec: TopLevelSpec) {
  const vega = compile(spec).spec as { legends?: { symbolType?: string; values?: string[]; stroke?: string; fill?: string }[]; scales?: { name: string; domain?: unknown; range?: unknown }[] };
  return { legends: vega.legends ?? [], scales: vega.scales ?? [] };
}

describe("legend swatches match the marks they label", () => {
  // the exact hierarchy has no f_1, so the f_1 figure shows (33) alone among the kinetic series
  for (const [name, figure, kinetic] of [
    ["moments", momentsFigure(series, "caption"), ["exact", "(33)"]],
    ["f1", f1Figure(series, "caption", [1]), ["(33)"]],
  ] as const) {
    it(`${name}: kinetic lines under stroke swatches, particles under filled circles, one colour per series`, () => {
      const { legends: found, scales } = legends(figure.spec);
      expect(found).toHaveLength(2);
      const lines = found.find((l) => l.stroke === "color")!;
      const points = found.find((l) => l.fill === "fill")!; // its bars share the legend (stroke)
      expect(lines.symbolType).toBe("stroke");
      expect(points.symbolType).toBe("circle");
      const domain = (scale: string) => (scales.find((s) => s.name === scale)!.domain as { fields?: unknown } | string[]);
      const range = (scale: string) => scales.find((s) => s.name === scale)!.range as string[];
      expect(domain("color")).toEqual(kinetic);
      expect(domain("fill")).toEqual(["particles"]);
      expect(new Set([...range("color"), ...range("fill")]).size).toBe(kinetic.length + 1);
    });
  }
});

describe("difference panels under the moments", () => {
  type Panel = { vconcat: { data: { values: MomentRow[] }; layer: { encoding: { y?: { scale?: { type?: string } } } }[] }[] };
  const figure = momentsFigure(series, "caption", ["M1", "V1"]);
  const cells = (figure.spec as unknown as { concat: Panel[] }).concat;
  const rows = momentRows(series, ["M1", "V1"]);

  it("the exact hierarchy is the default reference: one difference panel under each moment, on a symmetric-log scale", () => {
    expect(cells).toHaveLength(2);
    for (const cell of cells) {
      expect(cell.vconcat).toHaveLength(2);
      expect(cell.vconcat[1].layer.some((l) => l.encoding.y?.scale?.type === "symlog")).toBe(true);
    }
    expect(figure.title).toMatch(/; under each, the difference to the exact moment hierarchy$/);
  });

  it("each difference is the series minus the exact hierarchy at the same time; particles keep their ±2 SE band", () => {
    for (const [i, symbol] of ["M₁", "V₁"].entries()) {
      const diff = cells[i].vconcat[1].data.values;
      expect(diff.length).toBe(rows.filter((r) => r.observable === symbol && r.series !== "exact").length);
      for (const d of diff) {
        const own = rows.find((r) => r.series === d.series && r.observable === symbol && r.t === d.t)!;
        const exactRow = rows.find((r) => r.series === "exact" && r.observable === symbol && r.t === d.t)!;
        expect(d.value).toBe(own.value - exactRow.value);
        expect(d.hi - d.lo).toBeCloseTo(own.hi - own.lo, 12);
      }
      expect(diff.some((d) => d.series === "(33)" && d.value !== 0)).toBe(true);
    }
  });

  it("no difference panels without a reference, or with null", () => {
    for (const f of [momentsFigure(series.filter((s) => s.label !== "exact"), "c", ["M1"]), momentsFigure(series, "c", ["M1"], "m", null)]) {
      expect((f.spec as unknown as { concat: object[] }).concat[0]).not.toHaveProperty("vconcat");
    }
  });

  it("symlogScale: ticks at 0 and ±10^k, labelled with superscripts", () => {
    const { constant, ticks, labelExpr } = symlogScale([-0.02, 3e-5, 0.004]);
    expect(constant).toBeCloseTo(2e-5, 15);
    expect(ticks).toEqual([-0.01, -0.001, -0.0001, 0, 0.0001, 0.001, 0.01]);
    expect(labelExpr).toContain("'10⁻²'");
  });
});
