import { describe, expect, it } from "vitest";
import type { CellEstimate, RunOutput } from "../../src/contract/run-output.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { fieldDistance, runSpaceStudy } from "../../src/study/space.js";
import { settle } from "../settle.js";

/** An output with the given ρ, j, T on C cells of [0, 1) at t = 1, and the same SE everywhere. */
function output(rho: number[], j: number[], T: number[], se: number): RunOutput {
  const config = parseConfig({ times: [1], space: { length: 1, cells: rho.length } });
  const estimate = (values: number[]): CellEstimate => ({ mean: [values], stderr: [values.map(() => se)] });
  return {
    summary: { source: "particles", config, times: [1], observables: {} as RunOutput["summary"]["observables"], clusterCounts: {}, events: { coagulation: {}, fragmentation: {} }, replicas: 10, wallSeconds: 0 },
    fields: { dimension: 1, length: 1, cells: rho.length, rho: estimate(rho), momentum: [estimate(j)], T: estimate(T) },
  };
}

describe("the space study's distance", () => {
  it("is the noise-debiased L2 norm in x of (ρ, j, T): zero for equal fields, exact for known offsets", () => {
    const reference = output([1, 2], [0, 0], [1, 1], 0);
    expect(fieldDistance(reference, reference, [1]).value).toBe(0);
    // offsets 0.1 in ρ on both cells, 0.2 in T on one: D² = h·(0.01 + 0.01 + 0.04) − noise, h = 1/2
    const shifted = output([1.1, 2.1], [0, 0], [1.2, 1], 0.01);
    const d = fieldDistance(shifted, reference, [1]);
    const noise = 0.5 * 6 * 0.01 ** 2;
    expect(d.noise).toBeCloseTo(noise, 15);
    expect(d.squared).toBeCloseTo(0.5 * 0.06 - noise, 15);
    expect(fieldDistance(shifted, reference, [1], ["T"]).squared).toBeCloseTo(0.5 * 0.04 - 0.5 * 2 * 0.01 ** 2, 15);
  });
});

describe("the space study", () => {
  it("finds the particles closer to the spatial (33) as ε shrinks and as the cells shrink (D² apart by more than 4 SE)", async () => {
    await settle();
    const base = parseConfig({
      N: 10000,
      replicas: 8,
      seed: 3,
      mu: 8,
      times: [0, 1],
      initial: { distribution: "bimodal", means: [-1, 1], sd: 0.25, position: { distribution: "cosine", amplitude: 0.8 } },
      histogram: { min: -2, max: 2, bins: 20, pairBins: 10 },
      space: { length: 2, cells: 16 },
    });
    const study = await runSpaceStudy(base, {
      epsilons: [0.4, 0.025],
      cells: [2, 16],
      compareTimes: [1],
      runParticles: async (config) => simulateEnsemble(config),
      solveReference: (config) => solveKinetic("instantaneous", config),
    });
    expect(study.rows).toHaveLength(3);
    const at = (epsilon: number, cells: number) => study.rows.find((r) => r.epsilon === epsilon && r.cells === cells)!;
    const apart = (a: (typeof study.rows)[number], b: (typeof study.rows)[number]) => a.squared - b.squared - 4 * Math.hypot(a.squaredStderr, b.squaredStderr);
    expect(apart(at(0.4, 16), at(0.025, 16))).toBeGreaterThan(0);
    expect(apart(at(0.025, 2), at(0.025, 16))).toBeGreaterThan(0);
    for (const row of study.rows) expect(row.massError).toBeLessThan(1e-12);
  });
});
