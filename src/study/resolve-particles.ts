/**
 * Particle ensembles sized per ε so that they resolve their moment distance D to one description
 * ((14), `first-order`, by default): SE(D) ≤ τ·D with τ the target relative error.
 *
 * At each ε a pilot of R₀ replicas (the config's R, a per-ε pilot size, or all the replicas the
 * directory already records) gives D₀ and SE₀ = SE(D₀). The standard error falls like 1/√R
 * (the noise of every moment does; the quadratic part of SE(D²) falls faster), so the size that
 * resolves D is, by a Stein-like rule with the Student quantile of the pilot's degrees of freedom ν
 * (R₀ − 1, or R₀ − 1 − p with p control variates),
 *
 *   R = ⌈R₀ · (t_{0.975,ν}/z_{0.975})² · (SE₀/(τ·D₀))²⌉,
 *
 * the factor (t/z)² paying for the uncertainty of SE₀ as in Stein's two-stage procedure
 * (src/ensemble/precision.ts). D₀ = 0 (D² ≤ 0 after noise debiasing, no estimate of D) grows
 * R four-fold. The run grows in place (runEnsemble with `resume` and the larger R: the same bytes
 * as a run of R from the start) and the rule is applied again while D stays unresolved. Growth
 * stops at `maxReplicas`, or when the cost per event measured so far predicts that the next stage
 * would overrun the study's `budgetSeconds`; the ε is then recorded as unresolved, with a warning.
 *
 * @module
 */
import { join } from "node:path";
import { runEnsemble } from "../ensemble/run-ensemble.js";
import { Z_975 } from "../ensemble/precision.js";
import { recordedReplicas } from "../ensemble/run-dir.js";
import type { EnsembleSummary } from "../ensemble/statistics.js";
import type { KineticModelName } from "../kinetic/index.js";
import type { ModelConfig } from "../model/config.js";
import type { RunOutput } from "../contract/run-output.js";
import { studentTQuantile } from "../stats/distributions.js";
import { isResolved, type MomentDistance, momentDistance } from "./moment-distance.js";

/** The rule of this module, as recorded in study.json. */
export const RESOLUTION_PROCEDURE =
  "pilot of R0 replicas per ε; while SE(D) > τ·D: R ← min(maxReplicas, ⌈R·(t_{0.975,ν}/z_{0.975})²·(SE(D)/(τ·D))²⌉) (4R when D = 0), ν the degrees of freedom of the current R (R − 1, or R − 1 − p with p control variates); the run directory grows in place (byte-identical to a run of the final R from the start); stops at maxReplicas or when the measured cost per event predicts an overrun of the budget";

/** What to resolve, and the limits. */
export interface ResolutionTarget {
  /** τ: resolved when SE(D) ≤ τ·D. */
  relativeError: number;
  /** The description D is measured against (default "first-order", (14)). */
  description?: KineticModelName;
  /** The largest R per ε. */
  maxReplicas: number;
  /** Wall-clock seconds the study's particle growth may take, over all ε (default: no limit). */
  budgetSeconds?: number;
  /** R₀ of the pilot at an ε (default: the config's R). */
  pilotReplicas?: (epsilon: number) => number;
}

/** How one ε was resolved (or not). */
export interface EpsilonResolution {
  epsilon: number;
  pilotReplicas: number;
  /** Each stage, the pilot first: R, and D ± SE(D) on those R replicas; the last stage's R is the R used. */
  stages: { replicas: number; distance: number; stderr: number }[];
  replicas: number;
  /** D and SE(D) to the target description at the R used. */
  distance: number;
  stderr: number;
  resolved: boolean;
  /** Why growth stopped short of resolution. */
  stopped: "max-replicas" | "budget" | null;
  /** Events of all R replicas (the compute the ensemble holds), and of those this study ran. */
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

/** The options of {@link resolvingParticles}. */
export interface ResolvingOptions {
  /** Replica directories go to DIR/eps-<ε>. */
  dir: string;
  workers: number;
  target: ResolutionTarget;
  compareTimes: number[];
  controlVariates?: boolean;
  /** The kinetic solver (shared with the study, so that each description is solved once per ε). */
  solve: (name: KineticModelName, config: ModelConfig) => RunOutput;
  onProgress?: (message: string) => void;
  /** Receives a warning when an ε stays unresolved. */
  onWarning?: (message: string) => void;
}

/**
 * The Stein-like size that resolves a distance measured on R replicas with ν degrees of freedom.
 *
 * @returns ⌈R·(t_{0.975,ν}/z_{0.975})²·(SE/(τ·D))²⌉, at least R + 1; 4R when D = 0 (or SE is not finite).
 * @example
 * replicasToResolve(40, { value: 1e-3, stderr: 5e-4 }, 0.25, 39) // 40·(2.023/1.960)²·4 → 171
 */
export function replicasToResolve(R: number, d: Pick<MomentDistance, "value" | "stderr">, relativeError: number, dof: number): number {
  if (!(d.value > 0) || !Number.isFinite(d.stderr)) return 4 * R;
  const t = studentTQuantile(0.975, dof);
  return Math.max(R + 1, Math.ceil(R * (t / Z_975) ** 2 * (d.stderr / (relativeError * d.value)) ** 2));
}

/** Total events of a summary. */
function eventTotal(summary: RunOutput["summary"]): number {
  const { coagulation, fragmentation } = summary.events;
  return [...Object.values(coagulation), ...Object.values(fragmentation)].reduce((a, b) => a + b, 0);
}

/**
 * A particle runner for the ε-study that grows each ε's ensemble until it resolves its distance
 * to `target.description`, and the record of what it did.
 *
 * @example
 * const resolver = resolvingParticles({ dir, workers: 2, target: { relativeError: 0.25, maxReplicas: 400 }, compareTimes: [1, 2], solve: solveKinetic });
 * await runEpsilonStudy(base, { runParticles: resolver.runParticles, solve: solveKinetic });
 * resolver.record().epsilons[0].replicas // the R used at the largest ε
 */
export function resolvingParticles(options: ResolvingOptions): { runParticles: (config: ModelConfig) => Promise<RunOutput>; record: () => StudyPrecision } {
  const { target, workers } = options;
  const description = target.description ?? "first-order";
  const started = performance.now();
  const rows: EpsilonResolution[] = [];
  /** Seconds per simulated event, from every stage that ran replicas so far. */
  const cost = { seconds: 0, events: 0 };
  const progress = options.onProgress ?? (() => {});

  const runParticles = async (config: ModelConfig): Promise<RunOutput> => {
    const { epsilon } = config;
    const outDir = join(options.dir, `eps-${epsilon}`);
    const reference = options.solve(description, config);
    const pilot = Math.max(target.pilotReplicas?.(epsilon) ?? config.replicas, recordedReplicas(outDir));
    const row: EpsilonResolution = { epsilon, pilotReplicas: pilot, stages: [], replicas: pilot, distance: Number.NaN, stderr: Number.NaN, resolved: false, stopped: null, events: 0, eventsRun: 0, wallSeconds: 0, workers };
    rows.push(row);
    let R = pilot;
    for (;;) {
      const stageStart = performance.now();
      const outcome = await runEnsemble({ config: { ...config, replicas: R }, outDir, workers, resume: true, controlVariates: options.controlVariates });
      const seconds = (performance.now() - stageStart) / 1000;
      const output = outcome.output!;
      if (outcome.ran > 0) {
        cost.seconds += seconds;
        cost.events += outcome.events;
      }
      const d = momentDistance(output, reference, options.compareTimes);
      Object.assign(row, { replicas: R, distance: d.value, stderr: d.stderr, events: eventTotal(output.summary), eventsRun: row.eventsRun + outcome.events, wallSeconds: row.wallSeconds + seconds });
      row.stages.push({ replicas: R, distance: d.value, stderr: d.stderr });
      row.resolved = isResolved(d, target.relativeError);
      const cv = (output.summary as EnsembleSummary).controlVariates;
      progress(`ε = ${epsilon}: R = ${R}, D = ${d.value.toPrecision(3)} ± ${d.stderr.toPrecision(2)} (${row.resolved ? "resolved" : `unresolved, target SE ≤ ${target.relativeError}·D`})`);
      if (row.resolved) return output;
      const wanted = replicasToResolve(R, d, target.relativeError, cv ? cv.degreesOfFreedom : R - 1);
      let next = Math.min(wanted, target.maxReplicas);
      if (target.budgetSeconds !== undefined && cost.events > 0) {
        const perReplica = (cost.seconds / cost.events) * (row.events / R);
        const left = target.budgetSeconds - (performance.now() - started) / 1000;
        next = Math.min(next, R + Math.floor(left / perReplica));
      }
      if (next <= R) {
        row.stopped = wanted > target.maxReplicas && R >= target.maxReplicas ? "max-replicas" : "budget";
        const limit = row.stopped === "max-replicas" ? `--max-replicas ${target.maxReplicas}` : `the budget of ${target.budgetSeconds} s`;
        const need = d.value > 0 ? `resolving it needs about R = ${wanted}` : "its debiased D² ≤ 0 gives no estimate of the R it needs";
        options.onWarning?.(
          `ε = ${epsilon}: the particle distance to ${description} is not resolved at R = ${R} (D = ${d.value.toPrecision(3)}, SE ${d.stderr.toPrecision(2)}); ${need}; stopped by ${limit}. Grow it later with --resume and a larger limit`,
        );
        return output;
      }
      progress(`ε = ${epsilon}: growing to R = ${next}${next < wanted ? ` (the rule asks for ${wanted})` : ""}`);
      R = next;
    }
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
