/**
 * One observation of a particle system at time T: every cluster's states flowed exactly to T
 * (not to the next event), then in one pass over the clusters
 *
 * - the observables of docs/model.md §2 by `observableNames(d)`: each component's moments as in
 *   the homogeneous model (./moments.ts, one {@link MomentSums} per component), reported per
 *   component for the vectors I_1, I_2, v_∞ and summed over the components for the scalars
 *   V_k, V̄₂, Ṽ₂ and C1_r (|v|² = Σ_a v_a², so each is the sum of its component versions); M_k is
 *   the same for all; for d = 1 these are the homogeneous observables;
 * - the cluster fractions n_k;
 * - f_1 and f_2 as per-component marginals, one after the other (d = 1: the homogeneous ones);
 * - for the spatial model (docs/space.md), the fields per cell (./fields.ts) and, for d = 1,
 *   f_1(x, v) (./phase-space.ts).
 *
 * @module
 */
import { AXES, observableNames, type ObservableName } from "../contract/run-output.js";
import type { ModelConfig } from "../model/config.js";
import { clusterFractions } from "./cluster-counts.js";
import { FieldSums } from "./fields.js";
import { FreeStateHistogram } from "./histogram-f1.js";
import { PairStateHistogram } from "./histogram-f2.js";
import { MomentSums } from "./moments.js";
import { PhaseSpaceCounts } from "./phase-space.js";

/**
 * What an observation reads of a particle system: its clusters by size and their states at a
 * time. Every engine offers this view (src/engine/particle-engine.ts); observables know nothing
 * else of an engine.
 */
export interface ClusterStates {
  readonly N: number;
  /** Components d of a state (1 for the homogeneous model). */
  readonly dimension: number;
  /** Largest cluster size k with a class (count[k] may be 0). */
  readonly maxSize: number;
  /** count[k] = N_k, the number of k-clusters. */
  readonly count: ArrayLike<number>;
  /** members[k][i], i < count[k]: the ids of the k-clusters. */
  readonly members: ArrayLike<ArrayLike<number>>;
  /** Writes the states of cluster c's members at time t into out[i·d + axis] and returns their number. */
  statesAt(cluster: number, t: number, out: Float64Array): number;
}

/** The view of a spatial particle system: also the cells of the box and each cluster's cell. */
export interface SpatialClusterStates extends ClusterStates {
  /** Cells per axis C, cells in all Cᵈ, cell width h. */
  readonly cellsPerAxis: number;
  readonly cells: number;
  readonly width: number;
  /** The cell of cluster c. */
  clusterCell(cluster: number): number;
}

/** What one replica reports at one time. */
export interface Observation {
  /** By `observableNames(d)`. */
  observables: Record<string, number>;
  clusterCounts: Record<string, number>;
  f1: number[];
  f2: number[];
  /** The spatial model: ρ, j_1 … j_d, e per cell (`ReplicaResult.fields`). */
  fields?: number[];
  /** The spatial model in d = 1: f_1(x, v) bin averages [ix·bins + iv]. */
  f1xv?: number[];
}

/** Whether the view is of a spatial system. */
function isSpatial(state: ClusterStates): state is SpatialClusterStates {
  return "cells" in state;
}

/**
 * Observes the clusters at time T ≥ their last event time, without changing them.
 *
 * @param shift - per component, a fixed reference state (the initial mean) for cancellation-free variances.
 */
export function observe(state: ClusterStates, T: number, config: Pick<ModelConfig, "epsilon" | "mass" | "histogram">, shift: ArrayLike<number>): Observation {
  const { epsilon, mass, histogram } = config;
  const d = state.dimension;
  const space = isSpatial(state) ? state : undefined;
  const moments = Array.from({ length: d }, (_, a) => new MomentSums(shift[a]));
  const f1 = Array.from({ length: d }, () => new FreeStateHistogram(histogram.min, histogram.max, histogram.bins));
  const f2 = Array.from({ length: d }, () => new PairStateHistogram(histogram.min, histogram.max, histogram.pairBins));
  const fields = space && new FieldSums(space.cells, d);
  const f1xv = space && d === 1 ? new PhaseSpaceCounts(space.cells, histogram.min, histogram.max, histogram.bins) : undefined;
  const states = new Float64Array(state.maxSize * d);
  const component = d === 1 ? states : new Float64Array(state.maxSize);
  for (let k = 1; k <= state.maxSize; k++) {
    const list = state.members[k];
    for (let i = 0; i < state.count[k]; i++) {
      const c = list[i];
      state.statesAt(c, T, states);
      const cell = space ? space.clusterCell(c) : 0;
      fields?.add(cell, states, k);
      for (let a = 0; a < d; a++) {
        if (d > 1) for (let m = 0; m < k; m++) component[m] = states[m * d + a];
        moments[a].addCluster(component, k);
        if (k === 1) f1[a].add(component[0]);
        else if (k === 2) f2[a].add(component[0], component[1]);
      }
      if (k === 1) f1xv?.add(cell, states[0]);
    }
  }
  const perComponent = moments.map((m) => m.observables(state.N, epsilon, mass));
  return {
    observables: combineComponents(perComponent),
    clusterCounts: clusterFractions(state.count, state.N),
    f1: f1.flatMap((h) => h.densities(state.N, mass)),
    f2: f2.flatMap((h) => h.densities(state.N, epsilon, mass)),
    ...(space && fields ? { fields: fields.densities(state.N, mass, space.width ** d) } : {}),
    ...(space && f1xv ? { f1xv: f1xv.densities(state.N, mass, space.width) } : {}),
  };
}

/**
 * The observables of d components by `observableNames(d)`: vectors per component (`I1.x`, …),
 * M_k from the first component (all agree), the other scalars summed over the components.
 *
 * @example
 * const one = { M1: 1, I1: 2, V1: 3 } as unknown as Record<ObservableName, number>;
 * combineComponents([one, one]) // { M1: 1, "I1.x": 2, "I1.y": 2, V1: 6, … }
 */
export function combineComponents(perComponent: Record<ObservableName, number>[]): Record<string, number> {
  const d = perComponent.length;
  if (d === 1) return { ...perComponent[0] };
  const out: Record<string, number> = {};
  for (const name of observableNames(d)) {
    const [base, axis] = name.split(".") as [ObservableName, string | undefined];
    if (axis !== undefined) out[name] = perComponent[AXES.indexOf(axis as (typeof AXES)[number])][base];
    else if (/^M\d$/.test(base)) out[name] = perComponent[0][base];
    else out[name] = perComponent.reduce((s, o) => s + o[base], 0);
  }
  return out;
}
