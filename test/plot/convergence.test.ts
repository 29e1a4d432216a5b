import { describe, expect, it } from "vitest";
import { type ConvergencePoint, convergenceFigure, logDomain, referenceSegment } from "../../src/plot/figures.js";
import { EPSILON_SLOPES } from "../../src/study/figures.js";

// two descriptions, each measured from two sources, in two panels (quantities)
const epsilons = [0.4, 0.2, 0.1, 0.05];
const points: ConvergencePoint[] = [
  ...epsilons.map((x) => ({ curve: "A moments particles", group: "(33)", source: "particles", panel: "moments", x, value: 0.3 * x, stderr: 0.01 * x })),
  ...epsilons.map((x) => ({ curve: "A moments exact", group: "(33)", source: "exact hierarchy", panel: "moments", x, value: 0.25 * x, stderr: 0 })),
  ...epsilons.map((x) => ({ curve: "B moments exact", group: "(14)", source: "exact hierarchy", panel: "moments", x, value: 0.1 * x * x, stderr: 0 })),
  ...epsilons.map((x) => ({ curve: "B C1_4 exact", group: "(14)", source: "exact hierarchy", panel: "C1_4", x, value: 0.2 * x * x, stderr: 0 })),
];
const figure = convergenceFigure(points, [{ curve: "B moments exact", C: 0.1, p: 2, ci95: [1.9, 2.1], xMin: 0.05, xMax: 0.4 }], "caption", {
  x: "ε",
  y: "distance",
  title: "t",
  references: EPSILON_SLOPES,
});
type Layer = { data: { values: Record<string, number | string>[] }; mark: { type: string }; encoding: Record<string, { scale?: { domain?: unknown; range?: unknown; type?: string } }> };
const panels = (figure.spec as unknown as { hconcat: { title?: { text: string }; layer: Layer[] }[] }).hconcat;

describe("convergence figure", () => {
  it("one panel per quantity, each with grey reference lines of slopes 1 and 2 labelled ε¹ and ε²", () => {
    expect(panels.map((p) => p.title?.text)).toEqual(["moments", "C1_4"]);
    for (const panel of panels) {
      const lines = panel.layer.find((l) => l.mark.type === "line" && l.data.values.some((v) => "label" in v))!;
      for (const { p, label } of EPSILON_SLOPES) {
        const [a, b] = lines.data.values.filter((v) => v.label === label) as { x: number; y: number }[];
        expect(Math.log(b.y / a.y) / Math.log(b.x / a.x)).toBeCloseTo(p, 10);
      }
      const labels = panel.layer.find((l) => l.mark.type === "text")!.data.values.map((v) => v.label);
      expect(labels).toEqual(["ε¹", "ε²"]);
    }
  });

  it("axes fitted to the data: every point inside, the margin small, no axis to ε = 1", () => {
    for (const panel of panels) {
      const own = panel.layer.find((l) => l.mark.type === "point")!;
      const [x0, x1] = own.encoding.x.scale!.domain as number[];
      const [y0, y1] = own.encoding.y.scale!.domain as number[];
      expect(own.encoding.x.scale!.type).toBe("log");
      for (const v of own.data.values as { x: number; lo: number; hi: number }[]) {
        expect(v.x).toBeGreaterThan(x0);
        expect(v.x).toBeLessThan(x1);
        expect(v.lo).toBeGreaterThan(y0);
        expect(v.hi).toBeLessThan(y1);
      }
      expect(x0).toBeGreaterThan(0.05 / 1.25);
      expect(x1).toBeLessThan(0.4 * 1.25);
    }
    expect(logDomain([0.025, 0.4])[1]).toBeCloseTo(0.4 * 16 ** 0.05, 12);
  });

  it("one colour per description, one marker per source, shared by every panel", () => {
    const point = panels[0].layer.find((l) => l.mark.type === "point")!;
    const colour = point.encoding.color.scale!;
    expect(colour.domain).toEqual(["(33)", "(14)"]);
    expect(new Set(colour.range as string[]).size).toBe(2);
    expect(point.encoding.shape.scale!.domain).toEqual(["particles", "exact hierarchy"]);
    for (const panel of panels) for (const l of panel.layer.filter((l) => l.encoding.color)) expect(l.encoding.color.scale).toEqual(colour);
  });

  it("the fitted line runs inside the plot and keeps its power law", () => {
    const fit = panels[0].layer.find((l) => l.mark.type === "line" && l.data.values.some((v) => "fit" in v))!.data.values as { x: number; fit: number }[];
    expect(fit.map((v) => v.x)).toEqual([0.05, 0.4]);
    for (const v of fit) expect(v.fit).toBeCloseTo(0.1 * v.x ** 2, 14);
    // a line leaving the box is cut where it crosses the box's edge
    const cut = referenceSegment(1, [1, 1], [0.01, 10], [0.1, 2]);
    expect(cut.map((e) => e.x)).toEqual([0.1, 2]);
    expect(referenceSegment(1, [1, 1], [0.01, 0.05], [0.1, 2])).toEqual([]);
  });
});
