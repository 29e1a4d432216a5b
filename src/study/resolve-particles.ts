/**
 * Particle ensembles sized per ε so that they resolve their moment distance D to one description
 * ((14), `first-order`, by default): SE(D) ≤ τ·D with τ the target relative error, and a reported
 * D that no decision has looked at.
 *
 * Growing an ensemble while its own D is unresolved stops at a look where D happens to be large,
 * and so reports D biased upwards. Here R is decided once, before the replicas that give D exist:
 *
 * 1. **Pilot.** R₀ replicas (the config's R, a per-ε pilot size, or all those the pilot directory
 *    already records) with their own seed, seed + 2³², disjoint from every ensemble of the study
 *    (seed + i at the i-th ε), give the noise: the covariance Σ̂ of their means and its degrees of
 *    freedom ν (R₀ − 1, or R₀ − 1 − p with p control variates).
 * 2. **Prediction.** D_pred is the exact moment hierarchy's (`moments-exact`, the N → ∞ limit of
 *    the particles) distance to the description, and δ the hierarchy's moments less the
 *    description's. The variance of D̂² on R replicas then is linear·R₀/R + quadratic·(R₀/R)² with
 *    linear = 4δᵀWΣ̂Wδ and quadratic = 2tr((WΣ̂)²) (./moment-distance.ts): the variance the batch
 *    will have at the true means, whatever the pilot's own D. When D_pred = 0 (the description is
 *    the hierarchy) the pilot's own D and means stand in, for this decision only.
 * 3. **Decision.** A batch is resolved when its SE(D²)/(2D̂) ≤ τ·D̂, i.e. D̂² ≥ SE(D²)/(2τ); with
 *    D̂² ≈ N(D², SE(D²)²) and SE(D²) = 2D·SE(D) that holds with probability 0.975 when
 *    D² − z_{0.975}·2D·SE(D) ≥ 2D·SE(D)/(2τ), i.e. SE(D) ≤ τ'·D with τ' = τ/(1 + 2z_{0.975}·τ).
 *    With the Student quantile paying for the uncertainty of Σ̂ as in Stein's two-stage procedure
 *    (src/ensemble/precision.ts), R is the smallest R ≥ R₀ with
 *
 *      (t_{0.975,ν}/z_{0.975})²·(linear·R₀/R + quadratic·(R₀/R)²) ≤ (2τ'·D_pred²)²
 *
 *    (R₀·(t/z)²·(SE₀(D)/(τ'·D_pred))² when the linear part dominates), 4R₀ when no D is
 *    predicted, capped by `maxReplicas` and by the budget (the cost per event measured so far,
 *    times the pilot's events per replica).
 * 4. **Fresh batch.** R replicas of the study's own seed in DIR/eps-<ε> (the same bytes as a run
 *    of R without any pilot) give the reported D and SE(D), and the ensemble the study uses. R is
 *    a function of the pilot and the limits alone, so the batch's D² is unbiased for the squared
 *    distance of the particles' means, whatever R came out. An unresolved batch (by a limit, or the 2.5 % left to
 *    chance) is reported as unresolved with a warning and never grown again: keeping a batch
 *    only once it looks resolved would select large D anew.
 *
 * Replicas DIR/eps-<ε> already records are kept (R is at least their number): they are part of
 * the fresh batch as long as whoever chose their number did not look at their D either (a fixed
 * R on a cluster, or this rule with other limits). `--resume` reruns nothing: the pilot is read
 * back, the decision is the same, and the batch grows in place only if the limits allow more.
 *
 * @module
 */
import { join } from "node:path";
import { Z_975 } from "../ensemble/precision.js";
import { recordedReplicas } from "../ensemble/run-dir.js";
import { runEnsemble } from "../ensemble/run-ensemble.js";
import type { EnsembleSummary } from "../ensemble/statistics.js";
import type { KineticModelName } from "../kinetic/index.js";
import type { ModelConfig } from "../model/config.js";
import type { RunOutput } from "../contract/run-output.js";
import { studentTQuantile } from "../stats/distributions.js";
import { REFERENCE } from "./epsilon.js";
import { isResolved, momentDistance, predictedSquaredVariance } from "./moment-distance.js";

/** The rule of this module, as recorded in study.json. */
export const RESOLUTION_PROCEDURE =
  "per ε: a pilot of R0 replicas (seed + 2^32, directory pilot-eps-<ε>) gives the covariance Σ of its means and ν (R0 − 1, or R0 − 1 − p with p control variates); D_pred = the exact hierarchy's distance to the description and δ its moments less the description's (the pilot's when D_pred = 0); Var_R(D²) = L·R0/R + Q·(R0/R)² with L = 4δᵀWΣWδ, Q = 2tr((WΣ)²); R = the smallest R ≥ R0 with (t_{0.975,ν}/z_{0.975})²·Var_R(D²) ≤ (2τ'·D_pred²)², τ' = τ/(1 + 2·z_{0.975}·τ), so that a fresh batch resolves D with probability 0.975 (4R0 without a predicted D), capped by maxReplicas and by the budget (cost per event measured so far); a fresh batch of R replicas of the study's seed (directory eps-<ε>, byte-identical to a run of R from the start) gives the reported D and SE(D); it is never grown after looking at it: when unresolved it is reported so, with a warning";

/** The offset of the pilot's seed from the ensemble's: disjoint from seed + i for every ε of a study. */
export const PILOT_SEED_OFFSET = 2 ** 32;

/** What to resolve, and the limits. */
export interface ResolutionTarget {
  /** τ: resolved when SE(D) ≤ τ·D. */
  relativeError: number;
  /** The description D is measured against (default "first-order", (14)). */
  description?: KineticModelName;
  /** The largest R per ε. */
  maxReplicas: number;
  /** Wall-clock seconds the study's particles may take, pilots and batches over all ε (default: no limit); pilots always run. */
  budgetSeconds?: number;
  /** R₀ of the pilot at an ε, also the smallest fresh batch (default: the config's R). */
  pilotReplicas?: (epsilon: number) => number;
}

/** How one ε was resolved (or not). */
export interface EpsilonResolution {
  epsilon: number;
  /** The pilot: R₀, its seed, and its own D ± SE(D) (never reported as the ε's distance). */
  pilotReplicas: number;
  pilotSeed: number;
  pilotDistance: number;
  pilotStderr: number;
  /** D_pred, the SE of D on R₀ replicas at it (√(L + Q)/(2·D_pred)), and where D_pred came from ("moments-exact", or "pilot"). */
  predictedDistance: number;
  predictedStderr: number;
  prediction: KineticModelName | "pilot";
  /** The R the rule asks for, and the R of the fresh batch (less when a limit stopped it). */
  requiredReplicas: number;
  replicas: number;
  /** D and SE(D) to the target description, from the fresh batch alone. */
  distance: number;
  stderr: number;
  resolved: boolean;
  /** Why the fresh batch is smaller than the rule asks. */
  stopped: "max-replicas" | "budget" | null;
  /** Events of the pilot and the fresh batch (the compute they hold), and of those this study ran. */
  events: number;
  eventsRun: number;
  /** Wall-clock seconds this study spent on the particles at this ε, and workers used. */
  wallSeconds: number;
  workers: number;
}

/** `particlePrecision` of study.json. */
export interface StudyPrecision {
  procedure: string;
  targetRelativeError: number;
  description: KineticModelName;
  maxReplicas: number;
  budgetSeconds: number | null;
  controlVariates: boolean;
  epsilons: EpsilonResolution[];
  /** Totals over ε. */
  events: number;
  eventsRun: number;
  wallSeconds: number;
}

/** The ensemble of `config` in `dir` (grown or resumed in place), and the replicas and events this call ran. */
export type BatchRunner = (config: ModelConfig, dir: string) => Promise<{ output: RunOutput; ran: number; events: number }>;

/** The options of {@link resolvingParticles}. */
export interface ResolvingOptions {
  /** Pilots go to DIR/pilot-eps-<ε>, the fresh batches to DIR/eps-<ε>. */
  dir: string;
  workers: number;
  target: ResolutionTarget;
  compareTimes: number[];
  controlVariates?: boolean;
  /** The kinetic solver (shared with the study, so that each description is solved once per ε). */
  solve: (name: KineticModelName, config: ModelConfig) => RunOutput;
  /** Runs a pilot or a batch (default: runEnsemble on the worker pool, resuming the directory). */
  runBatch?: BatchRunner;
  onProgress?: (message: string) => void;
  /** Receives a warning when an ε stays unresolved. */
  onWarning?: (message: string) => void;
}

/**
 * The Stein-like size at which a fresh batch resolves a distance D with probability 0.975: the
 * smallest R ≥ R₀ with
 *
 *   (t_{0.975,ν}/z_{0.975})²·(linear·R₀/R + quadratic·(R₀/R)²) ≤ (2τ'·D²)²,  τ' = τ/(1 + 2z_{0.975}·τ),
 *
 * from the variance of D̂² on a pilot of R₀ replicas with ν degrees of freedom, split into the part
 * that falls like 1/R and the part that falls like 1/R² ({@link predictedSquaredVariance}).
 * SE(D) ≤ τ'·D is SE(D²) ≤ 2τ'·D²; without the quadratic part, R = R₀·(t/z)²·(SE₀(D)/(τ'·D))².
 *
 * @returns that R; 4R₀ when D = 0 (or the variance is not finite).
 * @example
 * replicasToResolve(40, { linear: 2.5e-13, quadratic: 0 }, 1e-3, 0.25, 39) // SE₀(D) = √linear/(2D) = 2.5e-4: 40·(2.023/1.960)²·(1 + 2·1.960·0.25)² → 168
 */
export function replicasToResolve(R0: number, variance: { linear: number; quadratic: number }, distance: number, relativeError: number, dof: number): number {
  const { linear, quadratic } = variance;
  if (!(distance > 0) || !Number.isFinite(linear + quadratic)) return 4 * R0;
  const k = (studentTQuantile(0.975, dof) / Z_975) ** 2;
  const target = (2 * (relativeError / (1 + 2 * Z_975 * relativeError)) * distance ** 2) ** 2;
  // x = R₀/R solves k·(linear·x + quadratic·x²) = target (the root of the quadratic, in its stable form)
  const x = (2 * target) / (k * linear + Math.sqrt((k * linear) ** 2 + 4 * k * quadratic * target));
  return x > 0 && Number.isFinite(x) ? Math.max(R0, Math.ceil(R0 / x)) : R0;
}

/** Total events of a summary. */
function eventTotal(summary: RunOutput["summary"]): number {
  const { coagulation, fragmentation } = summary.events;
  return [...Object.values(coagulation), ...Object.values(fragmentation)].reduce((a, b) => a + b, 0);
}

/** ν of a particle output's estimates: R − 1, or that of its control-variate estimates. */
function degreesOfFreedom(output: RunOutput): number {
  const cv = (output.summary as EnsembleSummary).controlVariates;
  return cv ? cv.degreesOfFreedom : output.summary.replicas - 1;
}

/**
 * A particle runner for the ε-study that sizes each ε's ensemble from a pilot to resolve its
 * distance to `target.description`, and the record of what it did.
 *
 * @example
 * const resolver = resolvingParticles({ dir, workers: 2, target: { relativeError: 0.25, maxReplicas: 400 }, compareTimes: [1, 2], solve: solveKinetic });
 * await runEpsilonStudy(base, { runParticles: resolver.runParticles, solve: solveKinetic });
 * resolver.record().epsilons[0].replicas // the R of the fresh batch at the largest ε
 */
export function resolvingParticles(options: ResolvingOptions): { runParticles: (config: ModelConfig) => Promise<RunOutput>; record: () => StudyPrecision } {
  const { target, workers } = options;
  const description = target.description ?? "first-order";
  const runBatch: BatchRunner =
    options.runBatch ??
    (async (config, dir) => {
      const outcome = await runEnsemble({ config, outDir: dir, workers, resume: true, controlVariates: options.controlVariates });
      return { output: outcome.output!, ran: outcome.ran, events: outcome.events };
    });
  const started = performance.now();
  const rows: EpsilonResolution[] = [];
  /** Seconds per simulated event, from every run that simulated replicas so far. */
  const cost = { seconds: 0, events: 0 };
  const progress = options.onProgress ?? (() => {});
  const timed = async (config: ModelConfig, dir: string, row: EpsilonResolution) => {
    const start = performance.now();
    const run = await runBatch(config, dir);
    const seconds = (performance.now() - start) / 1000;
    if (run.ran > 0) {
      cost.seconds += seconds;
      cost.events += run.events;
    }
    row.eventsRun += run.events;
    row.wallSeconds += seconds;
    row.events += eventTotal(run.output.summary);
    return run.output;
  };

  const runParticles = async (config: ModelConfig): Promise<RunOutput> => {
    const { epsilon } = config;
    const reference = options.solve(description, config);
    const pilotDir = join(options.dir, `pilot-eps-${epsilon}`);
    const batchDir = join(options.dir, `eps-${epsilon}`);
    const R0 = Math.max(target.pilotReplicas?.(epsilon) ?? config.replicas, recordedReplicas(pilotDir));
    const pilotSeed = config.seed + PILOT_SEED_OFFSET;
    const row: EpsilonResolution = {
      epsilon,
      pilotReplicas: R0,
      pilotSeed,
      pilotDistance: Number.NaN,
      pilotStderr: Number.NaN,
      predictedDistance: Number.NaN,
      predictedStderr: Number.NaN,
      prediction: "pilot",
      requiredReplicas: R0,
      replicas: R0,
      distance: Number.NaN,
      stderr: Number.NaN,
      resolved: false,
      stopped: null,
      events: 0,
      eventsRun: 0,
      wallSeconds: 0,
      workers,
    };
    rows.push(row);

    const pilot = await timed({ ...config, seed: pilotSeed, replicas: R0 }, pilotDir, row);
    const d0 = momentDistance(pilot, reference, options.compareTimes);
    const exact = options.solve(REFERENCE, config);
    const hierarchy = momentDistance(exact, reference, options.compareTimes).value;
    const [source, expected, distance] = hierarchy > 0 ? [REFERENCE, exact, hierarchy] : (["pilot", pilot, d0.value] as const);
    const variance = predictedSquaredVariance(pilot, expected, reference, options.compareTimes);
    const predicted = { source, value: distance, stderr: Math.sqrt(variance.linear + variance.quadratic) / (2 * distance) };
    const wanted = replicasToResolve(R0, variance, distance, target.relativeError, degreesOfFreedom(pilot));
    const onDisk = recordedReplicas(batchDir);
    let affordable = Number.POSITIVE_INFINITY;
    if (target.budgetSeconds !== undefined && cost.events > 0) {
      const perReplica = (cost.seconds / cost.events) * (eventTotal(pilot.summary) / R0);
      const left = target.budgetSeconds - (performance.now() - started) / 1000;
      affordable = onDisk + Math.floor(left / perReplica);
    }
    const R = Math.max(Math.min(wanted, target.maxReplicas, affordable), R0, onDisk);
    const stopped = R >= wanted ? null : target.maxReplicas <= affordable ? "max-replicas" : "budget";
    Object.assign(row, { pilotDistance: d0.value, pilotStderr: d0.stderr, predictedDistance: predicted.value, predictedStderr: predicted.stderr, prediction: predicted.source, requiredReplicas: wanted, replicas: R, stopped });
    progress(
      `ε = ${epsilon}: pilot R0 = ${R0}, SE(D) ≈ ${predicted.stderr.toPrecision(2)} at D = ${predicted.value.toPrecision(3)} (${predicted.source}); fresh batch of R = ${R}${R < wanted ? ` (the rule asks for ${wanted})` : ""}`,
    );

    const output = await timed({ ...config, replicas: R }, batchDir, row);
    const d = momentDistance(output, reference, options.compareTimes);
    Object.assign(row, { distance: d.value, stderr: d.stderr, resolved: isResolved(d, target.relativeError) });
    progress(`ε = ${epsilon}: R = ${R}, D = ${d.value.toPrecision(3)} ± ${d.stderr.toPrecision(2)} (${row.resolved ? "resolved" : `unresolved, target SE ≤ ${target.relativeError}·D`})`);
    if (!row.resolved) {
      const found = `the particle distance to ${description} is not resolved at R = ${R} (D = ${d.value.toPrecision(3)}, SE ${d.stderr.toPrecision(2)})`;
      const why =
        stopped === null
          ? `the R chosen from the pilot for D ≈ ${predicted.value.toPrecision(3)} (predicted by ${predicted.source}) left it unresolved, by chance or because D is smaller; it is not grown after this look, which would favour large D`
          : `resolving it needs about R = ${wanted}; stopped by ${stopped === "max-replicas" ? `--max-replicas ${target.maxReplicas}` : `the budget of ${target.budgetSeconds} s`}. Grow it later with --resume and a larger limit`;
      options.onWarning?.(`ε = ${epsilon}: ${found}; ${why}`);
    }
    return output;
  };

  const record = (): StudyPrecision => ({
    procedure: RESOLUTION_PROCEDURE,
    targetRelativeError: target.relativeError,
    description,
    maxReplicas: target.maxReplicas,
    budgetSeconds: target.budgetSeconds ?? null,
    controlVariates: Boolean(options.controlVariates),
    epsilons: rows,
    events: rows.reduce((a, r) => a + r.events, 0),
    eventsRun: rows.reduce((a, r) => a + r.eventsRun, 0),
    wallSeconds: rows.reduce((a, r) => a + r.wallSeconds, 0),
  });
  return { runParticles, record };
}
