/**
 * The Wilson score interval: its ends are where the score test of k successes in n trials is
 * exactly at z, it has the closed form z²/(n + z²) for zero successes, and it is symmetric under
 * successes ↔ failures.
 */
import { describe, expect, it } from "vitest";
import { wilsonInterval, Z_95 } from "../../src/stats/binomial-interval.js";

describe("wilsonInterval", () => {
  it.each([
    [95, 100],
    [380, 400],
    [3, 400],
    [7, 20],
  ])("its ends solve the score equation |k/n − p| = z·√(p(1 − p)/n) (k = %i, n = %i)", (k, n) => {
    for (const p of wilsonInterval(k, n)) expect(Math.abs(k / n - p)).toBeCloseTo(Z_95 * Math.sqrt((p * (1 - p)) / n), 12);
  });

  it("gives [0, z²/(n + z²)] for no success and its mirror for all successes", () => {
    const [lo, hi] = wilsonInterval(0, 400);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo((Z_95 * Z_95) / (400 + Z_95 * Z_95), 14);
    const [lo2, hi2] = wilsonInterval(400, 400);
    expect(lo2).toBeCloseTo(1 - hi, 14);
    expect(hi2).toBe(1);
  });

  it("is symmetric under successes ↔ failures", () => {
    const [lo, hi] = wilsonInterval(30, 70);
    const [lo2, hi2] = wilsonInterval(40, 70);
    expect(lo).toBeCloseTo(1 - hi2, 14);
    expect(hi).toBeCloseTo(1 - lo2, 14);
  });

  it("knows nothing from no trials", () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});
