/**
 * One interface for the particle engines, and the registry `runReplica` picks one from, in the
 * spirit of JumpProcesses.jl's aggregators: every engine seeds a replica the same way
 * (./seed.ts), advances it exactly to a time, runs a given number of events, counts its events
 * by sizes, and offers a {@link ClusterStates} view that the one observer
 * (src/observables/observe.ts) reads. What an engine can do beyond that is a trait of its entry.
 *
 * | engine | model | traits |
 * |---|---|---|
 * | `homogeneous` | docs/model.md §1, one well-mixed box | compiled |
 * | `spatial` | docs/space.md, cells of a periodic box in d = 1, 2, 3 | spatial, compiled |
 *
 * The spatial engine with one cell has exactly the homogeneous rates (docs/space.md), so both
 * run the homogeneous exact-reference tests.
 *
 * @module
 */
import type { EngineName } from "../contract/run-output.js";
import type { ModelConfig, SpaceBox } from "../model/config.js";
import type { ClusterStates } from "../observables/observe.js";
import type { RandomStream } from "../rng.js";
import { ParticleSystem, type EngineParameters } from "./particle-system.js";
import type { InitialMoments } from "./seed.js";
import { SpatialSystem } from "./space/spatial-system.js";
import type { SimulationConfig } from "./replica.js";

/** Merges coagulation["i,j"] of an i- and a j-cluster and splits fragmentation["j,k−j"], so far. */
export interface EventCounts {
  coagulation: Record<string, number>;
  fragmentation: Record<string, number>;
}

/** A particle system as the replica runner drives it. */
export interface ParticleEngine {
  /** The clusters as observers read them. */
  readonly clusters: ClusterStates;
  /** Reactions (merges and splits) so far. */
  readonly events: number;
  /** Mean and second moment of the initial states, after {@link seed}. */
  readonly initialMoments: InitialMoments;
  /** Draws the initial state (./seed.ts). */
  seed(initial: ModelConfig["initial"]): this;
  /** Runs events until the next one would happen after T; the state is then that of time T. */
  advanceTo(T: number): void;
  /** Runs exactly `count` reactions (benchmarks). */
  runEvents(count: number): void;
  eventCounts(): EventCounts;
}

export type { EngineName };

/** What an engine can do beyond the interface. */
export interface EngineTraits {
  /** Clusters move through the cells of a periodic box (`config.space`); d may exceed 1. */
  spatial: boolean;
  /** The event loop runs compiled to WebAssembly. */
  compiled: boolean;
}

/** A registry entry: an engine's traits and how to build one for a config. */
export interface EngineEntry {
  readonly name: EngineName;
  readonly traits: EngineTraits;
  create(config: SimulationConfig, random: RandomStream, debug: boolean): ParticleEngine;
}

/** The homogeneous engine: {@link ParticleSystem} through its public API. */
class HomogeneousEngine implements ParticleEngine {
  readonly clusters: ClusterStates;

  constructor(readonly system: ParticleSystem) {
    const { state } = system;
    this.clusters = {
      N: state.N,
      dimension: 1,
      get maxSize() {
        return state.maxSize;
      },
      get count() {
        return state.count;
      },
      get members() {
        return state.members;
      },
      statesAt: (c, t, out) => state.statesAt(c, t, out),
    };
  }

  get events(): number {
    return this.system.events;
  }

  get initialMoments(): InitialMoments {
    return this.system.initialMoments;
  }

  seed(initial: ModelConfig["initial"]): this {
    this.system.seed(initial);
    return this;
  }

  advanceTo(T: number): void {
    this.system.advanceTo(T);
  }

  runEvents(count: number): void {
    this.system.runEvents(count);
  }

  eventCounts(): EventCounts {
    return this.system.eventCounts();
  }
}

/** The model parameters of a config for an engine. */
function parameters(config: SimulationConfig): EngineParameters {
  const { N, epsilon, mass, kmax, lambda, mu } = config;
  return { N, epsilon, mass, kmax, lambda, mu };
}

/** The registered engines, by name. */
export const ENGINES: Readonly<Record<EngineName, EngineEntry>> = {
  homogeneous: {
    name: "homogeneous",
    traits: { spatial: false, compiled: true },
    create: (config, random, debug) => new HomogeneousEngine(new ParticleSystem(parameters(config), random, debug)),
  },
  spatial: {
    name: "spatial",
    traits: { spatial: true, compiled: true },
    create: (config, random, debug) => new SpatialSystem({ ...parameters(config), dimension: config.dimension, box: spatialBox(config) }, random, debug),
  },
};

/** The box of a config that the spatial engine runs; a config without one runs in one cell of length 1 (the homogeneous rates). */
function spatialBox(config: SimulationConfig): SpaceBox {
  return config.space ?? { length: 1, cells: 1 };
}

/**
 * The engine a config runs on: `spatial` when it has a `space` box, `homogeneous` otherwise.
 *
 * @example
 * engineFor(parseConfig({ N: 10, times: [1] })).name // "homogeneous"
 */
export function engineFor(config: Pick<SimulationConfig, "space">): EngineEntry {
  return config.space ? ENGINES.spatial : ENGINES.homogeneous;
}
