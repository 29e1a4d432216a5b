/**
 * The per-replica sufficient statistics, as one flat record. A replica contributes one sample
 * (count 1, value x) to every observable at every time, every cluster fraction and every
 * cell of every named array (src/contract/output-arrays.ts); the ensemble statistics are the Welford moments folded over these records in
 * replica order ({@link EnsembleAccumulator}). The record is what a replica file holds
 * (replica-file.ts) and what an in-memory {@link ReplicaResult} is turned into, so that files and
 * memory give bitwise the same numbers.
 *
 * @module
 */
import type { ReplicaResult } from "../engine/replica.js";
import { observableNames } from "../contract/run-output.js";
import { arrayOf, OUTPUT_ARRAYS } from "../contract/output-arrays.js";

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
  /**
   * Every named array of {@link OUTPUT_ARRAYS} by name, flat: arrays[name][t·K + i] with K its
   * values per time (e.g. f1[t·d·bins + c·bins + b]); empty when the replica has none.
   */
  arrays: Record<string, Float64Array>;
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
    arrays: Object.fromEntries(OUTPUT_ARRAYS.map(({ name }) => [name, flatten(arrayOf<number[][]>(result, name) ?? [])])),
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
