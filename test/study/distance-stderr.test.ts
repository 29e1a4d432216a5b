/**
 * The standard error of a particle distance is honest: over K independent small ensembles, the
 * reported SE(D) (its root mean square over the ensembles) matches the spread of D (its sample
 * standard deviation over the ensembles) within 4 standard errors of that spread,
 * SE(sd) = sd/√(2(K − 1)) for normal D.
 *
 * The moment distance with the replicas' covariance dropped (the quantities treated as
 * independent, as for an output read from disk without it) fails the check: M₁, I₁, V₁ at t = 1
 * and 2 are positively correlated, so the independent SE is too small (here by about 1.25×).
 * For the f₁ distance the independent SE errs the other way on this system (mass conservation
 * makes bins negatively correlated, by about 1.15×), too little to tell at this K; the full one
 * must match.
 *
 * Tiny system (N = 300, R = 8 replicas per ensemble, ε = 0.4) against the generated moment system
 * of (33) (`instantaneous-moments`, for the moment distance) and the grid solver of (33) (for the
 * f₁ distance), whose distances to the particles are several SE, so D is near normal and the
 * delta method applies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RunOutput } from "../../src/contract/run-output.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { f1Distance, type MomentDistance, momentDistance } from "../../src/study/moment-distance.js";

const K = 400;
const compareTimes = [1, 2];
const base = parseConfig({ N: 300, replicas: 8, mu: 8, epsilon: 0.4, times: [0, 1, 2], histogram: { min: -4, max: 4, bins: 16, pairBins: 8 } });

/** The same output with only standard errors: no covariance, no replica values. */
function withoutCovariance(output: RunOutput): RunOutput {
  const { observableCovariance: _c, replicaSamples: _s, ...rest } = output;
  return rest;
}

/** sd of the values, the RMS of the reported SEs, and the SE of sd, over the ensembles. */
function spread(distances: MomentDistance[]) {
  const values = distances.map((d) => d.value);
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
  const rmsStderr = Math.sqrt(distances.reduce((s, d) => s + d.stderr ** 2, 0) / distances.length);
  return { sd, rmsStderr, sdStderr: sd / Math.sqrt(2 * (values.length - 1)), mean };
}

describe("SE(D) of the particle distances against their spread over independent ensembles", () => {
  const full: Record<"moments" | "f1", MomentDistance[]> = { moments: [], f1: [] };
  const diagonal: Record<"moments" | "f1", MomentDistance[]> = { moments: [], f1: [] };
  beforeAll(() => {
    const moments = solveKinetic("instantaneous-moments", base);
    const grid = solveKinetic("instantaneous", base);
    for (let k = 0; k < K; k++) {
      const particles = simulateEnsemble({ ...base, seed: 1000 + k });
      const independent = withoutCovariance(particles);
      full.moments.push(momentDistance(particles, moments, compareTimes));
      diagonal.moments.push(momentDistance(independent, moments, compareTimes));
      full.f1.push(f1Distance(particles, grid, compareTimes)!);
      diagonal.f1.push(f1Distance(independent, grid, compareTimes)!);
    }
  }, 60_000);

  for (const kind of ["moments", "f1"] as const) {
    it(`${kind}: the distances are resolved and say which error they carry`, () => {
      expect(full[kind].every((d) => d.covariance === "full" && d.value > 3 * d.stderr)).toBe(true);
      expect(diagonal[kind].every((d) => d.covariance === "independent")).toBe(true);
    });

    it(`${kind}: SE(D) from the replicas' covariance matches the spread of D within 4 SE`, () => {
      const { sd, rmsStderr, sdStderr } = spread(full[kind]);
      expect(Math.abs(rmsStderr - sd), `rms SE ${rmsStderr}, sd ${sd} ± ${sdStderr}`).toBeLessThan(4 * sdStderr);
    });

  }

  it("moments: SE(D) with the quantities treated as independent is too small, beyond 4 SE of the spread", () => {
    const { sd, sdStderr } = spread(full.moments);
    const { rmsStderr } = spread(diagonal.moments);
    expect(sd - rmsStderr, `rms SE (independent) ${rmsStderr}, sd ${sd} ± ${sdStderr}`).toBeGreaterThan(4 * sdStderr);
  });
});
