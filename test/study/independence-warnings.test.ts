import { describe, expect, it } from "vitest";
import { type DistanceSeries, type EpsilonStudy, independenceWarnings } from "../../src/study/epsilon.js";

/** A distance series that only carries where its SE had the covariance. */
const series = (covariance: ("full" | "independent")[]) => ({ covariance }) as unknown as DistanceSeries;

describe("independenceWarnings", () => {
  it("names each distance whose SE treated its quantities as independent, with its ε, and calls that SE unreliable", () => {
    const distances = {
      scalar: { momentsParticles: series(["independent", "full"]), f1Particles: series(["full", "independent"]), momentsExact: series(["full", "full"]) },
      instantaneous: { momentsParticles: series(["full", "independent"]) },
    } as unknown as EpsilonStudy["distances"];
    const warnings = independenceWarnings([0.4, 0.2], distances);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^the SE of the f₁ moments \(M₁, I₁, V₁\), particles distance at ε = 0\.4, 0\.2 treats .* so it is unreliable: .* too small$/);
    expect(warnings[1]).toMatch(/^the SE of the f₁ histogram L2, particles distance at ε = 0\.2 treats .* so it is unreliable: .*too large\)$/);
  });

  it("is silent when every SE had the covariance", () => {
    expect(independenceWarnings([0.4], { scalar: { momentsParticles: series(["full"]) } } as unknown as EpsilonStudy["distances"])).toEqual([]);
  });
});
