/**
 * R per ε chosen from a pilot, D reported from a fresh batch: a tiny study decides R at a
 * borderline ε from the pilot's noise and the exact hierarchy's distance, and reports D from the
 * fresh batch alone; the batch is byte for byte the run of that R from the
 * start; a resumed study reruns nothing and decides the same; an unreachable target stops at
 * --max-replicas with a warning; the noise-debiased distance built on control-variate estimates
 * stays unbiased; and at a borderline ε the reported D is unbiased over many ensembles, where
 * growing until the ensemble's own D looks resolved is not.
 *
 * The target description is the generated moment system of (33) (`instantaneous-moments`), whose
 * distance to the particles is large enough to be resolved by small ensembles in a second.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunOutput } from "../../src/contract/run-output.js";
import { runReplica, type ReplicaResult } from "../../src/engine/replica.js";
import { Z_975 } from "../../src/ensemble/precision.js";
import { readManifest } from "../../src/ensemble/run-dir.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { summarize } from "../../src/ensemble/statistics.js";
import { type KineticModelName, solveKinetic } from "../../src/kinetic/index.js";
import { type ModelConfig, parseConfig } from "../../src/model/config.js";
import { readRunOutput } from "../../src/output/files.js";
import { studentTQuantile } from "../../src/stats/distributions.js";
import type { EpsilonStudy } from "../../src/study/epsilon.js";
import { isResolved, type MomentDistance, momentDistance, predictedSquaredVariance } from "../../src/study/moment-distance.js";
import { PILOT_SEED_OFFSET, replicasToResolve, resolvingParticles } from "../../src/study/resolve-particles.js";
import { epsilonStudyToDir } from "../../src/study/run-study.js";
import { outputBytes, tempDir } from "../ensemble/helpers.js";

const base = parseConfig({ N: 1000, replicas: 8, mu: 8, times: [0, 1, 2], seed: 3 });
const description = "instantaneous-moments" as const;

/** Every replica file of a run directory: name → bytes. */
function replicaBytes(dir: string): Map<string, Buffer> {
  const names = readdirSync(join(dir, "replicas")).filter((n) => n.endsWith(".bin"));
  return new Map(names.sort().map((n) => [n, readFileSync(join(dir, "replicas", n))]));
}

describe("replicasToResolve", () => {
  it("scales R₀ by (SE/(τ'D))² with τ' = τ/(1 + 2z·τ) and the squared ratio of the t and z quantiles, by its square root for the quadratic part, never goes below R₀, and quadruples R₀ when D = 0", () => {
    // t_{0.975, 9} = 2.2622, z = 1.95996: (t/z)² = 1.33218; τ' = 0.25/(1 + 0.97998) = 0.126264.
    // Linear part only, SE₀(D) = √linear/(2D) = 0.5: R = 10·1.33218·(0.5/0.126264)² = 10·1.33218·15.681.
    expect(replicasToResolve(10, { linear: 1, quadratic: 0 }, 1, 0.25, 9)).toBe(Math.ceil(10 * 1.33218 * 15.681));
    // Quadratic part only: 1.33218·quadratic·(10/R)² = (2τ')², R = 10·√(1.33218·quadratic)/(2τ').
    expect(replicasToResolve(10, { linear: 0, quadratic: 1 }, 1, 0.25, 9)).toBe(Math.ceil((10 * Math.sqrt(1.33218)) / (2 * 0.126264)));
    // both: R solves 1.33218·(x + x²) = (2τ')² with x = 10/R
    const x = (-1 + Math.sqrt(1 + (4 * (2 * 0.126264) ** 2) / 1.33218)) / 2;
    expect(replicasToResolve(10, { linear: 1, quadratic: 1 }, 1, 0.25, 9)).toBe(Math.ceil(10 / x));
    expect(replicasToResolve(10, { linear: 1e-6, quadratic: 1e-6 }, 1, 0.25, 9)).toBe(10);
    expect(replicasToResolve(10, { linear: 1, quadratic: 1 }, 0, 0.25, 9)).toBe(40);
  });
});

describe("study epsilon with a resolution target", () => {
  const warnings: string[] = [];
  const dir = tempDir("alignsim-target-");
  const target = { relativeError: 0.25, description, maxReplicas: 400 };
  let study: EpsilonStudy;
  beforeAll(async () => {
    study = await epsilonStudyToDir(base, dir, { epsilons: [0.2, 0.1], descriptions: [description], workers: 2, target, onWarning: (w) => warnings.push(w) });
  }, 240_000);

  it("decides R at ε = 0.1 from its pilot's noise and the exact hierarchy's distance, whatever the pilot's own D", () => {
    const row = study.particlePrecision!.epsilons.find((r) => r.epsilon === 0.1)!;
    // ε = 0.1 is the second ε of the study: its ensemble has seed + 1, its pilot seed + 1 + 2³².
    const config = { ...base, epsilon: 0.1, seed: base.seed + 1 };
    const pilotDir = join(dir, "particles", "pilot-eps-0.1");
    expect(readManifest(pilotDir).config).toMatchObject({ seed: config.seed + PILOT_SEED_OFFSET, replicas: base.replicas });
    const pilotOutput = readRunOutput(pilotDir);
    const pilot = momentDistance(pilotOutput, solveKinetic(description, config), [1, 2]);
    expect(row).toMatchObject({ pilotReplicas: base.replicas, pilotSeed: config.seed + PILOT_SEED_OFFSET, pilotDistance: pilot.value, pilotStderr: pilot.stderr });
    const exact = solveKinetic("moments-exact", config);
    const predicted = momentDistance(exact, solveKinetic(description, config), [1, 2]).value;
    const variance = predictedSquaredVariance(pilotOutput, exact, solveKinetic(description, config), [1, 2]);
    expect(row).toMatchObject({ prediction: "moments-exact", predictedDistance: predicted, predictedStderr: Math.sqrt(variance.linear + variance.quadratic) / (2 * predicted) });
    expect(row.requiredReplicas).toBe(replicasToResolve(base.replicas, variance, predicted, 0.25, base.replicas - 1));
    expect(row.requiredReplicas).toBeGreaterThan(base.replicas);
    expect(row).toMatchObject({ replicas: row.requiredReplicas, stopped: null });
  });

  it("reports D and SE(D) from the fresh batch alone, the ensemble the study uses", () => {
    const row = study.particlePrecision!.epsilons.find((r) => r.epsilon === 0.1)!;
    const batchDir = join(dir, "particles", "eps-0.1");
    expect(readManifest(batchDir).config).toMatchObject({ seed: base.seed + 1, replicas: row.replicas });
    const d = momentDistance(readRunOutput(batchDir), solveKinetic(description, { ...base, epsilon: 0.1, seed: base.seed + 1 }), [1, 2]);
    expect(row).toMatchObject({ distance: d.value, stderr: d.stderr, resolved: isResolved(d, 0.25) });
    const series = study.distances[description].momentsParticles!;
    expect([series.values[1], series.stderr[1]]).toEqual([d.value, d.stderr]);
    expect(study.particles[1].replicas).toBe(row.replicas);
    expect(row.events).toBeGreaterThan(0);
    expect(row.eventsRun).toBe(row.events); // nothing was on disk before
    expect(readFileSync(join(dir, "replicas.csv"), "utf8")).toMatch(/^epsilon,pilotReplicas,pilotSeed,pilotDistance,pilotStderr,predictedDistance,predictedStderr,prediction,requiredReplicas,replicas,distance,stderr,resolved,stopped/);
    // an unresolved fresh batch is reported with a warning, a resolved one without
    expect(warnings).toHaveLength(study.particlePrecision!.epsilons.filter((r) => !r.resolved).length);
  });

  it("the fresh batch is, byte for byte, the run of that R from the start", async () => {
    const batch = join(dir, "particles", "eps-0.1");
    const R = readManifest(batch).config.replicas;
    const direct = tempDir();
    await runEnsemble({ config: { ...base, epsilon: 0.1, seed: base.seed + 1, replicas: R }, outDir: direct, workers: 2 });
    expect(replicaBytes(batch)).toEqual(replicaBytes(direct));
    expect(outputBytes(batch)).toEqual(outputBytes(direct));
  });

  it("a resumed study reruns no replica and makes the same decisions", async () => {
    const again = await epsilonStudyToDir(base, tempDir("alignsim-target-"), { epsilons: [0.2, 0.1], descriptions: [description], workers: 2, target, particlesDir: join(dir, "particles"), resume: true });
    const strip = (rows: EpsilonStudy["particlePrecision"]) => rows!.epsilons.map(({ eventsRun, wallSeconds, ...rest }) => rest);
    expect(again.particlePrecision!.epsilons.map((r) => r.eventsRun)).toEqual([0, 0]);
    expect(strip(again.particlePrecision)).toEqual(strip(study.particlePrecision));
  }, 60_000);

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
    expect(row.requiredReplicas).toBeGreaterThan(8);
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

describe("predictedSquaredVariance", () => {
  /** |mean predicted − sample variance of D̂²| over ensembles, and the SE of that difference (the sample variance's from the fourth moment). */
  function mismatch(squared: number[], predicted: number[]): { difference: number; se: number } {
    const K = squared.length;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const m = mean(squared);
    const variance = squared.reduce((a, x) => a + (x - m) ** 2, 0) / (K - 1);
    const p = mean(predicted);
    const fourth = mean(squared.map((x) => (x - m) ** 4));
    return { difference: Math.abs(p - variance), se: Math.sqrt((fourth - variance ** 2) / K + predicted.reduce((a, x) => a + (x - p) ** 2, 0) / (K - 1) / K) };
  }

  it("matches the variance of D̂² over independent ensembles, predicted from each one's noise at the hierarchy's moments, in its linear and its quadratic part (within 4 SE)", () => {
    // 150 ensembles of R₀ = 8, N = 300 at ε = 0.4. Against (33) D is several SE and the linear part
    // dominates (about 80 %); against the hierarchy itself δ = 0 and the variance is the quadratic part alone.
    const config = parseConfig({ N: 300, replicas: 8, mu: 8, epsilon: 0.4, times: [0, 1, 2], histogram: { bins: 2, pairBins: 1 } });
    const exact = solveKinetic("moments-exact", config);
    const reference = solveKinetic(description, config);
    const against = { description: { squared: [] as number[], predicted: [] as number[] }, hierarchy: { squared: [] as number[], predicted: [] as number[] } };
    for (let k = 0; k < 150; k++) {
      const c = { ...config, seed: 500 + k };
      const ensemble = summarize(c, Array.from({ length: c.replicas }, (_, r) => runReplica(c, r)), 0);
      for (const [side, b] of [[against.description, reference], [against.hierarchy, exact]] as const) {
        side.squared.push(momentDistance(ensemble, b, [1, 2]).squared);
        const { linear, quadratic } = predictedSquaredVariance(ensemble, exact, b, [1, 2]);
        // at R₀ itself, with the variance of the subtracted noise, quadratic/(R₀ − 1)
        side.predicted.push(linear + quadratic * (1 + 1 / (c.replicas - 1)));
      }
    }
    for (const side of Object.values(against)) {
      const { difference, se } = mismatch(side.squared, side.predicted);
      expect(difference).toBeLessThan(4 * se);
    }
  }, 60_000);
});

/** Mean over ensembles, its SE from their spread, and the distance to `truth` in those SE. */
function meanOver(xs: number[], truth: number): { mean: number; se: number; z: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const se = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) / xs.length);
  return { mean, se, z: (mean - truth) / se };
}

describe("growth at a borderline ε gives an unbiased D", () => {
  // μ = 1, ε = 0.005, a narrow initial law (sd 0.1): the distance to (33) is that of M₁ (the mass
  // in pairs, ≈ 0.0098), which equilibrates on the time scale ε/μ, so t ∈ {0.1, 0.2} suffice. At
  // N = 150 a pilot of R₀ = 8 has SE(D) ≈ 0.3·D: borderline for τ = 0.25. The truth is the exact
  // hierarchy's distance (N → ∞). The particles' own mean distance differs from it by O(1/N):
  // E[D̂²]/D² − 1 = −1.73/N ± 0.34/N at N = 20 (6·10⁴ replicas) and −1.59/N ± 0.61/N at N = 40
  // (4·10⁴), so −1.1 % of D² at N = 150: 0.05 SE(D²) of one ensemble, 0.6 SE of the mean over the
  // 150 ensembles here, which the 3-SE bound leaves room for. The rule this procedure replaces
  // is biased by about +0.33 SE(D²) per ensemble in this setup, a shift of 8 SE of the mean of
  // this procedure's D² and 4 SE of its own.
  const epsilon = 0.005;
  const times = [0.1, 0.2];
  const tau = 0.25;
  const ensembles = 150;
  const maxReplicas = 400;
  const config = parseConfig({ N: 150, replicas: 8, mu: 1, epsilon, times: [0, ...times], initial: { distribution: "normal", sd: 0.1 }, histogram: { bins: 2, pairBins: 1 } });
  const solved = new Map<KineticModelName, RunOutput>();
  const solve = (name: KineticModelName) => solved.get(name) ?? solved.set(name, solveKinetic(name, config)).get(name)!;
  /** Replicas by (seed, r), shared by both rules: the first R of a seed are the same whoever asks. */
  const replicas = new Map<string, ReplicaResult>();
  const ensemble = (c: ModelConfig) =>
    summarize(
      c,
      Array.from({ length: c.replicas }, (_, r) => replicas.get(`${c.seed}:${r}`) ?? replicas.set(`${c.seed}:${r}`, runReplica(c, r)).get(`${c.seed}:${r}`)!),
      0,
    );
  /** The rule this procedure replaces: grow the ensemble in place while its own D is unresolved. */
  const grownWhileUnresolved = (c: ModelConfig): MomentDistance => {
    for (let R = c.replicas; ; ) {
      const d = momentDistance(ensemble({ ...c, replicas: R }), solve(description), times);
      if (isResolved(d, tau) || R >= maxReplicas) return d;
      const wanted = d.value > 0 ? Math.ceil(R * (studentTQuantile(0.975, R - 1) / Z_975) ** 2 * (d.stderr / (tau * d.value)) ** 2) : 4 * R;
      R = Math.min(maxReplicas, Math.max(R + 1, wanted));
    }
  };
  const truth = () => momentDistance(solve("moments-exact"), solve(description), times).value;
  let fresh: MomentDistance[];
  let looked: MomentDistance[];
  beforeAll(async () => {
    const resolver = resolvingParticles({
      dir: tempDir("alignsim-borderline-"),
      workers: 1,
      target: { relativeError: tau, description, maxReplicas },
      compareTimes: times,
      solve,
      runBatch: async (c) => ({ output: ensemble(c), ran: c.replicas, events: 0 }),
    });
    fresh = [];
    looked = [];
    for (let k = 0; k < ensembles; k++) {
      const c = { ...config, seed: 1000 + k };
      fresh.push(momentDistance(await resolver.runParticles(c), solve(description), times));
      looked.push(grownWhileUnresolved(c));
    }
    const rows = resolver.record().epsilons;
    // (a batch capped at maxReplicas is still unbiased: the cap, too, is decided before the batch exists)
    expect(rows.every((r) => r.prediction === "moments-exact")).toBe(true);
    // borderline: the pilot's SE(D) at the predicted D is about τ·D
    const pilotSE = rows.reduce((a, r) => a + r.predictedStderr, 0) / rows.length / truth();
    expect(pilotSE).toBeGreaterThan(0.6 * tau);
    expect(pilotSE).toBeLessThan(1.6 * tau);
  }, 120_000);

  it("mean over ensembles within 3 SE of the truth, for D² (unbiased at every R) and for D", () => {
    const D = truth();
    expect(Math.abs(meanOver(fresh.map((d) => d.squared), D * D).z)).toBeLessThan(3);
    // √ adds E[D̂] − D ≈ −SE(D)²/(2D), about −0.7 SE of the mean here, and the finite N −0.6 SE.
    expect(Math.abs(meanOver(fresh.map((d) => d.value), D).z)).toBeLessThan(3);
  });

  it("while growing until the ensemble's own D looks resolved, on the same replicas, is biased upwards by more than 3 SE", () => {
    const D = truth();
    expect(meanOver(looked.map((d) => d.squared), D * D).z).toBeGreaterThan(3);
  });
});
