/**
 * Precision targets: run an ensemble until the standard errors of chosen observables reach
 * given values, by Stein's two-stage procedure, growing one run directory.
 *
 * A pilot of R₀ replicas (`--replicas`, or all the replicas already recorded when resuming a
 * larger run) gives, for each target (observable Y at time T, target e), the sample
 * standard deviation s₀ on R₀ − 1 degrees of freedom. The required size is
 *
 *   R = max(R₀, max over targets ⌈(t_{0.975, R₀−1} · s₀ / (z_{0.975} · e))²⌉),
 *
 * Stein's rule for a 95 % interval of half-width d = z_{0.975}·e (the interval a standard
 * error e gives). The Student quantile t in place of z pays for the uncertainty of s₀: by
 * Stein's theorem, the interval Ȳ_R ± d then covers E[Y] with probability ≥ 95 % whatever σ.
 * The run is grown to R (replicas R₀ … R − 1 added, the same bytes as a run of R from the start).
 * If a target is still missed at R (s came out larger than s₀), the rule is applied again with
 * the current sample, as an extra stage; every stage is recorded in summary.json. A relative
 * target `1%` means e = 0.01·|Ȳ| with the current mean.
 *
 * Limits: the procedure stops with {@link PrecisionUnreachableError} (exit status 3) when the
 * required R exceeds `maxReplicas`, when the time the pilot measured per replica predicts that
 * the budget will not suffice, or when the budget runs out while replicas are running. It then
 * writes no summary: the replicas on disk stay, and `run --resume` can grow them later.
 *
 * Reference: C. Stein, "A two-sample test for a linear hypothesis whose power is independent of
 * the variance", Ann. Math. Statist. 16 (1945) 243–258.
 *
 * @module
 */
import { ConfigError, PrecisionUnreachableError } from "../errors.js";
import { writeRunOutput } from "../output/files.js";
import { OBSERVABLES, type ObservableName, type RunOutput } from "../contract/run-output.js";
import { studentTQuantile } from "../stats/distributions.js";
import { recordedReplicas } from "./run-dir.js";
import { runEnsemble, type EnsembleOptions, type EnsembleOutcome } from "./run-ensemble.js";
import type { EnsembleSummary } from "./statistics.js";

/** z_{0.975} = Φ⁻¹(0.975). */
export const Z_975 = 1.959963984540054;

/** One target: SE(observable at times[timeIndex]) ≤ value, or ≤ value·|mean| when relative. */
export interface PrecisionTarget {
  text: string;
  observable: ObservableName;
  time: number;
  timeIndex: number;
  value: number;
  relative: boolean;
}

/** A target as recorded in summary.json after the run. */
export interface TargetRecord {
  target: string;
  /** The target SE in the units of the observable (relative targets: at the final mean). */
  stderrTarget: number;
  pilotStandardDeviation: number;
  /** R the pilot asked for this target. */
  requiredReplicas: number;
  achievedStderr: number;
  met: boolean;
}

/** summary.json of a run with precision targets. */
export type PrecisionSummary = EnsembleSummary & { precision: PrecisionRecord };

/** `precision` of summary.json. */
export interface PrecisionRecord {
  procedure: string;
  pilotReplicas: number;
  pilotTQuantile: number;
  maxReplicas: number;
  budgetSeconds: number | null;
  /** R after each stage, the pilot first. */
  stages: number[];
  targets: TargetRecord[];
}

/**
 * Parses `OBS@T=VALUE` (VALUE > 0, or a percentage `1%` of the mean).
 *
 * @throws {ConfigError} naming `--target-stderr`.
 * @example
 * parseTarget("V1@1=1%", [0, 1]) // { observable: "V1", time: 1, timeIndex: 1, value: 0.01, relative: true, … }
 */
export function parseTarget(text: string, times: number[]): PrecisionTarget {
  const expected = `OBS@T=VALUE with OBS one of ${OBSERVABLES.join(", ")}, T one of the times (${times.join(", ")}) and VALUE > 0 or a percentage such as 1%`;
  const match = /^\s*([A-Za-z_0-9]+)@([^=]+)=\s*([^%\s]+)\s*(%?)\s*$/.exec(text);
  if (!match) throw new ConfigError("--target-stderr", text, expected);
  const [, name, timeText, valueText, percent] = match;
  const timeIndex = times.indexOf(Number(timeText));
  const value = Number(valueText) / (percent ? 100 : 1);
  if (!(OBSERVABLES as readonly string[]).includes(name) || timeIndex < 0 || !(value > 0 && Number.isFinite(value))) throw new ConfigError("--target-stderr", text, expected);
  return { text: text.trim(), observable: name as ObservableName, time: times[timeIndex], timeIndex, value, relative: Boolean(percent) };
}

/** The SE a target asks for, given the current estimate of its observable. */
function stderrTarget(target: PrecisionTarget, summary: EnsembleSummary): number {
  const mean = summary.observables[target.observable].mean[target.timeIndex];
  return target.relative ? target.value * Math.abs(mean) : target.value;
}

/**
 * Stein's required number of replicas for one target, from a sample of n replicas.
 *
 * @returns ⌈(t_{0.975, n−1}·s/(z_{0.975}·e))²⌉ with s the sample standard deviation (∞ when e = 0).
 */
export function steinReplicas(summary: EnsembleSummary, target: PrecisionTarget): { required: number; sd: number; t: number } {
  const n = summary.replicas;
  const sd = summary.observables[target.observable].stderr[target.timeIndex] * Math.sqrt(n);
  const t = studentTQuantile(0.975, n - 1);
  const e = stderrTarget(target, summary);
  const required = sd === 0 ? n : Math.ceil(((t * sd) / (Z_975 * e)) ** 2);
  return { required: Number.isFinite(required) ? required : Number.POSITIVE_INFINITY, sd, t };
}

/** What to run: the ensemble options (config.replicas = R₀, the pilot) and the targets. */
export interface PrecisionOptions extends EnsembleOptions {
  targets: PrecisionTarget[];
  /** The largest R the procedure may reach. */
  maxReplicas: number;
  /** Wall-clock seconds the whole procedure may take. */
  budgetSeconds?: number;
}

/**
 * Runs the pilot, then grows the run to Stein's R (and further stages while a target is missed),
 * and writes summary.json with a `precision` record.
 *
 * @returns the outcome of the last stage, its summary with the `precision` record
 *   ({@link PrecisionSummary}); status "interrupted" when the caller's signal stopped it.
 * @throws {PrecisionUnreachableError} when the targets cannot be met within `maxReplicas` or the
 *   budget (nothing is written but the replica files).
 * @throws {ConfigError} for a sharded run, a pilot of fewer than 2 replicas, or R₀ > maxReplicas.
 */
export async function runToTargets(options: PrecisionOptions): Promise<EnsembleOutcome> {
  const start = performance.now();
  const { targets, maxReplicas, budgetSeconds } = options;
  // Resuming a run that already holds more replicas than --replicas: they all make the pilot.
  const recorded = options.resume ? recordedReplicas(options.outDir) : 0;
  const R0 = Math.max(options.config.replicas, recorded);
  if (options.shard && options.shard.count > 1) throw new ConfigError("--target-stderr", targets.map((t) => t.text).join(" "), "used without --shard (the procedure needs the whole ensemble)");
  if (R0 < 2) throw new ConfigError("replicas", R0, "at least 2 with --target-stderr (the pilot estimates a variance)");
  if (!(Number.isInteger(maxReplicas) && maxReplicas >= R0)) throw new ConfigError("--max-replicas", maxReplicas, `an integer ≥ the pilot's ${R0} replicas (--replicas)`);
  if (budgetSeconds !== undefined && !(budgetSeconds > 0)) throw new ConfigError("--budget", budgetSeconds, "a number of seconds > 0");
  const budget = budgetSeconds === undefined ? undefined : AbortSignal.timeout(budgetSeconds * 1000);
  const signal = budget ? (options.signal ? AbortSignal.any([options.signal, budget]) : budget) : options.signal;
  const elapsed = () => (performance.now() - start) / 1000;
  const stages: number[] = [];
  let pilot: { sd: number; required: number }[] = [];
  let pilotT = Number.NaN;
  let R = R0;
  let ran = 0;
  for (;;) {
    const stageStart = performance.now();
    const outcome = await runEnsemble({ ...options, config: { ...options.config, replicas: R }, resume: stages.length ? true : options.resume, signal, writeSummary: false });
    if (outcome.status === "interrupted") {
      if (budget?.aborted && !options.signal?.aborted) {
        throw new PrecisionUnreachableError(`the budget of ${budgetSeconds} s ran out with ${outcome.finished} of ${R} replicas finished (kept in ${options.outDir}/replicas); no summary written. Grow the run later with --resume`);
      }
      return outcome;
    }
    stages.push(R);
    ran += outcome.ran;
    const summary: EnsembleSummary = outcome.output!.summary;
    const rule = targets.map((target) => steinReplicas(summary, target));
    if (stages.length === 1) {
      pilot = rule;
      pilotT = rule[0]?.t ?? Number.NaN;
    }
    const missed = targets.filter((target) => !(summary.observables[target.observable].stderr[target.timeIndex] <= stderrTarget(target, summary)));
    if (missed.length === 0) return finish(options, { ...outcome, ran, skipped: R - ran }, summary, { stages, pilot, pilotT, R0, elapsed: elapsed() });
    const next = Math.max(R + 1, ...rule.map((r) => r.required));
    const worst = targets[rule.findIndex((r) => r.required === Math.max(...rule.map((x) => x.required)))];
    if (next > maxReplicas) {
      throw new PrecisionUnreachableError(
        `${worst.text} needs about R = ${Number.isFinite(next) ? next : "∞"} replicas by Stein's rule from ${R} (sample SD ${rule[targets.indexOf(worst)].sd.toPrecision(3)}), more than --max-replicas ${maxReplicas}; no summary written, the ${R} replicas stay in ${options.outDir}`,
      );
    }
    const perReplica = outcome.ran > 0 ? (performance.now() - stageStart) / 1000 / outcome.ran : 0;
    if (budgetSeconds !== undefined && elapsed() + perReplica * (next - R) > budgetSeconds) {
      throw new PrecisionUnreachableError(
        `${worst.text} needs about R = ${next} replicas, ≈ ${Math.ceil(perReplica * (next - R))} s more at ${perReplica.toPrecision(2)} s per replica, beyond the budget of ${budgetSeconds} s (${Math.floor(elapsed())} s used); no summary written, the ${R} replicas stay in ${options.outDir}`,
      );
    }
    options.notice?.(`${stages.length === 1 ? "pilot" : `stage ${stages.length}`} of ${R} replicas: ${worst.text} needs R = ${next} by Stein's rule (sample SD ${rule[targets.indexOf(worst)].sd.toPrecision(3)}); growing the run`);
    R = next;
  }
}

/**
 * The precision record as lines of text.
 *
 * @example
 * formatPrecision(record) // "precision targets (Stein two-stage, pilot R0 = 10, stages R = 10 → 37):
  V1@1=1%: SE 0.0027 ≤ 0.0029, met
"
 */
export function formatPrecision(record: PrecisionRecord): string {
  const lines = record.targets.map(
    (t) => `  ${t.target}: SE ${t.achievedStderr.toPrecision(3)} ${t.met ? "≤" : ">"} ${t.stderrTarget.toPrecision(3)} (pilot SD ${t.pilotStandardDeviation.toPrecision(3)} → R = ${t.requiredReplicas}), ${t.met ? "met" : "missed"}`,
  );
  return [`precision targets (Stein two-stage, pilot R0 = ${record.pilotReplicas}, stages R = ${record.stages.join(" → ")}):`, ...lines].join("\n");
}

/** Attaches the `precision` record and writes the final summary. */
function finish(
  options: PrecisionOptions,
  outcome: EnsembleOutcome,
  summary: EnsembleSummary,
  run: { stages: number[]; pilot: { sd: number; required: number }[]; pilotT: number; R0: number; elapsed: number },
): EnsembleOutcome {
  const precision: PrecisionRecord = {
    procedure: "Stein two-stage: R = max(R0, ceil((t_{0.975,R0-1}·s0/(z_{0.975}·e))^2)) from a pilot of R0; further stages by the same rule while a target is missed",
    pilotReplicas: run.R0,
    pilotTQuantile: run.pilotT,
    maxReplicas: options.maxReplicas,
    budgetSeconds: options.budgetSeconds ?? null,
    stages: run.stages,
    targets: options.targets.map((target, i) => {
      const achieved = summary.observables[target.observable].stderr[target.timeIndex];
      const e = stderrTarget(target, summary);
      return { target: target.text, stderrTarget: e, pilotStandardDeviation: run.pilot[i].sd, requiredReplicas: run.pilot[i].required, achievedStderr: achieved, met: achieved <= e };
    }),
  };
  const final: PrecisionSummary = { ...summary, wallSeconds: run.elapsed, precision };
  const output: RunOutput = { ...outcome.output!, summary: final };
  writeRunOutput(options.outDir, output);
  return { ...outcome, output };
}
