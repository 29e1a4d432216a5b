import { beforeAll, describe, expect, it } from "vitest";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig, validateConfig } from "../../src/model/config.js";
import { REFERENCE, runEpsilonStudy } from "../../src/study/epsilon.js";

// A skewed initial law (unequal weights of the two modes), so that C1_3 ≠ 0 and every degree has a distance.
const skewed = parseConfig({
  N: 1000,
  replicas: 2,
  kmax: 3,
  lambda: { "1,1": 1, "1,2": 1 },
  mu: { "1,1": 8, "1,2": 8 },
  initial: { distribution: "bimodal", means: [-1, 2], sd: 0.5, weight: 0.3, pairedFraction: 0 },
  times: [0, 1, 2],
  histogram: { min: -3, max: 4, bins: 35, pairBins: 7 },
});

describe("orders at every degree against the exact hierarchy (deterministic)", () => {
  // The "particles" are the exact hierarchy itself, so that the study is deterministic and fast; the
  // descriptions are the generated moment closures of (33), (14) and (49).
  let study: Awaited<ReturnType<typeof runEpsilonStudy>>;
  beforeAll(async () => {
    study = await runEpsilonStudy(skewed, {
      epsilons: [0.1, 0.05, 0.025, 0.0125],
      descriptions: ["instantaneous-moments", "first-order-moments", "scalar-moments"],
      runParticles: (c) => solveKinetic(REFERENCE, c),
    });
  });
  it("reports byDegree 2, 3, 4 with a finite order and interval for each description", () => {
    const names = Object.keys(study.orders);
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(Object.keys(study.orders[name].byDegree).sort()).toEqual(["2", "3", "4"]);
      for (const o of Object.values(study.orders[name].byDegree)) {
        expect(Number.isFinite(o.p)).toBe(true);
        expect(o.ci95[0]).toBeLessThanOrEqual(o.p);
        expect(o.ci95[1]).toBeGreaterThanOrEqual(o.p);
        expect(o.source).toBe("exact moment hierarchy");
      }
    }
  });
  // The OLS interval of exact distances measures only their departure from a straight line on the
  // log–log scale; 0.05 allows for the curvature of the pre-asymptotic range.
  it("(33) is first-order at degree 4 and (14) second-order, each within its interval", () => {
    const d33 = study.orders["instantaneous-moments"].byDegree["4"];
    const d14 = study.orders["first-order-moments"].byDegree["4"];
    expect(d33.ci95[0] - 0.05).toBeLessThanOrEqual(1);
    expect(d33.ci95[1] + 0.05).toBeGreaterThanOrEqual(1);
    expect(d14.ci95[0] - 0.05).toBeLessThanOrEqual(2);
    expect(d14.ci95[1] + 0.05).toBeGreaterThanOrEqual(2);
  });
});

describe("the degree-3 distance of a symmetric initial law", () => {
  const symmetric = validateConfig({ ...skewed, initial: { ...skewed.initial, weight: 0.5 } });
  let study: Awaited<ReturnType<typeof runEpsilonStudy>>;
  beforeAll(async () => {
    study = await runEpsilonStudy(symmetric, {
      epsilons: [0.1, 0.05, 0.025],
      descriptions: ["instantaneous-moments"],
      runParticles: (c) => solveKinetic(REFERENCE, c),
    });
  });
  it("is at the rounding floor (C1_3 ≡ 0): unresolved, no order, and a warning", () => {
    const s = study.distances["instantaneous-moments"].momentsExact3!;
    expect(s.resolved).toHaveLength(3);
    expect(s.resolved.some(Boolean)).toBe(false);
    expect(Number.isNaN(study.orders["instantaneous-moments"].byDegree["3"].p)).toBe(true);
    expect(study.warnings.some((w) => w.includes("C1_3") && w.includes("rounding floor"))).toBe(true);
  });
});
