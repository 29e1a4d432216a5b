import { describe, expect, it } from "vitest";
import { compile, type TopLevelSpec } from "vega-lite";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { f1Figure, momentsFigure, type Series } from "../../src/plot/figures.js";

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
