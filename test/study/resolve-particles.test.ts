/**
 * R per ε chosen to resolve the particles' distance: a tiny study reaches resolution at an ε where
 * its pilot does not and records the R it used; the grown directory is byte for byte the run of
 * that R from the start; an unreachable target stops at --max-replicas with a warning; and the
 * noise-debiased distance built on control-variate estimates stays unbiased.
 *
 * The target description is the generated moment system of (33) (`instantaneous-moments`), whose
 * distance to the particles is large enough to be resolved by small ensembles in a second.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { readManifest } from "../../src/ensemble/run-dir.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { summarize } from "../../src/ensemble/statistics.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import type { EpsilonStudy } from "../../src/study/epsilon.js";
import { momentDistance } from "../../src/study/moment-distance.js";
import { replicasToResolve } from "../../src/study/resolve-particles.js";
import { epsilonStudyToDir } from "../../src/study/run-study.js";
import { outputBytes, tempDir } from "../ensemble/helpers.js";

const base = parseConfig({ N: 1000, replicas: 4, mu: 8, times: [0, 1, 2], seed: 3 });
const description = "instantaneous-moments" as const;

/** Every replica file of a run directory: name → bytes. */
function replicaBytes(dir: string): Map<string, Buffer> {
  const names = readdirSync(join(dir, "replicas")).filter((n) => n.endsWith(".bin"));
  return new Map(names.sort().map((n) => [n, readFileSync(join(dir, "replicas", n))]));
}

describe("replicasToResolve", () => {
  it("scales R by (SE/(τD))² and the squared ratio of the t and z quantiles, grows at least by one, and quadruples R when D = 0", () => {
    // t_{0.975, 9} = 2.2622, z = 1.95996: (t/z)² = 1.3322; (SE/(τD))² = (0.5/0.25)² = 4.
    expect(replicasToResolve(10, { value: 1, stderr: 0.5 }, 0.25, 9)).toBe(Math.ceil(10 * 1.33218 * 4));
    expect(replicasToResolve(10, { value: 1, stderr: 0.01 }, 0.25, 9)).toBe(11);
    expect(replicasToResolve(10, { value: 0, stderr: Number.POSITIVE_INFINITY }, 0.25, 9)).toBe(40);
  });
});

describe("study epsilon with a resolution target", () => {
  const warnings: string[] = [];
  const dir = tempDir("alignsim-target-");
  let study: EpsilonStudy;
  beforeAll(async () => {
    study = await epsilonStudyToDir(base, dir, {
      epsilons: [0.1, 0.05],
      descriptions: [description],
      workers: 2,
      target: { relativeError: 0.25, description, maxReplicas: 400 },
      onWarning: (w) => warnings.push(w),
    });
  }, 240_000);

  it("resolves the distance at ε = 0.05, where the pilot does not, and records the R used and its compute", () => {
    const row = study.particlePrecision!.epsilons.find((r) => r.epsilon === 0.05)!;
    const pilot = row.stages[0];
    expect(pilot.replicas).toBe(base.replicas);
    expect(pilot.distance > 0 && pilot.stderr <= 0.25 * pilot.distance).toBe(false);
    expect(row.stages.length).toBeGreaterThan(1);
    expect(row.resolved).toBe(true);
    expect(row.stderr).toBeLessThanOrEqual(0.25 * row.distance);
    expect(row.replicas).toBe(row.stages.at(-1)!.replicas);
    expect(row.replicas).toBeGreaterThan(base.replicas);
    expect(study.particles[1].replicas).toBe(row.replicas);
    expect(readManifest(join(dir, "particles", "eps-0.05")).config.replicas).toBe(row.replicas);
    expect(row.events).toBeGreaterThan(0);
    expect(row.eventsRun).toBe(row.events); // nothing was on disk before
    expect(study.distances[description].momentsParticles!.resolved).toEqual([true, true]);
    expect(warnings).toEqual([]);
    expect(readFileSync(join(dir, "replicas.csv"), "utf8")).toMatch(/^epsilon,pilotReplicas,stages/);
  });

  it("the grown directory is, byte for byte, the run of that R from the start", async () => {
    const grown = join(dir, "particles", "eps-0.05");
    const R = readManifest(grown).config.replicas;
    const direct = tempDir();
    // ε = 0.05 is the second ε of the study: master seed + 1.
    await runEnsemble({ config: { ...base, epsilon: 0.05, seed: base.seed + 1, replicas: R }, outDir: direct, workers: 2 });
    expect(replicaBytes(grown)).toEqual(replicaBytes(direct));
    expect(outputBytes(grown)).toEqual(outputBytes(direct));
  });

  it("an unreachable target stops at --max-replicas: the study completes, the ε is unresolved, with a warning", async () => {
    const seen: string[] = [];
    const hopeless = await epsilonStudyToDir(base, tempDir("alignsim-target-"), {
      epsilons: [0.05],
      descriptions: [description],
      workers: 2,
      target: { relativeError: 1e-3, description, maxReplicas: 8 },
      onWarning: (w) => seen.push(w),
    });
    const row = hopeless.particlePrecision!.epsilons[0];
    expect(row).toMatchObject({ resolved: false, stopped: "max-replicas", replicas: 8 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/ε = 0\.05: the particle distance to instantaneous-moments is not resolved at R = 8 .*stopped by --max-replicas 8/);
    expect(hopeless.warnings).toContain(seen[0]);
    expect(hopeless.distances[description].momentsParticles!.resolved).toEqual([false]);
  }, 180_000);
});

describe("the noise-debiased distance with control-variate estimates", () => {
  it("has mean ≈ 0 against the exact moment hierarchy over seeds (within 4 SE), while the noise it removes is more than 4 SE", () => {
    // With k seeds the noise removed (mostly that of V₁) is ≈ 0.9·√k SE of the mean D²: k = 40 makes it ≈ 5.8 SE,
    // so a debiasing that left the noise in (or subtracted the plain SE² instead of SE²_cv) would fail the first assertion.
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    const squared: number[] = [];
    const noise: number[] = [];
    const variances: number[] = [];
    for (const seed of seeds) {
      const config = parseConfig({ N: 1000, replicas: 12, mu: 8, epsilon: 0.1, times: [0, 1, 2], seed });
      const replicas = Array.from({ length: config.replicas }, (_, r) => runReplica(config, r));
      const particles = summarize(config, replicas, 0, { controlVariates: true });
      const d = momentDistance(particles, solveKinetic("moments-exact", config), [1, 2]);
      squared.push(d.squared);
      noise.push(d.noise);
      variances.push(d.squaredStderr ** 2);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const se = Math.sqrt(variances.reduce((a, b) => a + b, 0)) / seeds.length;
    expect(Math.abs(mean(squared))).toBeLessThan(4 * se);
    expect(mean(noise)).toBeGreaterThan(4 * se);
  }, 180_000);
});
