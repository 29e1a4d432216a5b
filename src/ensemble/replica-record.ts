/**
 * The per-replica sufficient statistics, as one flat record. A replica contributes one sample
 * (count 1, value x) to every observable at every time, every cluster fraction and every
 * histogram cell; the ensemble statistics are the Welford moments folded over these records in
 * replica order ({@link EnsembleAccumulator}). The record is what a replica file holds
 * (replica-file.ts) and what an in-memory {@link ReplicaResult} is turned into, so that files and
 * memory give bitwise the same numbers.
 *
 * @module
 */
import type { ReplicaResult } from "../engine/replica.js";
import { observableNames } from "../contract/run-output.js";

/** Event counts of one replica (or summed over replicas) up to the last time. */
export interface EventCounts {
  coagulation: Record<string, number>;
  fragmentation: Record<string, number>;
}

/** One replica's results, dense and flat (row-major), ready to be folded into the statistics. */
export interface ReplicaRecord {
  replica: number;
  /** Number of observation times T. */
  times: number;
  /** observables[o·T + t], o in the order of {@link observableNames} of the run's dimension. */
  observables: Float64Array;
  /** Cluster sizes k present at some time in this replica, increasing. */
  sizes: number[];
  /** clusterCounts[s·T + t] = n_k(t) for k = sizes[s]. */
  clusterCounts: Float64Array;
  /** f1[t·bins + b] (d > 1: t·d·bins + c·bins + b, the component marginals). */
  f1: Float64Array;
  /** f2[t·pairBins² + cell] (d > 1: per component, like f1). */
  f2: Float64Array;
  /** The spatial model: fields[t·F + i], F = (d + 2)·Cᵈ, in the layout of {@link ReplicaResult.fields} (empty otherwise). */
  fields: Float64Array;
  /** The spatial model in d = 1: f1xv[t·C·bins + ix·bins + iv] (empty otherwise). */
  f1xv: Float64Array;
  events: EventCounts;
  eventCount: number;
  /** Mean and second moment of the replica's N initial states (see {@link ReplicaResult}). */
  initialMoments: [number, number];
}

/**
 * The record of an in-memory replica result.
 *
 * @param dimension - the run's dimension d, which fixes the observables ({@link observableNames}).
 */
export function recordOfResult(result: ReplicaResult, dimension = 1): ReplicaRecord {
  const T = result.f1.length;
  const names = observableNames(dimension);
  const observables = new Float64Array(names.length * T);
  names.forEach((name, o) => observables.set((result.observables as Record<string, number[]>)[name], o * T));
  const sizes = Object.keys(result.clusterCounts)
    .map(Number)
    .sort((a, b) => a - b);
  const clusterCounts = new Float64Array(sizes.length * T);
  sizes.forEach((k, s) => clusterCounts.set(result.clusterCounts[String(k)], s * T));
  return {
    replica: result.replica,
    times: T,
    observables,
    sizes,
    clusterCounts,
    f1: flatten(result.f1),
    f2: flatten(result.f2),
    fields: flatten(result.fields ?? []),
    f1xv: flatten(result.f1xv ?? []),
    events: result.events,
    eventCount: result.eventCount,
    initialMoments: result.initialMoments,
  };
}

function flatten(rows: number[][]): Float64Array {
  const width = rows.length ? rows[0].length : 0;
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, t) => out.set(row, t * width));
  return out;
}
