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
}

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
@inline function setF64(base: usize, i: i32, x: f64): void {
  store<f64>(base + (<usize>i << 3), x);
}
@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function setI32(base: usize, i: i32, x: i32): void {
  store<i32>(base + (<usize>i << 2), x);
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

// ---- Random stream: xoshiro128**, as src/rng.ts -------------------------------------------------

let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

@inline function next32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** A uniform draw on [0, 1) with 53 bits, as Xoshiro128.uniform. */
@inline function uniform(): f64 {
  const high = next32() >>> 5;
  return (<f64>high * 67108864.0 + <f64>(next32() >>> 6)) * 1.1102230246251565e-16;
}

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
  loadGenerator();
  for (let i = 0; i < n; i++) {
    const kind = load<u8>(kinds + <usize>i);
    setF64(out, i, kind == 0 ? <f64><i32>next32() : kind == 1 ? uniform() : exponential());
  }
  storeGenerator();
}

function loadGenerator(): void {
  s0 = load<u32>(GENERATOR);
  s1 = load<u32>(GENERATOR, 4);
  s2 = load<u32>(GENERATOR, 8);
  s3 = load<u32>(GENERATOR, 12);
}

function storeGenerator(): void {
  store<u32>(GENERATOR, s0);
  store<u32>(GENERATOR, s1, 4);
  store<u32>(GENERATOR, s2, 8);
  store<u32>(GENERATOR, s3, 12);
}

// ---- Size classes of records, as src/engine/state.ts -------------------------------------------

/** The record just written at the end of class k joins it. */
@inline function added(k: i32): void {
  const n = i32At(COUNT, k) + 1;
  setI32(COUNT, k, n);
  if (n > i32At(LIMIT, k)) full = true;
  if (k > maxSize) maxSize = k;
}

/** Removes record `slot` of class k: the class's last record moves into its place. */
@inline function removeAt(k: i32, slot: i32): void {
  const n = i32At(COUNT, k) - 1;
  setI32(COUNT, k, n);
  if (slot == n) return;
  const to = recordAt(k, slot);
  const from = recordAt(k, n);
  const bytes = width(k);
  for (let o: usize = 0; o < bytes; o += 8) store<f64>(to + o, load<f64>(from + o));
}

/** e^{−(t−t₀)/ε} of a cluster record (k ≥ 2) at the current time. */
@inline function decayOf(record: usize): f64 {
  return Math.exp(-(time - load<f64>(record, 8)) / epsilon);
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
  store<f64>(record, time, 8);
}

/**
 * Splits the k-cluster at `record`, flowed to now, into a uniform random j-subset, written as a
 * new record at `taken`, and the other k − j members, written at `kept`; members keep their order.
 */
function split(record: usize, k: i32, j: i32, kept: usize, taken: usize): void {
  const m = load<f64>(record);
  const decay = decayOf(record);
  if (j == 1 || j == k - 1) {
    // One member r alone (a free particle), the others together (k − 1 ≥ 2 of them: a record with a header).
    const r = k == 2 ? 0 : index(uniform(), k);
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
  // Knuth's Algorithm S: member i joins the subset with probability (still needed)/(still remaining).
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
 * Runs events while the next one happens at or before T (and there is one), at most maxEvents of
 * them; stops early after an event that left a class above its limit.
 *
 * @returns REACHED, DONE, FULL or VIOLATION.
 */
export function advance(T: f64, maxEvents: f64): i32 {
  loadGenerator();
  full = false;
  let status = DONE;
  for (let e: f64 = 0; e < maxEvents; e++) {
    if (isNaN(nextEventTime)) {
      totalRate = update();
      nextEventTime = totalRate > 0 ? time + exponential() / totalRate : Infinity;
    }
    if (!(nextEventTime <= T) || nextEventTime == Infinity) {
      status = REACHED;
      break;
    }
    if (!step()) {
      status = VIOLATION;
      break;
    }
    if (full) {
      status = FULL;
      break;
    }
  }
  storeGenerator();
  return status;
}

/** Fires the drawn next event; false when a debug check failed. */
@inline function step(): bool {
  time = nextEventTime;
  nextEventTime = NaN;
  events++;
  const channel = pick(uniform() * totalRate);
  const share = within / f64At(RATE, channel);
  return i32At(KIND, channel) == 0 ? coagulateIn(channel, share) : fragmentIn(channel, share);
}

/**
 * Merges an i-cluster and a j-cluster, each uniform in its class (share picks the first) and
 * distinct if i = j: the new (i + j)-record, x's members then y's flowed to now, goes at the end
 * of its class, then x and y leave theirs.
 */
@inline function coagulateIn(channel: i32, share: f64): bool {
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
  const merged = recordAt(k, i32At(COUNT, k));
  const before = debug ? memberSum(x, i) + memberSum(y, j) : 0;
  const sum = flowInto(x, i, memberAt(merged, k, 0)) + flowInto(y, j, memberAt(merged, k, i));
  setHeader(merged, k, sum);
  removeAt(i, slotX);
  // y was the last of a like class: the removal of x moved it into x's slot.
  removeAt(j, i == j && slotY == i32At(COUNT, i) ? slotX : slotY);
  added(k);
  setF64(MERGES, channel, f64At(MERGES, channel) + 1);
  return !debug || conserved(0, before, memberSum(merged, k));
}

/**
 * Splits a uniformly drawn k-cluster (share picks it) into a uniform random j-subset and the
 * rest, j ~ μ(j,k−j): the rest goes at the end of class k − j, then the subset at the end of
 * class j, then the k-cluster leaves its class.
 */
@inline function fragmentIn(channel: i32, share: f64): bool {
  const k = i32At(A, channel);
  const slot = index(share, i32At(COUNT, k));
  const j = k == 2 ? 1 : splitSize(k, uniform());
  const c = recordAt(k, slot);
  const before = debug ? memberSum(c, k) : 0;
  const kept = recordAt(k - j, i32At(COUNT, k - j));
  const taken = k - j == j ? kept + width(j) : recordAt(j, i32At(COUNT, j));
  split(c, k, j, kept, taken);
  removeAt(k, slot);
  added(k - j);
  added(j);
  const at = i32At(SPLIT_START, k) + j - 1;
  setF64(SPLITS, at, f64At(SPLITS, at) + 1);
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
