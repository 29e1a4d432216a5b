/**
 * The state of the spatial particle system (docs/space.md), as the host reads it from the
 * compiled event loop's memory (../assembly/space.ts lays it out): N particles with states
 * v ∈ ℝᵈ, partitioned into clusters, each cluster at a position x ∈ [0, L)ᵈ of the periodic box
 * and in one of its Cᵈ cells (h = L/C, cell index i_x + C·i_y + C²·i_z).
 *
 * - Particles: the state v (d components, at its cluster's last update time) and `next`, the next
 *   member of the same cluster (an intrusive singly linked list, −1 at the end).
 * - Clusters by id c < N, in records of the loop's memory: head, size, the conserved mean m ∈ ℝᵈ,
 *   the time `updated` of the members' stored states, the position at the time `moved`, and the
 *   cell. The cell is
 *   authoritative: it changes only by crossing events, so rounding in a position never puts a
 *   cluster in two cells.
 * - Size classes: for each size k the ids of the k-clusters in a dense list, once over the box
 *   (fragmentation, observation) and once per cell (coagulation is local to a cell).
 *
 * States are flowed lazily: a member's state at time t is m + e^{−(t−t₀)/ε}(v − m)
 * ({@link alignmentFlow}); the cluster moves at its mean velocity m, so its position is
 * x + m·(t − t_moved), wrapped into the box. Reading a state or a position here does not change
 * the trajectory.
 *
 * @module
 */
import type { SpaceBox } from "../../model/config.js";
import type { SpatialClusterStates } from "../../observables/observe.js";
import { alignmentFlow, flowDecay } from "../flow.js";
import type { SpaceEventLoop } from "./space-event-loop.js";

export class SpatialClusters implements SpatialClusterStates {
  /** Cells per axis C, cells in all Cᵈ, cell width h = L/C, box length L. */
  readonly cellsPerAxis: number;
  readonly cells: number;
  readonly width: number;
  readonly length: number;
  /** h/(2L): the cell's centre, in box lengths from its low face. */
  readonly half: number;
  /** Typed arrays over the loop's memory, rebuilt when it grows. */
  private buffer: ArrayBuffer | undefined;
  private arrays!: {
    v: Float64Array;
    next: Int32Array;
    /** The cluster records as f64 and as i32 (../assembly/space.ts). */
    f64: Float64Array;
    i32: Int32Array;
    count: Int32Array;
    members: Int32Array[];
  };
  /** Record stride and field positions, in f64 and in i32 units. */
  private stride = 0;
  private readonly ints: number;

  /**
   * @param N - number of particles; `dimension` d ∈ {1, 2, 3}; `epsilon` ε > 0 of the flow.
   * @param box - the periodic box [0, L)ᵈ and its C cells per axis.
   */
  constructor(
    private readonly loop: SpaceEventLoop,
    readonly N: number,
    readonly dimension: number,
    readonly epsilon: number,
    box: SpaceBox,
  ) {
    this.cellsPerAxis = box.cells;
    this.cells = box.cells ** dimension;
    this.length = box.length;
    this.width = box.length / box.cells;
    this.half = 0.5 / box.cells;
    this.ints = (16 + 16 * dimension) / 4;
  }

  /** The arrays, current (the loop's memory may have grown, or classes appeared, since the last look). */
  private get views(): SpatialClusters["arrays"] {
    const { loop, N } = this;
    const buffer = loop.memory.buffer;
    const maxSize = loop.maxSize.value as number;
    if (this.buffer !== buffer || this.arrays.members.length !== maxSize + 1) {
      const bytes = loop.CLUSTER_BYTES.value as number;
      const at = loop.CLUSTERS.value as number;
      const table = new Uint32Array(buffer, loop.MEMBERS.value as number, maxSize + 1);
      this.arrays = {
        v: new Float64Array(buffer, loop.V.value as number, N * this.dimension),
        next: new Int32Array(buffer, loop.NEXT.value as number, N),
        f64: new Float64Array(buffer, at, (N * bytes) / 8),
        i32: new Int32Array(buffer, at, (N * bytes) / 4),
        count: new Int32Array(buffer, loop.COUNT.value as number, maxSize + 1),
        members: Array.from({ length: maxSize + 1 }, (_, k) => new Int32Array(buffer, table[k], k === 0 ? 0 : Math.max(1, Math.floor(N / k)))),
      };
      this.stride = bytes / 8;
      this.buffer = buffer;
    }
    return this.arrays;
  }

  /** Stored states, v of particle p at p·d + axis. */
  get v(): Float64Array {
    return this.views.v;
  }
  /** count[k] = N_k. */
  get count(): Int32Array {
    return this.views.count;
  }
  /** members[k][i], i < count[k]: the ids of the k-clusters. */
  get members(): Int32Array[] {
    return this.views.members;
  }
  /** Largest size with a class (its count may be 0). */
  get maxSize(): number {
    return this.loop.maxSize.value as number;
  }

  /** Component `axis` of cluster c's mean m (its velocity). */
  mean(c: number, axis: number): number {
    return this.views.f64[c * this.stride + 2 + axis];
  }
  /** Component `axis` of cluster c's position at the time it last moved. */
  position(c: number, axis: number): number {
    return this.views.f64[c * this.stride + 2 + this.dimension + axis];
  }
  /** The time cluster c's members' stored states are of, and the time its position is of. */
  private updated(c: number): number {
    return this.views.f64[c * this.stride];
  }
  private moved(c: number): number {
    return this.views.f64[c * this.stride + 1];
  }
  /** Field `field` of cluster c's i32 fields (0 head, 2 size, 5 cell). */
  private int(c: number, field: number): number {
    return this.views.i32[2 * c * this.stride + this.ints + field];
  }

  /** The cell of cluster c. */
  clusterCell(c: number): number {
    return this.int(c, 5);
  }

  /** N_k^c for every cell c: the number of k-clusters in each cell. */
  cellCounts(k: number): Int32Array {
    const counts = new Int32Array(this.cells);
    const { members, count } = this.views;
    for (let i = 0; i < count[k]; i++) counts[this.clusterCell(members[k][i])]++;
    return counts;
  }

  /** The cell of a position (each coordinate in [0, L)). */
  cellOf(x: ArrayLike<number>, at = 0): number {
    const C = this.cellsPerAxis;
    let cell = 0;
    for (let axis = this.dimension - 1; axis >= 0; axis--) cell = cell * C + Math.min(C - 1, Math.floor(x[at + axis] / this.width));
    return cell;
  }

  /** The periodic image of coordinate x nearest the cell's centre along the axis, clamped into the cell's [lo, hi]. */
  private inCellBox(x: number, cell: number, axis: number): number {
    const C = this.cellsPerAxis;
    const h = this.width;
    const lo = (axis === 0 ? cell % C : axis === 1 ? Math.floor(cell / C) % C : Math.floor(cell / (C * C))) * h;
    if (x >= lo && x <= lo + h) return x;
    const image = x - this.length * Math.round((x - lo) / this.length - this.half);
    return image < lo ? lo : image > lo + h ? lo + h : image;
  }

  /**
   * Writes cluster c's position at time t ≥ moved[c] into out[at …]: x + m·(t − moved), as the
   * image in its cell's closed box (periodic wrapping included).
   */
  positionAt(c: number, t: number, out: Float64Array, at = 0): void {
    const d = this.dimension;
    const dt = t - this.moved(c);
    const cell = this.clusterCell(c);
    for (let axis = 0; axis < d; axis++) out[at + axis] = this.inCellBox(this.position(c, axis) + this.mean(c, axis) * dt, cell, axis);
  }

  /**
   * Writes the states of cluster c's members at time t ≥ updated[c] into out[i·d + axis] without
   * changing the stored states (observing does not perturb the trajectory).
   *
   * @returns the cluster size.
   */
  statesAt(c: number, t: number, out: Float64Array): number {
    const d = this.dimension;
    const { v, next } = this.views;
    const decay = this.int(c, 2) === 1 ? 1 : flowDecay(t - this.updated(c), this.epsilon);
    let i = 0;
    for (let p = this.int(c, 0); p !== -1; p = next[p], i++) for (let axis = 0; axis < d; axis++) out[i * d + axis] = alignmentFlow(v[p * d + axis], this.mean(c, axis), decay);
    return i;
  }
}
