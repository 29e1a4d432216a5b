/**
 * The state of the particle system: N scalar states partitioned into clusters, laid out in the
 * memory of the compiled event loop ({@link eventLoop}), which changes them event by event;
 * this class lays them out, forms the initial clusters, makes room and reads them.
 *
 * - Size classes: class k holds its N_k clusters as consecutive records of fixed width. A free
 *   particle is its state v (8 bytes); a k-cluster, k ≥ 2, is { mean m, updated t₀, v_1 … v_k }
 *   (8(k + 2) bytes): the conserved cluster mean, the time at which the members' states were
 *   last brought up to date, and those states inline. A uniform cluster of a class is one index
 *   draw and one record; a cluster leaves its class by the class's last record moving into its
 *   place; a new one is written at the end. An event therefore reads one record (fragmentation)
 *   or two (coagulation) at random places, and touches the ends of classes, which stay in cache.
 * - The classes lie one after the other in order of k, class k with room for `capacity[k]`
 *   records; after them the tables: per size count[k] = N_k, the address of class k and its
 *   limit, then the channels. When an event leaves a class with less room than the next event
 *   may need (two records) the loop pauses and {@link ClusterState.arrange} doubles that class's
 *   room (never beyond ⌊N/k⌋, the most there can be), moving the classes above it, and lays the
 *   tables out again after them.
 *
 * States are flowed lazily: a member's true state at time t is m + e^{−(t−t₀)/ε}(v − m)
 * ({@link alignmentFlow}), written back only when the cluster changes (it then moves to a new
 * record). Particles have no identity: no observable needs one, and the members of a record are
 * exchangeable. Each cluster has an id for the observers' view ({@link ClusterState.members}),
 * valid until the next event.
 *
 * Memory: 8 bytes per free particle's room and 8(k + 2) per k-cluster's room, plus the tables (a
 * few hundred bytes); with k_max = 3 and all particles free at first, 8 bytes per particle plus
 * room for the clusters that form, at most twice their largest number (measured in
 * docs/engine-performance.md). The seeded states (8 bytes per particle) are held until the
 * first event.
 *
 * @module
 */
import { InvariantError } from "../errors.js";
import type { DirectMethod } from "./direct-method.js";
import { eventLoop, type EventLoop } from "./event-loop.js";
import { alignmentFlow, flowDecay } from "./flow.js";

const PAGE = 65536;
/** Records a class has room for at least (unless fewer clusters of its size can exist). */
const INITIAL_ROOM = 16;
/** The limit of a class with room for every cluster of its size that can exist: never pause. */
const NO_LIMIT = 0x7fffffff;

/**
 * Bytes of a k-cluster's record: its state for k = 1, { m, t₀, v_1 … v_k } for k ≥ 2.
 *
 * @example
 * recordBytes(1) // 8
 * recordBytes(3) // 40
 */
export function recordBytes(k: number): number {
  return k === 1 ? 8 : 8 * (k + 2);
}

export class ClusterState {
  /** The compiled event loop, whose memory holds the classes and tables. */
  readonly loop: EventLoop;
  /** count[k] = N_k, the number of k-clusters (count[0] = 0), for k up to the classes laid out. */
  count = new Int32Array(1);
  /** The random stream's state (four 32-bit words), handed to and back from the event loop. */
  generator!: Int32Array;
  /** Events so far per coagulation channel, and per split (k, j) at {@link splitIndex}. */
  merges = new Float64Array(0);
  splits = new Float64Array(0);
  /** Largest possible cluster size, min(kmax, N). */
  readonly largest: number;

  /** The whole memory, as doubles (records are 8-byte aligned). */
  private doubles!: Float64Array;
  /** Per class k ≥ 1: its address and its room in records (index 0 unused). */
  private classAt: number[] = [0];
  private capacity: number[] = [0];
  private readonly generatorAt: number;
  private readonly classesStart: number;
  /** End of the layout (the tables end there). */
  private end: number;
  private tablesAt = { count: 0, merges: 0, mergesLength: 0, splits: 0, splitsLength: 0 };
  /** The channels the tables were last laid out with. */
  private channels: DirectMethod | null = null;
  /** Seeded states by particle, until the first event. */
  private seeds: Float64Array | null;
  /** The observers' view: ids of the clusters of class k are idStart[k] + slot. Built when first asked for after a change of room. */
  private memberIds: Int32Array[] | null = null;
  private idStart: number[] = [0];
  private lastClass = 1;

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
    this.loop = eventLoop();
    this.largest = Math.min(kmax, N);
    this.end = this.loop.heapBase();
    this.generatorAt = this.end;
    this.end += 16;
    this.classesStart = this.end;
    this.seeds = new Float64Array(N);
    this.loop.setSystem(this.generatorAt, N, epsilon, debug);
    this.arrange(null, 2);
  }

  /** The current time: events happen now, and clusters they touch are flowed to it. */
  get time(): number {
    return this.loop.time.value;
  }

  /** Largest cluster size present so far. */
  get maxSize(): number {
    return this.loop.maxSize.value;
  }

  /** members[k][i], i < count[k]: the ids of the k-clusters, for {@link statesAt}; valid until the next event. */
  get members(): Int32Array[] {
    if (!this.memberIds) {
      const ids = new Int32Array(this.idStart[this.capacity.length]);
      for (let i = 0; i < ids.length; i++) ids[i] = i;
      this.memberIds = this.capacity.map((room, k) => ids.subarray(this.idStart[k], this.idStart[k] + room));
    }
    return this.memberIds;
  }

  /** The state particle p was seeded with. Particles are not tracked once events run, so only until the first event. */
  storedState(p: number): number {
    if (!this.seeds) throw new InvariantError("seeded states are read before the first event", { particle: p });
    return this.seeds[p];
  }

  /** Sets the state of particle p, before it joins a cluster. */
  setState(p: number, v: number): void {
    this.seeds![p] = v;
  }

  /** Frees the seeded states: the events are about to run. */
  releaseSeeds(): void {
    this.seeds = null;
  }

  /** Makes room for n clusters of size k (before seeding, so that forming them moves nothing). */
  reserve(k: number, n: number): void {
    const room: number[] = [];
    room[k] = n;
    this.arrange(this.channels, Math.max(k, this.capacity.length - 1), room);
  }

  /** Makes a new cluster of the seeded particles first … first + size − 1 now: its record at the end of its class, mean Σv/size. */
  formCluster(first: number, size: number): void {
    if (size >= this.capacity.length || this.count[size] >= this.capacity[size]) {
      const room: number[] = [];
      room[size] = (this.count[size] ?? 0) + 1;
      this.arrange(this.channels, Math.max(size, this.capacity.length - 1), room);
    }
    const { doubles, seeds } = this;
    const at = (this.classAt[size] + this.count[size] * recordBytes(size)) / 8;
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const v = seeds![first + i];
      doubles[size === 1 ? at : at + 2 + i] = v;
      sum += v;
    }
    if (size > 1) {
      doubles[at] = sum / size;
      doubles[at + 1] = this.time;
    }
    this.count[size]++;
    if (size > this.maxSize) this.loop.maxSize.value = size;
  }

  /**
   * Lays the classes and tables out again: makes the classes up to min(K, largest) exist, gives
   * every class room for two more clusters than it has (and `room[k]` at least), doubling a
   * class that lacks it, never beyond ⌊N/k⌋; then lays out the channel tables of `channels`
   * (replacing the previous ones, whose event counts the caller has read) and hands all to the
   * event loop. Classes beyond the channels' sizes get limit −1: the loop pauses when one is used.
   */
  arrange(channels: DirectMethod | null, K: number, room: number[] = []): void {
    const S = Math.max(Math.min(K, this.largest), this.capacity.length - 1);
    const counts = Array.from({ length: S + 1 }, (_, k) => this.count[k] ?? 0);
    const capacity = Array.from({ length: S + 1 }, (_, k) => {
      const had = this.capacity[k] ?? 0;
      const most = Math.floor(this.N / k);
      const need = Math.max(counts[k] + 2, room[k] ?? 0);
      return k === 0 || need <= had || had >= most ? had : Math.min(most, Math.max(need, 2 * had, INITIAL_ROOM));
    });
    const classAt = [0];
    let end = this.classesStart;
    for (let k = 1; k <= S; k++) {
      classAt[k] = end;
      end += capacity[k] * recordBytes(k);
    }
    const n = channels?.channels ?? 0;
    const covered = channels?.sizes ?? 0;
    const splitCount = splitIndex(covered + 1, 1);
    const bytes = [4 * (S + 1), 4 * (S + 1), 4 * (S + 1), 4 * n, 4 * n, 4 * n, 8 * n, 8 * n, 8 * n, 8 * n, 4 * (covered + 1), 8 * splitCount, 8 * splitCount];
    const at = bytes.map((b) => {
      const address = end;
      end += Math.ceil(b / 8) * 8;
      return address;
    });
    const { memory } = this.loop;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    const { buffer } = memory;
    // Rooms only grow, so classes only move up: move the highest first.
    const raw = new Uint8Array(buffer);
    for (let k = this.capacity.length - 1; k >= 1; k--) {
      if (classAt[k] !== this.classAt[k]) raw.copyWithin(classAt[k], this.classAt[k], this.classAt[k] + counts[k] * recordBytes(k));
    }
    if (capacity.some((c, k) => c !== this.capacity[k])) this.memberIds = null;
    this.classAt = classAt;
    this.capacity = capacity;
    this.idStart = [0];
    for (let k = 0; k <= S; k++) this.idStart[k + 1] = this.idStart[k] + capacity[k];
    this.channels = channels;
    this.end = end;
    const [count, classes, limit, kind, a, b, coefficient, offset, rate, merges, splitStart, splitCumulative, splits] = at;
    this.tablesAt = { count, merges, mergesLength: n, splits, splitsLength: splitCount };
    this.refresh();
    this.count.set(counts);
    new Uint32Array(buffer, classes, S + 1).set(classAt);
    new Int32Array(buffer, limit, S + 1).set(capacity.map((c, k) => (k > covered ? -1 : c >= Math.floor(this.N / k) ? NO_LIMIT : c - 2)));
    if (channels) {
      new Int32Array(buffer, kind, n).set(channels.kind);
      new Int32Array(buffer, a, n).set(channels.a);
      new Int32Array(buffer, b, n).set(channels.b);
      new Float64Array(buffer, coefficient, n).set(channels.coefficient);
      new Float64Array(buffer, offset, n).set(channels.offset);
      const start = new Int32Array(buffer, splitStart, covered + 1);
      const cumulative = new Float64Array(buffer, splitCumulative, splitCount);
      for (let k = 2; k <= covered; k++) {
        start[k] = splitIndex(k, 1);
        cumulative.set(channels.splitCumulative[k], start[k]);
      }
    }
    this.merges.fill(0);
    this.splits.fill(0);
    this.loop.setTables(S, count, classes, limit, n, kind, a, b, coefficient, offset, rate, merges, splitStart, splitCumulative, splits);
  }

  /**
   * Writes the states of cluster c's members at time t ≥ its update time into `out`, without
   * changing the stored state (observing does not perturb the trajectory, not even by rounding).
   *
   * @param c - an id from {@link members}.
   * @returns the cluster size.
   */
  statesAt(c: number, t: number, out: Float64Array): number {
    const { idStart } = this;
    let k = this.lastClass;
    if (!(c >= idStart[k] && c < idStart[k + 1])) {
      k = 1;
      while (c >= idStart[k + 1]) k++;
      this.lastClass = k;
    }
    const { doubles } = this;
    const at = (this.classAt[k] + (c - idStart[k]) * recordBytes(k)) / 8;
    if (k === 1) {
      out[0] = doubles[at];
      return 1;
    }
    const m = doubles[at];
    const decay = flowDecay(t - doubles[at + 1], this.epsilon);
    for (let i = 0; i < k; i++) out[i] = alignmentFlow(doubles[at + 2 + i], m, decay);
    return k;
  }

  /** Bytes laid out for this system (classes, tables, and the seeded states while held), for the benchmark's memory per particle. */
  byteLength(): number {
    return this.end - this.loop.heapBase() + (this.seeds?.byteLength ?? 0);
  }

  /** Re-creates the views, after a change of layout (growing the memory detaches the old buffer). */
  private refresh(): void {
    const { buffer } = this.loop.memory;
    const { count, merges, mergesLength, splits, splitsLength } = this.tablesAt;
    this.doubles = new Float64Array(buffer);
    this.count = new Int32Array(buffer, count, this.capacity.length);
    this.generator = new Int32Array(buffer, this.generatorAt, 4);
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
