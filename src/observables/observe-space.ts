/**
 * One observation of the spatial particle system at time T (docs/space.md): every cluster's
 * states flowed exactly to T, then in one pass over the clusters
 *
 * - the observables by `observableNames(d)`: each component's moments as in the homogeneous
 *   model (./moments.ts, one {@link MomentSums} per component), reported per component for the
 *   vectors I_1, I_2, v_∞ and summed over the components for the scalars V_k, V̄₂, Ṽ₂ and C1_r
 *   (|v|² = Σ_a v_a², so each is the sum of its component versions); M_k is the same for all;
 *   for d = 1 these are exactly the homogeneous observables;
 * - the cluster fractions n_k;
 * - f_1 and f_2 as per-component marginals, one after the other (d = 1: the homogeneous ones);
 * - the fields per cell (./fields.ts) and, for d = 1, f_1(x, v) (./phase-space.ts).
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
import type { Observation } from "./observe.js";
import { PhaseSpaceCounts } from "./phase-space.js";

/** What an observation reads of a spatial particle system: clusters by size, their cells and states. */
export interface SpatialClusterStates {
  readonly N: number;
  readonly dimension: number;
  /** Cells per axis C, cells in all Cᵈ, cell width h. */
  readonly cellsPerAxis: number;
  readonly cells: number;
  readonly width: number;
  /** Largest size k with a class; count[k] = N_k; members[k][i], i < count[k], the k-clusters. */
  readonly maxSize: number;
  readonly count: ArrayLike<number>;
  readonly members: ArrayLike<ArrayLike<number>>;
  /** The cell of cluster c. */
  readonly cell: ArrayLike<number>;
  /** Writes the states of cluster c's members at time t into out[i·d + axis] and returns their number. */
  statesAt(cluster: number, t: number, out: Float64Array): number;
}

/** What one replica of the spatial model reports at one time. */
export interface SpatialObservation extends Omit<Observation, "observables"> {
  /** By `observableNames(d)`. */
  observables: Record<string, number>;
  /** ρ, j_1 … j_d, e per cell (`ReplicaResult.fields`). */
  fields: number[];
  /** d = 1: f_1(x, v) bin averages [ix·bins + iv]. */
  f1xv?: number[];
}

/**
 * Observes the spatial clusters at time T ≥ their last event time, without changing them.
 *
 * @param shift - per component, a fixed reference state (the initial mean) for cancellation-free variances.
 */
export function observeSpace(state: SpatialClusterStates, T: number, config: Pick<ModelConfig, "epsilon" | "mass" | "histogram">, shift: ArrayLike<number>): SpatialObservation {
  const { epsilon, mass, histogram } = config;
  const d = state.dimension;
  const moments = Array.from({ length: d }, (_, a) => new MomentSums(shift[a]));
  const f1 = Array.from({ length: d }, () => new FreeStateHistogram(histogram.min, histogram.max, histogram.bins));
  const f2 = Array.from({ length: d }, () => new PairStateHistogram(histogram.min, histogram.max, histogram.pairBins));
  const fields = new FieldSums(state.cells, d);
  const f1xv = d === 1 ? new PhaseSpaceCounts(state.cells, histogram.min, histogram.max, histogram.bins) : undefined;
  const states = new Float64Array(state.maxSize * d);
  const component = new Float64Array(state.maxSize);
  for (let k = 1; k <= state.maxSize; k++) {
    const list = state.members[k];
    for (let i = 0; i < state.count[k]; i++) {
      const c = list[i];
      state.statesAt(c, T, states);
      fields.add(state.cell[c], states, k);
      for (let a = 0; a < d; a++) {
        for (let m = 0; m < k; m++) component[m] = states[m * d + a];
        moments[a].addCluster(component, k);
        if (k === 1) f1[a].add(component[0]);
        else if (k === 2) f2[a].add(component[0], component[1]);
      }
      if (k === 1) f1xv?.add(state.cell[c], states[0]);
    }
  }
  const perComponent = moments.map((m) => m.observables(state.N, epsilon, mass));
  return {
    observables: combineComponents(perComponent),
    clusterCounts: clusterFractions(state.count, state.N),
    f1: f1.flatMap((h) => h.densities(state.N, mass)),
    f2: f2.flatMap((h) => h.densities(state.N, epsilon, mass)),
    fields: fields.densities(state.N, mass, state.width ** d),
    ...(f1xv ? { f1xv: f1xv.densities(state.N, mass, state.width) } : {}),
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
