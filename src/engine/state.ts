/**
 * The state of the particle system: N scalar states partitioned into clusters, stored as
 * struct-of-arrays typed arrays so that no event allocates.
 *
 * - Particles: `v[p]` (the state at its cluster's last update time) and `next[p]`, the next
 *   member of the same cluster (an intrusive singly linked list, −1 at the end).
 * - Clusters, by id c < N: `head`, `tail`, `size`, `mean` (the conserved cluster mean m) and
 *   `updated` (the time t₀ at which the members' states were last brought up to date).
 * - Size classes: for each size k the ids of all k-clusters in a dense array, with `slot[c]`
 *   the position of c in it, so that a uniform cluster of a class is one index draw and removal
 *   is a swap with the last entry (O(1)).
 *
 * States are flowed lazily: a member's true state at time t is m + e^{−(t−t₀)/ε}(v − m)
 * ({@link alignmentFlow}), written back only when the cluster changes.
 *
 * Memory: 8 (v) + 4 (next) + 32 (cluster arrays) + 4 (free-id stack) + 4·Σ_k N_k (classes,
 * grown by doubling) ≈ 52–60 bytes per particle.
 *
 * @module
 */
import { alignmentFlow, flowDecay } from "./flow.js";
import type { Xoshiro128 } from "../rng.js";

const INITIAL_CLASS_CAPACITY = 16;

export class ClusterState {
  /** Particle states, each valid at its cluster's `updated` time. */
  readonly v: Float64Array;
  /** Next member of the same cluster, −1 at the end. */
  readonly next: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly size: Int32Array;
  readonly mean: Float64Array;
  readonly updated: Float64Array;
  readonly slot: Int32Array;
  /** Stack of unused cluster ids. */
  private readonly freeIds: Int32Array;
  private nFree = 0;
  /** members[k][0 … count[k]−1]: ids of the k-clusters. Index 0 unused. */
  members: Int32Array[] = [];
  /** count[k] = N_k, the number of k-clusters. */
  count: Int32Array;
  /** Largest size class allocated so far. */
  maxSize = 0;
  /** The current time: events happen now, and clusters they touch are flowed to it. */
  time = 0;

  /**
   * @param N - number of particles (positive integer).
   * @param epsilon - collision-duration scale ε > 0 of the flow.
   */
  constructor(
    readonly N: number,
    readonly epsilon: number,
  ) {
    this.v = new Float64Array(N);
    this.next = new Int32Array(N);
    this.head = new Int32Array(N);
    this.tail = new Int32Array(N);
    this.size = new Int32Array(N);
    this.mean = new Float64Array(N);
    this.updated = new Float64Array(N);
    this.slot = new Int32Array(N);
    this.freeIds = new Int32Array(N);
    for (let c = N - 1; c >= 0; c--) this.freeIds[this.nFree++] = c;
    this.count = new Int32Array(2);
    this.ensureClass(1, N);
  }

  /** Makes size class k exist, with room for at least `capacity` clusters. */
  ensureClass(k: number, capacity = INITIAL_CLASS_CAPACITY): void {
    if (k >= this.count.length) {
      const count = new Int32Array(Math.max(k + 1, 2 * this.count.length));
      count.set(this.count);
      this.count = count;
    }
    while (this.maxSize < k) this.members[++this.maxSize] = new Int32Array(INITIAL_CLASS_CAPACITY);
    if (this.members[k].length < capacity) this.members[k] = new Int32Array(capacity);
  }

  /**
   * Makes a new cluster of the given members (particle ids) now; their states are current.
   *
   * @returns the new cluster's id.
   */
  formCluster(particles: ArrayLike<number>): number {
    const c = this.freeIds[--this.nFree];
    let sum = 0;
    for (let i = 0; i < particles.length; i++) {
      const p = particles[i];
      this.next[p] = i + 1 < particles.length ? particles[i + 1] : -1;
      sum += this.v[p];
    }
    this.head[c] = particles[0];
    this.tail[c] = particles[particles.length - 1];
    this.size[c] = particles.length;
    this.mean[c] = sum / particles.length;
    this.updated[c] = this.time;
    this.addToClass(c);
    return c;
  }

  /**
   * Flows the members of cluster c from its last update to now and writes their states back.
   *
   * @returns Σ_i v_i over the members (conserved by the flow, up to rounding).
   */
  bringUpToDate(c: number): number {
    const t = this.time;
    const { v, next } = this;
    const m = this.mean[c];
    let sum = 0;
    if (this.size[c] === 1) return v[this.head[c]];
    const decay = flowDecay(t - this.updated[c], this.epsilon);
    for (let p = this.head[c]; p !== -1; p = next[p]) {
      v[p] = alignmentFlow(v[p], m, decay);
      sum += v[p];
    }
    this.updated[c] = t;
    return sum;
  }

  /**
   * Merges cluster y into cluster x now (coagulation). Both must be in their classes.
   *
   * @returns the id of the merged cluster (x).
   */
  coagulate(x: number, y: number): number {
    const sum = this.bringUpToDate(x) + this.bringUpToDate(y);
    this.removeFromClass(x);
    this.removeFromClass(y);
    this.next[this.tail[x]] = this.head[y];
    this.tail[x] = this.tail[y];
    this.size[x] += this.size[y];
    this.mean[x] = sum / this.size[x];
    this.updated[x] = this.time;
    this.freeIds[this.nFree++] = y;
    this.addToClass(x);
    return x;
  }

  /**
   * Splits cluster c now into a uniformly random subset of j of its members and the rest
   * (fragmentation). A single member (j = 1 or j = k − 1) is one index draw (none for a pair,
   * whose two halves are alike); larger subsets use selection sampling (Knuth's Algorithm S).
   *
   * @param j - size of the split-off subset, 1 ≤ j < size[c].
   * @returns the id of the new cluster holding the j chosen members.
   */
  fragment(c: number, j: number, generator: Xoshiro128): number {
    this.bringUpToDate(c);
    this.removeFromClass(c);
    const k = this.size[c];
    const d = this.freeIds[--this.nFree];
    if (j === 1 || j === k - 1) this.splitOffOne(c, d, k === 2 ? 0 : (generator.uniform() * k) | 0, j === 1);
    else this.splitOffSubset(c, d, j, generator);
    this.updated[c] = this.time;
    this.updated[d] = this.time;
    this.addToClass(c);
    this.addToClass(d);
    return d;
  }

  /** Unlinks the r-th member p of c; p becomes cluster d (`alone`) or stays as c while d takes the others. */
  private splitOffOne(c: number, d: number, r: number, alone: boolean): void {
    const { v, next } = this;
    const k = this.size[c];
    let previous = -1;
    let p = this.head[c];
    for (let i = 0; i < r; i++) (previous = p), (p = next[p]);
    if (previous === -1) this.head[c] = next[p];
    else next[previous] = next[p];
    if (this.tail[c] === p) this.tail[c] = previous;
    next[p] = -1;
    let sum = 0;
    for (let q = this.head[c]; q !== -1; q = next[q]) sum += v[q];
    const others = alone ? c : d;
    const single = alone ? d : c;
    this.head[others] = this.head[c];
    this.tail[others] = this.tail[c];
    this.size[others] = k - 1;
    this.mean[others] = sum / (k - 1);
    this.head[single] = this.tail[single] = p;
    this.size[single] = 1;
    this.mean[single] = v[p];
  }

  /** Moves a uniformly random j-subset of c's members into cluster d (Algorithm S). */
  private splitOffSubset(c: number, d: number, j: number, generator: Xoshiro128): void {
    const { v, next } = this;
    const k = this.size[c];
    let keptHead = -1;
    let keptTail = -1;
    let takenHead = -1;
    let takenTail = -1;
    let keptSum = 0;
    let takenSum = 0;
    let needed = j;
    let remaining = k;
    for (let p = this.head[c]; p !== -1; ) {
      const following = next[p];
      next[p] = -1;
      if (needed > 0 && generator.uniform() * remaining < needed) {
        if (takenTail === -1) takenHead = p;
        else next[takenTail] = p;
        takenTail = p;
        takenSum += v[p];
        needed--;
      } else {
        if (keptTail === -1) keptHead = p;
        else next[keptTail] = p;
        keptTail = p;
        keptSum += v[p];
      }
      remaining--;
      p = following;
    }
    this.head[c] = keptHead;
    this.tail[c] = keptTail;
    this.size[c] = k - j;
    this.mean[c] = keptSum / (k - j);
    this.head[d] = takenHead;
    this.tail[d] = takenTail;
    this.size[d] = j;
    this.mean[d] = takenSum / j;
  }

  /**
   * Writes the states of cluster c's members at time t ≥ updated[c] into `out`, without changing
   * the stored state (observing does not perturb the trajectory, not even by rounding).
   *
   * @returns the cluster size.
   */
  statesAt(c: number, t: number, out: Float64Array): number {
    const m = this.mean[c];
    const decay = this.size[c] === 1 ? 1 : flowDecay(t - this.updated[c], this.epsilon);
    let i = 0;
    for (let p = this.head[c]; p !== -1; p = this.next[p]) out[i++] = alignmentFlow(this.v[p], m, decay);
    return i;
  }

  private addToClass(c: number): void {
    const k = this.size[c];
    if (k > this.maxSize) this.ensureClass(k);
    let list = this.members[k];
    const n = this.count[k];
    if (n === list.length) {
      const grown = new Int32Array(2 * list.length);
      grown.set(list);
      this.members[k] = list = grown;
    }
    list[n] = c;
    this.slot[c] = n;
    this.count[k] = n + 1;
  }

  private removeFromClass(c: number): void {
    const k = this.size[c];
    const list = this.members[k];
    const last = list[--this.count[k]];
    list[this.slot[c]] = last;
    this.slot[last] = this.slot[c];
  }

  /** Bytes held by the typed arrays, for the benchmark's memory per particle. */
  byteLength(): number {
    let bytes = this.v.byteLength + this.next.byteLength + this.head.byteLength + this.tail.byteLength;
    bytes += this.size.byteLength + this.mean.byteLength + this.updated.byteLength + this.slot.byteLength;
    bytes += this.freeIds.byteLength + this.count.byteLength;
    for (let k = 1; k <= this.maxSize; k++) bytes += this.members[k].byteLength;
    return bytes;
  }
}
