/**
 * One observation of the particle system at time T: every cluster's states flowed exactly to T
 * (not to the next event), then all observables of docs/model.md §2 in one pass over the clusters.
 *
 * @module
 */
import type { ModelConfig } from "../model/config.js";
import type { ObservableName } from "../contract/run-output.js";
import { clusterFractions } from "./cluster-counts.js";
import { FreeStateHistogram } from "./histogram-f1.js";
import { PairStateHistogram } from "./histogram-f2.js";
import { MomentSums } from "./moments.js";

/**
 * What an observation reads of a particle system: its clusters by size and their states at a
 * time. The engine's cluster state satisfies it; observables know nothing else of the engine.
 */
export interface ClusterStates {
  readonly N: number;
  /** Largest cluster size k with a class (count[k] may be 0). */
  readonly maxSize: number;
  /** count[k] = N_k, the number of k-clusters. */
  readonly count: ArrayLike<number>;
  /** members[k][i], i < count[k]: the ids of the k-clusters. */
  readonly members: ArrayLike<ArrayLike<number>>;
  /** Writes the states of cluster c's members at time t into `out` and returns their number. */
  statesAt(cluster: number, t: number, out: Float64Array): number;
}

/** What one replica reports at one time. */
export interface Observation {
  observables: Record<ObservableName, number>;
  clusterCounts: Record<string, number>;
  f1: number[];
  f2: number[];
}

/**
 * Observes the clusters at time T ≥ its last event time, without changing it.
 *
 * @param shift - a fixed reference state (the initial mean) for cancellation-free variances.
 */
export function observe(state: ClusterStates, T: number, config: Pick<ModelConfig, "epsilon" | "mass" | "histogram">, shift: number): Observation {
  const { epsilon, mass, histogram } = config;
  const moments = new MomentSums(shift);
  const f1 = new FreeStateHistogram(histogram.min, histogram.max, histogram.bins);
  const f2 = new PairStateHistogram(histogram.min, histogram.max, histogram.pairBins);
  const states = new Float64Array(state.maxSize);
  for (let k = 1; k <= state.maxSize; k++) {
    const list = state.members[k];
    for (let i = 0; i < state.count[k]; i++) {
      state.statesAt(list[i], T, states);
      moments.addCluster(states, k);
      if (k === 1) f1.add(states[0]);
      else if (k === 2) f2.add(states[0], states[1]);
    }
  }
  return {
    observables: moments.observables(state.N, epsilon, mass),
    clusterCounts: clusterFractions(state.count, state.N),
    f1: f1.densities(state.N, mass),
    f2: f2.densities(state.N, epsilon, mass),
  };
}
