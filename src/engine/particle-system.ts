/**
 * The event-driven (Gillespie) simulation of the cluster model of MODEL.md §1, exact in
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
 *      cluster into a uniform random subset of j members and the rest.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { InvariantError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { initialLaw, pairedParticles } from "../model/initial-law.js";
import { resolveKernel, type KernelSpec } from "../model/kernels.js";
import type { RandomStream, Xoshiro128 } from "../rng.js";
import { COAGULATION, DirectMethod } from "./direct-method.js";
import { ClusterState } from "./state.js";

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

  /** Time of the next event, once drawn (NaN: not drawn yet). */
  private nextEventTime = Number.NaN;
  private totalRate = 0;
  /** Events so far: merges[i·stride + j] of an i- and a j-cluster, splits[k·stride + j] of a k-cluster into j and k − j. */
  private merges = new Float64Array(0);
  private splits = new Float64Array(0);
  private stride = 0;
  events = 0;
  /** Debug scratch for member states. */
  private scratch = new Float64Array(0);
  /** The stream's generator, called directly in the event loop. */
  private readonly generator: Xoshiro128;

  /**
   * @param params - model parameters (validated by the caller).
   * @param random - the random stream; all randomness of the run comes from it.
   * @param debug - check conservation of mass and momentum at every event (slow).
   */
  constructor(
    readonly params: EngineParameters,
    private readonly random: RandomStream,
    private readonly debug = false,
  ) {
    this.generator = random.generator;
    this.state = new ClusterState(params.N, params.epsilon);
    this.channels = new DirectMethod({
      lambda: resolveKernel(params.lambda),
      mu: resolveKernel(params.mu),
      mass: params.mass,
      N: params.N,
      epsilon: params.epsilon,
      kmax: params.kmax ?? Number.POSITIVE_INFINITY,
    });
  }

  /**
   * Draws the initial states: every particle i.i.d. from the law g of `initial`; the first
   * 2·round(pN/2) particles form pairs (f_2^I), the others are free (f_1^I).
   */
  seed(initial: ModelConfig["initial"]): this {
    const law = initialLaw(initial);
    const { state, random } = this;
    const { N } = this.params;
    for (let p = 0; p < N; p++) state.v[p] = law.sample(random);
    const paired = pairedParticles(N, initial.pairedFraction);
    if (paired > 0) state.ensureClass(2, paired / 2);
    const members = new Int32Array(2);
    for (let p = 0; p < paired; p += 2) {
      members[0] = p;
      members[1] = p + 1;
      state.formCluster(members);
    }
    const one = new Int32Array(1);
    for (let p = paired; p < N; p++) {
      one[0] = p;
      state.formCluster(one);
    }
    this.cover();
    return this;
  }

  /** Runs events until the next one would happen after T; the state is then that of time T. */
  advanceTo(T: number): void {
    while (this.nextEvent() <= T) this.step();
  }

  /** Runs exactly `count` events (for benchmarks), whatever the time they take. */
  runEvents(count: number): void {
    for (let e = 0; e < count && this.nextEvent() < Number.POSITIVE_INFINITY; e++) this.step();
  }

  /** The time of the next event, drawn once per event: t + Exp(R) (∞ when R = 0). */
  private nextEvent(): number {
    if (Number.isNaN(this.nextEventTime)) {
      this.totalRate = this.channels.update(this.state.count);
      this.nextEventTime = this.totalRate > 0 ? this.state.time + this.generator.exponential() / this.totalRate : Number.POSITIVE_INFINITY;
    }
    return this.nextEventTime;
  }

  /**
   * Fires the drawn next event: channel with probability rate/R, then the clusters in it. The
   * draw that picked the channel, rescaled to [0, 1) within it, also picks the first cluster.
   */
  private step(): void {
    const { channels } = this;
    this.state.time = this.nextEventTime;
    this.nextEventTime = Number.NaN;
    this.events++;
    const channel = channels.pick(this.generator.uniform() * this.totalRate);
    const share = channels.within / channels.rate[channel];
    if (channels.kind[channel] === COAGULATION) this.coagulateIn(channel, share);
    else this.fragmentIn(channel, share);
  }

  /**
   * Merges an i-cluster and a j-cluster, each uniform in its class and distinct if i = j.
   *
   * @param share - a uniform draw on [0, 1) that picks the i-cluster.
   */
  private coagulateIn(channel: number, share: number): void {
    const { state, generator } = this;
    const i = this.channels.a[channel];
    const j = this.channels.b[channel];
    const slotX = index(share, state.count[i]);
    const x = state.members[i][slotX];
    let y: number;
    if (i === j) {
      // Uniform among the other N_i − 1 clusters of the class: skip x's slot.
      const slotY = index(generator.uniform(), state.count[i] - 1);
      y = state.members[i][slotY < slotX ? slotY : slotY + 1];
    } else y = state.members[j][index(generator.uniform(), state.count[j])];
    const before = this.debug ? this.memberSum(x, y) : 0;
    state.coagulate(x, y);
    if (this.debug) this.checkConservation("coagulation", before, this.memberSum(x, -1));
    this.merges[i * this.stride + j]++;
    if (i + j > this.channels.sizes) this.cover();
  }

  /**
   * Splits a uniformly drawn k-cluster into a uniform random j-subset and the rest, j ~ μ(j,k−j).
   *
   * @param share - a uniform draw on [0, 1) that picks the k-cluster.
   */
  private fragmentIn(channel: number, share: number): void {
    const { state, generator } = this;
    const k = this.channels.a[channel];
    const c = state.members[k][index(share, state.count[k])];
    const j = k === 2 ? 1 : this.channels.splitSize(k, generator.uniform());
    const before = this.debug ? this.memberSum(c, -1) : 0;
    const part = state.fragment(c, j, generator);
    if (this.debug) this.checkConservation("fragmentation", before, this.memberSum(c, part));
    this.splits[k * this.stride + j]++;
  }

  /** (Re)builds the channels for every size present, when the largest size grows (rare). */
  private cover(): void {
    const { state } = this;
    this.channels.cover(state.maxSize);
    const stride = state.maxSize + 1;
    const grow = (old: Float64Array) => {
      const grown = new Float64Array(stride * stride);
      for (let a = 0; a < this.stride; a++) for (let b = 0; b < this.stride; b++) grown[a * stride + b] = old[a * this.stride + b];
      return grown;
    };
    this.merges = grow(this.merges);
    this.splits = grow(this.splits);
    this.stride = stride;
  }

  /**
   * Debug mode: checks that an event conserved mass (Σ_k k·N_k = N) and momentum (the Σ of the
   * member states, flowed to now, of the clusters it touched).
   *
   * @throws {InvariantError} naming the event and the state.
   */
  private checkConservation(event: string, momentumBefore: number, momentumAfter: number): void {
    const { state } = this;
    let mass = 0;
    for (let k = 1; k <= state.maxSize; k++) mass += k * state.count[k];
    const tolerance = 1e-12 * (Math.abs(momentumBefore) + state.maxSize);
    if (mass !== this.params.N || Math.abs(momentumAfter - momentumBefore) > tolerance) {
      throw new InvariantError(`mass and momentum conserved by ${event}`, { t: this.state.time, mass, N: this.params.N, momentumBefore, momentumAfter });
    }
  }

  /** Σ of the member states, flowed to now, of clusters a and b (b = −1: a alone). */
  private memberSum(a: number, b: number): number {
    if (this.scratch.length < this.state.maxSize) this.scratch = new Float64Array(2 * this.state.maxSize);
    let sum = 0;
    for (const c of b < 0 ? [a] : [a, b]) {
      const k = this.state.statesAt(c, this.state.time, this.scratch);
      for (let i = 0; i < k; i++) sum += this.scratch[i];
    }
    return sum;
  }

  /** Event counts by sizes: coagulation["i,j"] merges of an i- and a j-cluster, fragmentation["j,k−j"] splits. */
  eventCounts(): { coagulation: Record<string, number>; fragmentation: Record<string, number> } {
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

/** ⌊u·n⌋ for a uniform u on [0, 1), kept below n when rounding brings u·n up to n. */
function index(u: number, n: number): number {
  const i = (u * n) | 0;
  return i < n ? i : n - 1;
}
