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
 *   1. R ← Σ_cells R_c + F (coagulation rates per cell in a {@link SumTree}, fragmentation F
 *      over the box). The next reaction happens when ∫R dt since the last one reaches an Exp(1)
 *      draw E (the random time change of a Poisson process): at t + E'/R, E' what is left of E,
 *      as long as R stays constant.
 *   2. If the earliest crossing (a {@link CrossingQueue} over clusters) comes first, use up
 *      R·(t_cross − t) of E', move that cluster into its new cell, update the two cells' rates
 *      and go to 1. The rates are constant between crossings and reactions, so this is exact
 *      (equivalently: drawing afresh at each crossing would be exact by memorylessness, at the
 *      cost of one more logarithm per crossing).
 *   3. If the reaction time is after the next observation time T, stop at T the same way, so
 *      observing does not change the trajectory (up to rounding).
 *   4. Otherwise draw fragmentation or a cell with probability rate/R, then the channel, then the
 *      clusters uniformly from their size classes (of the cell, for coagulation).
 *
 * With one cell there are no crossings and the loop is the homogeneous one. The loop is written
 * in TypeScript, not compiled like ../assembly/engine.ts: its bookkeeping (per-cell classes that
 * grow and shrink, a heap, a tree, vectors of d components) is far more than the homogeneous
 * loop's, and a second compiled engine would double the code that must stay exact; the
 * homogeneous model keeps its compiled loop unchanged. Cost: docs/space.md.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { InvariantError } from "../../errors.js";
import type { ModelConfig, SpaceBox } from "../../model/config.js";
import { resolveKernel } from "../../model/kernels.js";
import type { RandomStream } from "../../rng.js";
import { COAGULATION, DirectMethod } from "../direct-method.js";
import type { EngineParameters } from "../particle-system.js";
import type { ParticleEngine } from "../particle-engine.js";
import type { SpatialClusterStates } from "../../observables/observe.js";
import { seedParticles, type InitialMoments, type SeedTarget } from "../seed.js";
import { CrossingQueue } from "./crossing-queue.js";
import { SpatialClusters } from "./spatial-clusters.js";
import { SumTree } from "./sum-tree.js";

export class SpatialSystem implements ParticleEngine {
  readonly state: SpatialClusters;
  readonly channels: DirectMethod;
  /** Time of the last event, crossing or observation. */
  t = 0;
  /** Reactions (merges and splits) and cell crossings so far. */
  events = 0;
  crossings = 0;
  private readonly rates: SumTree;
  /**
   * What is left of the Exp(1) draw of the next reaction: it happens when ∫R dt from the last
   * reaction reaches the draw (the random time change of a Poisson process; NaN: not drawn yet).
   */
  private hazard = Number.NaN;
  private readonly queue: CrossingQueue;
  /** Axis along which each cluster next leaves its cell. */
  private readonly crossAxis: Int8Array;
  /** Cᵈ·λ(i,j)·M/N of the coagulation channels (a, b, offset as in {@link DirectMethod}). */
  private merge = { a: new Int32Array(0), b: new Int32Array(0), coefficient: new Float64Array(0), offset: new Float64Array(0) };
  /** Fragmentation over the box: rate per k-cluster, F = Σ_k rate_k·N_k. */
  private splitRate = new Float64Array(0);
  private fragmentation = 0;
  /** Events by sizes: merges[i][j] of an i- and a j-cluster (i ≤ j), splits[j][k − j] of a k-cluster (j ≤ k − j). */
  private readonly merges: number[][] = [];
  private readonly splits: number[][] = [];
  /** Scratch: member ids, one position, two positions. */
  private readonly scratch: Int32Array;
  private readonly point: Float64Array;
  private readonly pair: Float64Array;

  /**
   * @param params - model parameters (validated by the caller); `dimension` d and the `box`.
   * @param random - the random stream; all randomness of the run comes from it.
   * @param debug - check conservation of mass and momentum (every component) at every event.
   */
  constructor(
    readonly params: EngineParameters & { dimension: number; box: SpaceBox },
    private readonly random: RandomStream,
    private readonly debug = false,
  ) {
    const { N, dimension, epsilon } = params;
    const kmax = params.kmax ?? Number.POSITIVE_INFINITY;
    this.state = new SpatialClusters(N, dimension, epsilon, params.box);
    this.channels = new DirectMethod({ lambda: resolveKernel(params.lambda), mu: resolveKernel(params.mu), mass: params.mass, N, epsilon, kmax });
    this.rates = new SumTree(this.state.cells);
    this.queue = new CrossingQueue(N);
    this.crossAxis = new Int8Array(N);
    this.scratch = new Int32Array(N);
    this.point = new Float64Array(dimension);
    this.pair = new Float64Array(2 * dimension);
  }

  /** The clusters as observers read them. */
  get clusters(): SpatialClusterStates {
    return this.state;
  }

  /** Mean and second moment of the initial states (set by {@link seed}). */
  initialMoments: InitialMoments = { mean: new Float64Array(0), second: 0 };

  /** Draws the initial state (../seed.ts: states, then one position per cluster), and schedules the crossings. */
  seed(initial: ModelConfig["initial"]): this {
    const { state, scratch } = this;
    const { N, dimension: d, box } = this.params;
    const target: SeedTarget = {
      setState: (p, axis, v) => (state.v[p * d + axis] = v),
      formCluster: (first, size, position) => {
        scratch[0] = first;
        scratch[1] = first + 1;
        state.form(scratch, size, 0, position!, 0, state.cellOf(position!));
      },
    };
    this.initialMoments = seedParticles(target, initial, this.random, N, d, box);
    this.cover();
    for (let c = 0; c < state.cells; c++) this.updateCell(c);
    for (let k = 1; k <= state.maxSize; k++) for (const c of state.members[k]) this.schedule(c);
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

  private run(T: number, until: number): void {
    const { random, queue } = this;
    while (this.events < until) {
      if (Number.isNaN(this.hazard)) this.hazard = -Math.log(1 - random());
      const total = this.rates.total + this.fragmentation;
      const reaction = total > 0 ? this.t + this.hazard / total : Number.POSITIVE_INFINITY;
      const crossing = queue.nextTime;
      const next = Math.min(crossing, reaction);
      if (next > T || next === Number.POSITIVE_INFINITY) {
        // Nothing more happens before T (or ever: no rates and nothing moving across a face).
        if (T < Number.POSITIVE_INFINITY) this.spend(total, T), (this.t = T);
        return;
      }
      if (crossing <= reaction) {
        this.spend(total, crossing);
        this.cross(queue.next, crossing);
        continue;
      }
      this.t = reaction;
      this.hazard = Number.NaN;
      this.react(random() * total);
    }
  }

  /** Uses up the hazard R·(t' − t) of the time until t' (a crossing or an observation, at which the rates may change). */
  private spend(total: number, until: number): void {
    this.hazard = Math.max(0, this.hazard - total * (until - this.t));
  }

  /** The reaction drawn by u ∈ [0, R): fragmentation if u < F, else coagulation in the cell u − F falls in. */
  private react(u: number): void {
    const { state, random } = this;
    this.events++;
    if (u < this.fragmentation) {
      const { splitRate } = this;
      let k = 2;
      for (; k < splitRate.length - 1; k++) {
        const rate = splitRate[k] * state.count[k];
        if (u < rate) break;
        u -= rate;
      }
      while (state.count[k] === 0) k--; // rounding at the end of the table
      const c = state.members[k][Math.floor(random() * state.count[k])];
      const cumulative = this.channels.splitCumulative[k];
      const w = random();
      let j = 1;
      while (j < k - 1 && w >= cumulative[j - 1]) j++;
      this.fragment(c, j);
      return;
    }
    const { index: cell, rest } = this.rates.find(u - this.fragmentation);
    const { a, b } = this.merge;
    let ch = 0;
    let left = rest;
    for (; ch < a.length - 1; ch++) {
      const rate = this.channelRate(ch, cell);
      if (left < rate) break;
      left -= rate;
    }
    while (this.channelRate(ch, cell) === 0) ch--; // rounding at the end of the table
    const [i, j] = [a[ch], b[ch]];
    const ni = state.cellCount[i][cell];
    const first = Math.floor(random() * ni);
    let second: number;
    if (i === j) {
      second = Math.floor(random() * (ni - 1));
      if (second >= first) second++;
    } else second = Math.floor(random() * state.cellCount[j][cell]);
    this.coagulate(state.inCell(i, cell, first), state.inCell(j, cell, second), cell);
  }

  /** Rate of coagulation channel ch in a cell: Cᵈ·λ·M/N · N_a^c · (N_b^c − offset). */
  private channelRate(ch: number, cell: number): number {
    const { a, b, coefficient, offset } = this.merge;
    const count = this.state.cellCount;
    return coefficient[ch] * count[a[ch]][cell] * (count[b[ch]][cell] - offset[ch]);
  }

  /** Merges clusters x and y of one cell now: the flow brings both to t; the result sits at their centre of mass. */
  private coagulate(x: number, y: number, cell: number): void {
    const { state, t } = this;
    const d = state.dimension;
    const L = state.length;
    const before = this.debug ? this.momentum([x, y]) : undefined;
    state.flow(x, t);
    state.flow(y, t);
    const [kx, ky] = [state.size[x], state.size[y]];
    const at = this.pair;
    state.positionAt(x, t, at, 0);
    state.positionAt(y, t, at, d);
    for (let axis = 0; axis < d; axis++) {
      let dx = at[d + axis] - at[axis];
      dx -= L * Math.round(dx / L); // minimum image
      at[axis] += (ky / (kx + ky)) * dx;
    }
    state.removeFromClasses(x);
    state.removeFromClasses(y);
    this.queue.remove(y);
    state.next[state.tail[x]] = state.head[y];
    state.tail[x] = state.tail[y];
    state.size[x] = kx + ky;
    for (let axis = 0; axis < d; axis++) state.mean[x * d + axis] = (kx * state.mean[x * d + axis] + ky * state.mean[y * d + axis]) / (kx + ky);
    state.release(y);
    state.place(x, t, at, 0, cell);
    tally(this.merges, Math.min(kx, ky), Math.max(kx, ky));
    if (kx + ky > this.channels.sizes) this.cover();
    this.updateCell(cell);
    this.updateFragmentation();
    this.schedule(x);
    if (before) this.check("coagulation", before, this.momentum([x]));
  }

  /** Splits c now into a uniform random j-subset (Knuth's selection sampling) and the rest, both at c's position. */
  private fragment(c: number, j: number): void {
    const { state, t, random, scratch } = this;
    const before = this.debug ? this.momentum([c]) : undefined;
    state.flow(c, t);
    const k = state.size[c];
    const x = this.point;
    state.positionAt(c, t, x);
    state.removeFromClasses(c);
    // scratch[0 … j−1]: the taken, scratch[j … k−1]: the kept.
    let taken = 0;
    let kept = j;
    let needed = j;
    let remaining = k;
    for (let p = state.head[c]; p !== -1; p = state.next[p], remaining--) {
      if (needed > 0 && random() * remaining < needed) (scratch[taken++] = p), needed--;
      else scratch[kept++] = p;
    }
    const cell = state.cell[c];
    state.link(c, scratch, k - j, j);
    state.place(c, t, x, 0, cell);
    const other = state.form(scratch, j, t, x, 0, cell);
    tally(this.splits, Math.min(j, k - j), Math.max(j, k - j));
    this.updateCell(cell);
    this.updateFragmentation();
    this.schedule(c);
    this.schedule(other);
    if (before) this.check("fragmentation", before, this.momentum([c, other]));
  }

  /** Moves cluster c into the neighbouring cell across its next face, at time tc. */
  private cross(c: number, tc: number): void {
    const { state } = this;
    const d = state.dimension;
    const C = state.cellsPerAxis;
    const axis = this.crossAxis[c];
    const up = state.mean[c * d + axis] > 0;
    const x = this.point;
    state.positionAt(c, tc, x);
    const from = state.cell[c];
    const stride = C ** axis;
    const i = Math.floor(from / stride) % C;
    const j = up ? (i + 1) % C : (i + C - 1) % C;
    // The face it crosses, exactly: the low face of the new cell going up, its high face going down.
    x[axis] = (up ? j : j + 1) * state.width;
    this.t = tc;
    state.moveTo(c, from + (j - i) * stride, tc, x, 0);
    this.crossings++;
    this.updateCell(from);
    this.updateCell(state.cell[c]);
    this.schedule(c);
  }

  /** (Re)queues c at the time it next leaves its cell (none with one cell per axis, or at rest). */
  private schedule(c: number): void {
    const { state } = this;
    const C = state.cellsPerAxis;
    if (C === 1) return;
    const d = state.dimension;
    const h = state.width;
    let best = Number.POSITIVE_INFINITY;
    let cell = state.cell[c];
    for (let axis = 0; axis < d; axis++, cell = Math.floor(cell / C)) {
      const m = state.mean[c * d + axis];
      if (m === 0) continue;
      const i = cell % C;
      const face = m > 0 ? (i + 1) * h : i * h;
      const dt = Math.max(0, (face - state.position[c * d + axis]) / m);
      if (dt < best) (best = dt), (this.crossAxis[c] = axis);
    }
    this.queue.set(c, Math.max(state.moved[c] + best, this.t));
  }

  /** Recomputes the coagulation rate of a cell from its class counts. */
  private updateCell(cell: number): void {
    let rate = 0;
    for (let ch = 0; ch < this.merge.a.length; ch++) rate += this.channelRate(ch, cell);
    this.rates.set(cell, rate);
  }

  private updateFragmentation(): void {
    let F = 0;
    for (let k = 2; k < this.splitRate.length; k++) F += this.splitRate[k] * this.state.count[k];
    this.fragmentation = F;
  }

  /** (Re)builds the channels for every size up to the largest present (when it grows, rarely), and every cell's rate. */
  private cover(): void {
    const { state, channels } = this;
    const grown = channels.sizes > 0;
    channels.cover(Math.max(2, state.maxSize));
    const merge = [...channels.kind.keys()].filter((ch) => channels.kind[ch] === COAGULATION);
    this.merge = {
      a: Int32Array.from(merge, (ch) => channels.a[ch]),
      b: Int32Array.from(merge, (ch) => channels.b[ch]),
      coefficient: Float64Array.from(merge, (ch) => channels.coefficient[ch] * state.cells),
      offset: Float64Array.from(merge, (ch) => channels.offset[ch]),
    };
    this.splitRate = new Float64Array(channels.sizes + 1);
    channels.kind.forEach((kind, ch) => {
      if (kind !== COAGULATION) this.splitRate[channels.a[ch]] = channels.coefficient[ch];
    });
    state.ensureSize(channels.sizes); // every count a channel reads
    if (grown) for (let c = 0; c < state.cells; c++) this.updateCell(c);
    this.updateFragmentation();
  }

  /** Bytes held by the state, the rate tree and the crossing queue (for the benchmark's memory per particle). */
  byteLength(): number {
    return this.state.byteLength() + this.rates.byteLength + this.queue.byteLength + this.crossAxis.byteLength + this.scratch.byteLength;
  }

  /** Event counts by sizes: coagulation["i,j"] merges of an i- and a j-cluster, fragmentation["j,k−j"] splits. */
  eventCounts(): { coagulation: Record<string, number>; fragmentation: Record<string, number> } {
    const named = (table: number[][]) => {
      const out: Record<string, number> = {};
      table.forEach((row, i) => row.forEach((n, j) => n > 0 && (out[`${i},${j}`] = n)));
      return out;
    };
    return { coagulation: named(this.merges), fragmentation: named(this.splits) };
  }

  /** Debug: Σ of the members' states of the clusters at the current time, per component, and their mass. */
  private momentum(clusters: number[]): { sum: Float64Array; mass: number; scale: number } {
    const { state, t } = this;
    const d = state.dimension;
    const sum = new Float64Array(d);
    const states = new Float64Array(state.maxSize * d);
    let mass = 0;
    let scale = 0;
    for (const c of clusters) {
      const k = state.statesAt(c, t, states);
      mass += k;
      for (let i = 0; i < k * d; i++) (sum[i % d] += states[i]), (scale += Math.abs(states[i]));
    }
    return { sum, mass, scale };
  }

  /** Debug: the event kept the touched clusters' mass and momentum (every component, to rounding) and Σ_k k·N_k = N. */
  private check(event: string, before: { sum: Float64Array; mass: number; scale: number }, after: { sum: Float64Array; mass: number }): void {
    const { state } = this;
    let total = 0;
    for (let k = 1; k <= state.maxSize; k++) total += k * state.count[k];
    const tolerance = 1e-12 * (before.scale + state.maxSize);
    const kept = before.sum.every((s, axis) => Math.abs(after.sum[axis] - s) <= tolerance);
    if (total === state.N && before.mass === after.mass && kept) return;
    throw new InvariantError(`mass and momentum conserved by ${event}`, {
      t: this.t,
      mass: total,
      N: state.N,
      momentumBefore: [...before.sum],
      momentumAfter: [...after.sum],
    });
  }
}

/** Adds one event of sizes (i, j) to a table of counts by sizes. */
function tally(table: number[][], i: number, j: number): void {
  const row = (table[i] ??= []);
  row[j] = (row[j] ?? 0) + 1;
}
