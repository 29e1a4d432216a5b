import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRunOutput, writeRunOutput } from "../../src/output/files.js";
import { compareRuns } from "../../src/compare/compare.js";
import { ConfigError } from "../../src/errors.js";
import { GRID_ORDER, withErrorEstimate } from "../../src/kinetic/error-estimate.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { solveInstantaneous } from "../../src/kinetic/limit-33.js";
import { RECOMMENDED } from "../../src/kinetic/resolution.js";
import { parseConfig } from "../../src/model/config.js";

// (33) on bins of width 0.4: the solve at h = 0.1 with its estimate from h = 0.2, and a 4× finer solve (h = 0.025) as the truth.
const config = parseConfig({ epsilon: 0.1, times: [0, 0.5, 1], histogram: { min: -4, max: 4, bins: 20, pairBins: 10 } });
const coarse = { ...RECOMMENDED.instantaneous, spacing: 0.1, dt: 0.05 };
const estimated = withErrorEstimate(config, coarse, (r) => solveInstantaneous(config, r));
const finer = solveInstantaneous(config, { ...coarse, spacing: 0.025, dt: 0.0125 });

describe("Richardson error estimate of a grid solver", () => {
  // The estimate has the size of the actual error (measured ratios 0.69, 0.85, 3.0 at t = 0, 0.5, 1:
  // late times are over-estimated, the safe side for marking distances unresolved).
  it("has the size of the actual f_1 error (against a 4× finer solve) at every time", () => {
    const err = estimated.f1!.error!;
    expect(err).toHaveLength(3);
    for (const t of [0, 1, 2]) {
      const actual = Math.sqrt(estimated.f1!.density[t].reduce((s, d, b) => s + (d - finer.f1!.density[t][b]) ** 2, 0));
      const estimate = Math.sqrt(err[t].reduce((s, e) => s + e * e, 0));
      expect(actual).toBeGreaterThan(0);
      expect(estimate / actual).toBeGreaterThan(1 / 3);
      expect(estimate / actual).toBeLessThan(4);
    }
  });
  it("records its method, order and lattices, and an estimate per observable and time", () => {
    const e = estimated.summary.diagnostics!.errorEstimate as { order: number; fine: { h: number }; coarse: { h: number }; observables: Record<string, number[]> };
    expect(e.order).toBe(GRID_ORDER);
    expect(e.coarse.h).toBeCloseTo(2 * e.fine.h, 12);
    expect(e.observables.V1).toHaveLength(3);
    for (const x of e.observables.V1) expect(Number.isFinite(x)).toBe(true);
  });
  it("refuses a lattice that no coarser one can tile (bins as fine as h)", () => {
    const fine = parseConfig({ ...config, histogram: { min: -4, max: 4, bins: 80, pairBins: 40 } });
    expect(() => withErrorEstimate(fine, coarse, (r) => solveInstantaneous(fine, r))).toThrow(ConfigError);
  });
  it("a comparison marks an f_1 distance below 4× the solver's error as unresolved", () => {
    const c = compareRuns(solveKinetic("instantaneous", config, { resolution: coarse, errorEstimate: true }), { ...finer, summary: { ...finer.summary, source: "finer" } });
    const rows = c.histograms.filter((h) => h.density === "f1" && h.t > 0);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.solverError).toBeGreaterThan(0);
      expect(r.resolved).toBe(r.solverError! <= r.l2 / 4);
    }
    // the two differ by the discretisation error the estimate measures: not resolved
    expect(rows.some((r) => r.resolved === false)).toBe(true);
  });
  it("f1.csv keeps the error column, and reading it back gives the same estimate", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "alignsim-")), "k");
    writeRunOutput(dir, estimated);
    const back = readRunOutput(dir);
    expect(back.f1!.error).toHaveLength(3);
    expect(back.f1!.error).toEqual(estimated.f1!.error);
    expect(back.f1!.density).toEqual(estimated.f1!.density);
  });
});
