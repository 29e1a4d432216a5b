/**
 * The state of the spatial particle system (docs/space.md): N particles with states v ∈ ℝᵈ,
 * partitioned into clusters, each cluster at a position x ∈ [0, L)ᵈ of the periodic box and in
 * one of its Cᵈ cells (h = L/C, cell index i_x + C·i_y + C²·i_z).
 *
 * - Particles: the state v (d components, at its cluster's last update time) and `next`, the next
 *   member of the same cluster (an intrusive singly linked list, −1 at the end).
 * - Clusters by id c < N: head, tail, size, the conserved mean m ∈ ℝᵈ, the time `updated` of
 *   the members' stored states, the position at the time `moved`, and the cell. The cell is
 *   authoritative: it changes only by crossing events (./spatial-system.ts), so rounding in a
 *   position never puts a cluster in two cells.
 * - Size classes, as in ../state.ts: for each size k the ids of the k-clusters in a dense list
 *   (uniform draw and removal by swap with the last entry are O(1)), once over the whole box
 *   (fragmentation, observation) and once per cell (coagulation is local to a cell).
 *
 * States are flowed lazily, component by component: a member's state at time t is
 * m + e^{−(t−t₀)/ε}(v − m) ({@link alignmentFlow}); the cluster moves at its mean velocity m, so
 * its position is x + m·(t − t_moved), wrapped into the box. Both are written back only when the
 * cluster changes (or, for the position, crosses into another cell).
 *
 * Memory ({@link byteLength}): 8d + 4 bytes per particle, 8(2d + 2) + 7·4 per cluster id, the
 * size-class lists (two entries per cluster) and, for each size present, 4 bytes (the count) and
 * 8 (the list) per cell.
 *
 * @module
 */
import type { SpaceBox } from "../../model/config.js";
import { alignmentFlow, flowDecay } from "../flow.js";

export class SpatialClusters {
  /** Stored states, v of particle p at p·d + axis; next member of p. */
  readonly v: Float64Array;
  readonly next: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly size: Int32Array;
  /** Mean m of cluster c at c·d + axis (its velocity). */
  readonly mean: Float64Array;
  readonly updated: Float64Array;
  /** Position of cluster c at time moved[c], at c·d + axis. */
  readonly position: Float64Array;
  readonly moved: Float64Array;
  readonly cell: Int32Array;
  /** Slot of cluster c in its size class over the box, and in its size class of its cell. */
  private readonly slot: Int32Array;
  private readonly cellSlot: Int32Array;
  /** Unused cluster ids (a stack). */
  private readonly freeIds: Int32Array;
  private freeCount: number;
  /** members[k]: the ids of all k-clusters; count[k] = N_k (the {@link ClusterStates} view). */
  readonly members: number[][] = [[]];
  count = new Int32Array(1);
  /** cellMembers[k][cell]: the ids of the k-clusters in the cell; cellCount[k][cell] = N_k^c. */
  private readonly cellMembers: (number[] | undefined)[][] = [[]];
  readonly cellCount: Int32Array[] = [new Int32Array(0)];
  /** Cells per axis C, cells in all Cᵈ, cell width h = L/C, box length L. */
  readonly cellsPerAxis: number;
  readonly cells: number;
  readonly width: number;
  readonly length: number;
  /** h/(2L): the cell's centre, in box lengths from its low face. */
  private readonly half: number;

  /**
   * @param N - number of particles; `dimension` d ∈ {1, 2, 3}; `epsilon` ε > 0 of the flow.
   * @param box - the periodic box [0, L)ᵈ and its C cells per axis.
   */
  constructor(
    readonly N: number,
    readonly dimension: number,
    readonly epsilon: number,
    box: SpaceBox,
  ) {
    const d = dimension;
    this.v = new Float64Array(N * d);
    this.next = new Int32Array(N).fill(-1);
    this.head = new Int32Array(N);
    this.tail = new Int32Array(N);
    this.size = new Int32Array(N);
    this.mean = new Float64Array(N * d);
    this.updated = new Float64Array(N);
    this.position = new Float64Array(N * d);
    this.moved = new Float64Array(N);
    this.cell = new Int32Array(N);
    this.slot = new Int32Array(N);
    this.cellSlot = new Int32Array(N);
    this.freeIds = Int32Array.from({ length: N }, (_, i) => N - 1 - i);
    this.freeCount = N;
    this.cellsPerAxis = box.cells;
    this.cells = box.cells ** d;
    this.length = box.length;
    this.width = box.length / box.cells;
    this.half = 0.5 / box.cells;
  }

  /** Largest size with a class (its count may be 0). */
  get maxSize(): number {
    return this.members.length - 1;
  }

  /** The cell of cluster c. */
  clusterCell(c: number): number {
    return this.cell[c];
  }

  /** The cell of a position (each coordinate in [0, L)). */
  cellOf(x: ArrayLike<number>, at = 0): number {
    const C = this.cellsPerAxis;
    let cell = 0;
    for (let axis = this.dimension - 1; axis >= 0; axis--) cell = cell * C + Math.min(C - 1, Math.floor(x[at + axis] / this.width));
    return cell;
  }

  /**
   * Makes a new cluster of `particles` (their stored states current at time t) at position x
   * (copied from x[at …]) in `cell`, and returns its id.
   */
  form(particles: ArrayLike<number>, count: number, t: number, x: ArrayLike<number>, at: number, cell: number): number {
    const c = this.freeIds[--this.freeCount];
    this.link(c, particles, count);
    this.updated[c] = t;
    this.place(c, t, x, at, cell);
    return c;
  }

  /**
   * Makes c the cluster of the `count` particles listed from particles[from] on (stored states
   * current at its update time), with their mean; it is not yet in any class.
   */
  link(c: number, particles: ArrayLike<number>, count: number, from = 0): void {
    const { next, v, mean } = this;
    const d = this.dimension;
    const end = from + count;
    for (let i = from; i < end; i++) next[particles[i]] = i + 1 < end ? particles[i + 1] : -1;
    this.head[c] = particles[from];
    this.tail[c] = particles[end - 1];
    this.size[c] = count;
    for (let axis = 0; axis < d; axis++) {
      let sum = 0;
      for (let i = from; i < end; i++) sum += v[particles[i] * d + axis];
      mean[c * d + axis] = sum / count;
    }
  }

  /**
   * Sets cluster c's cell, and its position at time t: x[at …] taken to the periodic
   * image nearest the cell and clamped into the cell's closed box, so that a rounding error never
   * puts a stored position outside the cell the crossings track. Then adds c to its classes.
   */
  place(c: number, t: number, x: ArrayLike<number>, at: number, cell: number): void {
    this.setPosition(c, t, x, at, cell);
    this.addToClasses(c);
  }

  private setPosition(c: number, t: number, x: ArrayLike<number>, at: number, cell: number): void {
    const d = this.dimension;
    this.moved[c] = t;
    this.cell[c] = cell;
    for (let axis = 0; axis < d; axis++) this.position[c * d + axis] = this.inCellBox(x[at + axis], cell, axis);
  }

  /** The periodic image of coordinate x nearest the cell's centre along the axis, clamped into the cell's [lo, hi]. */
  private inCellBox(x: number, cell: number, axis: number): number {
    const C = this.cellsPerAxis;
    const h = this.width;
    const lo = (axis === 0 ? cell % C : axis === 1 ? Math.floor(cell / C) % C : Math.floor(cell / (C * C))) * h;
    if (x >= lo && x <= lo + h) return x; // the common case: no wrapping, no rounding to undo
    const image = x - this.length * Math.round((x - lo) / this.length - this.half);
    return image < lo ? lo : image > lo + h ? lo + h : image;
  }

  /** Takes cluster c out of its size classes (before it changes size or cell). */
  removeFromClasses(c: number): void {
    const k = this.size[c];
    const list = this.members[k];
    const last = list.pop()!;
    if (last !== c) (list[this.slot[c]] = last), (this.slot[last] = this.slot[c]);
    this.count[k]--;
    this.leaveCell(c);
  }

  /** Puts cluster c into the size classes of its size and cell. */
  addToClasses(c: number): void {
    const k = this.size[c];
    this.ensureSize(k);
    this.slot[c] = this.members[k].length;
    this.members[k].push(c);
    this.count[k]++;
    this.enterCell(c);
  }

  /**
   * Moves cluster c into `cell` (a crossing), at position x[at …] at time t: only its class of
   * the cell changes, not its class over the box.
   */
  moveTo(c: number, cell: number, t: number, x: ArrayLike<number>, at: number): void {
    this.leaveCell(c);
    this.setPosition(c, t, x, at, cell);
    this.enterCell(c);
  }

  private leaveCell(c: number): void {
    const k = this.size[c];
    const cell = this.cell[c];
    const list = this.cellMembers[k][cell]!;
    const last = list.pop()!;
    if (last !== c) (list[this.cellSlot[c]] = last), (this.cellSlot[last] = this.cellSlot[c]);
    this.cellCount[k][cell]--;
  }

  private enterCell(c: number): void {
    const k = this.size[c];
    const cell = this.cell[c];
    const lists = this.cellMembers[k];
    const list = lists[cell] ?? (lists[cell] = []);
    this.cellSlot[c] = list.length;
    list.push(c);
    this.cellCount[k][cell]++;
  }

  /** The i-th k-cluster of a cell (i < N_k^c). */
  inCell(k: number, cell: number, i: number): number {
    return this.cellMembers[k][cell]![i];
  }

  /** Returns id c to the unused ids (after its particles joined another cluster). */
  release(c: number): void {
    this.freeIds[this.freeCount++] = c;
  }

  /** Brings the stored states of c's members to time t ≥ updated[c] (the flow, component by component). */
  flow(c: number, t: number): void {
    const d = this.dimension;
    if (this.size[c] > 1) {
      const decay = flowDecay(t - this.updated[c], this.epsilon);
      const { v, mean, next } = this;
      for (let p = this.head[c]; p !== -1; p = next[p]) for (let axis = 0; axis < d; axis++) v[p * d + axis] = alignmentFlow(v[p * d + axis], mean[c * d + axis], decay);
    }
    this.updated[c] = t;
  }

  /**
   * Writes cluster c's position at time t ≥ moved[c] into out[at …]: x + m·(t − moved), as the
   * image in its cell's closed box (periodic wrapping included).
   */
  positionAt(c: number, t: number, out: Float64Array, at = 0): void {
    const d = this.dimension;
    const dt = t - this.moved[c];
    for (let axis = 0; axis < d; axis++) out[at + axis] = this.inCellBox(this.position[c * d + axis] + this.mean[c * d + axis] * dt, this.cell[c], axis);
  }

  /**
   * Writes the states of cluster c's members at time t ≥ updated[c] into out[i·d + axis] without
   * changing the stored states (observing does not perturb the trajectory).
   *
   * @returns the cluster size.
   */
  statesAt(c: number, t: number, out: Float64Array): number {
    const d = this.dimension;
    const { v, mean, next } = this;
    const decay = this.size[c] === 1 ? 1 : flowDecay(t - this.updated[c], this.epsilon);
    let i = 0;
    for (let p = this.head[c]; p !== -1; p = next[p], i++) for (let axis = 0; axis < d; axis++) out[i * d + axis] = alignmentFlow(v[p * d + axis], mean[c * d + axis], decay);
    return i;
  }

  /**
   * Bytes held: the typed arrays exactly, the class lists as 8 bytes per entry and per cell slot
   * (V8's packed arrays of small integers and of references; list headers not counted).
   */
  byteLength(): number {
    const typed = [this.v, this.next, this.head, this.tail, this.size, this.mean, this.updated, this.position, this.moved, this.cell, this.slot, this.cellSlot, this.freeIds, this.count];
    let bytes = typed.reduce((s, a) => s + a.byteLength, 0);
    for (let k = 1; k <= this.maxSize; k++) bytes += 8 * 2 * this.members[k].length + this.cellCount[k].byteLength + 8 * this.cells;
    return bytes;
  }

  /** Makes the classes of sizes up to k exist. */
  ensureSize(k: number): void {
    while (this.members.length <= k) {
      this.members.push([]);
      this.cellMembers.push(new Array<number[] | undefined>(this.cells));
      this.cellCount.push(new Int32Array(this.cells));
    }
    if (this.count.length <= k) {
      const grown = new Int32Array(Math.max(2 * this.count.length, k + 1));
      grown.set(this.count);
      this.count = grown;
    }
  }
}
