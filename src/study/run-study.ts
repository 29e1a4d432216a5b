/**
 * The library entry points behind `alignsim study epsilon|n` and `npm start`: run a study,
 * render its figures and write its directory (the CLI then writes its report).
 *
 * @module
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CsvRow, toCsv } from "../compare/csv.js";
import { fmt, textTable } from "../compare/format.js";
import { defaultWorkers, runEnsemble } from "../ensemble/run-ensemble.js";
import type { ModelConfig } from "../model/config.js";
import { prepareOutputDir, provenance, writeAtomic } from "../output/files.js";
import { jsonFile } from "../output/json-codec.js";
import type { RunOutput } from "../contract/run-output.js";
import { modelCaption } from "../plot/caption.js";
import { convergenceFigure } from "../plot/figures.js";
import { renderFigures } from "../plot/render.js";
import { writeFigures } from "../plot/write.js";
import { solveKinetic, type KineticModelName } from "../kinetic/index.js";
import { DEFAULT_COMPARE_TIMES, type EpsilonStudy, type EpsilonStudyOptions, runEpsilonStudy, studyDescriptions, studyKineticOptions } from "./epsilon.js";
import { type ResolutionTarget, resolvingParticles } from "./resolve-particles.js";
import { type EpsilonSnapshot, studyFigures } from "./figures.js";
import { type NStudy, runNStudy, stderrOfStderr } from "./n-study.js";
import { StudyProgress } from "./study-progress.js";
import { writeEpsilonStudy } from "./write.js";

/** The built-in configuration of the studies (λ = 1, μ = 8: see docs/studies.md). */
export const STUDY_DEFAULT_CONFIG_PATH = fileURLToPath(new URL("./default-config.json", import.meta.url));

/**
 * A particle runner on the worker pool: the ensemble of `config` in DIR/<name>, resuming the
 * replicas already there. Callers clear DIR unless they mean to resume an interrupted study
 * (replica files carry the config's fingerprint, not the code's version).
 */
export function pooledParticles(dir: string, workers: number, name: (config: ModelConfig) => string, controlVariates = false): (config: ModelConfig) => Promise<RunOutput> {
  return async (config) => {
    const outcome = await runEnsemble({ config, outDir: join(dir, name(config)), workers, resume: true, controlVariates });
    return outcome.output!;
  };
}

/** solveKinetic with its results kept per (description, config), so that a description is solved once per ε. */
function cachedSolver(kineticOptions: EpsilonStudyOptions["kineticOptions"] = {}): (name: KineticModelName, config: ModelConfig) => RunOutput {
  const cache = new Map<string, RunOutput>();
  return (name, config) => {
    const key = `${name} ${JSON.stringify({ ...config, replicas: 0 })}`;
    if (!cache.has(key)) cache.set(key, solveKinetic(name, config, studyKineticOptions(name, config.epsilon, kineticOptions)));
    return cache.get(key)!;
  };
}

/** What {@link epsilonStudyToDir} takes beyond the study's options. */
export interface EpsilonStudyDirOptions extends EpsilonStudyOptions {
  workers?: number;
  particlesDir?: string;
  resume?: boolean;
  /** Estimate the particle moments with control variates (statistics only; ≥ 4 replicas). */
  controlVariates?: boolean;
  /** Grow each ε's ensemble until it resolves its distance to the target description (./resolve-particles.js). */
  target?: ResolutionTarget;
  /** Receives the warning of each ε left unresolved by `target`. */
  onWarning?: (message: string) => void;
}

/**
 * Runs an ε-study with its particle ensembles on the worker pool (replica files under
 * DIR/particles, kept with `resume`) and writes DIR (study.json, CSVs, figures), a step of its
 * progress after the study's own. With `target`,
 * R is chosen per ε to resolve the particles' distance to the target description, the particle
 * distances are called resolved at SE ≤ target.relativeError·D, and study.json records how
 * (`particlePrecision`).
 *
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const dir = mkdtempSync(`${tmpdir()}/alignsim-`);
 * const base = parseConfig({ N: 1000, replicas: 4, mu: 8 });
 * const study = await epsilonStudyToDir(base, dir, { epsilons: [0.4, 0.2, 0.1], descriptions: ["instantaneous"], workers: 1 });
 * study.orders.instantaneous.expected // 1
 */
export async function epsilonStudyToDir(
  base: ModelConfig,
  dir: string,
  options: EpsilonStudyDirOptions = {},
): Promise<EpsilonStudy> {
  studyDescriptions(base, options.descriptions, options.kineticOptions); // config errors before the directory is touched
  prepareOutputDir(dir);
  const particlesDir = options.particlesDir ?? join(dir, "particles");
  if (!options.resume) rmSync(particlesDir, { recursive: true, force: true });
  const snapshots: EpsilonSnapshot[] = [];
  const epsilons = options.epsilons;
  const workers = options.workers ?? defaultWorkers();
  const solve = options.solve ?? cachedSolver(options.kineticOptions);
  const warnings: string[] = [];
  const progress = options.progress ?? new StudyProgress(options.onProgress);
  progress.announce(1);
  const resolver = options.target
    ? resolvingParticles({
        dir: particlesDir,
        workers,
        target: options.target,
        compareTimes: options.compareTimes ?? DEFAULT_COMPARE_TIMES,
        controlVariates: options.controlVariates,
        solve,
        onProgress: options.onProgress,
        onWarning: (w) => {
          warnings.push(w);
          options.onWarning?.(w);
        },
      })
    : undefined;
  const study = await runEpsilonStudy(base, {
    runParticles: resolver?.runParticles ?? pooledParticles(particlesDir, workers, (c) => `eps-${c.epsilon}`, options.controlVariates),
    ...options,
    solve,
    progress,
    ...(options.target ? { maxRelativeError: options.target.relativeError } : {}),
    onEpsilon: (epsilon, outputs) => {
      options.onEpsilon?.(epsilon, outputs);
      const list = epsilons ?? [epsilon];
      if (epsilon === Math.max(...list) || epsilon === Math.min(...list) || !epsilons) snapshots.push({ epsilon, ...outputs });
    },
  });
  if (resolver) Object.assign(study, { particlePrecision: resolver.record(), warnings: [...warnings, ...study.warnings] });
  progress.step("figures", "figures and study files");
  const keep = snapshots.filter((s) => s.epsilon === Math.max(...study.epsilons) || s.epsilon === Math.min(...study.epsilons));
  const figures = await renderFigures(studyFigures(study, keep));
  writeEpsilonStudy(dir, study, figures);
  progress.close();
  return study;
}

/**
 * Runs the N-study with its ensembles on the worker pool and writes DIR (n-study.json,
 * n-study.csv, figure).
 *
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const study = await nStudyToDir(parseConfig({}), mkdtempSync(`${tmpdir()}/alignsim-`), [[500, 4], [2000, 4]], 1, undefined, 1);
 * study.rows.length // 2
 */
export async function nStudyToDir(
  base: ModelConfig,
  dir: string,
  grid?: [number, number][],
  t = 1,
  onProgress?: (m: string) => void,
  workers = defaultWorkers(),
): Promise<NStudy> {
  prepareOutputDir(dir);
  rmSync(join(dir, "particles"), { recursive: true, force: true });
  const study = await runNStudy(base, grid, t, pooledParticles(join(dir, "particles"), workers, (c) => `N-${c.N}-R-${c.replicas}`), onProgress);
  const caption = `${modelCaption(study.config)}; seeds ${base.seed}…${base.seed + study.rows.length - 1}; standard errors at t = ${t}. Dashed: fitted C·(N·R)^q; expected q = −1/2.`;
  const keys = ["M1Stderr", "V1Stderr", "f1Noise"] as const;
  const names = { M1Stderr: "SE(M₁)", V1Stderr: "SE(V₁)", f1Noise: "f₁ noise √(Σ w·SE²)" };
  const points = keys.flatMap((k) => study.rows.map((r) => ({ curve: names[k], x: r.samples, value: r[k], stderr: stderrOfStderr(r[k], r.replicas) })));
  const xs = study.rows.map((r) => r.samples);
  const lines = keys.map((k) => ({ curve: names[k], C: study.fits[k].C, p: study.fits[k].p, ci95: study.fits[k].ci95, xMin: Math.min(...xs), xMax: Math.max(...xs) }));
  const figures = await renderFigures([convergenceFigure(points, lines, caption, { x: "N·R (particles × replicas)", y: "standard error", title: "Statistical error against N·R", references: [{ p: -0.5, label: "(N·R)^−½" }] }, "n-study")]);
  writeFigures(dir, figures);
  writeAtomic(join(dir, "n-study.csv"), toCsv(study.rows as unknown as CsvRow[]));
  writeAtomic(join(dir, "n-study.json"), jsonFile({ ...study, provenance: provenance() }));
  return study;
}

/** The N-study table as printed. */
export function formatNStudy(s: NStudy): string {
  const rows = [["N", "R", "N·R", "SE(M₁)", "SE(V₁)", "f₁ noise", "seconds"], ...s.rows.map((r) => [String(r.N), String(r.replicas), String(r.samples), fmt(r.M1Stderr), fmt(r.V1Stderr), fmt(r.f1Noise), fmt(r.wallSeconds, 3)])];
  const fits = Object.entries(s.fits).map(([k, f]) => `${k}: q = ${fmt(f.p, 3)} [${fmt(f.ci95[0], 3)}, ${fmt(f.ci95[1], 3)}] (expected −0.5)`);
  return `${textTable(rows)}\n${fits.join("\n")}`;
}
