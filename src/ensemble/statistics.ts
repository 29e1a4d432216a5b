/**
 * Ensemble statistics over replicas: for every observable, cluster fraction and cell of every
 * named array (src/contract/output-arrays.ts; histograms by their means, the spatial fields by
 * field-statistics.ts), the mean, the standard error of the mean and a 95 % Student-t
 * confidence interval.
 *
 * **Sufficient statistics and merging.** Each replica contributes one sample per quantity. The
 * statistics are Welford's running moments (n, mean x̄, M₂ = Σ(x − x̄)²),
 *
 *   n ← n + 1,  δ = x − x̄,  x̄ ← x̄ + δ/n,  M₂ ← M₂ + δ·(x − x̄),
 *
 * folded **in replica order** r = 0, 1, …, R − 1. A merge (of shards, of a resumed run, of any
 * number of workers) reads every replica's record and folds them in that one order, so every
 * partition of the replicas gives bitwise the same numbers: floating-point addition is not
 * associative, but a fixed order makes the result a function of the set of replicas alone.
 * A cluster size first seen at replica r starts from (n = r, x̄ = 0, M₂ = 0), which is bitwise
 * what folding r zeros gives, so absent sizes need no storage.
 *
 * Then s² = M₂/(n − 1), the standard error is s/√n, and the 95 % interval is
 * x̄ ± t_{0.975, n−1}·s/√n (Student t, exact for normal samples, right for small R). For n = 1 the
 * standard error and interval are NaN (null in JSON).
 *
 * On request ({@link StatisticsOptions}), the observables are also estimated with the initial
 * draw of each replica as control variates (control-variates.ts), folded in the same order.
 *
 * References: B. P. Welford, "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4 (1962) 419–420; Chan, Golub & LeVeque, "Algorithms for computing
 * the sample variance", Am. Stat. 37 (1983) 242–247.
 *
 * @module
 */
import type { ReplicaResult, SimulationConfig } from "../engine/replica.js";
import { engineFor } from "../engine/particle-engine.js";
import type { ModelConfig } from "../model/config.js";
import { observableNames, REPLICA_SAMPLE_LIMIT, type Estimate, type ObservableName, type RunOutput, type Summary } from "../contract/run-output.js";
import { OUTPUT_ARRAYS, type ArrayConfig, type Combination, type OutputArray } from "../contract/output-arrays.js";
import { FieldMoments } from "./field-statistics.js";
import { ControlVariateMoments, type ControlVariateSummary } from "./control-variates.js";
import { recordOfResult, type EventCounts, type ReplicaRecord } from "./replica-record.js";
import { studentTQuantile } from "../stats/distributions.js";

/** Confidence level of the reported intervals. */
export const CONFIDENCE = 0.95;

/**
 * Welford moments of many quantities at once (one per array slot), one replica at a time.
 *
 * @example
 * const m = new MomentArrays(1); m.add([1]); m.add([3]);
 * m.mean[0] // 2;  m.m2[0] // 2 (sample variance 2)
 */
export class MomentArrays {
  n = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;

  /** @param length - number of quantities; @param n - samples already seen, all zero. */
  constructor(length: number, n = 0) {
    this.n = n;
    this.mean = new Float64Array(length);
    this.m2 = new Float64Array(length);
  }

  /** Folds in one sample x[offset … offset + length − 1]. */
  add(x: ArrayLike<number>, offset = 0): void {
    const n = ++this.n;
    const { mean, m2 } = this;
    for (let i = 0; i < mean.length; i++) {
      const xi = x[offset + i];
      const delta = xi - mean[i];
      mean[i] += delta / n;
      m2[i] += delta * (xi - mean[i]);
    }
  }

  /** Folds in one sample that is zero everywhere. */
  addZero(): void {
    this.add(new Float64Array(this.mean.length));
  }

  /**
   * Estimates of slots [from, from + length): mean, standard error, 95 % interval.
   *
   * @param t - the Student quantile t_{0.975, n−1} ({@link tQuantile95}).
   */
  estimate(from: number, length: number, t: number): Estimate {
    const out: Estimate = { mean: [], stderr: [], ci95: { lower: [], upper: [] } };
    for (let i = from; i < from + length; i++) {
      const m = this.mean[i];
      const se = this.n > 1 ? Math.sqrt(this.m2[i] / (this.n - 1) / this.n) : Number.NaN;
      out.mean.push(m);
      out.stderr.push(se);
      out.ci95!.lower.push(m - t * se);
      out.ci95!.upper.push(m + t * se);
    }
    return out;
  }
}

/**
 * Welford co-moments of a vector quantity, one replica at a time: C ← C + (x − x̄_old)(x − x̄_new)ᵀ,
 * whose C/(n − 1) is the sample covariance.
 *
 * @example
 * const c = new CoMoments(2); c.add([0, 0]); c.add([2, 4]);
 * c.covariance() // [[2, 4], [4, 8]]
 */
export class CoMoments {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly co: Float64Array;
  private readonly delta: Float64Array;

  constructor(private readonly length: number) {
    this.mean = new Float64Array(length);
    this.co = new Float64Array(length * length);
    this.delta = new Float64Array(length);
  }

  /** Folds in one sample. */
  add(x: ArrayLike<number>): void {
    const n = ++this.n;
    const { length: K, mean, co, delta } = this;
    for (let a = 0; a < K; a++) {
      delta[a] = x[a] - mean[a];
      mean[a] += delta[a] / n;
    }
    for (let a = 0; a < K; a++) {
      if (delta[a] === 0) continue;
      for (let b = 0; b < K; b++) co[a * K + b] += delta[a] * (x[b] - mean[b]);
    }
  }

  /** The sample covariance (divisor n − 1; NaN for n < 2). */
  covariance(): number[][] {
    const K = this.length;
    return Array.from({ length: K }, (_, a) => Array.from({ length: K }, (_, b) => (this.n > 1 ? this.co[a * K + b] / (this.n - 1) : Number.NaN)));
  }
}

/** t_{0.975, n−1}, the multiplier of the standard error in a 95 % interval over n samples (NaN for n < 2). */
export function tQuantile95(n: number): number {
  return n > 1 ? studentTQuantile(0.5 + CONFIDENCE / 2, n - 1) : Number.NaN;
}

/** Options of the ensemble statistics. */
export interface StatisticsOptions {
  /** Also report the observables adjusted by the control variates of the initial draw (control-variates.ts). */
  controlVariates?: boolean;
}

/** The running combination of one named array over replicas, by its {@link Combination}. */
interface ArrayCombiner {
  add(values: Float64Array): void;
  /** The run output's array from the replicas folded so far; `t` is t_{0.975, n−1}. */
  result(t: number): unknown;
}

/** The combiners of each {@link Combination}, for an array of `values` values per time. */
const COMBINERS: Record<Combination, (array: OutputArray, config: ArrayConfig, T: number, values: number) => ArrayCombiner> = {
  mean: (array, config, T, values) => {
    const moments = new MomentArrays(values * T);
    return {
      add: (x) => moments.add(x),
      result: (t) => {
        const perTime = Array.from({ length: T }, (_, ti) => moments.estimate(ti * values, values, t));
        return array.fromMeans!(
          config,
          perTime.map((e) => e.mean),
          perTime.map((e) => e.stderr),
        );
      },
    };
  },
  fields: (_, config, T) => {
    const moments = new FieldMoments(config.dimension, config.space!, T);
    return { add: (x) => moments.add(x), result: () => moments.fields() };
  },
};

/** summary.json of a particle ensemble: the output contract, plus the control-variate estimates when asked for. */
export type EnsembleSummary = Summary & { controlVariates?: ControlVariateSummary };

/**
 * The running statistics of an ensemble. Feed it {@link ReplicaRecord}s in increasing replica
 * order with {@link add}; {@link output} gives the {@link RunOutput}.
 */
export class EnsembleAccumulator {
  private readonly T: number;
  private readonly observables: MomentArrays;
  private readonly clusters = new Map<number, MomentArrays>();
  /** The named arrays this config produces, with their combiners and, while they fit in {@link REPLICA_SAMPLE_LIMIT}, every replica's values of those that keep them. */
  private readonly arrays: { array: OutputArray; length: number; combiner: ArrayCombiner; samples?: Float64Array[] }[];
  private readonly names: string[];
  private readonly covariance: CoMoments;
  private readonly events: EventCounts = { coagulation: {}, fragmentation: {} };
  private readonly controlVariates?: ControlVariateMoments;
  private last = -1;

  /** @throws {ConfigError} when control variates are asked for with fewer than 4 replicas. */
  constructor(
    private readonly config: ModelConfig | SimulationConfig,
    options: StatisticsOptions = {},
  ) {
    this.T = config.times.length;
    this.names = observableNames(config.dimension);
    this.observables = new MomentArrays(this.names.length * this.T);
    this.covariance = new CoMoments(this.names.length * this.T);
    if (options.controlVariates) this.controlVariates = new ControlVariateMoments(config, this.names.length * this.T);
    this.arrays = OUTPUT_ARRAYS.flatMap((array) => {
      const values = array.replicaValues(config);
      if (values === 0) return [];
      return [{ array, length: values * this.T, combiner: COMBINERS[array.combine](array, config, this.T, values), ...(array.keepsSamples?.(config) ? { samples: [] } : {}) }];
    });
  }

  /** Number of replicas folded in so far. */
  get count(): number {
    return this.observables.n;
  }

  /**
   * Folds in one replica.
   *
   * @throws {Error} when replicas come out of order (a bug: callers sort first), or when a
   *   record lacks values of an array the config produces (a replica file of another version).
   */
  add(record: ReplicaRecord): void {
    if (record.replica <= this.last) throw new Error(`replica ${record.replica} folded after replica ${this.last}`);
    this.last = record.replica;
    const n = this.observables.n;
    const { T } = this;
    this.observables.add(record.observables);
    this.covariance.add(record.observables);
    this.controlVariates?.add(record.initialMoments, record.observables, this.observables.mean);
    const seen = new Set<number>();
    record.sizes.forEach((k, s) => {
      let m = this.clusters.get(k);
      if (!m) this.clusters.set(k, (m = new MomentArrays(T, n)));
      m.add(record.clusterCounts, s * T);
      seen.add(k);
    });
    for (const [k, m] of this.clusters) if (!seen.has(k)) m.addZero();
    for (const entry of this.arrays) {
      const values = record.arrays[entry.array.name];
      if (values?.length !== entry.length) throw new Error(`replica ${record.replica} has ${values?.length ?? 0} values of \`${entry.array.name}\`, expected ${entry.length}`);
      entry.combiner.add(values);
      entry.samples = keptSamples(entry.samples, values);
    }
    for (const kind of ["coagulation", "fragmentation"] as const) {
      for (const [key, count] of Object.entries(record.events[kind])) this.events[kind][key] = (this.events[kind][key] ?? 0) + count;
    }
  }

  /**
   * The summary (summary.json) and histograms (f1.csv, f2.csv) of the replicas folded so far.
   *
   * @param wallSeconds - wall-clock time of the command, the one field (with
   *   `provenance.createdAt`) that differs between runs of the same ensemble.
   */
  output(wallSeconds: number): RunOutput {
    const { T, config } = this;
    const n = this.count;
    const t = tQuantile95(n);
    const sizes = [...this.clusters.keys()].sort((a, b) => a - b);
    const sortEvents = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareKeys(a, b)));
    const covariance = this.covariance.covariance();
    const summary: EnsembleSummary = {
      source: "particles",
      engine: engineFor(config).name,
      config: config as ModelConfig,
      times: config.times,
      observables: Object.fromEntries(this.names.map((name, o) => [name, this.observables.estimate(o * T, T, t)])) as RunOutput["summary"]["observables"],
      clusterCounts: Object.fromEntries(sizes.map((k) => [String(k), this.clusters.get(k)!.estimate(0, T, t)])),
      events: { coagulation: sortEvents(this.events.coagulation), fragmentation: sortEvents(this.events.fragmentation) },
      replicas: n,
      statistics: {
        method: "Welford moments folded in replica order",
        confidence: CONFIDENCE,
        degreesOfFreedom: n - 1,
        tQuantile: t,
        histogramInterval: "density ± tQuantile·stderr",
      },
      ...(this.controlVariates ? { controlVariates: this.controlVariates.summary(this.observables.mean, this.observables.m2, T, this.names as ObservableName[], covariance) } : {}),
      wallSeconds,
    };
    return {
      summary,
      ...Object.fromEntries(this.arrays.map(({ array, combiner }) => [array.name, combiner.result(t)])),
      observableCovariance: covariance,
      replicaSamples: Object.fromEntries(this.arrays.flatMap(({ array, samples }) => (samples ? [[array.name, [...samples]]] : []))),
    };
  }
}

/** The samples with one more, or none once they would exceed {@link REPLICA_SAMPLE_LIMIT} values. */
function keptSamples(samples: Float64Array[] | undefined, values: Float64Array): Float64Array[] | undefined {
  if (!samples || (samples.length + 1) * values.length > REPLICA_SAMPLE_LIMIT) return undefined;
  samples.push(values);
  return samples;
}

/** Orders event keys "i,j" numerically. */
function compareKeys(a: string, b: string): number {
  const [a1, a2] = a.split(",").map(Number);
  const [b1, b2] = b.split(",").map(Number);
  return a1 - b1 || a2 - b2;
}

/**
 * Summarises in-memory replicas as a {@link RunOutput} (summary.json and the named arrays: f1.csv,
 * f2.csv and the spatial model's fields.csv, f1xv.csv); the same numbers, bit for bit, as
 * summarising their replica files.
 *
 * @param replicas - results of replicas 0 … R−1 (any order; they are sorted by index).
 */
export function summarize(config: ModelConfig | SimulationConfig, replicas: ReplicaResult[], wallSeconds: number, options: StatisticsOptions = {}): RunOutput {
  const acc = new EnsembleAccumulator(config, options);
  for (const r of [...replicas].sort((a, b) => a.replica - b.replica)) acc.add(recordOfResult(r, config.dimension));
  return acc.output(wallSeconds);
}
