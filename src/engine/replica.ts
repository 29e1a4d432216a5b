/**
 * One replica: a fresh particle system seeded from (seed, replica), observed at every requested
 * time. Its result is plain data, so it crosses worker and process boundaries as it is.
 *
 * @module
 */
import type { ModelConfig } from "../model/config.js";
import type { KernelSpec } from "../model/kernels.js";
import { observe } from "../observables/observe.js";
import { observableNames, type ObservableName } from "../contract/run-output.js";
import { replicaStream } from "../rng.js";
import { engineFor, type EngineName, type EventCounts } from "./particle-engine.js";

/** A config whose kernels may also be functions (library API). */
export type SimulationConfig = Omit<ModelConfig, "lambda" | "mu"> & { lambda: KernelSpec; mu: KernelSpec };

/** What one replica reports: every quantity at every requested time. */
export interface ReplicaResult {
  replica: number;
  /** The engine that ran it (./particle-engine.ts). */
  engine: EngineName;
  /** By `observableNames(d)` (the names of OBSERVABLES when d = 1). */
  observables: Record<ObservableName, number[]>;
  /** n_k per time for every size k present at some time (0 at the others). */
  clusterCounts: Record<string, number[]>;
  /** f1[t][b], f2[t][a·pairBins + b]: bin averages (d > 1: the d component marginals one after the other). */
  f1: number[][];
  f2: number[][];
  /**
   * The spatial model: per time, the replica's field densities per cell (C^d cells, index
   * i_x + C·i_y + C²·i_z) in the order ρ, j_1 … j_d, e, each block C^d long, where with h = L/C
   * and weight M/N per particle ρ = (M/N)·n_c/hᵈ, j = (M/N)·Σ_c v/hᵈ, e = (M/N)·Σ_c |v|²/hᵈ over
   * all particles (free and clustered) in cell c. The ensemble turns e into the variance T.
   */
  fields?: number[][];
  /** The spatial model in d = 1: per time, f_1(x, v) bin averages, [ix·bins + iv] (free particles). */
  f1xv?: number[][];
  events: EventCounts;
  eventCount: number;
  wallSeconds: number;
  /**
   * Mean and second moment of the N sampled initial states, (1/N)Σ v_p(0) and (1/N)Σ v_p(0)²,
   * whose expectations are known exactly from the initial law (control variates of the
   * ensemble statistics, src/ensemble/control-variates.ts). For d > 1: of the first component
   * (i.i.d. from the same law as in d = 1, so its exact expectations are the same).
   */
  initialMoments: [number, number];
}

/**
 * Simulates replica `replica` of `config` up to its last time, on the engine the config calls for
 * (./particle-engine.ts: `spatial` with a `space` box, which also reports the `fields` and, for
 * d = 1, `f1xv`; `homogeneous` without one).
 *
 * @param config - validated configuration (`config.seed` is the master seed).
 * @param replica - replica index r ≥ 0; its randomness is the stream of (seed, r) alone.
 * @param debug - check conservation at every event (slow).
 * @throws {InvariantError} in debug mode when mass or momentum is not conserved.
 * @example
 * const replica = runReplica(parseConfig({ N: 1000, times: [0, 1] }), 0);
 * replica.observables.M1[0] // 1
 * replica.engine // "homogeneous"
 * // kernels may also be functions of the cluster sizes (i, j):
 * runReplica({ ...parseConfig({ N: 1000, times: [1] }), lambda: (i, j) => 1 / (i * j) }, 0).eventCount > 0 // true
 */
export function runReplica(config: SimulationConfig, replica: number, debug = false): ReplicaResult {
  const start = performance.now();
  const entry = engineFor(config);
  const system = entry.create(config, replicaStream(config.seed, replica), debug).seed(config.initial);
  const { clusters, initialMoments } = system;
  const observations = config.times.map((T) => {
    system.advanceTo(T);
    return observe(clusters, T, config, initialMoments.mean);
  });
  const spatial = observations[0]?.fields !== undefined;
  return {
    replica,
    engine: entry.name,
    observables: Object.fromEntries(observableNames(config.dimension).map((name) => [name, observations.map((o) => o.observables[name])])) as Record<ObservableName, number[]>,
    clusterCounts: clusterCountSeries(observations),
    f1: observations.map((o) => o.f1),
    f2: observations.map((o) => o.f2),
    ...(spatial ? { fields: observations.map((o) => o.fields!) } : {}),
    ...(observations[0]?.f1xv ? { f1xv: observations.map((o) => o.f1xv!) } : {}),
    events: system.eventCounts(),
    eventCount: system.events,
    wallSeconds: (performance.now() - start) / 1000,
    initialMoments: [initialMoments.mean[0], initialMoments.second],
  };
}

/** n_k per time for every size k present at some time (0 at the others). */
function clusterCountSeries(observations: { clusterCounts: Record<string, number> }[]): Record<string, number[]> {
  const sizes = [...new Set(observations.flatMap((o) => Object.keys(o.clusterCounts)))].sort((a, b) => +a - +b);
  return Object.fromEntries(sizes.map((k) => [k, observations.map((o) => o.clusterCounts[k] ?? 0)]));
}
