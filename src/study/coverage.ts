/**
 * The coverage study: do the intervals alignsim prints cover the truth as often as they claim?
 * K independent ensembles of R replicas of one config are run (one pool of K·R replicas, ensemble
 * k = replicas kR … kR + R − 1, so every ensemble is a function of (seed, k) alone), and every
 * interval each ensemble prints is checked against its truth:
 *
 * | interval | nominal | truth |
 * |---|---|---|
 * | `mean`: q̄ ± t_{0.975,R−1}·SE of every observable at the comparison times | 95 % | exact moment hierarchy (N → ∞) |
 * | `control-variate mean`: Ŷ_cv ± t_{0.975,R−1−p}·SE_cv (src/ensemble/control-variates.ts) | 95 % | exact moment hierarchy |
 * | `moment distance, delta`: D ± 1.96·SE(D), SE(D) = SE(D²)/2D | 95 % | the hierarchy's distance to the description |
 * | `moment distance, root of D²`: [√max(D² − 1.96·SE(D²), 0), √max(D² + 1.96·SE(D²), 0)] | 95 % | the same |
 * | `moment distance, delta, t` and `root of D², t`: the same with t_{0.975,R−1} for 1.96 (finite R) | 95 % | the same |
 * | `moment distance, score, t`: [√(D² + t²SE(D)²) − t·SE(D), √(D² + t²SE(D)²) + t·SE(D)] (see below) | 95 % | the same |
 * | `f₁ distance, …`: the same five for the f₁ histogram L2 distance | 95 % | the other K − 1 ensembles pooled |
 * | `fields T`: T ± t_{0.975,R−1}·SE of the spatial model's velocity variance per cell | 95 % | the other K − 1 ensembles pooled |
 *
 * and the validation test of the ε-study (./epsilon.js `validate`: Hotelling's F, Bonferroni
 * t, or too few replicas), whose false-alarm rate at its level 0.001 is the fraction of the K
 * ensembles it calls "disagree" when the particles do follow the hierarchy.
 *
 * Each coverage is a binomial proportion over the K ensembles, with its Wilson 95 % interval
 * (src/stats/binomial-interval.ts). A row with several intervals per ensemble (every observable
 * at every time) is summarised by the mean over ensembles of each ensemble's covered fraction,
 * with a Student-t interval over the K ensembles (the intervals of one ensemble are correlated;
 * the ensembles are independent).
 *
 * **Truths.** The exact hierarchy is the N → ∞ limit; a finite-N mean is off by O(1/N). The study
 * measures that bias from the pool of all K·R replicas (`bias`: in units of one ensemble's SE,
 * with its own z-score) and warns when it is large enough to move a coverage (> 0.25 SE and
 * resolved): then N must grow. No hierarchy gives the law of f₁ or of the fields at finite N,
 * so their truth for ensemble k is the pool of the other K − 1 ensembles, independent of
 * ensemble k (leave-one-out). Its own noise, a fraction 1/√(K − 1) of one ensemble's, lowers the
 * expected coverage of a 95 % interval to P(|Z| < 1.96/√(1 + 1/(K − 1))), 0.9498 at K = 400.
 *
 * **Why D ± 1.96·SE(D) can fail.** D = √max(D², 0) of the noise-debiased D² is biased and
 * bounded below by 0, and SE(D) = SE(D²)/2D is a linearisation that holds only for D ≫ SE(D);
 * near D ≈ SE(D) the interval is too short on one side. The root-of-D² interval transforms the
 * interval of D² (unbiased and near-normal at any D, its SE from the replicas' covariance) by the
 * monotone map √max(·, 0), so it covers D exactly when the D² interval covers D². Both share a
 * second flaw: SE(D²) ≈ 2D̂·SE(D) is estimated at the estimate D̂, so an ensemble whose D̂ came
 * out low also reports a short interval, and the misses pile up below the truth. The score
 * interval evaluates the error at the candidate D instead, as Wilson's interval does for a
 * proportion: it is the set of D with |D̂² − D²| ≤ t·2D·SE(D) (SE(D) = SE(D²)/2D̂ estimates the
 * noise of D̂ along the direction of the difference, whatever its length, while the noise term
 * 2tr((WΣ̄)²) of SE(D²)² is small against the linear one), which solves to
 * √(D̂² + t²SE(D)²) ± t·SE(D), shifted up by ≈ t²SE(D)²/2D̂ from the delta interval.
 *
 * @module
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Z_95, wilsonInterval } from "../stats/binomial-interval.js";
import { studentTQuantile } from "../stats/distributions.js";
import { ConfigError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { OBSERVABLES, type ObservableName, type RunOutput } from "../contract/run-output.js";
import { checkKineticConfig, KINETIC_MODELS, type KineticModelName, solveKinetic } from "../kinetic/index.js";
import type { ControlVariateSummary } from "../ensemble/control-variates.js";
import { collectSources, readRunReplica } from "../ensemble/merge.js";
import { defaultWorkers, runEnsemble, type EnsembleOptions } from "../ensemble/run-ensemble.js";
import { EnsembleAccumulator } from "../ensemble/statistics.js";
import { DEFAULT_COMPARE_TIMES, REFERENCE, VALIDATION_LEVEL, validate, type ValidationRow } from "./epsilon.js";
import { f1Distance, type MomentDistance, momentDistance, timeIndex } from "./moment-distance.js";

/** The intervals of a distance D the study checks, by the name of their variant, with their label. */
const DISTANCE_VARIANTS = {
  delta: "D ± 1.96·SE(D)",
  "delta, t": "D ± t·SE(D)",
  "root of D²": "√(D² ± 1.96·SE(D²))",
  "root of D², t": "√(D² ± t·SE(D²))",
  "score, t": "√(D² + t²SE(D)²) ± t·SE(D)",
} as const;

/** The distances whose intervals are checked, with their label prefix and their truth. */
const DISTANCES = {
  "moment distance": { prefix: "moment", truth: "distance of the exact moment hierarchy to the description" },
  "control-variate moment distance": { prefix: "control-variate moment", truth: "distance of the exact moment hierarchy to the description" },
  "f1 distance": { prefix: "f₁", truth: "f₁ distance of the other K − 1 ensembles pooled to the description" },
} as const;

/** A kind of interval: an observable's mean, a variant of a distance's interval, or the fields' T. */
export type IntervalKind = "mean" | "control-variate mean" | `${keyof typeof DISTANCES}, ${keyof typeof DISTANCE_VARIANTS}` | "fields T";

/** The intervals the study checks, with what they claim and what they are checked against. */
export const COVERAGE_INTERVALS: Record<IntervalKind, { label: string; truth: string }> = {
  mean: { label: "mean ± t·SE", truth: "exact moment hierarchy (N → ∞)" },
  "control-variate mean": { label: "control-variate mean ± t·SE", truth: "exact moment hierarchy (N → ∞)" },
  ...(Object.fromEntries(
    Object.entries(DISTANCES).flatMap(([name, { prefix, truth }]) => Object.entries(DISTANCE_VARIANTS).map(([variant, label]) => [`${name}, ${variant}`, { label: `${prefix} ${label}`, truth }])),
  ) as Record<`${keyof typeof DISTANCES}, ${keyof typeof DISTANCE_VARIANTS}`, { label: string; truth: string }>),
  "fields T": { label: "fields T ± t·SE", truth: "T of the other K − 1 ensembles pooled (spatial config)" },
};

/** Nominal coverage of every interval checked. */
export const NOMINAL_COVERAGE = 0.95;

/** Levels at which the validation's false-alarm rate is also reported (its verdict uses VALIDATION_LEVEL). */
export const FALSE_ALARM_LEVELS = [VALIDATION_LEVEL, 0.01, 0.05];

/** A bias of the finite-N mean larger than this many SE of one ensemble (and resolved, |z| > 3) draws a warning. */
const BIAS_WARNING = 0.25;

/** Whether one interval covered its truth. */
export interface IntervalOutcome {
  kind: IntervalKind;
  /** What the interval is of, e.g. "V1 at t = 1". */
  quantity: string;
  covered: boolean;
  /** A miss with the whole interval below the truth (the estimate too low). */
  low?: boolean;
}

/**
 * The outcome of the interval [lower, upper] for the truth.
 *
 * @example
 * outcome("mean", "M1 at t = 1", [0.8, 0.9], 1) // { kind: "mean", quantity: "M1 at t = 1", covered: false, low: true }
 */
export function outcome(kind: IntervalKind, quantity: string, [lower, upper]: [number, number], truth: number): IntervalOutcome {
  const covered = covers(lower, upper, truth);
  return { kind, quantity, covered, low: !covered && upper < truth };
}

/** The coverage of one interval of one quantity over the K ensembles. */
export interface CoverageRow {
  kind: IntervalKind;
  quantity: string;
  trials: number;
  covered: number;
  /** Misses with the interval below the truth (the rest of the misses are above it). */
  missedLow: number;
  fraction: number;
  /** Wilson 95 % interval of the fraction. */
  ci95: [number, number];
}

/** The coverage of every interval of one kind, averaged over the quantities. */
export interface CoverageSummary {
  kind: IntervalKind;
  label: string;
  truth: string;
  nominal: number;
  /** Ensembles that printed the interval, and intervals per ensemble. */
  ensembles: number;
  perEnsemble: number;
  fraction: number;
  ci95: [number, number];
  /** Of all its intervals, the fraction that missed with the interval below the truth (the rest of 1 − fraction missed above). */
  missedLow: number;
  /** How ci95 was obtained. */
  method: string;
}

/** The validation test's verdicts over the K ensembles, whose particles do follow the hierarchy up to O(1/N). */
export interface FalseAlarms {
  level: number;
  ensembles: number;
  /** Ensembles per test (hotelling, bonferroni-t, none). */
  tests: Record<string, number>;
  /** Ensembles without a verdict: too few replicas, or a singular covariance over them. */
  tooFewReplicas: number;
  /** "disagree" verdicts at `level`, their fraction among the tested ensembles and its Wilson 95 % interval. */
  alarms: number;
  rate: number;
  ci95: [number, number];
  /** The same at each of FALSE_ALARM_LEVELS, from the p-values. */
  atLevels: { level: number; alarms: number; rate: number; ci95: [number, number] }[];
}

/**
 * Counts of covered intervals per (kind, quantity) and each ensemble's covered fraction per
 * kind, fed one ensemble at a time.
 *
 * @example
 * const tally = new CoverageTally();
 * tally.addEnsemble([{ kind: "mean", quantity: "M1 at t = 1", covered: true }]);
 * tally.addEnsemble([{ kind: "mean", quantity: "M1 at t = 1", covered: false }]);
 * tally.rows()[0].fraction // 0.5
 */
export class CoverageTally {
  private readonly counts = new Map<string, CoverageRow>();
  private readonly fractions = new Map<IntervalKind, number[]>();
  private readonly perEnsemble = new Map<IntervalKind, number>();

  /** Folds in the outcomes of every interval one ensemble printed. */
  addEnsemble(outcomes: IntervalOutcome[]): void {
    const byKind = new Map<IntervalKind, { covered: number; total: number }>();
    for (const { kind, quantity, covered, low } of outcomes) {
      const key = `${kind}\u0000${quantity}`;
      const row = this.counts.get(key) ?? { kind, quantity, trials: 0, covered: 0, missedLow: 0, fraction: Number.NaN, ci95: [0, 1] };
      row.trials++;
      if (covered) row.covered++;
      if (low) row.missedLow++;
      this.counts.set(key, row);
      const k = byKind.get(kind) ?? { covered: 0, total: 0 };
      k.total++;
      if (covered) k.covered++;
      byKind.set(kind, k);
    }
    for (const [kind, { covered, total }] of byKind) {
      (this.fractions.get(kind) ?? this.fractions.set(kind, []).get(kind)!).push(covered / total);
      this.perEnsemble.set(kind, Math.max(this.perEnsemble.get(kind) ?? 0, total));
    }
  }

  /** Every (kind, quantity) with its fraction covered and Wilson interval. */
  rows(): CoverageRow[] {
    return [...this.counts.values()].map((r) => ({ ...r, fraction: r.covered / r.trials, ci95: wilsonInterval(r.covered, r.trials) }));
  }

  /**
   * One summary per kind: with one interval per ensemble, the binomial fraction and its Wilson
   * interval; with several, the mean over ensembles of their covered fractions with a Student-t
   * interval over the ensembles.
   */
  summaries(): CoverageSummary[] {
    return [...this.fractions.entries()].map(([kind, fractions]) => {
      const K = fractions.length;
      const perEnsemble = this.perEnsemble.get(kind)!;
      const { label, truth } = COVERAGE_INTERVALS[kind];
      const rows = [...this.counts.values()].filter((r) => r.kind === kind);
      const missedLow = rows.reduce((s, r) => s + r.missedLow, 0) / rows.reduce((s, r) => s + r.trials, 0);
      const common = { kind, label, truth, nominal: NOMINAL_COVERAGE, ensembles: K, perEnsemble, missedLow };
      if (perEnsemble === 1) {
        const covered = fractions.filter((f) => f === 1).length;
        return { ...common, fraction: covered / K, ci95: wilsonInterval(covered, K), method: `Wilson 95 % interval of ${covered} covered in ${K} ensembles` };
      }
      const mean = fractions.reduce((s, f) => s + f, 0) / K;
      const variance = K > 1 ? fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / (K - 1) : Number.NaN;
      const half = K > 1 ? studentTQuantile(0.975, K - 1) * Math.sqrt(variance / K) : Number.NaN;
      return {
        ...common,
        fraction: mean,
        ci95: [Math.max(0, mean - half), Math.min(1, mean + half)] as [number, number],
        method: `mean over ${K} ensembles of the fraction of their ${perEnsemble} intervals covered, ± t_{0.975,${K - 1}}·SE over ensembles`,
      };
    });
  }
}

/**
 * Whether [lower, upper] holds the truth (an interval with a NaN end holds nothing; infinite
 * ends hold everything on their side).
 *
 * @example
 * covers(0.9, 1.1, 1) // true
 */
export function covers(lower: number, upper: number, truth: number): boolean {
  return lower <= truth && truth <= upper;
}

/**
 * The intervals of a distance D whose squared estimate is D² ± SE(D²): the printed D ± 1.96·SE(D)
 * (delta method, SE(D) = SE(D²)/2D, the whole half-line [0, ∞) at D = 0), the root of the
 * interval of D², [√max(D² − q·SE(D²), 0), √max(D² + q·SE(D²), 0)], with q = 1.96 (`root`), and
 * both with q = t_{0.975,ν} for the ν = R − 1 degrees of freedom of the replicas' covariance that
 * the SEs are estimated from (`deltaT`, `rootT`), and the score interval
 * [max(√(D² + t²SE(D)²) − t·SE(D), 0), √(D² + t²SE(D)²) + t·SE(D)] (`scoreT`, [0, ∞) at D = 0).
 *
 * @example
 * distanceIntervals({ value: 1, stderr: 0.1, squared: 1, squaredStderr: 0.2 }, 15).delta // [0.804, 1.196]
 */
export function distanceIntervals(d: Pick<MomentDistance, "value" | "stderr" | "squared" | "squaredStderr">, degreesOfFreedom: number): Record<"delta" | "deltaT" | "root" | "rootT" | "scoreT", [number, number]> {
  const delta = (q: number): [number, number] => [d.value - q * d.stderr, d.value + q * d.stderr];
  const root = (q: number): [number, number] => [Math.sqrt(Math.max(d.squared - q * d.squaredStderr, 0)), Math.sqrt(Math.max(d.squared + q * d.squaredStderr, 0))];
  const t = studentTQuantile(0.975, degreesOfFreedom);
  const centre = Math.hypot(d.value, t * d.stderr);
  const scoreT: [number, number] = Number.isFinite(d.stderr) ? [Math.max(centre - t * d.stderr, 0), centre + t * d.stderr] : [0, Number.POSITIVE_INFINITY];
  return { delta: delta(Z_95), deltaT: delta(t), root: root(Z_95), rootT: root(t), scoreT };
}

/** The outcomes of the intervals of a distance against its truth. */
function distanceOutcomes(name: keyof typeof DISTANCES, d: MomentDistance, truth: number, degreesOfFreedom: number): IntervalOutcome[] {
  const { delta, deltaT, root, rootT, scoreT } = distanceIntervals(d, degreesOfFreedom);
  return [
    outcome(`${name}, delta`, name, delta, truth),
    outcome(`${name}, delta, t`, name, deltaT, truth),
    outcome(`${name}, root of D²`, name, root, truth),
    outcome(`${name}, root of D², t`, name, rootT, truth),
    outcome(`${name}, score, t`, name, scoreT, truth),
  ];
}

/** The observables whose mean is checked: those the hierarchy reports at every comparison time. */
export function checkedObservables(exact: RunOutput, compareTimes: number[]): ObservableName[] {
  return OBSERVABLES.filter((q) => compareTimes.every((t) => Number.isFinite(exact.summary.observables[q].mean[timeIndex(exact.summary.times, t)])));
}

/**
 * The outcomes of one ensemble's observable intervals (plain means and, when the summary has
 * them, control-variate means) against the exact hierarchy at the comparison times. Quantities
 * whose SE is not positive (a conserved or initially fixed one, e.g. M₁ at t = 0) are skipped.
 */
export function meanOutcomes(ensemble: RunOutput, exact: RunOutput, compareTimes: number[], observables: ObservableName[]): IntervalOutcome[] {
  const { summary } = ensemble;
  const cv = (summary as { controlVariates?: ControlVariateSummary }).controlVariates;
  const t = studentTQuantile(0.975, summary.replicas - 1);
  const outcomes: IntervalOutcome[] = [];
  for (const time of compareTimes) {
    const i = timeIndex(summary.times, time);
    const truthAt = timeIndex(exact.summary.times, time);
    for (const q of observables) {
      const truth = exact.summary.observables[q].mean[truthAt];
      const quantity = `${q} at t = ${time}`;
      const plain = summary.observables[q];
      if (plain.stderr[i] > 0) outcomes.push(outcome("mean", quantity, [plain.mean[i] - t * plain.stderr[i], plain.mean[i] + t * plain.stderr[i]], truth));
      const adjusted = cv?.observables[q];
      if (adjusted && adjusted.stderr[i] > 0) {
        const tc = cv!.tQuantile;
        outcomes.push(outcome("control-variate mean", quantity, [adjusted.mean[i] - tc * adjusted.stderr[i], adjusted.mean[i] + tc * adjusted.stderr[i]], truth));
      }
    }
  }
  return outcomes;
}

/** The output with its plain estimates only (what a run without --control-variates prints). */
function plainOutput(output: RunOutput): RunOutput {
  const { controlVariates: _, ...summary } = output.summary as RunOutput["summary"] & { controlVariates?: unknown };
  return { ...output, summary };
}

/**
 * How a distance estimate behaves over the K ensembles: the bias of D̂² and of D̂ against the
 * truth, and their spread over ensembles against the SE the ensembles report, which says whether
 * an interval fails by its centre (bias) or by its width (SE too small).
 */
export interface DistanceCalibration {
  /** The truth (for the f₁ distance: the mean of the leave-one-out truths). */
  truth: number;
  /** mean(D̂²) − D², with its SE sd(D̂²)/√K. */
  squaredBias: number;
  squaredBiasStderr: number;
  /** sd of D̂² over the ensembles, and the root mean square of their SE(D̂²). */
  squaredSpread: number;
  squaredReportedSE: number;
  /** The same for D̂ and its delta-method SE(D) (ensembles with D̂ = 0 left out of the SE). */
  bias: number;
  spread: number;
  reportedSE: number;
}

/** The calibration of K distance estimates against their truths. */
export function distanceCalibration(estimates: Pick<MomentDistance, "value" | "stderr" | "squared" | "squaredStderr">[], truths: number[]): DistanceCalibration {
  const K = estimates.length;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
  const rms = (xs: number[]) => Math.sqrt(mean(xs.map((x) => x * x)));
  const squared = estimates.map((d) => d.squared);
  const values = estimates.map((d) => d.value);
  const truth = mean(truths);
  return {
    truth,
    squaredBias: mean(squared) - mean(truths.map((t) => t * t)),
    squaredBiasStderr: sd(squared) / Math.sqrt(K),
    squaredSpread: sd(squared),
    squaredReportedSE: rms(estimates.map((d) => d.squaredStderr)),
    bias: mean(values) - truth,
    spread: sd(values),
    reportedSE: rms(estimates.filter((d) => Number.isFinite(d.stderr)).map((d) => d.stderr)),
  };
}

/** The finite-N bias of one observable at one time, measured on the pool of all K·R replicas. */
export interface BiasRow {
  observable: ObservableName;
  t: number;
  /** Pooled mean − hierarchy. */
  bias: number;
  /** bias / SE of the pooled mean: is the bias resolved? */
  z: number;
  /** bias / SE of one ensemble's mean (≈ √K·SE_pool): how far it shifts one ensemble's interval. */
  inEnsembleSE: number;
}

/** The bias rows of the pooled replicas against the hierarchy. */
export function finiteNBias(pool: RunOutput, exact: RunOutput, compareTimes: number[], observables: ObservableName[], ensembles: number): BiasRow[] {
  return compareTimes.flatMap((t) =>
    observables.flatMap((observable) => {
      const i = timeIndex(pool.summary.times, t);
      const { mean, stderr } = pool.summary.observables[observable];
      if (!(stderr[i] > 0)) return [];
      const bias = mean[i] - exact.summary.observables[observable].mean[timeIndex(exact.summary.times, t)];
      return [{ observable, t, bias, z: bias / stderr[i], inEnsembleSE: bias / (stderr[i] * Math.sqrt(ensembles)) }];
    }),
  );
}

/** Collects the validation verdicts of the ensembles. */
export class FalseAlarmTally {
  private readonly rows: Pick<ValidationRow, "test" | "status" | "pValue">[] = [];

  add(row: Pick<ValidationRow, "test" | "status" | "pValue">): void {
    this.rows.push(row);
  }

  /** The false-alarm rate at the validation's level and at FALSE_ALARM_LEVELS, each with its Wilson interval. */
  result(): FalseAlarms {
    const tested = this.rows.filter((r) => r.status !== "too-few-replicas");
    const tests: Record<string, number> = {};
    for (const r of this.rows) tests[r.test] = (tests[r.test] ?? 0) + 1;
    const alarms = tested.filter((r) => r.status === "disagree").length;
    const rate = (n: number) => (tested.length ? n / tested.length : Number.NaN);
    return {
      level: VALIDATION_LEVEL,
      ensembles: this.rows.length,
      tests,
      tooFewReplicas: this.rows.length - tested.length,
      alarms,
      rate: rate(alarms),
      ci95: wilsonInterval(alarms, tested.length),
      atLevels: FALSE_ALARM_LEVELS.map((level) => {
        const n = tested.filter((r) => r.pValue < level).length;
        return { level, alarms: n, rate: rate(n), ci95: wilsonInterval(n, tested.length) };
      }),
    };
  }
}

/**
 * The leave-one-out truths of K estimates of one vector: for ensemble k, `truth` of the mean of
 * the other K − 1 (equal weights: every ensemble has R replicas) and of the variance of that
 * mean, the sample variance over the K ensembles divided by K − 1.
 */
export function leaveOneOut(vectors: Float64Array[], truth: (mean: Float64Array, variance: Float64Array) => number): number[] {
  const K = vectors.length;
  const n = vectors[0]?.length ?? 0;
  const sum = new Float64Array(n);
  for (const v of vectors) for (let i = 0; i < n; i++) sum[i] += v[i];
  const variance = new Float64Array(n);
  for (const v of vectors) for (let i = 0; i < n; i++) variance[i] += (v[i] - sum[i] / K) ** 2 / (K - 1) / (K - 1);
  return vectors.map((v) => truth(Float64Array.from(sum, (s, i) => (s - v[i]) / (K - 1)), variance));
}

/** What `alignsim study coverage` writes as coverage.json. */
export interface CoverageStudy {
  kind: "study-coverage";
  config: ModelConfig;
  /** The spatial config of the fields' intervals, or null when they were not checked. */
  spaceConfig: ModelConfig | null;
  ensembles: number;
  replicas: number;
  compareTimes: number[];
  description: { name: KineticModelName; label: string };
  /** The moment distance of the exact hierarchy to the description (the truth of the moment-distance intervals). */
  exactMomentDistance: number;
  summaries: CoverageSummary[];
  rows: CoverageRow[];
  falseAlarms: FalseAlarms;
  /** The moment and f₁ distances' estimates against their truths (absent: not checked). */
  calibration: { momentDistance: DistanceCalibration; controlVariateMomentDistance?: DistanceCalibration; f1Distance?: DistanceCalibration };
  bias: BiasRow[];
  warnings: string[];
  methods: Record<string, string>;
  wallSeconds: number;
}

/** What {@link runCoverageStudy} takes. */
export interface CoverageStudyOptions {
  /** K ≥ 2 ensembles (default 100). */
  ensembles?: number;
  compareTimes?: number[];
  /** The description the distances are taken to (default `instantaneous`, (33)). */
  description?: KineticModelName;
  /** A spatial config whose fields' intervals are checked (K ensembles of R replicas too), or null. */
  space?: ModelConfig | null;
  /** Where the particle replicas go: DIR/particles, DIR/particles-space. */
  dir: string;
  workers?: number;
  /** Keep the replicas of an interrupted study with the same config. */
  resume?: boolean;
  progress?: EnsembleOptions["progress"];
  onProgress?: (message: string) => void;
}

/**
 * Checks what a coverage study needs before any work: K ≥ 2 ensembles, R ≥ 2 replicas each,
 * comparison times among positive numbers, a description and a hierarchy that apply to the
 * config, a spatial config with a box in d = 1.
 *
 * @throws {ConfigError} naming the field.
 */
export function checkCoverageStudy(config: ModelConfig, options: Omit<CoverageStudyOptions, "dir">): void {
  const K = options.ensembles ?? DEFAULT_ENSEMBLES;
  if (!(Number.isInteger(K) && K >= 2)) throw new ConfigError("--ensembles", options.ensembles, "an integer ≥ 2");
  if (!(config.replicas >= 2)) throw new ConfigError("replicas", config.replicas, "≥ 2 (a standard error needs two replicas per ensemble)");
  if (config.space) throw new ConfigError("space", config.space, "absent (the moments' truth is the homogeneous hierarchy; give a spatial config with --space-config)");
  for (const t of options.compareTimes ?? DEFAULT_COMPARE_TIMES) if (!(t > 0 && Number.isFinite(t))) throw new ConfigError("--compare-times", t, "numbers > 0");
  checkKineticConfig(REFERENCE, config);
  checkKineticConfig(options.description ?? DEFAULT_DESCRIPTION, config);
  const space = options.space;
  if (space && !(space.space && space.dimension === 1)) throw new ConfigError("--space-config", space.space ?? null, "a spatial config in d = 1 (a `space` box)");
}

/** Default K. */
export const DEFAULT_ENSEMBLES = 100;
/** Default description of the distances: (33). */
export const DEFAULT_DESCRIPTION: KineticModelName = "instantaneous";

/**
 * Runs the coverage study of `base` (R = base.replicas per ensemble): the K·R replicas on the
 * worker pool (DIR/particles), the exact hierarchy and the description once, then every
 * ensemble's intervals against their truths; with `space`, the same for the spatial config's
 * fields (DIR/particles-space).
 *
 * @throws {ConfigError} for bad input, before any work ({@link checkCoverageStudy}); whatever
 *   the solvers or the engine throw.
 * @example
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * const study = await runCoverageStudy(parseConfig({ N: 500, replicas: 4, mu: 8, times: [0, 1] }), { ensembles: 20, compareTimes: [1], dir: mkdtempSync(`${tmpdir()}/alignsim-`), workers: 1 });
 * study.summaries.find((s) => s.kind === "mean").fraction // ≈ 0.95
 */
export async function runCoverageStudy(base: ModelConfig, options: CoverageStudyOptions): Promise<CoverageStudy> {
  checkCoverageStudy(base, options);
  const started = performance.now();
  const K = options.ensembles ?? DEFAULT_ENSEMBLES;
  const R = base.replicas;
  const compareTimes = options.compareTimes ?? DEFAULT_COMPARE_TIMES;
  const name = options.description ?? DEFAULT_DESCRIPTION;
  const progress = options.onProgress ?? (() => {});
  const config: ModelConfig = { ...base, times: [...new Set([...base.times, ...compareTimes])].sort((a, b) => a - b) };
  progress(`exact moment hierarchy and ${KINETIC_MODELS[name].label}`);
  const exact = solveKinetic(REFERENCE, config);
  const description = solveKinetic(name, config);
  const truthDistance = momentDistance(exact, description, compareTimes).value;
  const observables = checkedObservables(exact, compareTimes);

  const tally = new CoverageTally();
  const alarms = new FalseAlarmTally();
  const f1 = { estimates: [] as MomentDistance[], densities: [] as Float64Array[] };
  const moment: MomentDistance[] = [];
  const controlVariateMoment: MomentDistance[] = [];
  progress(`particles: ${K} ensembles of R = ${R} replicas (N = ${config.N})`);
  const pool = await forEachEnsemble(config, K, join(options.dir, "particles"), options, (ensemble) => {
    const plain = plainOutput(ensemble);
    moment.push(momentDistance(plain, description, compareTimes));
    tally.addEnsemble([...meanOutcomes(ensemble, exact, compareTimes, observables), ...distanceOutcomes("moment distance", moment[moment.length - 1], truthDistance, R - 1)]);
    const cv = (ensemble.summary as { controlVariates?: ControlVariateSummary }).controlVariates;
    if (cv) {
      controlVariateMoment.push(momentDistance(ensemble, description, compareTimes));
      tally.addEnsemble(distanceOutcomes("control-variate moment distance", controlVariateMoment[controlVariateMoment.length - 1], truthDistance, cv.degreesOfFreedom));
    }
    alarms.add(validate(config.epsilon, plain, exact, compareTimes));
    const d = f1Distance(plain, description, compareTimes);
    if (d) {
      f1.estimates.push(d);
      f1.densities.push(Float64Array.from(compareTimes.flatMap((t) => ensemble.f1!.density[timeIndex(ensemble.summary.times, t)])));
    }
  });
  const warnings: string[] = [];
  const calibration: CoverageStudy["calibration"] = { momentDistance: distanceCalibration(moment, moment.map(() => truthDistance)) };
  if (controlVariateMoment.length) calibration.controlVariateMomentDistance = distanceCalibration(controlVariateMoment, controlVariateMoment.map(() => truthDistance));
  if (f1.estimates.length) {
    const truths = f1Truths(f1.densities, description, compareTimes);
    f1.estimates.forEach((d, k) => tally.addEnsemble(distanceOutcomes("f1 distance", d, truths[k], R - 1)));
    calibration.f1Distance = distanceCalibration(f1.estimates, truths);
  } else warnings.push(`${KINETIC_MODELS[name].label} does not resolve f₁: no f₁-distance intervals`);
  if (R < 4) warnings.push(`R = ${R} < 4 replicas: no control-variate intervals (they need R ≥ 4)`);

  let spaceConfig: ModelConfig | null = null;
  if (options.space) {
    spaceConfig = { ...options.space, replicas: R, times: [...new Set([0, ...compareTimes])].sort((a, b) => a - b) };
    progress(`spatial particles: ${K} ensembles of R = ${R} replicas (N = ${spaceConfig.N}, ${spaceConfig.space!.cells} cells)`);
    for (const outcomes of await fieldOutcomes(spaceConfig, K, compareTimes, options)) tally.addEnsemble(outcomes);
  }

  const bias = finiteNBias(pool, exact, compareTimes, observables, K);
  for (const b of bias) {
    if (Math.abs(b.inEnsembleSE) > BIAS_WARNING && Math.abs(b.z) > 3) warnings.push(`the finite-N bias of ${b.observable} at t = ${b.t} is ${b.inEnsembleSE.toFixed(2)} SE of one ensemble (z = ${b.z.toFixed(1)} over all K·R replicas): the mean's coverage of the N → ∞ hierarchy is lowered by it; raise N`);
  }
  const falseAlarms = alarms.result();
  if (falseAlarms.tooFewReplicas) warnings.push(`the validation test gave no verdict for ${falseAlarms.tooFewReplicas} of ${K} ensembles (too few replicas, or a singular covariance over the replicas): its false-alarm rate is over the others`);
  return {
    kind: "study-coverage",
    config,
    spaceConfig,
    ensembles: K,
    replicas: R,
    compareTimes,
    description: { name, label: KINETIC_MODELS[name].label },
    exactMomentDistance: truthDistance,
    summaries: tally.summaries(),
    rows: tally.rows(),
    falseAlarms,
    calibration,
    bias,
    warnings,
    methods: COVERAGE_METHODS,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** How the study's numbers are obtained, for coverage.json and the report. */
export const COVERAGE_METHODS: Record<string, string> = {
  ensembles: "one pool of K·R replicas with the config's seed; ensemble k is replicas kR … kR + R − 1, summarised as `alignsim run` summarises R replicas",
  coverage: "a row's fraction of the K ensembles whose interval holds the truth, Wilson 95 % interval; a kind's summary over several quantities is the mean over ensembles of their covered fraction, ± t_{0.975,K−1}·SE over ensembles",
  truths: "means: exact moment hierarchy (N → ∞; the finite-N bias is measured in `bias`); moment distance: the hierarchy's distance to the description; f₁ distance and fields: leave-one-out pool of the other K − 1 ensembles (no hierarchy gives their law at finite N), whose own noise lowers the expected coverage to P(|Z| < 1.96/√(1 + 1/(K − 1)))",
  distanceIntervals: "delta: D ± 1.96·SE(D), SE(D) = SE(D²)/2D; root of D²: √max(D² ± 1.96·SE(D²), 0); each also with t_{0.975,R−1} for 1.96 (', t'); SE(D²) from the replicas' full covariance",
  falseAlarms: "the ε-study's validation test (Hotelling's F, Bonferroni t, or too few replicas) of each ensemble against the exact hierarchy; a disagree verdict is a false alarm up to the O(1/N) bias",
};

/** The f₁ histograms' leave-one-out truths: the debiased distance of the pool of the other K − 1 ensembles to the description. */
function f1Truths(densities: Float64Array[], description: RunOutput, compareTimes: number[]): number[] {
  const { edges } = description.f1!;
  const bins = edges.length - 1;
  const b = compareTimes.flatMap((t) => description.f1!.density[timeIndex(description.summary.times, t)]);
  const w = compareTimes.flatMap(() => Array.from({ length: bins }, (_, i) => (edges[i + 1] - edges[i]) / compareTimes.length));
  return leaveOneOut(densities, (mean, variance) => Math.sqrt(Math.max(mean.reduce((s, m, i) => s + w[i] * ((m - b[i]) ** 2 - variance[i]), 0), 0)));
}

/**
 * The fields' outcomes per ensemble: T ± t_{0.975,R−1}·SE in every cell at the comparison times,
 * against T of the pooled means (ρ, j, e) of the other K − 1 ensembles.
 */
async function fieldOutcomes(config: ModelConfig, K: number, compareTimes: number[], options: CoverageStudyOptions): Promise<IntervalOutcome[][]> {
  const t = studentTQuantile(0.975, config.replicas - 1);
  const intervals: { lower: number; upper: number }[][] = [];
  const moments: Float64Array[] = [];
  await forEachEnsemble(config, K, join(options.dir, "particles-space"), options, (ensemble) => {
    const { rho, momentum, T } = ensemble.fields!;
    const at = compareTimes.map((time) => timeIndex(ensemble.summary.times, time));
    intervals.push(at.flatMap((i) => T.mean[i].map((m, c) => ({ lower: m - t * T.stderr[i][c], upper: m + t * T.stderr[i][c] }))));
    // ρ, j, e = ρ(T + u²) per cell: means over replicas, which pool linearly
    moments.push(Float64Array.from(at.flatMap((i) => rho.mean[i].flatMap((r, c) => [r, momentum[0].mean[i][c], r * (T.mean[i][c] + (momentum[0].mean[i][c] / r) ** 2)]))));
  });
  const C = config.space!.cells;
  const labels = compareTimes.flatMap((time) => Array.from({ length: C }, (_, c) => `T at t = ${time}, cell ${c}`));
  return moments.map((_, k) => {
    const others = Float64Array.from(moments[0], (__, i) => moments.reduce((s, m, j) => (j === k ? s : s + m[i]), 0) / (K - 1));
    return intervals[k].map(({ lower, upper }, cell) => {
      const [rho, j, e] = [others[3 * cell], others[3 * cell + 1], others[3 * cell + 2]];
      return outcome("fields T", labels[cell], [lower, upper], e / rho - (j / rho) ** 2);
    });
  });
}

/**
 * Runs K·R replicas of `config` on the worker pool into `dir` and hands each ensemble of R
 * consecutive replicas (with control-variate estimates when R ≥ 4) to `visit`, in order.
 *
 * @returns the pool of all K·R replicas.
 */
async function forEachEnsemble(config: ModelConfig, K: number, dir: string, options: CoverageStudyOptions, visit: (ensemble: RunOutput, k: number) => void): Promise<RunOutput> {
  const R = config.replicas;
  if (!options.resume) rmSync(dir, { recursive: true, force: true });
  const outcome = await runEnsemble({ config: { ...config, replicas: K * R }, outDir: dir, workers: options.workers ?? defaultWorkers(), resume: true, progress: options.progress });
  const sources = collectSources([dir]);
  const one: ModelConfig = { ...config, replicas: R };
  for (let k = 0; k < K; k++) {
    const acc = new EnsembleAccumulator(one, { controlVariates: R >= 4 });
    for (let r = k * R; r < (k + 1) * R; r++) acc.add(readRunReplica(sources.files.get(r)!, r, sources.fingerprint));
    visit(acc.output(0), k);
  }
  return outcome.output!;
}
