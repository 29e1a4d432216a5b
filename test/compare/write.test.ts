import { beforeAll, describe, expect, it } from "vitest";
import { compareRuns } from "../../src/compare/compare.js";
import { comparisonFigures, denseKinetic } from "../../src/compare/write.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { DENSE_POINTS, solveKinetic } from "../../src/kinetic/index.js";
import { RECOMMENDED } from "../../src/kinetic/lattice/resolution.js";
import { parseConfig } from "../../src/model/config.js";

// ε = 0.2 with all pairs formed at t = 0 (pairedFraction 0.5): an initial layer of width O(ε)
// between the output times 0 and 1.
const config = parseConfig({ N: 2000, replicas: 4, epsilon: 0.2, times: [0, 1, 2], initial: { distribution: "normal", mean: 0, sd: 1, pairedFraction: 0.5 } });
let particles: ReturnType<typeof simulateEnsemble>;
let kinetic: ReturnType<typeof solveKinetic>;
beforeAll(() => {
  particles = simulateEnsemble(config);
  kinetic = solveKinetic("moments-exact", config);
});

type Row = { series: string; kind: string; observable: string; t: number; value: number };
type Panel = { data: { values: Row[] } };
/** The rows of the moments figure's panels (the upper panel where a difference panel sits under it). */
const rowsOf = (a: typeof particles, b: typeof kinetic) => {
  const [moments] = comparisonFigures(compareRuns(a, b), a, b);
  const panels = (moments.spec as unknown as { concat: (Panel | { vconcat: Panel[] })[] }).concat;
  return panels.flatMap((p) => ("vconcat" in p ? p.vconcat[0] : p).data.values);
};

describe("comparison figures draw kinetic curves densely in time", () => {
  let rows: Row[];
  beforeAll(() => {
    rows = rowsOf(particles, kinetic);
  });
  const curve = (kind: string, observable: string) => rows.filter((r) => r.kind === kind && r.observable === observable);

  it("a kinetic moment curve has many more points than the output times and passes through the output-time values", () => {
    const m2 = curve("kinetic", "M₂");
    expect(m2.length).toBeGreaterThanOrEqual(DENSE_POINTS);
    expect(m2.length).toBeGreaterThan(30 * config.times.length);
    config.times.forEach((t, i) => {
      const at = m2.filter((r) => r.t === t);
      expect(at).toHaveLength(1);
      expect(at[0].value).toBeCloseTo(kinetic.summary.observables.M2.mean[i]!, 8);
    });
    // the initial layer shows: at t = ε the curve is far from the chord between t = 0 and t = 1
    const early = m2.filter((r) => r.t > 0 && r.t <= config.epsilon);
    expect(early.length).toBeGreaterThan(5);
    const [m0, m1] = [0, 1].map((i) => kinetic.summary.observables.M2.mean[i]!);
    const last = early.at(-1)!;
    const chord = m0 + (m1 - m0) * last.t;
    expect(Math.abs(last.value - chord)).toBeGreaterThan(0.2 * Math.abs(m1 - m0));
  });

  it("particle points stay at the output times", () => {
    const m2 = curve("particles", "M₂");
    expect(m2.map((r) => r.t)).toEqual(config.times);
  });

  it("a kinetic output without a registry description to re-solve (another program's, or written before descriptions were stamped) stays at its output times", () => {
    const unknown = { ...kinetic, summary: { ...kinetic.summary, description: undefined } };
    expect(denseKinetic(unknown)).toBe(unknown);
    const other = rowsOf(particles, unknown).filter((r) => r.kind === "kinetic" && r.observable === "M₂");
    expect(other.map((r) => r.t)).toEqual(config.times);
  });

  it("a re-solve that does not reproduce the output (options not recorded in it) is not used", () => {
    const shifted = { ...kinetic, summary: { ...kinetic.summary, observables: { ...kinetic.summary.observables, V1: { ...kinetic.summary.observables.V1, mean: kinetic.summary.observables.V1.mean.map((v) => v! * 1.01) } } } };
    expect(denseKinetic(shifted)).toBe(shifted);
  });

  it("velocity-resolved descriptions are drawn through their moment solution", () => {
    const grid = solveKinetic("instantaneous", config, { resolution: { ...RECOMMENDED.instantaneous, dt: 0.2 } });
    const dense = denseKinetic(grid);
    expect(dense.summary.times.length).toBeGreaterThanOrEqual(DENSE_POINTS);
    expect(dense.f1).toBeUndefined();
  });
});
