/**
 * The state of the particle system: N scalar states partitioned into clusters, laid out in the
 * memory of the compiled event loop ({@link eventKernel}), which changes them event by event;
 * this class lays them out, forms the initial clusters and reads them.
 *
 * - Particles, 16-byte records: the state v (at its cluster's last update time) and `next`, the
 *   next member of the same cluster (an intrusive singly linked list, −1 at the end).
 * - Clusters by id c < N, 32-byte records: `head`, `tail`, `size`, `slot` (its position in its
 *   size class), `mean` (the conserved cluster mean m) and `updated` (the time t₀ at which the
 *   members' states were last brought up to date). A record is one cache-line fetch: at large N
 *   an event waits on cache misses for random clusters and particles.
 * - Size classes: for each size k the ids of all k-clusters in a dense array `members[k]` (room
 *   for ⌊N/k⌋, the most there can be), `count[k]` of them, so that a uniform cluster of a class
 *   is one index draw and removal is a swap with the last entry (O(1)).
 *
 * States are flowed lazily: a member's true state at time t is m + e^{−(t−t₀)/ε}(v − m)
 * ({@link alignmentFlow}), written back only when the cluster changes.
 *
 * Memory: 16 (particle) + 32 (cluster) + 4 (free ids) = 52 bytes per particle, plus 4·N/k for
 * each size class k allocated (7.3 bytes for k ≤ 3), plus the channel tables (a few hundred
 * bytes); with an unbounded kmax also 8 bytes for the per-size tables.
 *
 * @module
 */
import type { DirectMethod } from "./direct-method.js";
import { alignmentFlow, flowDecay } from "./flow.js";
import { eventKernel, type EventKernel } from "./kernel.js";

const PAGE = 65536;

export class ClusterState {
  /** The compiled event loop, whose memory holds the arrays below. */
  readonly kernel: EventKernel;
  /** Particle records as doubles (v of particle p at 2p) and as 32-bit integers (next of p at 4p + 2). */
  private particleDoubles!: Float64Array;
  private particleInts!: Int32Array;
  /** Cluster records as 32-bit integers (head, tail, size of c at 8c, 8c + 1, 8c + 2) and as doubles (mean, updated of c at 4c + 2, 4c + 3). */
  private clusterInts!: Int32Array;
  private clusterDoubles!: Float64Array;
  /** count[k] = N_k, the number of k-clusters (count[0] = 0). */
  count!: Int32Array;
  /** members[k][0 … count[k]−1]: ids of the k-clusters. Index 0 unused. */
  members: Int32Array[] = [];
  /** The random stream's state (four 32-bit words), handed to and back from the event loop. */
  generator!: Int32Array;
  /** Events so far per coagulation channel, and per split (k, j) at {@link splitIndex}. */
  merges = new Float64Array(0);
  splits = new Float64Array(0);
  /** Largest possible cluster size, min(kmax, N). */
  readonly largest: number;

  /** End of what is laid out; the channel tables always come last, after `classesEnd`. */
  private end: number;
  private classesEnd: number;
  private readonly at: Record<"particles" | "clusters" | "free" | "count" | "members" | "generator", number>;
  /** Address of each size class's member array (0: not allocated). */
  private classAt: number[] = [];
  private channelsAt = { merges: 0, mergesLength: 0, splits: 0, splitsLength: 0 };

  /**
   * @param N - number of particles (positive integer).
   * @param epsilon - collision-duration scale ε > 0 of the flow.
   * @param kmax - largest cluster size allowed (Infinity when unbounded).
   * @param debug - the event loop checks conservation of mass and momentum at every event.
   */
  constructor(
    readonly N: number,
    readonly epsilon: number,
    kmax: number,
    debug = false,
  ) {
    this.kernel = eventKernel();
    this.largest = Math.min(kmax, N);
    this.end = this.kernel.heapBase();
    const ints = (n: number) => this.allocate(4 * n);
    this.at = {
      particles: this.allocate(16 * N),
      clusters: this.allocate(32 * N),
      free: ints(N),
      count: ints(this.largest + 1),
      members: ints(this.largest + 1),
      generator: ints(4),
    };
    this.classesEnd = this.end;
    const { at, kernel } = this;
    kernel.setParticles(at.particles, at.clusters, at.free, at.count, at.members, at.generator, N, epsilon, debug);
    const free = new Int32Array(kernel.memory.buffer, at.free, N);
    for (let c = 0; c < N; c++) free[c] = N - 1 - c;
    kernel.nFree.value = N;
    this.ensureClasses(2);
  }

  /** The current time: events happen now, and clusters they touch are flowed to it. */
  get time(): number {
    return this.kernel.time.value;
  }

  /** Largest cluster size present so far. */
  get maxSize(): number {
    return this.kernel.maxSize.value;
  }

  /** Makes the size classes up to min(K, largest) exist (each with room for ⌊N/k⌋ clusters). */
  ensureClasses(K: number): void {
    const upTo = Math.min(K, this.largest);
    if (upTo < this.classAt.length) return;
    this.end = this.classesEnd;
    for (let k = Math.max(1, this.classAt.length); k <= upTo; k++) this.classAt[k] = this.allocate(4 * Math.floor(this.N / k));
    this.classesEnd = this.end;
    this.refresh();
    const table = new Uint32Array(this.kernel.memory.buffer, this.at.members, this.largest + 1);
    for (let k = 1; k <= upTo; k++) table[k] = this.classAt[k];
  }

  /** The stored state of particle p (its true state when its cluster was last updated). */
  storedState(p: number): number {
    return this.particleDoubles[2 * p];
  }

  /** Sets the state of particle p, before it joins a cluster. */
  setState(p: number, v: number): void {
    this.particleDoubles[2 * p] = v;
  }

  /** Makes a new cluster of the particles first … first + size − 1 now; their states are current. */
  formCluster(first: number, size: number): void {
    this.kernel.formCluster(first, size);
  }

  /**
   * Lays out the channel tables of `channels` after the size classes (replacing the previous
   * ones, whose event counts the caller has read) and hands them to the event loop.
   */
  loadChannels(channels: DirectMethod): void {
    const n = channels.channels;
    const K = channels.sizes;
    const splitCount = splitIndex(K + 1, 1);
    this.end = this.classesEnd;
    const kind = this.allocate(4 * n);
    const a = this.allocate(4 * n);
    const b = this.allocate(4 * n);
    const coefficient = this.allocate(8 * n);
    const offset = this.allocate(8 * n);
    const rate = this.allocate(8 * n);
    const merges = this.allocate(8 * n);
    const splitStart = this.allocate(4 * (K + 1));
    const splitCumulative = this.allocate(8 * splitCount);
    const splits = this.allocate(8 * splitCount);
    this.channelsAt = { merges, mergesLength: n, splits, splitsLength: splitCount };
    this.refresh();
    const { buffer } = this.kernel.memory;
    new Int32Array(buffer, kind, n).set(channels.kind);
    new Int32Array(buffer, a, n).set(channels.a);
    new Int32Array(buffer, b, n).set(channels.b);
    new Float64Array(buffer, coefficient, n).set(channels.coefficient);
    new Float64Array(buffer, offset, n).set(channels.offset);
    new Float64Array(buffer, merges, n).fill(0);
    new Float64Array(buffer, splits, splitCount).fill(0);
    const start = new Int32Array(buffer, splitStart, K + 1);
    const cumulative = new Float64Array(buffer, splitCumulative, splitCount);
    for (let k = 2; k <= K; k++) {
      start[k] = splitIndex(k, 1);
      cumulative.set(channels.splitCumulative[k], start[k]);
    }
    this.kernel.setChannels(n, K, kind, a, b, coefficient, offset, rate, merges, splitStart, splitCumulative, splits);
  }

  /**
   * Writes the states of cluster c's members at time t ≥ updated[c] into `out`, without changing
   * the stored state (observing does not perturb the trajectory, not even by rounding).
   *
   * @returns the cluster size.
   */
  statesAt(c: number, t: number, out: Float64Array): number {
    const { clusterInts, clusterDoubles, particleDoubles, particleInts } = this;
    const m = clusterDoubles[4 * c + 2];
    const decay = clusterInts[8 * c + 2] === 1 ? 1 : flowDecay(t - clusterDoubles[4 * c + 3], this.epsilon);
    let i = 0;
    for (let p = clusterInts[8 * c]; p !== -1; p = particleInts[4 * p + 2]) out[i++] = alignmentFlow(particleDoubles[2 * p], m, decay);
    return i;
  }

  /** Bytes laid out for this system (arrays, size classes, channel tables), for the benchmark's memory per particle. */
  byteLength(): number {
    return this.end - this.kernel.heapBase();
  }

  /** Reserves `bytes` (rounded up to 8) at the end of the layout, growing the memory if needed. */
  private allocate(bytes: number): number {
    const at = this.end;
    this.end += Math.ceil(bytes / 8) * 8;
    const { memory } = this.kernel;
    if (this.end > memory.buffer.byteLength) memory.grow(Math.ceil((this.end - memory.buffer.byteLength) / PAGE));
    return at;
  }

  /** Re-creates the views, after a change of layout (growing the memory detaches the old buffer). */
  private refresh(): void {
    const { buffer } = this.kernel.memory;
    const { at, N } = this;
    this.particleDoubles = new Float64Array(buffer, at.particles, 2 * N);
    this.particleInts = new Int32Array(buffer, at.particles, 4 * N);
    this.clusterInts = new Int32Array(buffer, at.clusters, 8 * N);
    this.clusterDoubles = new Float64Array(buffer, at.clusters, 4 * N);
    this.count = new Int32Array(buffer, at.count, this.largest + 1);
    this.generator = new Int32Array(buffer, at.generator, 4);
    this.members = this.classAt.map((address, k) => new Int32Array(buffer, address, k === 0 ? 0 : Math.floor(N / k)));
    const { merges, mergesLength, splits, splitsLength } = this.channelsAt;
    this.merges = new Float64Array(buffer, merges, mergesLength);
    this.splits = new Float64Array(buffer, splits, splitsLength);
  }
}

/**
 * Position of the split of a k-cluster into j and k − j (1 ≤ j < k) in a table of all splits
 * by k = 2, 3, …: (k − 1)(k − 2)/2 + j − 1.
 *
 * @example
 * splitIndex(3, 2) // 2: after (2, 1) and (3, 1)
 */
export function splitIndex(k: number, j: number): number {
  return ((k - 1) * (k - 2)) / 2 + j - 1;
}
