import { describe, expect, it } from "vitest";
import { solveMomentsExact } from "../../src/kinetic/moments-exact.js";
import { solveMoments } from "../../src/kinetic/moments.js";
import { parseConfig } from "../../src/model/config.js";

// The one timing assertion of the suite, demanded by issue 4: the moment systems are stiff
// (rates 1/ε, 2/ε) and must be solved at ε = 1e-4 without tiny steps.
describe("stiffness", () => {
  const config = parseConfig({ epsilon: 1e-4, times: [0, 1, 5, 10], initial: { distribution: "normal", pairedFraction: 0.2 } });

  // Conserved mass: M_1 + 2εM_2 for the O(ε) system (19), M_1 + 2εM_2 + 3ε²M_3 for the exact
  // hierarchy with k_max = 3.
  it.each([
    ["solveMoments", () => solveMoments(config), 0],
    ["solveMomentsExact", () => solveMomentsExact(config), 1],
  ] as const)("%s at ε = 1e-4 finishes t ∈ [0, 10] in under a second", (_, solve, triples) => {
    const started = performance.now();
    const { summary } = solve();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(summary.observables.V1.mean.every(Number.isFinite)).toBe(true);
    const { M1, M2, M3 } = summary.observables;
    expect(M1.mean[3] + 2e-4 * M2.mean[3] + triples * 3e-8 * M3.mean[3]).toBeCloseTo(1, 11);
  });
});
