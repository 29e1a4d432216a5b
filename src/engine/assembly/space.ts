// The event loop of the spatial engine, compiled to WebAssembly (AssemblyScript; `npm run build:wasm`).
//
// It runs the algorithm of src/engine/space/spatial-system.ts on the state this module owns:
// reactions drawn by the random time change of a Poisson process (one Exp(1) draw, used up across
// cell crossings), coagulation local to a cell, fragmentation over the box, cell crossings as
// exact events from an indexed 4-ary min-heap, the cells' coagulation rates in a binary sum tree.
// The host (TypeScript) draws the initial state, tabulates the kernels into channels
// (src/engine/direct-method.ts), and reads the state to observe it; this module only runs events.
// Its random stream is the host's xoshiro128** (src/rng.ts), carried on from the host's state
// and handed back after each run; it draws the same numbers in the same order as the algorithm
// reads, so a replica's trajectory is the same whichever side runs it. The logarithm and the
// exponential are the host's (imported), so that every floating-point result is too.

import { f64At, i32At, setF64, setI32 } from "./words";
import { loadGenerator, storeGenerator, uniform } from "./xoshiro";

@external("env", "log") declare function hostLog(x: f64): f64;
@external("env", "exp") declare function hostExp(x: f64): f64;

/** Why {@link advance} returned. */
const REACHED: i32 = 0; // the next event is after T (or there is none)
const DONE: i32 = 1; // the requested reactions ran
const COVER: i32 = 2; // a cluster larger than the channels cover formed: the host rebuilds them
const VIOLATION: i32 = 3; // debug mode: an event did not conserve mass and momentum

// ---- Memory ---------------------------------------------------------------------------------------

let heapEnd: usize = 0;

/** `bytes` of fresh zeroed memory, 8-byte aligned (never freed: the state only grows). */
export function alloc(bytes: i32): usize {
  if (heapEnd == 0) heapEnd = (__heap_base + 7) & ~7;
  const at = heapEnd;
  heapEnd = (heapEnd + <usize>bytes + 7) & ~7;
  const pages = <i32>((heapEnd + 0xffff) >>> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) unreachable();
  memory.fill(at, 0, <usize>bytes);
  return at;
}

/** Bytes held by the state. */
export function bytesUsed(): f64 {
  return <f64>(heapEnd - ((__heap_base + 7) & ~7));
}


// ---- Parameters and state -------------------------------------------------------------------------

let N: i32 = 0;
let d: i32 = 1;
/** Cells per axis C, cells Cᵈ, cell width h = L/C, box length L, h/(2L). */
let C: i32 = 1;
let cells: i32 = 1;
let width: f64 = 1;
let boxLength: f64 = 1;
let half: f64 = 0.5;
let epsilon: f64 = 1;
let debug: bool = false;

/** Particles: V (d f64 each, p·d + axis), NEXT (i32). */
export let V: usize = 0;
export let NEXT: usize = 0;
/**
 * Clusters by id: records of CLUSTER_BYTES bytes at CLUSTERS + c·CLUSTER_BYTES, { updated, moved,
 * mean[d], position[d] (f64); head, tail, size, slot, cellSlot, cell, axis (i32) }: a crossing
 * reads and writes one record, not one entry of each of eleven arrays (at large N the loop is bound
 * by cache misses on random clusters).
 */
export let CLUSTERS: usize = 0;
export let CLUSTER_BYTES: i32 = 0;
/** Byte offset of the i32 fields in a record. */
let INTS: usize = 0;
/** Stack of unused cluster ids. */
let FREE: usize = 0;
let freeCount: i32 = 0;
/** The generator state, four u32 words, read at the start of a run and written back at its end. */
export let GENERATOR: usize = 0;
/** Scratch: member ids (N), two positions (2d f64), debug sums. */
let SCRATCH: usize = 0;
let POINT: usize = 0;
let PAIR: usize = 0;

/**
 * Size classes, for k ≤ classCapacity: COUNT[k] = N_k; MEMBERS[k] the address of the ids of the
 * k-clusters (room for ⌊N/k⌋); CELL_LISTS[k] the address of Cᵈ list records { ids address, length,
 * room } (i32 each) of the k-clusters of each cell, whose length is N_k^c.
 */
export let COUNT: usize = 0;
export let MEMBERS: usize = 0;
let CELL_LISTS: usize = 0;
let classCapacity: i32 = 0;
/** Largest size with a class. */
export let maxSize: i32 = 0;

/** Current time, events so far. */
export let time: f64 = 0;
export let events: f64 = 0;
export let crossings: f64 = 0;
/** What is left of the Exp(1) draw of the next reaction (NaN: not drawn yet). */
let hazard: f64 = NaN;
let fragmentation: f64 = 0;

/** Merge channels: sizes a ≤ b, Cᵈ·λ(a,b)·M/N, offset, merges so far. */
let merges: i32 = 0;
let MERGE_A: usize = 0;
let MERGE_B: usize = 0;
let MERGE_COEFFICIENT: usize = 0;
let MERGE_OFFSET: usize = 0;
let MERGE_COUNT: usize = 0;
/** Largest size the channels cover; SPLIT_RATE[k] per k-cluster; SPLIT_START[k] the index of (k, j = 1) in SPLIT_CUMULATIVE and SPLIT_COUNT. */
export let coveredSizes: i32 = 0;
let SPLIT_RATE: usize = 0;
let SPLIT_START: usize = 0;
let SPLIT_CUMULATIVE: usize = 0;
let SPLIT_COUNT: usize = 0;

/** Debug mode: what the failed conservation check saw (event 0 = coagulation, 1 = fragmentation; momenta per component at VIOLATION_SUMS). */
export let violatedEvent: i32 = -1;
export let violationMass: f64 = 0;
export let VIOLATION_SUMS: usize = 0;

/** Lays out the state of N particles with d components in a box of C cells per axis. */
export function init(particles: i32, dimension: i32, cellsPerAxis: i32, length: f64, cellWidth: f64, halfCell: f64, eps: f64, check: bool): void {
  N = particles;
  d = dimension;
  C = cellsPerAxis;
  cells = 1;
  for (let a = 0; a < d; a++) cells *= C;
  boxLength = length;
  width = cellWidth;
  half = halfCell;
  epsilon = eps;
  debug = check;
  V = alloc(8 * N * d);
  NEXT = alloc(4 * N);
  INTS = 16 + 16 * <usize>d;
  CLUSTER_BYTES = d == 1 ? 64 : (<i32>INTS + 28 + 15) & ~15;
  CLUSTERS = alloc(CLUSTER_BYTES * N);
  FREE = alloc(4 * N);
  for (let i = 0; i < N; i++) setI32(FREE, i, N - 1 - i);
  freeCount = N;
  GENERATOR = alloc(16);
  SCRATCH = alloc(4 * N + 8);
  POINT = alloc(8 * d);
  PAIR = alloc(16 * d);
  VIOLATION_SUMS = alloc(16 * d);
  DEBUG_BEFORE = alloc(8 * d);
  DEBUG_AFTER = alloc(8 * d);
  DEBUG_STATES = alloc(8 * d);
  initRates();
  if (C > 1) initQueue(); // one cell per axis: nothing ever crosses
  ensureSize(2);
}

@inline function record(c: i32): usize {
  return CLUSTERS + <usize>c * <usize>CLUSTER_BYTES;
}
@inline function updatedOf(c: i32): f64 {
  return load<f64>(record(c));
}
@inline function setUpdated(c: i32, t: f64): void {
  store<f64>(record(c), t);
}
@inline function movedOf(c: i32): f64 {
  return load<f64>(record(c), 8);
}
@inline function setMoved(c: i32, t: f64): void {
  store<f64>(record(c), t, 8);
}
@inline function meanOf(c: i32, axis: i32): f64 {
  return load<f64>(record(c) + (<usize>axis << 3), 16);
}
@inline function setMean(c: i32, axis: i32, m: f64): void {
  store<f64>(record(c) + (<usize>axis << 3), m, 16);
}
@inline function positionOf(c: i32, axis: i32): f64 {
  return load<f64>(record(c) + (<usize>(d + axis) << 3), 16);
}
@inline function setPositionOf(c: i32, axis: i32, x: f64): void {
  store<f64>(record(c) + (<usize>(d + axis) << 3), x, 16);
}
@inline function intOf(c: i32, field: i32): i32 {
  return load<i32>(record(c) + INTS + (<usize>field << 2));
}
@inline function setInt(c: i32, field: i32, x: i32): void {
  store<i32>(record(c) + INTS + (<usize>field << 2), x);
}
const HEAD: i32 = 0;
const TAIL: i32 = 1;
const SIZE: i32 = 2;
const SLOT: i32 = 3;
const CELL_SLOT: i32 = 4;
const CELL: i32 = 5;
const AXIS: i32 = 6;

// ---- Random stream: the replica's xoshiro128** (./xoshiro.ts) ------------------------------------

/** ⌊u·n⌋, as Math.floor(u * n) on the host. */
@inline function index(u: f64, n: i32): i32 {
  return <i32>Math.floor(u * <f64>n);
}

/** For the draw-for-draw test against src/rng.ts: fills out[0 … n−1] with uniforms of the stream at GENERATOR. */
export function uniforms(out: usize, n: i32): void {
  loadGenerator(GENERATOR);
  for (let i = 0; i < n; i++) setF64(out, i, uniform());
  storeGenerator(GENERATOR);
}

// ---- The coagulation rates of the cells: a complete binary sum tree ------------------------------
//
// Nodes 1 … 2P − 1 in heap layout, leaves at P … P + Cᵈ − 1 (P the power of two ≥ Cᵈ). Every inner
// node is recomputed as the sum of its two children when a leaf changes (not updated by
// differences, as a Fenwick tree would be), so the total carries no rounding accumulated over
// millions of updates, and a rate set to 0 is exactly 0 in every sum above it.

let TREE: usize = 0;
let leaves: i32 = 1;

function initRates(): void {
  leaves = 1;
  while (leaves < cells) leaves *= 2;
  TREE = alloc(16 * leaves);
}

@inline function totalRate(): f64 {
  return f64At(TREE, 1);
}

function setRate(i: i32, w: f64): void {
  let j = leaves + i;
  setF64(TREE, j, w);
  for (j >>= 1; j >= 1; j >>= 1) setF64(TREE, j, f64At(TREE, 2 * j) + f64At(TREE, 2 * j + 1));
}

/** What is left of u after {@link findCell}, within the cell found. */
let foundRest: f64 = 0;

/** The cell i with Σ_{l<i} w_l ≤ u < Σ_{l≤i} w_l; the rest of u in {@link foundRest}. */
function findCell(u: f64): i32 {
  let j = 1;
  while (j < leaves) {
    const left = f64At(TREE, 2 * j);
    if (u < left || f64At(TREE, 2 * j + 1) == 0) j = 2 * j;
    else {
      u -= left;
      j = 2 * j + 1;
    }
  }
  foundRest = Math.min(u, f64At(TREE, j));
  return j - leaves;
}

// ---- The crossing times: a calendar queue over cluster ids -----------------------------------------
//
// R. Brown, "Calendar queues: a fast O(1) priority queue implementation for the simulation event
// set problem", Commun. ACM 31 (1988) 1220–1227, doi:10.1145/63039.63045.
//
// Time is cut into days of width w; day i = ⌊t/w⌋ lies in bucket i mod B (B ≥ 2N a power of two),
// a doubly linked list of the ids queued on any day of that bucket. The earliest time is on the
// first day, from a lower bound on the queue's days on, whose bucket holds an entry of that day:
// with w about the mean gap between crossings, that day is a few buckets ahead and its bucket holds
// about one entry, so queueing, re-keying, removing and finding the earliest all cost O(1), against
// O(log n) cache misses in the sifts of a heap. w follows the gap between crossings (measured over
// every B crossings; the queue is rebuilt when they differ by more than a factor 2). Each id has a
// 32-byte record { time, day (f64), next, previous, bucket (i32, −1: not queued) }.

let QUEUE: usize = 0;
let BUCKETS: usize = 0;
let buckets: i32 = 0;
let dayWidth: f64 = 1;
let queued: i32 = 0;
/** No queued day is before this one. */
let firstDay: f64 = 0;
/** The earliest entry, when known (−2: to be found; −1: the queue is empty). */
export let earliest: i32 = -2;
let earliestTime: f64 = Infinity;
/** Crossings since the width was last measured, and the time then. */
let gapCount: i32 = 0;
let gapStart: f64 = 0;

function initQueue(): void {
  buckets = 16;
  while (buckets < 2 * N) buckets *= 2;
  QUEUE = alloc(32 * N);
  BUCKETS = alloc(4 * buckets);
  for (let i = 0; i < N; i++) store<i32>(QUEUE + (<usize>i << 5), -1, 24);
  for (let b = 0; b < buckets; b++) setI32(BUCKETS, b, -1);
}

@inline function entry(id: i32): usize {
  return QUEUE + (<usize>id << 5);
}

/** The bucket of a day (exact for days below 2⁵³). */
@inline function bucketOf(day: f64): i32 {
  const B = <f64>buckets;
  return <i32>(day - Math.floor(day / B) * B) & (buckets - 1);
}

function dequeue(id: i32): void {
  const e = entry(id);
  const next = load<i32>(e, 16);
  const previous = load<i32>(e, 20);
  if (previous >= 0) store<i32>(entry(previous), next, 16);
  else setI32(BUCKETS, load<i32>(e, 24), next);
  if (next >= 0) store<i32>(entry(next), previous, 20);
  store<i32>(e, -1, 24);
  queued--;
}

function enqueue(id: i32, t: f64): void {
  const e = entry(id);
  const day = Math.floor(t / dayWidth);
  const b = bucketOf(day);
  const head = i32At(BUCKETS, b);
  store<f64>(e, t);
  store<f64>(e, day, 8);
  store<i32>(e, head, 16);
  store<i32>(e, -1, 20);
  store<i32>(e, b, 24);
  if (head >= 0) store<i32>(entry(head), id, 20);
  setI32(BUCKETS, b, id);
  if (day < firstDay) firstDay = day;
  queued++;
}

export function queueRemove(id: i32): void {
  if (C == 1 || load<i32>(entry(id), 24) < 0) return;
  dequeue(id);
  if (id == earliest) earliest = -2;
}

export function queueSet(id: i32, t: f64): void {
  if (t == Infinity) {
    queueRemove(id);
    return;
  }
  if (load<i32>(entry(id), 24) >= 0) dequeue(id);
  enqueue(id, t);
  if (earliest >= -1 && id != earliest) {
    if (t < earliestTime) {
      earliest = id;
      earliestTime = t;
    }
  } else earliest = -2;
}

/** The earliest queued time (∞ when empty); its id is then {@link earliest}. */
export function nextCrossingTime(): f64 {
  if (earliest == -2) findEarliest();
  return earliestTime;
}

function findEarliest(): void {
  earliest = -1;
  earliestTime = Infinity;
  if (queued == 0) return;
  for (let step = 0; step < buckets; step++, firstDay++) {
    for (let id = i32At(BUCKETS, bucketOf(firstDay)); id >= 0; id = load<i32>(entry(id), 16)) {
      const e = entry(id);
      if (load<f64>(e, 8) == firstDay && load<f64>(e) < earliestTime) {
        earliest = id;
        earliestTime = load<f64>(e);
      }
    }
    if (earliest >= 0) return;
  }
  // A whole year of empty days: the earliest entry directly.
  for (let b = 0; b < buckets; b++) {
    for (let id = i32At(BUCKETS, b); id >= 0; id = load<i32>(entry(id), 16)) {
      const e = entry(id);
      if (load<f64>(e) < earliestTime) {
        earliest = id;
        earliestTime = load<f64>(e);
      }
    }
  }
  firstDay = load<f64>(entry(earliest), 8);
}

/** Re-queues every entry with days of width w. */
export function rebuildQueue(w: f64): void {
  dayWidth = w;
  for (let b = 0; b < buckets; b++) setI32(BUCKETS, b, -1);
  firstDay = Infinity;
  queued = 0;
  for (let id = 0; id < N; id++) {
    const e = entry(id);
    if (load<i32>(e, 24) >= 0) enqueue(id, load<f64>(e));
  }
  earliest = -2;
}

/** Sets the day width from the queued times: their mean distance ahead of now, over their number. */
function sizeQueue(): void {
  if (queued == 0) return;
  let ahead: f64 = 0;
  for (let id = 0; id < N; id++) {
    const e = entry(id);
    if (load<i32>(e, 24) >= 0) ahead += load<f64>(e) - time;
  }
  if (ahead > 0) rebuildQueue(ahead / (<f64>queued * <f64>queued));
  gapCount = 0;
  gapStart = time;
}

/** After a crossing: every B crossings, sets the day width to the mean gap between them if it is off by more than a factor 2. */
@inline function measureGaps(): void {
  if (++gapCount < buckets) return;
  const w = (time - gapStart) / <f64>gapCount;
  if (w > 0 && (w < 0.5 * dayWidth || w > 2 * dayWidth)) rebuildQueue(w);
  gapCount = 0;
  gapStart = time;
}

// ---- Size classes over the box and per cell (read by the host: src/engine/space/spatial-clusters.ts) ----

@inline function countOf(k: i32): i32 {
  return i32At(COUNT, k);
}
@inline function classList(k: i32): usize {
  return <usize>load<u32>(MEMBERS + (<usize>k << 2));
}
/** The record { ids, length, room } of the k-clusters of a cell. */
@inline function cellList(k: i32, cell: i32): usize {
  return <usize>load<u32>(CELL_LISTS + (<usize>k << 2)) + <usize>cell * 12;
}
@inline function cellCount(k: i32, cell: i32): i32 {
  return load<i32>(cellList(k, cell), 4);
}
/** The i-th k-cluster of a cell. */
@inline function inCell(k: i32, cell: i32, i: i32): i32 {
  return i32At(<usize>load<u32>(cellList(k, cell)), i);
}

/** Makes the classes of sizes up to k exist. */
export function ensureSize(k: i32): void {
  if (k <= maxSize) return;
  if (k >= classCapacity) {
    let capacity = max(8, classCapacity);
    while (capacity <= k) capacity *= 2;
    const count = alloc(4 * capacity);
    const members = alloc(4 * capacity);
    const lists = alloc(4 * capacity);
    if (classCapacity > 0) {
      memory.copy(count, COUNT, 4 * <usize>classCapacity);
      memory.copy(members, MEMBERS, 4 * <usize>classCapacity);
      memory.copy(lists, CELL_LISTS, 4 * <usize>classCapacity);
    }
    COUNT = count;
    MEMBERS = members;
    CELL_LISTS = lists;
    classCapacity = capacity;
  }
  for (let size = maxSize + 1; size <= k; size++) {
    store<u32>(MEMBERS + (<usize>size << 2), <u32>alloc(4 * max(1, N / size)));
    store<u32>(CELL_LISTS + (<usize>size << 2), <u32>alloc(12 * cells));
  }
  maxSize = k;
}

function addToClasses(c: i32): void {
  const k = intOf(c, SIZE);
  ensureSize(k);
  const n = countOf(k);
  setI32(classList(k), n, c);
  setInt(c, SLOT, n);
  setI32(COUNT, k, n + 1);
  enterCell(c);
}

function removeFromClasses(c: i32): void {
  const k = intOf(c, SIZE);
  const list = classList(k);
  const n = countOf(k) - 1;
  const last = i32At(list, n);
  if (last != c) {
    const slot = intOf(c, SLOT);
    setI32(list, slot, last);
    setInt(last, SLOT, slot);
  }
  setI32(COUNT, k, n);
  leaveCell(c);
}

function leaveCell(c: i32): void {
  const list = cellList(intOf(c, SIZE), intOf(c, CELL));
  const ids = <usize>load<u32>(list);
  const n = load<i32>(list, 4) - 1;
  const last = i32At(ids, n);
  if (last != c) {
    const slot = intOf(c, CELL_SLOT);
    setI32(ids, slot, last);
    setInt(last, CELL_SLOT, slot);
  }
  store<i32>(list, n, 4);
}

function enterCell(c: i32): void {
  const list = cellList(intOf(c, SIZE), intOf(c, CELL));
  let ids = <usize>load<u32>(list);
  const n = load<i32>(list, 4);
  const room = load<i32>(list, 8);
  if (n == room) {
    const grown = max(4, 2 * room);
    const fresh = alloc(4 * grown);
    if (n > 0) memory.copy(fresh, ids, 4 * <usize>n);
    ids = fresh;
    store<u32>(list, <u32>ids);
    store<i32>(list, grown, 8);
  }
  setI32(ids, n, c);
  setInt(c, CELL_SLOT, n);
  store<i32>(list, n + 1, 4);
}

// ---- Clusters -----------------------------------------------------------------------------------

/** Makes c the cluster of the `count` particles listed at SCRATCH[from …] (states current at its update time), with their mean. */
function link(c: i32, count: i32, from: i32): void {
  const end = from + count;
  for (let i = from; i < end; i++) setI32(NEXT, i32At(SCRATCH, i), i + 1 < end ? i32At(SCRATCH, i + 1) : -1);
  setInt(c, HEAD, i32At(SCRATCH, from));
  setInt(c, TAIL, i32At(SCRATCH, end - 1));
  setInt(c, SIZE, count);
  for (let axis = 0; axis < d; axis++) {
    let sum: f64 = 0;
    for (let i = from; i < end; i++) sum += f64At(V, i32At(SCRATCH, i) * d + axis);
    setMean(c, axis, sum / <f64>count);
  }
}

/** The low face of a cell along an axis. */
@inline function lowFace(cell: i32, axis: i32): f64 {
  const i = axis == 0 ? cell % C : axis == 1 ? (cell / C) % C : cell / (C * C);
  return <f64>i * width;
}

/** The periodic image of coordinate x nearest the cell's centre along the axis, clamped into the cell's [lo, hi]. */
function inCellBox(x: f64, cell: i32, axis: i32): f64 {
  const lo = lowFace(cell, axis);
  if (x >= lo && x <= lo + width) return x;
  const image = x - boxLength * Math.round((x - lo) / boxLength - half);
  return image < lo ? lo : image > lo + width ? lo + width : image;
}

/** Sets c's cell and its position at time t (from x[at …]), kept in the cell's closed box. */
function setPosition(c: i32, t: f64, x: usize, at: i32, cell: i32): void {
  setMoved(c, t);
  setInt(c, CELL, cell);
  for (let axis = 0; axis < d; axis++) setPositionOf(c, axis, inCellBox(f64At(x, at + axis), cell, axis));
}

function place(c: i32, t: f64, x: usize, at: i32, cell: i32): void {
  setPosition(c, t, x, at, cell);
  addToClasses(c);
}

/** A new cluster of the particles at SCRATCH[0 … count−1], at x[at …] in `cell`. */
function form(count: i32, t: f64, x: usize, at: i32, cell: i32): i32 {
  const c = i32At(FREE, --freeCount);
  link(c, count, 0);
  setUpdated(c, t);
  place(c, t, x, at, cell);
  return c;
}

/** The cell of the position x[0 … d−1]. */
function cellOfPoint(x: usize): i32 {
  let cell = 0;
  for (let axis = d - 1; axis >= 0; axis--) cell = cell * C + <i32>Math.min(<f64>(C - 1), Math.floor(f64At(x, axis) / width));
  return cell;
}

/** Seeding: forms a cluster of particles first … first + size − 1 at time 0 at the position (x0, x1, x2)[0 … d−1]. */
export function formCluster(first: i32, size: i32, x0: f64, x1: f64, x2: f64): void {
  setF64(POINT, 0, x0);
  if (d > 1) setF64(POINT, 1, x1);
  if (d > 2) setF64(POINT, 2, x2);
  for (let i = 0; i < size; i++) setI32(SCRATCH, i, first + i);
  form(size, 0, POINT, 0, cellOfPoint(POINT));
}

/** Brings the stored states of c's members to time t (the flow, component by component). */
function flow(c: i32, t: f64): void {
  if (intOf(c, SIZE) > 1) {
    const decay = hostExp(-(t - updatedOf(c)) / epsilon);
    for (let p = intOf(c, HEAD); p != -1; p = i32At(NEXT, p)) {
      for (let axis = 0; axis < d; axis++) {
        const m = meanOf(c, axis);
        setF64(V, p * d + axis, m + decay * (f64At(V, p * d + axis) - m));
      }
    }
  }
  setUpdated(c, t);
}

/** Writes c's position at time t into out[at …]: x + m·(t − moved), in its cell's closed box. */
function positionAt(c: i32, t: f64, out: usize, at: i32): void {
  const dt = t - movedOf(c);
  const cell = intOf(c, CELL);
  for (let axis = 0; axis < d; axis++) setF64(out, at + axis, inCellBox(positionOf(c, axis) + meanOf(c, axis) * dt, cell, axis));
}

// ---- Channels and rates -------------------------------------------------------------------------

/** Points the loop at the channel tables the host has just laid out for sizes up to `sizes`. */
export function setChannels(n: i32, sizes: i32, a: usize, b: usize, coefficient: usize, offset: usize, count: usize, splitRate: usize, splitStart: usize, splitCumulative: usize, splitCount: usize): void {
  merges = n;
  coveredSizes = sizes;
  MERGE_A = a;
  MERGE_B = b;
  MERGE_COEFFICIENT = coefficient;
  MERGE_OFFSET = offset;
  MERGE_COUNT = count;
  SPLIT_RATE = splitRate;
  SPLIT_START = splitStart;
  SPLIT_CUMULATIVE = splitCumulative;
  SPLIT_COUNT = splitCount;
  ensureSize(sizes);
}

/** Rate of merge channel ch in a cell: Cᵈ·λ·M/N · N_a^c · (N_b^c − offset). */
@inline function channelRate(ch: i32, cell: i32): f64 {
  return f64At(MERGE_COEFFICIENT, ch) * <f64>cellCount(i32At(MERGE_A, ch), cell) * (<f64>cellCount(i32At(MERGE_B, ch), cell) - f64At(MERGE_OFFSET, ch));
}

function updateCell(cell: i32): void {
  let rate: f64 = 0;
  for (let ch = 0; ch < merges; ch++) rate += channelRate(ch, cell);
  setRate(cell, rate);
}

function updateFragmentation(): void {
  let F: f64 = 0;
  for (let k = 2; k <= coveredSizes; k++) F += f64At(SPLIT_RATE, k) * <f64>countOf(k);
  fragmentation = F;
}

/** Recomputes every cell's rate and the fragmentation rate (after new channels). */
export function refreshRates(): void {
  for (let c = 0; c < cells; c++) updateCell(c);
  updateFragmentation();
}

/** Queues every cluster's next crossing (after seeding). */
export function scheduleAll(): void {
  for (let k = 1; k <= maxSize; k++) {
    const list = classList(k);
    for (let i = 0; i < countOf(k); i++) schedule(i32At(list, i));
  }
  sizeQueue();
}

/** (Re)queues c at the time it next leaves its cell (none with one cell per axis, or at rest). */
function schedule(c: i32): void {
  if (C == 1) return;
  let best: f64 = Infinity;
  let cell = intOf(c, CELL);
  for (let axis = 0; axis < d; axis++, cell = cell / C) {
    const m = meanOf(c, axis);
    if (m == 0) continue;
    const i = cell % C;
    const face = m > 0 ? <f64>(i + 1) * width : <f64>i * width;
    const dt = Math.max(0, (face - positionOf(c, axis)) / m);
    if (dt < best) {
      best = dt;
      setInt(c, AXIS, axis);
    }
  }
  queueSet(c, Math.max(movedOf(c) + best, time));
}

// ---- Events ---------------------------------------------------------------------------------------

/** Set by an event that formed a cluster larger than the channels cover. */
let needCover: bool = false;

/** Merges clusters x and y of one cell now: the flow brings both to t; the result sits at their centre of mass. */
function coagulate(x: i32, y: i32, cell: i32): void {
  const t = time;
  if (debug) {
    momentumOf(x, DEBUG_BEFORE, true);
    momentumOf(y, DEBUG_BEFORE, false);
  }
  flow(x, t);
  flow(y, t);
  const kx = intOf(x, SIZE);
  const ky = intOf(y, SIZE);
  positionAt(x, t, PAIR, 0);
  positionAt(y, t, PAIR, d);
  const share = <f64>ky / <f64>(kx + ky);
  for (let axis = 0; axis < d; axis++) {
    let dx = f64At(PAIR, d + axis) - f64At(PAIR, axis);
    dx -= boxLength * Math.round(dx / boxLength); // minimum image
    setF64(PAIR, axis, f64At(PAIR, axis) + share * dx);
  }
  removeFromClasses(x);
  removeFromClasses(y);
  queueRemove(y);
  setI32(NEXT, intOf(x, TAIL), intOf(y, HEAD));
  setInt(x, TAIL, intOf(y, TAIL));
  setInt(x, SIZE, kx + ky);
  for (let axis = 0; axis < d; axis++) setMean(x, axis, (<f64>kx * meanOf(x, axis) + <f64>ky * meanOf(y, axis)) / <f64>(kx + ky));
  setI32(FREE, freeCount++, y);
  place(x, t, PAIR, 0, cell);
  if (kx + ky > coveredSizes) needCover = true;
  updateCell(cell);
  updateFragmentation();
  schedule(x);
  if (debug) {
    momentumOf(x, DEBUG_AFTER, true);
    check(0);
  }
}

/** Splits c now into a uniform random j-subset (Knuth's selection sampling) and the rest, both at c's position. */
function fragment(c: i32, j: i32): void {
  const t = time;
  if (debug) momentumOf(c, DEBUG_BEFORE, true);
  flow(c, t);
  const k = intOf(c, SIZE);
  positionAt(c, t, POINT, 0);
  removeFromClasses(c);
  // SCRATCH[0 … j−1]: the taken, SCRATCH[j … k−1]: the kept.
  let taken = 0;
  let kept = j;
  let needed = j;
  let remaining = k;
  for (let p = intOf(c, HEAD); p != -1; p = i32At(NEXT, p), remaining--) {
    if (needed > 0 && uniform() * <f64>remaining < <f64>needed) {
      setI32(SCRATCH, taken++, p);
      needed--;
    } else setI32(SCRATCH, kept++, p);
  }
  const cell = intOf(c, CELL);
  link(c, k - j, j);
  place(c, t, POINT, 0, cell);
  const other = form(j, t, POINT, 0, cell);
  const low = min(j, k - j);
  const start = i32At(SPLIT_START, k);
  setF64(SPLIT_COUNT, start + low - 1, f64At(SPLIT_COUNT, start + low - 1) + 1);
  updateCell(cell);
  updateFragmentation();
  schedule(c);
  schedule(other);
  if (debug) {
    momentumOf(c, DEBUG_AFTER, true);
    momentumOf(other, DEBUG_AFTER, false);
    check(1);
  }
}

/** Moves cluster c into the neighbouring cell across its next face, at time tc. */
function cross(c: i32, tc: f64): void {
  const axis = intOf(c, AXIS);
  const up = meanOf(c, axis) > 0;
  positionAt(c, tc, POINT, 0);
  const from = intOf(c, CELL);
  let stride = 1;
  for (let a = 0; a < axis; a++) stride *= C;
  const i = (from / stride) % C;
  const j = up ? (i + 1) % C : (i + C - 1) % C;
  // The face it crosses, exactly: the low face of the new cell going up, its high face going down.
  setF64(POINT, axis, <f64>(up ? j : j + 1) * width);
  time = tc;
  leaveCell(c);
  setPosition(c, tc, POINT, 0, from + (j - i) * stride);
  enterCell(c);
  crossings++;
  updateCell(from);
  updateCell(intOf(c, CELL));
  schedule(c);
}

/** The reaction drawn by u ∈ [0, R): fragmentation if u < F, else coagulation in the cell u − F falls in. */
function react(u: f64): void {
  events++;
  if (u < fragmentation) {
    let k = 2;
    for (; k < coveredSizes; k++) {
      const rate = f64At(SPLIT_RATE, k) * <f64>countOf(k);
      if (u < rate) break;
      u -= rate;
    }
    while (countOf(k) == 0) k--; // rounding at the end of the table
    const c = i32At(classList(k), index(uniform(), countOf(k)));
    const start = i32At(SPLIT_START, k);
    const w = uniform();
    let j = 1;
    while (j < k - 1 && w >= f64At(SPLIT_CUMULATIVE, start + j - 1)) j++;
    fragment(c, j);
    return;
  }
  const cell = findCell(u - fragmentation);
  let left = foundRest;
  let ch = 0;
  for (; ch < merges - 1; ch++) {
    const rate = channelRate(ch, cell);
    if (left < rate) break;
    left -= rate;
  }
  while (channelRate(ch, cell) == 0) ch--; // rounding at the end of the table
  const a = i32At(MERGE_A, ch);
  const b = i32At(MERGE_B, ch);
  const na = cellCount(a, cell);
  const first = index(uniform(), na);
  let second: i32;
  if (a == b) {
    second = index(uniform(), na - 1);
    if (second >= first) second++;
  } else second = index(uniform(), cellCount(b, cell));
  setF64(MERGE_COUNT, ch, f64At(MERGE_COUNT, ch) + 1);
  coagulate(inCell(a, cell, first), inCell(b, cell, second), cell);
}

/**
 * Runs reactions and crossings until the next one would happen after T or `until` reactions
 * have run; returns early (COVER) after an event that formed a cluster larger than the channels
 * cover, and (VIOLATION) after one that did not conserve mass and momentum in debug mode.
 */
export function advance(T: f64, until: f64): i32 {
  loadGenerator(GENERATOR);
  let status = DONE;
  while (events < until) {
    if (isNaN(hazard)) hazard = -hostLog(1 - uniform());
    const total = totalRate() + fragmentation;
    const reaction = total > 0 ? time + hazard / total : Infinity;
    const crossing = nextCrossingTime();
    const next = Math.min(crossing, reaction);
    if (next > T || next == Infinity) {
      // Nothing more happens before T (or ever: no rates and nothing moving across a face).
      if (T < Infinity) {
        hazard = Math.max(0, hazard - total * (T - time));
        time = T;
      }
      status = REACHED;
      break;
    }
    if (crossing <= reaction) {
      hazard = Math.max(0, hazard - total * (crossing - time));
      cross(earliest, crossing);
      measureGaps();
      continue;
    }
    time = reaction;
    hazard = NaN;
    react(uniform() * total);
    if (violatedEvent >= 0) {
      status = VIOLATION;
      break;
    }
    if (needCover) {
      needCover = false;
      status = COVER;
      break;
    }
  }
  storeGenerator(GENERATOR);
  return status;
}

// ---- Debug checks -----------------------------------------------------------------------------------

let DEBUG_BEFORE: usize = 0;
let DEBUG_AFTER: usize = 0;
let DEBUG_STATES: usize = 0;
let debugMassBefore: i32 = 0;
let debugMassAfter: i32 = 0;
let debugScale: f64 = 0;

/** Adds the members' states of cluster c at the current time (per component) into sums, and its mass (fresh: start from zero). */
function momentumOf(c: i32, sums: usize, fresh: bool): void {
  const before = sums == DEBUG_BEFORE;
  if (fresh) {
    for (let axis = 0; axis < d; axis++) setF64(sums, axis, 0);
    if (before) {
      debugMassBefore = 0;
      debugScale = 0;
    } else debugMassAfter = 0;
  }
  const decay = intOf(c, SIZE) == 1 ? 1 : hostExp(-(time - updatedOf(c)) / epsilon);
  for (let p = intOf(c, HEAD); p != -1; p = i32At(NEXT, p)) {
    for (let axis = 0; axis < d; axis++) {
      const m = meanOf(c, axis);
      const v = m + decay * (f64At(V, p * d + axis) - m);
      setF64(sums, axis, f64At(sums, axis) + v);
      if (before) debugScale += Math.abs(v);
    }
    if (before) debugMassBefore++;
    else debugMassAfter++;
  }
}

/** The event kept the touched clusters' mass and momentum (every component, to rounding) and Σ_k k·N_k = N. */
function check(event: i32): void {
  let total = 0;
  for (let k = 1; k <= maxSize; k++) total += k * countOf(k);
  const tolerance = 1e-12 * (debugScale + <f64>maxSize);
  let kept = true;
  for (let axis = 0; axis < d; axis++) if (Math.abs(f64At(DEBUG_AFTER, axis) - f64At(DEBUG_BEFORE, axis)) > tolerance) kept = false;
  if (total == N && debugMassBefore == debugMassAfter && kept) return;
  violatedEvent = event;
  violationMass = <f64>total;
  for (let axis = 0; axis < d; axis++) {
    setF64(VIOLATION_SUMS, axis, f64At(DEBUG_BEFORE, axis));
    setF64(VIOLATION_SUMS, d + axis, f64At(DEBUG_AFTER, axis));
  }
}
