import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/model/config.js";
import { runEpsilonStudy } from "../../src/study/epsilon.js";
import { QUICK_KINETIC_OPTIONS, QUICK_STUDY_CONFIG_PATH } from "../../src/study/quick-study.js";
import { formatStudy } from "../../src/study/write.js";
import { settle } from "../settle.js";

// The quick study's config (the study config's model, λ = 1, μ = 8, on histograms that lattices of
// h = 0.2 tile) and its grids, smaller: N·R = 4·10⁵ per ε, three ε. The orders come from moments,
// which the grids do not touch; the grids' coarseness is what makes f₁ points solver-limited.
const base = parseConfig({ ...JSON.parse(readFileSync(QUICK_STUDY_CONFIG_PATH, "utf8")), N: 20_000, replicas: 20 });

describe("ε-study on a small configuration", () => {
  let study: Awaited<ReturnType<typeof runEpsilonStudy>>;
  beforeAll(async () => {
    await settle();
    study = await runEpsilonStudy(base, { epsilons: [0.2, 0.1, 0.05], kineticOptions: QUICK_KINETIC_OPTIONS });
  }, 1_200_000);
  it("the order against (33) has a 95% interval containing 1 and excluding 2", () => {
    const o = study.orders.instantaneous;
    expect(o.ci95[0]).toBeLessThanOrEqual(1);
    expect(o.ci95[1]).toBeGreaterThanOrEqual(1);
    expect(o.ci95[1]).toBeLessThan(2);
  });
  it("the order against (14) is clearly above 1", () => {
    const o = study.orders["first-order"];
    expect(o.p).toBeGreaterThan(1.5);
    expect(o.ci95[0]).toBeGreaterThan(1);
  });
  it("says where each order comes from, and the particles agree with the exact hierarchy it may stand in for", () => {
    expect(study.orders.instantaneous.source).toBe("particles"); // resolved at every ε
    expect(study.distances.instantaneous.momentsParticles!.resolved).toHaveLength(3);
    expect(study.distances.instantaneous.momentsParticles!.resolved.every(Boolean)).toBe(true);
    if (study.orders["first-order"].source !== "particles") expect(study.warnings.some((w) => w.includes("(14)"))).toBe(true);
    expect(study.validation).toHaveLength(3);
    for (const v of study.validation) expect(v.pValue).toBeGreaterThan(1e-4);
  });
  it("(49) joins the study: orders at degrees 2 and 4, its positivity per ε; the validation covers C1_3 and C1_4", () => {
    expect(study.orders.scalar.expected).toBe(2);
    for (const name of ["instantaneous", "first-order", "scalar"]) {
      for (const r of ["2", "4"]) expect(Number.isFinite(study.orders[name].byDegree[r].p)).toBe(true);
    }
    expect(study.positivity.scalar.map((row) => row.epsilon)).toEqual([0.2, 0.1, 0.05]);
    for (const row of study.positivity.scalar) expect(Number.isFinite(row.minF1)).toBe(true);
    // 7 observables (M₁, I₁, V₁, M₂, V₂, C1_3, C1_4) at 2 comparison times
    for (const v of study.validation) expect(v.df).toBe(14);
  });
  it("(49) from its slip-corrected datum is O(ε²) against the exact hierarchy, from the printed datum O(ε)", () => {
    expect(study.orders["scalar-printed"].expected).toBe(1);
    expect(Math.abs(study.orders.scalar.byDegree["2"].p - 2)).toBeLessThan(0.15);
    expect(Math.abs(study.orders["scalar-printed"].byDegree["2"].p - 1)).toBeLessThan(0.1);
  });
  it("an f₁ distance to a grid solver carries the solver's error estimate, and is not resolved where that error exceeds D/4", () => {
    for (const name of ["instantaneous", "first-order", "scalar"]) {
      const s = study.distances[name].f1Particles!;
      s.solverError.forEach((err, i) => {
        expect(err).toBeGreaterThan(0);
        if (err > s.values[i] / 4) expect(s.resolved[i]).toBe(false);
      });
    }
    // The linear deposit of (49) at h = 0.2 errs by more than a quarter of its distance to the particles at ε = 0.05.
    const scalar = study.distances.scalar.f1Particles!;
    expect(scalar.solverError[2]).toBeGreaterThan(scalar.values[2] / 4);
    expect(study.warnings.some((w) => w.includes("(49) slip-corrected: the solver's estimated error exceeds"))).toBe(true);
    // the table shows such a point as D ± SE with the solver's error, not as a noise bound
    expect(formatStudy(study)).toMatch(/± [^,]+, solver error [0-9.e-]+ \(unresolved\)/);
  });
  it("the particle distance to (33) agrees with the exact-hierarchy distance within 4 SE at every ε", () => {
    const p = study.distances.instantaneous.momentsParticles!;
    const e = study.distances.instantaneous.momentsExact!;
    expect(p.values).toHaveLength(3);
    p.values.forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThan(4 * p.stderr[i]));
  });
});
