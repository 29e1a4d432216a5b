/**
 * The event-driven simulation of the spatial model (3) of Remark 2.1 [KMS] (docs/space.md),
 * exact in distribution for the cell-local mass-action rule:
 *
 * - clusters in one cell c of the Cᵈ cells merge at total rate λ(i,j)·M·N_i^c·N_j^c·Cᵈ/N for
 *   i ≠ j and λ(i,i)·M·N_i^c(N_i^c − 1)·Cᵈ/N for i = j (the microscopic analogue of the product
 *   f_j(x)f_{k−j}(x) of (3): Cᵈ N_i^c/N is the local density of i-clusters); with one cell these
 *   are the homogeneous rates of docs/model.md §1. A merged cluster sits at its members' centre of
 *   mass (mass-weighted, periodic minimum image);
 * - a k-cluster fragments as in the homogeneous model (rate per cluster, not local); the parts
 *   start at its position;
 * - between events every cluster moves at its mean velocity m (constant while it lives, since
 *   the alignment flow keeps m: the transport term of (3)) and its states align by the flow.
 *
 * Between events motion is deterministic, so the only times the rates change without a reaction
 * are the cell crossings, which are known in advance. The loop, as the algorithm reads:
 *
 *   1. R ← Σ_cells R_c + F (coagulation rates per cell in a binary sum tree, fragmentation F
 *      over the box). The next reaction happens when ∫R dt since the last one reaches an Exp(1)
 *      draw E = −log(1 − U) (the random time change of a Poisson process): at t + E'/R, E' what is
 *      left of E, as long as R stays constant.
 *   2. If the earliest crossing (an indexed 4-ary min-heap over clusters) comes first, use up
 *      R·(t_cross − t) of E', move that cluster into its new cell, update the two cells' rates
 *      and go to 1. The rates are constant between crossings and reactions, so this is exact
 *      (equivalently: drawing afresh at each crossing would be exact by memorylessness, at the
 *      cost of one more logarithm per crossing).
 *   3. If the reaction time is after the next observation time T, stop at T the same way, so
 *      observing does not change the trajectory (up to rounding).
 *   4. Otherwise draw fragmentation or a cell with probability rate/R, then the channel, then the
 *      clusters uniformly from their size classes (of the cell, for coagulation); a fragmenting
 *      k-cluster keeps a uniform random subset (Knuth's selection sampling).
 *
 * With one cell there are no crossings and the loop is the homogeneous one. The loop runs compiled
 * to WebAssembly (../assembly/space.ts, loaded by ./space-event-loop.ts); this class seeds it (../seed.ts),
 * tabulates the kernels into channels before it runs and whenever a cluster larger than the
 * channels cover forms, hands it the replica's random stream, and reads its event counts. Cost:
 * docs/space.md.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { InvariantError } from "../../errors.js";
import type { ModelConfig, SpaceBox } from "../../model/config.js";
import { resolveKernel } from "../../model/kernels.js";
import type { SpatialClusterStates } from "../../observables/observe.js";
import type { RandomStream } from "../../rng.js";
import { COAGULATION, DirectMethod } from "../direct-method.js";
import type { EventCounts, ParticleEngine } from "../particle-engine.js";
import type { EngineParameters } from "../particle-system.js";
import { seedParticles, type InitialMoments } from "../seed.js";
import { COVER, copyInto, spaceEventLoop, VIOLATION, type SpaceEventLoop } from "./space-event-loop.js";
import { SpatialClusters } from "./spatial-clusters.js";

export class SpatialSystem implements ParticleEngine {
  readonly state: SpatialClusters;
  readonly channels: DirectMethod;
  private readonly loop: SpaceEventLoop;
  /** Mean and second moment of the initial states (set by {@link seed}). */
  initialMoments: InitialMoments = { mean: new Float64Array(0), second: 0 };
  /** Events by sizes: merges[i][j] of an i- and a j-cluster (i ≤ j), splits[j][k − j] of a k-cluster (j ≤ k − j), up to the last {@link tally}. */
  private readonly merges: number[][] = [];
  private readonly splits: number[][] = [];
  /** The loop's per-channel event counts since the last tally: merge channel sizes and the addresses of the counts. */
  private counted = { a: new Int32Array(0), b: new Int32Array(0), merges: 0, splitStart: new Int32Array(0), splits: 0 };

  /**
   * @param params - model parameters (validated by the caller); `dimension` d and the `box`.
   * @param random - the random stream; all randomness of the run comes from it.
   * @param debug - check conservation of mass and momentum (every component) at every event.
   */
  constructor(
    readonly params: EngineParameters & { dimension: number; box: SpaceBox },
    private readonly random: RandomStream,
    debug = false,
  ) {
    const { N, dimension, epsilon, box } = params;
    const kmax = params.kmax ?? Number.POSITIVE_INFINITY;
    this.loop = spaceEventLoop();
    this.state = new SpatialClusters(this.loop, N, dimension, epsilon, box);
    const { state } = this;
    this.loop.init(N, dimension, box.cells, box.length, state.width, state.half, epsilon, debug);
    this.channels = new DirectMethod({ lambda: resolveKernel(params.lambda), mu: resolveKernel(params.mu), mass: params.mass, N, epsilon, kmax });
  }

  /** Time of the last event, crossing or observation. */
  get t(): number {
    return this.loop.time.value as number;
  }

  /** Reactions (merges and splits) so far. */
  get events(): number {
    return this.loop.events.value as number;
  }

  /** Cell crossings so far. */
  get crossings(): number {
    return this.loop.crossings.value as number;
  }

  /** The clusters as observers read them. */
  get clusters(): SpatialClusterStates {
    return this.state;
  }

  /** Draws the initial state (../seed.ts: states, then one position per cluster), and schedules the crossings. */
  seed(initial: ModelConfig["initial"]): this {
    const { state, loop } = this;
    const { N, dimension: d, box } = this.params;
    const v = state.v;
    const target = {
      setState: (p: number, axis: number, x: number) => (v[p * d + axis] = x),
      formCluster: (first: number, size: number, at?: Float64Array) => loop.formCluster(first, size, at![0], at![1] ?? 0, at![2] ?? 0),
    };
    this.initialMoments = seedParticles(target, initial, this.random, N, d, box);
    this.cover();
    loop.scheduleAll();
    return this;
  }

  /** Runs reactions and crossings until the next one would happen after T; the state is then that of time T. */
  advanceTo(T: number): void {
    this.run(T, Number.POSITIVE_INFINITY);
  }

  /**
   * Runs exactly `count` reactions (for benchmarks), with the crossings between them; returns
   * early when nothing can happen any more, and never if only crossings do (λ = μ = 0).
   */
  runEvents(count: number): void {
    this.run(Number.POSITIVE_INFINITY, this.events + count);
  }

  /**
   * Runs the event loop until the next event would happen after T or `until` reactions ran in all,
   * rebuilding the channels whenever it stops for a new largest size.
   *
   * @throws {InvariantError} in debug mode, naming the event that did not conserve mass and momentum.
   */
  private run(T: number, until: number): void {
    const { loop } = this;
    const generator = new Int32Array(loop.memory.buffer, loop.GENERATOR.value as number, 4);
    generator.set(this.random.generator.state);
    for (;;) {
      const status = loop.advance(T, until);
      if (status === COVER) this.cover();
      else if (status === VIOLATION) this.violation();
      else break;
    }
    this.random.generator.state.set(new Int32Array(loop.memory.buffer, loop.GENERATOR.value as number, 4));
  }

  /** Throws what the loop's conservation check saw. */
  private violation(): never {
    const { loop } = this;
    const d = this.params.dimension;
    const sums = new Float64Array(loop.memory.buffer, loop.VIOLATION_SUMS.value as number, 2 * d);
    throw new InvariantError(`mass and momentum conserved by ${loop.violatedEvent.value === 0 ? "coagulation" : "fragmentation"}`, {
      t: this.t,
      mass: loop.violationMass.value,
      N: this.params.N,
      momentumBefore: [...sums.subarray(0, d)],
      momentumAfter: [...sums.subarray(d)],
    });
  }

  /** (Re)builds the channels for every size up to the largest present (when it grows, rarely), and every cell's rate. */
  private cover(): void {
    const { state, channels, loop } = this;
    this.tally();
    channels.cover(Math.max(2, state.maxSize));
    const merge = [...channels.kind.keys()].filter((ch) => channels.kind[ch] === COAGULATION);
    const a = Int32Array.from(merge, (ch) => channels.a[ch]);
    const b = Int32Array.from(merge, (ch) => channels.b[ch]);
    const K = channels.sizes;
    const splitRate = new Float64Array(K + 1);
    channels.kind.forEach((kind, ch) => {
      if (kind !== COAGULATION) splitRate[channels.a[ch]] = channels.coefficient[ch];
    });
    const splitStart = new Int32Array(K + 1);
    const cumulative: number[] = [];
    for (let k = 2; k <= K; k++) (splitStart[k] = cumulative.length), cumulative.push(...channels.splitCumulative[k]);
    const splitCount = new Float64Array(cumulative.length);
    this.counted = { a, b, merges: copyInto(loop, new Float64Array(merge.length)), splitStart, splits: copyInto(loop, splitCount) };
    loop.setChannels(
      merge.length,
      K,
      copyInto(loop, a),
      copyInto(loop, b),
      copyInto(loop, Float64Array.from(merge, (ch) => channels.coefficient[ch] * state.cells)),
      copyInto(loop, Float64Array.from(merge, (ch) => channels.offset[ch])),
      this.counted.merges,
      copyInto(loop, splitRate),
      copyInto(loop, splitStart),
      copyInto(loop, Float64Array.from(cumulative)),
      this.counted.splits,
    );
    loop.refreshRates();
  }

  /** Moves the loop's event counts per channel and per split into merges and splits. */
  private tally(): void {
    const { loop, counted } = this;
    const buffer = loop.memory.buffer;
    const perChannel = new Float64Array(buffer, counted.merges, counted.a.length);
    perChannel.forEach((n, ch) => n > 0 && tally(this.merges, counted.a[ch], counted.b[ch], n));
    perChannel.fill(0);
    const K = counted.splitStart.length - 1;
    if (K < 2) return;
    const perSplit = new Float64Array(buffer, counted.splits, counted.splitStart[K] + K - 1);
    for (let k = 2; k <= K; k++) {
      for (let j = 1; j <= k / 2; j++) {
        const n = perSplit[counted.splitStart[k] + j - 1];
        if (n > 0) tally(this.splits, j, k - j, n);
      }
    }
    perSplit.fill(0);
  }

  /** Bytes held by the compiled loop's state (for the benchmark's memory per particle). */
  byteLength(): number {
    return this.loop.bytesUsed();
  }

  /** Event counts by sizes: coagulation["i,j"] merges of an i- and a j-cluster, fragmentation["j,k−j"] splits. */
  eventCounts(): EventCounts {
    this.tally();
    const named = (table: number[][]) => {
      const out: Record<string, number> = {};
      table.forEach((row, i) => row.forEach((n, j) => n > 0 && (out[`${i},${j}`] = n)));
      return out;
    };
    return { coagulation: named(this.merges), fragmentation: named(this.splits) };
  }
}

/** Adds n events of sizes (i, j) to a table of counts by sizes. */
function tally(table: number[][], i: number, j: number, n: number): void {
  const row = (table[i] ??= []);
  row[j] = (row[j] ?? 0) + n;
}
