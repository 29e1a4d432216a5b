/**
 * The event-driven (Gillespie) simulation of the cluster model of docs/model.md §1, exact in
 * distribution: between events the only change is the alignment flow, solved in closed form.
 *
 * The loop, as the algorithm reads:
 *
 *   1. R ← total rate of all channels; the next event happens at t + Exp(R).
 *   2. If that is after the next observation time T, observe the state at T (flows carried to T)
 *      and keep the drawn event time: rates do not change at observations, so the trajectory
 *      does not depend on when it is observed.
 *   3. Otherwise advance t, draw the channel with probability rate/R, and either
 *      coagulate two clusters drawn uniformly from their size classes, or fragment one
 *      cluster into a uniform random subset of j members and the rest. The draw that picked
 *      the channel, rescaled to [0, 1) within it, also picks the first cluster; the second of a
 *      like pair is uniform among the others, without rejection.
 *
 * The loop runs compiled to WebAssembly (src/engine/assembly/engine.ts, loaded by ./event-loop.ts);
 * this class seeds it, tabulates the kernels into channels before it runs and whenever a cluster
 * larger than the channels cover forms, makes room in the size classes when the loop asks, and
 * hands it the replica's random stream.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { InvariantError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { pairedParticles } from "../model/initial-law.js";
import { resolveKernel, type KernelSpec } from "../model/kernels.js";
import type { RandomStream } from "../rng.js";
import { COAGULATION, DirectMethod } from "./direct-method.js";
import { FULL, VIOLATION } from "./event-loop.js";
import { seedParticles, type InitialMoments } from "./seed.js";
import { ClusterState, splitIndex } from "./state.js";

/** Model parameters of the engine; kernels may be functions here (library API). */
export interface EngineParameters {
  N: number;
  epsilon: number;
  mass: number;
  kmax: number | null;
  lambda: KernelSpec;
  mu: KernelSpec;
}

export class ParticleSystem {
  readonly state: ClusterState;
  readonly channels: DirectMethod;
  /** Time of the last event. */
  get t(): number {
    return this.state.time;
  }

  /** Events so far. */
  get events(): number {
    return this.state.loop.events.value;
  }

  /** Events so far: merges[i·stride + j] of an i- and a j-cluster, splits[k·stride + j] of a k-cluster into j and k − j. */
  private merges = new Float64Array(0);
  private splits = new Float64Array(0);
  private stride = 0;

  /**
   * @param params - model parameters (validated by the caller).
   * @param random - the random stream; all randomness of the run comes from it.
   * @param debug - check conservation of mass and momentum at every event (slow).
   */
  constructor(
    readonly params: EngineParameters,
    private readonly random: RandomStream,
    debug = false,
  ) {
    const kmax = params.kmax ?? Number.POSITIVE_INFINITY;
    this.state = new ClusterState(params.N, params.epsilon, kmax, debug);
    this.channels = new DirectMethod({
      lambda: resolveKernel(params.lambda),
      mu: resolveKernel(params.mu),
      mass: params.mass,
      N: params.N,
      epsilon: params.epsilon,
      kmax,
    });
  }

  /** Mean and second moment of the initial states (set by {@link seed}). */
  initialMoments: InitialMoments = { mean: new Float64Array(1), second: 0 };

  /** Draws the initial state (./seed.ts; d = 1, no positions). */
  seed(initial: ModelConfig["initial"]): this {
    const { state } = this;
    const { N } = this.params;
    const paired = pairedParticles(N, initial.pairedFraction);
    state.reserve(2, paired / 2);
    state.reserve(1, N - paired);
    this.initialMoments = seedParticles({ setState: (p, _axis, v) => state.setState(p, v), formCluster: (first, size) => state.formCluster(first, size) }, initial, this.random, N, 1);
    this.arrange();
    return this;
  }

  /** Runs events until the next one would happen after T; the state is then that of time T. */
  advanceTo(T: number): void {
    this.run(T, Number.POSITIVE_INFINITY);
  }

  /** Runs exactly `count` events (for benchmarks), whatever the time they take. */
  runEvents(count: number): void {
    this.run(Number.POSITIVE_INFINITY, count);
  }

  /**
   * Runs the event loop until the next event would happen after T or `count` events ran,
   * laying the state out again whenever it stops for room or for a new largest size.
   *
   * @throws {InvariantError} in debug mode, naming the event that did not conserve mass and momentum.
   */
  private run(T: number, count: number): void {
    const { state } = this;
    const { loop } = state;
    state.releaseSeeds();
    state.generator.set(this.random.generator.state);
    let left = count;
    for (;;) {
      const before = loop.events.value;
      const status = loop.advance(T, left);
      left -= loop.events.value - before;
      if (status === FULL) this.arrange();
      else if (status === VIOLATION) {
        const event = loop.violatedEvent.value === COAGULATION ? "coagulation" : "fragmentation";
        throw new InvariantError(`mass and momentum conserved by ${event}`, {
          t: state.time,
          mass: loop.violationMass.value,
          N: this.params.N,
          momentumBefore: loop.momentumBefore.value,
          momentumAfter: loop.momentumAfter.value,
        });
      } else break;
    }
    this.random.generator.state.set(state.generator);
  }

  /**
   * Lays the state out again: (re)builds the channels for every size present when the largest
   * size grew (rare), and makes room in the size classes (doubling a class that is nearly full).
   */
  private arrange(): void {
    const { state } = this;
    this.tally();
    if (state.maxSize > this.channels.sizes) {
      const stride = state.maxSize + 1;
      const grow = (old: Float64Array) => {
        const grown = new Float64Array(stride * stride);
        for (let a = 0; a < this.stride; a++) for (let b = 0; b < this.stride; b++) grown[a * stride + b] = old[a * this.stride + b];
        return grown;
      };
      this.merges = grow(this.merges);
      this.splits = grow(this.splits);
      this.stride = stride;
      this.channels.cover(state.maxSize);
    }
    // Any merge of covered sizes fits in the classes up to twice the largest.
    state.arrange(this.channels, 2 * state.maxSize);
  }

  /** Moves the event loop's event counts (per channel and per split) into merges and splits. */
  private tally(): void {
    const { channels, state, stride } = this;
    for (let c = 0; c < state.merges.length; c++) {
      if (channels.kind[c] === COAGULATION) this.merges[channels.a[c] * stride + channels.b[c]] += state.merges[c];
      state.merges[c] = 0;
    }
    for (let k = 2; k <= channels.sizes; k++) {
      for (let j = 1; j < k; j++) {
        this.splits[k * stride + j] += state.splits[splitIndex(k, j)];
        state.splits[splitIndex(k, j)] = 0;
      }
    }
  }

  /** Event counts by sizes: coagulation["i,j"] merges of an i- and a j-cluster, fragmentation["j,k−j"] splits. */
  eventCounts(): { coagulation: Record<string, number>; fragmentation: Record<string, number> } {
    this.tally();
    const coagulation: Record<string, number> = {};
    const fragmentation: Record<string, number> = {};
    for (let a = 1; a < this.stride; a++) {
      for (let b = 1; b < this.stride; b++) {
        const merged = this.merges[a * this.stride + b];
        if (merged > 0) coagulation[`${a},${b}`] = merged;
        const split = this.splits[a * this.stride + b];
        const key = `${Math.min(b, a - b)},${Math.max(b, a - b)}`;
        if (split > 0) fragmentation[key] = (fragmentation[key] ?? 0) + split;
      }
    }
    return { coagulation, fragmentation };
  }
}
