import { describe, expect, it } from "vitest";
import { welchDegreesOfFreedom } from "../../src/stats/welch.js";

describe("welchDegreesOfFreedom", () => {
  it("is the noisy side's ν when the other is exact, ∞ for two exact sides, and ν_A + ν_B for equal variances and ν", () => {
    expect(welchDegreesOfFreedom(0.1, 9, 0, Number.POSITIVE_INFINITY)).toBe(9);
    expect(welchDegreesOfFreedom(0, Number.POSITIVE_INFINITY, 0.2, 4)).toBe(4);
    expect(welchDegreesOfFreedom(0, Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(welchDegreesOfFreedom(0.3, 9, 0.3, 9)).toBeCloseTo(18, 12);
  });
});
