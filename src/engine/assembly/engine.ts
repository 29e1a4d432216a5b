// The event loop of the particle engine, compiled to WebAssembly (AssemblyScript; `npm run build:wasm`).
//
// It runs the algorithm of src/engine/particle-system.ts on the size classes that
// src/engine/state.ts lays out in this module's memory: draw the waiting time, pick the channel
// with probability rate/R, pick the clusters uniformly from their size classes, coagulate or
// fragment them with the exact alignment flow of src/engine/flow.ts. The host (TypeScript) lays
// out the memory, forms the initial clusters, tabulates the kernels into channels
// (src/engine/direct-method.ts), makes room in the classes, and reads the state to observe it;
// this module only runs events. Its random stream is the host's xoshiro128** (src/rng.ts),
// carried on from the host's state and handed back after each run.

import { f64At, i32At, setF64, setI32 } from "./words";
import { loadGenerator, next32, storeGenerator, uniform } from "./xoshiro";

// ---- Memory laid out by the host (byte addresses) ----------------------------------------------

/**
 * Size classes: class k holds its COUNT[k] clusters as consecutive fixed-width records from
 * address CLASS[k]. A free particle (k = 1) is its state v (8 bytes); a k-cluster (k ≥ 2) is
 * { mean m, updated t₀, v_1 … v_k } (8(k + 2) bytes), its members' states at t₀ inline. A
 * uniform cluster of a class is one index draw and one record; removing it moves the class's
 * last record into its place. An event reads one or two random records and writes records at
 * the ends of classes (recently touched, so mostly in cache).
 *
 * LIMIT[k]: when an event leaves more than LIMIT[k] clusters in class k the loop pauses for the
 * host, which then makes room (count + 2 ≤ capacity, what one event can add) or, for a size the
 * channels do not cover yet (LIMIT = −1), rebuilds them.
 */
let COUNT: usize = 0;
let CLASS: usize = 0;
let LIMIT: usize = 0;
/** Channels: kind (i32), sizes a, b (i32), coefficient, offset, rate, events so far (f64). */
let KIND: usize = 0;
let A: usize = 0;
let B: usize = 0;
let COEFFICIENT: usize = 0;
let OFFSET: usize = 0;
let RATE: usize = 0;
let MERGES: usize = 0;
/** splitStart[k] (i32): index of (k, j = 1) in SPLIT_CUMULATIVE (f64) and SPLITS (f64, events so far). */
let SPLIT_START: usize = 0;
let SPLIT_CUMULATIVE: usize = 0;
let SPLITS: usize = 0;
/** The generator state, four u32 words, read at the start of a run and written back at its end. */
let GENERATOR: usize = 0;

let particleCount: i32 = 0;
let channels: i32 = 0;
let sizes: i32 = 0;
let epsilon: f64 = 1;
let debug: bool = false;
/** Set when an event left a class above its LIMIT. */
let full: bool = false;

// ---- State shared with the host -----------------------------------------------------------------

/** Current time, time of the next event (NaN: not drawn yet) and the total rate it was drawn with; events so far. */
export let time: f64 = 0;
let nextEventTime: f64 = NaN;
let totalRate: f64 = 0;
export let events: f64 = 0;
/** Largest size present so far. */
export let maxSize: i32 = 0;
/** Debug mode: what the failed conservation check saw (event 0 = coagulation, 1 = fragmentation). */
export let violatedEvent: i32 = -1;
export let violationMass: f64 = 0;
export let momentumBefore: f64 = 0;
export let momentumAfter: f64 = 0;

/** Why {@link advance} returned. */
const REACHED: i32 = 0; // the next event is after T (or there is none)
const DONE: i32 = 1; // maxEvents events ran
const FULL: i32 = 2; // a class needs room, or a cluster larger than the channels cover formed: the host lays out again
const VIOLATION: i32 = 3; // debug mode: an event did not conserve mass and momentum

/** Points the loop at the generator state; the system's size N and ε; debug checks on or off. */
export function setSystem(generator: usize, N: i32, eps: f64, check: bool): void {
  GENERATOR = generator;
  particleCount = N;
  epsilon = eps;
  debug = check;
}

/** Points the loop at the tables the host has just laid out: size classes 0 … k (count, address, limit), channels for sizes up to `covered`. */
export function setTables(k: i32, count: usize, classes: usize, limit: usize, n: i32, kind: usize, a: usize, b: usize, coefficient: usize, offset: usize, rate: usize, merges: usize, splitStart: usize, splitCumulative: usize, splits: usize): void {
  sizes = k;
  COUNT = count;
  CLASS = classes;
  LIMIT = limit;
  channels = n;
  KIND = kind;
  A = a;
  B = b;
  COEFFICIENT = coefficient;
  OFFSET = offset;
  RATE = rate;
  MERGES = merges;
  SPLIT_START = splitStart;
  SPLIT_CUMULATIVE = splitCumulative;
  SPLITS = splits;
  // The host lays the tables out right after the classes, from class 1 on.
  batch = count - <usize>load<u32>(classes + 4) > CACHED_BYTES ? DEPTH : 1;
}

/** Bytes of a k-cluster's record: v for k = 1, { m, t₀, v_1 … v_k } for k ≥ 2. */
@inline function width(k: i32): usize {
  return k == 1 ? 8 : <usize>(k + 2) << 3;
}
/** Address of record i of class k. */
@inline function recordAt(k: i32, i: i32): usize {
  return <usize>load<u32>(CLASS + (<usize>k << 2)) + <usize>i * width(k);
}
/** Address of member i's state in the record of a k-cluster. */
@inline function memberAt(record: usize, k: i32, i: i32): usize {
  return record + (k == 1 ? 0 : 16) + (<usize>i << 3);
}

// ---- Random stream: xoshiro128** of ./xoshiro.ts, as src/rng.ts ------------------------------

/** ⌊u·n⌋ for a uniform u on [0, 1), kept below n when rounding brings u·n up to n. */
@inline function index(u: f64, n: i32): i32 {
  const i = <i32>(u * <f64>n);
  return i < n ? i : n - 1;
}

// Ziggurat of Exp(1) (Marsaglia & Tsang 2000, doi:10.18637/jss.v005.i08): 256 layers of equal
// area ZIGGURAT_V, the base layer holding the tail beyond ZIGGURAT_R. Layer i accepts a 53-bit
// position j at once when j < accept[i] and returns j·width[i]; density[i] = e^{−x_i}.
const ZIGGURAT_R: f64 = 7.697117470131487;
const ZIGGURAT_V: f64 = 3.949659822581572e-3;
const ACCEPT = memory.data(256 * 8);
const WIDTH = memory.data(256 * 8);
const DENSITY = memory.data(256 * 8);
{
  const m: f64 = 9007199254740992.0; // 2⁵³
  let x = ZIGGURAT_R;
  let previous = x;
  const q = ZIGGURAT_V / Math.exp(-x);
  setF64(ACCEPT, 0, (x / q) * m);
  setF64(ACCEPT, 1, 0);
  setF64(WIDTH, 0, q / m);
  setF64(WIDTH, 255, x / m);
  setF64(DENSITY, 0, 1);
  setF64(DENSITY, 255, Math.exp(-x));
  for (let i = 254; i >= 1; i--) {
    x = -Math.log(ZIGGURAT_V / x + Math.exp(-x));
    setF64(ACCEPT, i + 1, (x / previous) * m);
    previous = x;
    setF64(DENSITY, i, Math.exp(-x));
    setF64(WIDTH, i, x / m);
  }
}

/** An Exp(1) draw: neither logarithm nor exponential on 98.9% of the draws. */
@inline function exponential(): f64 {
  const high = next32();
  const low = next32();
  const layer = <i32>(low & 255);
  const j = <f64>high * 2097152.0 + <f64>(low >>> 11);
  if (j < f64At(ACCEPT, layer)) return j * f64At(WIDTH, layer);
  return exponentialEdge(layer, j);
}

/** The ziggurat's slow path: the tail beyond r, or the wedge of a layer, then a fresh draw. */
function exponentialEdge(layer: i32, j: f64): f64 {
  while (true) {
    if (layer == 0) return ZIGGURAT_R - Math.log(1 - uniform());
    const x = j * f64At(WIDTH, layer);
    const top = f64At(DENSITY, layer - 1);
    const bottom = f64At(DENSITY, layer);
    if (bottom + uniform() * (top - bottom) < Math.exp(-x)) return x;
    const high = next32();
    const low = next32();
    layer = <i32>(low & 255);
    j = <f64>high * 2097152.0 + <f64>(low >>> 11);
    if (j < f64At(ACCEPT, layer)) return j * f64At(WIDTH, layer);
  }
  return unreachable();
}

/**
 * For the tests of the stream: draw i of kind kinds[i] (u8: 0 a raw 32-bit output, as a signed
 * integer; 1 a uniform; 2 an Exp(1)) into out[i] (f64), from the stream whose state is at
 * `generator`, which is written back.
 */
export function draws(generator: usize, kinds: usize, out: usize, n: i32): void {
  GENERATOR = generator;
  loadGenerator(GENERATOR);
  for (let i = 0; i < n; i++) {
    const kind = load<u8>(kinds + <usize>i);
    setF64(out, i, kind == 0 ? <f64><i32>next32() : kind == 1 ? uniform() : exponential());
  }
  storeGenerator(GENERATOR);
}

// ---- Size classes of records, as src/engine/state.ts -------------------------------------------

/** The record just written at the end of class k joins it. */
@inline function added(k: i32): void {
  const n = i32At(COUNT, k) + 1;
  setI32(COUNT, k, n);
  if (n > i32At(LIMIT, k)) full = true;
  if (k > maxSize) maxSize = k;
}

/** Moves the k-cluster record at `from` (the last of its class) into the place `to` of one that left. */
@inline function move(from: usize, to: usize, k: i32): void {
  if (from == to) return;
  const bytes = width(k);
  for (let o: usize = 0; o < bytes; o += 8) store<f64>(to + o, load<f64>(from + o));
}

/** The time of the event being carried out (events are planned ahead of it, see {@link advance}). */
let now: f64 = 0;

/** e^{−(t−t₀)/ε} of a cluster record (k ≥ 2) at the time of the event carried out. */
@inline function decayOf(record: usize): f64 {
  return Math.exp(-(now - load<f64>(record, 8)) / epsilon);
}

/**
 * Writes the members of the k-cluster at `record`, flowed to now, m + e^{−(t−t₀)/ε}(v − m)
 * (src/engine/flow.ts), to the states at `to`; returns their sum. A free particle does not flow.
 */
@inline function flowInto(record: usize, k: i32, to: usize): f64 {
  if (k == 1) {
    const v = load<f64>(record);
    store<f64>(to, v);
    return v;
  }
  const m = load<f64>(record);
  const decay = decayOf(record);
  let sum: f64 = 0;
  for (let i = 0; i < k; i++) {
    const v = m + decay * (load<f64>(memberAt(record, k, i)) - m);
    store<f64>(to + (<usize>i << 3), v);
    sum += v;
  }
  return sum;
}

/** Completes the header of a new k-cluster record (k ≥ 2) whose states are in place: mean sum/k, updated now. */
@inline function setHeader(record: usize, k: i32, sum: f64): void {
  store<f64>(record, sum / <f64>k);
  store<f64>(record, now, 8);
}

/**
 * Splits the k-cluster at `record`, flowed to now, into a uniform random j-subset, written as a
 * new record at `taken`, and the other k − j members, written at `kept`; members keep their order.
 * For j = 1 or k − 1 the member alone is r, drawn when the event was planned; otherwise the
 * subset is drawn here (Knuth's Algorithm S).
 */
function split(record: usize, k: i32, j: i32, kept: usize, taken: usize, r: i32): void {
  const m = load<f64>(record);
  const decay = decayOf(record);
  if (j == 1 || j == k - 1) {
    // Member r alone (a free particle), the others together.
    const single = j == 1 ? taken : kept;
    const others = j == 1 ? kept : taken;
    let to = memberAt(others, k - 1, 0);
    let sum: f64 = 0;
    for (let i = 0; i < k; i++) {
      const v = m + decay * (load<f64>(memberAt(record, k, i)) - m);
      if (i == r) store<f64>(single, v);
      else {
        store<f64>(to, v);
        to += 8;
        sum += v;
      }
    }
    if (k > 2) setHeader(others, k - 1, sum);
    return;
  }
  // Member i joins the subset with probability (still needed)/(still remaining).
  let keptTo = memberAt(kept, k - j, 0);
  let takenTo = memberAt(taken, j, 0);
  let keptSum: f64 = 0;
  let takenSum: f64 = 0;
  let needed = j;
  let remaining = k;
  for (let i = 0; i < k; i++) {
    const v = m + decay * (load<f64>(memberAt(record, k, i)) - m);
    if (needed > 0 && uniform() * <f64>remaining < <f64>needed) {
      store<f64>(takenTo, v);
      takenTo += 8;
      takenSum += v;
      needed--;
    } else {
      store<f64>(keptTo, v);
      keptTo += 8;
      keptSum += v;
    }
    remaining--;
  }
  setHeader(kept, k - j, keptSum);
  setHeader(taken, j, takenSum);
}

// ---- Gillespie's direct method over channels, as src/engine/direct-method.ts -------------------

/** Recomputes every channel's rate, coefficient · N_a · (N_b − offset), and returns their total R. */
@inline function update(): f64 {
  let total: f64 = 0;
  for (let c = 0; c < channels; c++) {
    const rate = f64At(COEFFICIENT, c) * <f64>i32At(COUNT, i32At(A, c)) * (<f64>i32At(COUNT, i32At(B, c)) - f64At(OFFSET, c));
    setF64(RATE, c, rate);
    total += rate;
  }
  return total;
}

/** What {@link pick} left of its argument inside the picked channel, in [0, rate of it). */
let within: f64 = 0;

/** The first channel c with Σ_{c' ≤ c} rate_{c'} > x; leaves x − Σ_{c' < c} rate_{c'} in {@link within}. */
@inline function pick(x: f64): i32 {
  const last = channels - 1;
  let c = 0;
  while (c < last && x >= f64At(RATE, c)) x -= f64At(RATE, c++);
  // Rounding can leave x ≥ rate of the last channels; never pick a channel of rate 0.
  while (f64At(RATE, c) == 0 && c > 0) c--;
  within = x;
  return c;
}

/** Size j of the subset split off a k-cluster, drawn with probability μ(j,k−j)/Σ. */
function splitSize(k: i32, u: f64): i32 {
  const start = i32At(SPLIT_START, k);
  let j = 1;
  while (j < k - 1 && u >= f64At(SPLIT_CUMULATIVE, start + j - 1)) j++;
  return j;
}

// ---- The event loop, as ParticleSystem.advanceTo / runEvents ------------------------------------

/**
 * Events run in batches of up to DEPTH: first each is planned (its random numbers drawn, its
 * clusters picked, the class counts updated, and the addresses of the records it will read, move
 * and write noted), then the batch's random records are fetched together, so that their cache
 * misses overlap instead of following one another, then each is carried out (the states moved).
 * The draws and choices are those of carrying out each event before planning the next: each
 * event's draws come before the next one's (a batch ends with an Algorithm S split, whose draws
 * happen while it is carried out), and records are addressed by position, which the events
 * before leave as they would.
 */
const DEPTH: i32 = 16;
/**
 * Classes of at most this many bytes stay in the core's cache: events then run one at a time
 * (batch 1), which costs less than planning ahead when there are no misses to overlap.
 */
const CACHED_BYTES: usize = 256 << 10;
/** Events per batch: DEPTH, or 1 while the classes fit in {@link CACHED_BYTES}; set with the tables. */
let batch: i32 = 1;
const PLAN_BYTES: usize = 48;
const PLANS = memory.data(<i32>PLAN_BYTES * DEPTH);
/** A plan: kind, sizes and r (i32), the event time (f64), then six record addresses. */
const KIND_AT: usize = 0; // 0 coagulation, 1 a split off of one member (r), 2 a split by Algorithm S
const I_AT: usize = 4; // i (coagulation), k (fragmentation)
const J_AT: usize = 8; // j
const R_AT: usize = 12;
const TIME_AT: usize = 16;
/** Coagulation: x, y, the merged record, the last record of class i (moves to x), y's slot after that, the last record of class j (moves there). Fragmentation: the k-cluster, kept, taken, the last record of class k. */
const RECORDS_AT: usize = 24;
/** The sum of what the batch fetch read, kept so that its loads stay. */
let touched: f64 = 0;

@inline function planAt(n: i32): usize {
  return PLANS + <usize>n * PLAN_BYTES;
}
@inline function recordOf(plan: usize, n: i32): usize {
  return <usize>load<u32>(plan + RECORDS_AT + (<usize>n << 2));
}
@inline function setRecord(plan: usize, n: i32, record: usize): void {
  store<u32>(plan + RECORDS_AT + (<usize>n << 2), <u32>record);
}

/**
 * Runs events while the next one happens at or before T (and there is one), at most maxEvents of
 * them; stops early after an event that left a class above its limit.
 *
 * @returns REACHED, DONE, FULL or VIOLATION.
 */
export function advance(T: f64, maxEvents: f64): i32 {
  loadGenerator(GENERATOR);
  full = false;
  let status = DONE;
  let planned: f64 = 0;
  let open = true;
  while (open) {
    let queued = 0;
    let inOrder = false;
    while (queued < batch && !inOrder) {
      if (full) {
        status = FULL;
        open = false;
        break;
      }
      if (planned >= maxEvents) {
        status = DONE;
        open = false;
        break;
      }
      if (isNaN(nextEventTime)) {
        totalRate = update();
        nextEventTime = totalRate > 0 ? time + exponential() / totalRate : Infinity;
      }
      if (!(nextEventTime <= T) || nextEventTime == Infinity) {
        status = REACHED;
        open = false;
        break;
      }
      inOrder = plan(planAt(queued++));
      planned++;
    }
    // The batch's random records, fetched together: their cache misses overlap.
    let sum: f64 = 0;
    for (let q = 0; q < queued; q++) {
      const at = planAt(q);
      sum += load<f64>(recordOf(at, 0));
      if (load<i32>(at, KIND_AT) == 0) sum += load<f64>(recordOf(at, 1));
    }
    touched = sum;
    for (let q = 0; q < queued; q++) {
      if (!carryOut(planAt(q))) {
        status = VIOLATION;
        open = false;
        break;
      }
    }
  }
  storeGenerator(GENERATOR);
  return status;
}

/** Plans the drawn next event; true when it must be carried out before the next is planned (it ends the batch). */
@inline function plan(at: usize): bool {
  time = nextEventTime;
  nextEventTime = NaN;
  events++;
  store<f64>(at, time, TIME_AT);
  const channel = pick(uniform() * totalRate);
  const share = within / f64At(RATE, channel);
  if (i32At(KIND, channel) == 0) planCoagulation(at, channel, share);
  else planFragmentation(at, channel, share);
  return debug || load<i32>(at, KIND_AT) == 2;
}

/** Carries out a planned event; false when a debug check failed. */
@inline function carryOut(at: usize): bool {
  now = load<f64>(at, TIME_AT);
  return load<i32>(at, KIND_AT) == 0 ? coagulate(at) : fragment(at);
}

/** Plans the merge of an i-cluster and a j-cluster, each uniform in its class (share picks the first) and distinct if i = j. */
@inline function planCoagulation(at: usize, channel: i32, share: f64): void {
  const i = i32At(A, channel);
  const j = i32At(B, channel);
  const slotX = index(share, i32At(COUNT, i));
  let slotY: i32;
  if (i == j) {
    // Uniform among the other N_i − 1 clusters of the class: skip x's slot.
    const s = index(uniform(), i32At(COUNT, i) - 1);
    slotY = s < slotX ? s : s + 1;
  } else slotY = index(uniform(), i32At(COUNT, j));
  const x = recordAt(i, slotX);
  const y = recordAt(j, slotY);
  const k = i + j;
  setRecord(at, 0, x);
  setRecord(at, 1, y);
  setRecord(at, 2, recordAt(k, i32At(COUNT, k)));
  // x leaves class i: its last record moves into x's slot (y with it, if y was that record).
  const n = i32At(COUNT, i) - 1;
  setI32(COUNT, i, n);
  setRecord(at, 3, recordAt(i, n));
  const m = i32At(COUNT, j) - 1;
  setI32(COUNT, j, m);
  setRecord(at, 4, recordAt(j, i == j && slotY == n ? slotX : slotY));
  setRecord(at, 5, recordAt(j, m));
  added(k);
  store<i32>(at, 0, KIND_AT);
  store<i32>(at, i, I_AT);
  store<i32>(at, j, J_AT);
  setF64(MERGES, channel, f64At(MERGES, channel) + 1);
}

/**
 * Merges the planned x and y: the new (i + j)-record, x's members then y's flowed to now, at the
 * end of its class; then x and y leave theirs, each replaced by its class's last record.
 */
@inline function coagulate(at: usize): bool {
  const i = load<i32>(at, I_AT);
  const j = load<i32>(at, J_AT);
  const k = i + j;
  const x = recordOf(at, 0);
  const y = recordOf(at, 1);
  const merged = recordOf(at, 2);
  const before = debug ? memberSum(x, i) + memberSum(y, j) : 0;
  const sum = flowInto(x, i, memberAt(merged, k, 0)) + flowInto(y, j, memberAt(merged, k, i));
  setHeader(merged, k, sum);
  move(recordOf(at, 3), x, i);
  move(recordOf(at, 5), recordOf(at, 4), j);
  return !debug || conserved(0, before, memberSum(merged, k));
}

/** Plans the split of a uniformly drawn k-cluster (share picks it) into a uniform random j-subset and the rest, j ~ μ(j,k−j). */
@inline function planFragmentation(at: usize, channel: i32, share: f64): void {
  const k = i32At(A, channel);
  const slot = index(share, i32At(COUNT, k));
  const j = k == 2 ? 1 : splitSize(k, uniform());
  const c = recordAt(k, slot);
  setRecord(at, 0, c);
  const kept = recordAt(k - j, i32At(COUNT, k - j));
  setRecord(at, 1, kept);
  setRecord(at, 2, k - j == j ? kept + width(j) : recordAt(j, i32At(COUNT, j)));
  const n = i32At(COUNT, k) - 1;
  setI32(COUNT, k, n);
  setRecord(at, 3, recordAt(k, n));
  const one = j == 1 || j == k - 1;
  store<i32>(at, one ? 1 : 2, KIND_AT);
  store<i32>(at, k, I_AT);
  store<i32>(at, j, J_AT);
  store<i32>(at, one && k > 2 ? index(uniform(), k) : 0, R_AT);
  added(k - j);
  added(j);
  const s = i32At(SPLIT_START, k) + j - 1;
  setF64(SPLITS, s, f64At(SPLITS, s) + 1);
}

/** Splits the planned k-cluster: the rest at the end of class k − j, the subset at the end of class j; then the k-cluster leaves its class. */
@inline function fragment(at: usize): bool {
  const k = load<i32>(at, I_AT);
  const j = load<i32>(at, J_AT);
  const c = recordOf(at, 0);
  const kept = recordOf(at, 1);
  const taken = recordOf(at, 2);
  const before = debug ? memberSum(c, k) : 0;
  split(c, k, j, kept, taken, load<i32>(at, R_AT));
  move(recordOf(at, 3), c, k);
  return !debug || conserved(1, before, memberSum(kept, k - j) + memberSum(taken, j));
}

/** Debug mode: Σ of the member states of the k-cluster at `record`, flowed to now without writing them. */
function memberSum(record: usize, k: i32): f64 {
  if (k == 1) return load<f64>(record);
  const m = load<f64>(record);
  const decay = decayOf(record);
  let sum: f64 = 0;
  for (let i = 0; i < k; i++) sum += m + decay * (load<f64>(memberAt(record, k, i)) - m);
  return sum;
}

/** Debug mode: mass Σ_k k·N_k = N and the touched clusters' momentum kept (to rounding); records a failure. */
function conserved(event: i32, before: f64, after: f64): bool {
  let mass: f64 = 0;
  for (let k = 1; k <= sizes; k++) mass += <f64>k * <f64>i32At(COUNT, k);
  const tolerance = 1e-12 * (Math.abs(before) + <f64>maxSize);
  if (mass == <f64>particleCount && Math.abs(after - before) <= tolerance) return true;
  violatedEvent = event;
  violationMass = mass;
  momentumBefore = before;
  momentumAfter = after;
  return false;
}

/** The first byte the host may lay out (past this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
