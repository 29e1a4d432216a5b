// The event loop of the particle engine, compiled to WebAssembly (AssemblyScript; `npm run build:wasm`).
//
// It runs the algorithm of src/engine/particle-system.ts on the arrays that src/engine/state.ts
// lays out in this module's memory: draw the waiting time, pick the channel with probability
// rate/R, pick the clusters uniformly from their size classes, coagulate or fragment them with the
// exact alignment flow of src/engine/flow.ts. The host (TypeScript) lays out the memory, forms
// the initial clusters, tabulates the kernels into channels (src/engine/direct-method.ts), and
// reads the state to observe it; this module only runs events. Its random stream is the host's
// xoshiro128** (src/rng.ts), carried on from the host's state and handed back after each run.

// ---- Memory laid out by the host (byte addresses) ----------------------------------------------

/**
 * Particles: 16-byte records { v: f64 (the state at its cluster's update time), next: i32 (the
 * next member of its cluster, −1 at the end) }. Clusters by id: 32-byte records { head, tail,
 * size, slot (in the size class): i32; mean, updated: f64 }. A record is one cache line fetch:
 * at large N an event is bound by cache misses on random clusters and particles.
 */
let PARTICLES: usize = 0;
let CLUSTERS: usize = 0;
/** Stack of unused cluster ids (i32). */
let FREE: usize = 0;
/** count[k] = N_k (i32, count[0] = 0); members[k] = address of the ids of the k-clusters (u32). */
let COUNT: usize = 0;
let MEMBERS: usize = 0;
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
let epsilon: f64 = 1;
let debug: bool = false;

// ---- State shared with the host -----------------------------------------------------------------

/** Current time, time of the next event (NaN: not drawn yet) and the total rate it was drawn with; events so far; unused cluster ids. */
export let time: f64 = 0;
let nextEventTime: f64 = NaN;
let totalRate: f64 = 0;
export let events: f64 = 0;
export let nFree: i32 = 0;
/** Largest size present so far, and the largest size the channels cover. */
export let maxSize: i32 = 0;
let coveredSizes: i32 = 0;
/** Debug mode: what the failed conservation check saw (event 0 = coagulation, 1 = fragmentation). */
export let violatedEvent: i32 = -1;
export let violationMass: f64 = 0;
export let momentumBefore: f64 = 0;
export let momentumAfter: f64 = 0;

/** Why {@link advance} returned. */
const REACHED: i32 = 0; // the next event is after T (or there is none)
const DONE: i32 = 1; // maxEvents events ran
const COVER: i32 = 2; // a cluster larger than the channels cover formed: the host rebuilds them
const VIOLATION: i32 = 3; // debug mode: an event did not conserve mass and momentum

/** Points the loop at the host's layout: particle and cluster records, free ids, size classes, generator state. */
export function setParticles(particles: usize, clusters: usize, free: usize, count: usize, members: usize, generator: usize, N: i32, eps: f64, check: bool): void {
  particleCount = N;
  PARTICLES = particles;
  CLUSTERS = clusters;
  FREE = free;
  COUNT = count;
  MEMBERS = members;
  GENERATOR = generator;
  epsilon = eps;
  debug = check;
}

/** Points the loop at the channel tables the host has just laid out for sizes up to `sizes`. */
export function setChannels(n: i32, sizes: i32, kind: usize, a: usize, b: usize, coefficient: usize, offset: usize, rate: usize, merges: usize, splitStart: usize, splitCumulative: usize, splits: usize): void {
  channels = n;
  coveredSizes = sizes;
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
@inline function particle(p: i32): usize {
  return PARTICLES + (<usize>p << 4);
}
@inline function stateOf(p: i32): f64 {
  return load<f64>(particle(p));
}
@inline function setState(p: i32, v: f64): void {
  store<f64>(particle(p), v);
}
@inline function nextOf(p: i32): i32 {
  return load<i32>(particle(p), 8);
}
@inline function setNext(p: i32, q: i32): void {
  store<i32>(particle(p), q, 8);
}
@inline function cluster(c: i32): usize {
  return CLUSTERS + (<usize>c << 5);
}
@inline function headOf(c: i32): i32 {
  return load<i32>(cluster(c));
}
@inline function setHead(c: i32, p: i32): void {
  store<i32>(cluster(c), p);
}
@inline function tailOf(c: i32): i32 {
  return load<i32>(cluster(c), 4);
}
@inline function setTail(c: i32, p: i32): void {
  store<i32>(cluster(c), p, 4);
}
@inline function sizeOf(c: i32): i32 {
  return load<i32>(cluster(c), 8);
}
@inline function setSize(c: i32, k: i32): void {
  store<i32>(cluster(c), k, 8);
}
@inline function slotOf(c: i32): i32 {
  return load<i32>(cluster(c), 12);
}
@inline function setSlot(c: i32, slot: i32): void {
  store<i32>(cluster(c), slot, 12);
}
@inline function meanOf(c: i32): f64 {
  return load<f64>(cluster(c), 16);
}
@inline function setMean(c: i32, m: f64): void {
  store<f64>(cluster(c), m, 16);
}
@inline function updatedOf(c: i32): f64 {
  return load<f64>(cluster(c), 24);
}
@inline function setUpdated(c: i32, t: f64): void {
  store<f64>(cluster(c), t, 24);
}
@inline function classOf(k: i32): usize {
  return <usize>load<u32>(MEMBERS + (<usize>k << 2));
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

/** For the tests of the ziggurat: fills out[0 … n−1] with Exp(1) draws of the stream whose state is at `generator`. */
export function exponentials(generator: usize, out: usize, n: i32): void {
  GENERATOR = generator;
  loadGenerator();
  for (let i = 0; i < n; i++) setF64(out, i, exponential());
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

// ---- Size classes and clusters, as src/engine/state.ts -----------------------------------------

@inline function addToClass(c: i32): void {
  const k = sizeOf(c);
  if (k > maxSize) maxSize = k;
  const n = i32At(COUNT, k);
  setI32(classOf(k), n, c);
  setSlot(c, n);
  setI32(COUNT, k, n + 1);
}

@inline function removeFromClass(c: i32): void {
  const k = sizeOf(c);
  const list = classOf(k);
  const n = i32At(COUNT, k) - 1;
  setI32(COUNT, k, n);
  const last = i32At(list, n);
  const slot = slotOf(c);
  setI32(list, slot, last);
  setSlot(last, slot);
}

/** Forms a cluster of the particles first … first + size − 1 now; their states are current. */
export function formCluster(first: i32, size: i32): void {
  const c = i32At(FREE, --nFree);
  let sum: f64 = 0;
  for (let p = first; p < first + size; p++) {
    setNext(p, p + 1 < first + size ? p + 1 : -1);
    sum += stateOf(p);
  }
  setHead(c, first);
  setTail(c, first + size - 1);
  setSize(c, size);
  setMean(c, sum / <f64>size);
  setUpdated(c, time);
  addToClass(c);
}

/** Flows the members of c to now, m + e^{−(t−t₀)/ε}(v − m) (src/engine/flow.ts), and writes them back. Returns Σ v. */
@inline function bringUpToDate(c: i32): f64 {
  // A free particle's mean is its state: no need to fetch its record.
  if (sizeOf(c) == 1) return meanOf(c);
  const head = headOf(c);
  const m = meanOf(c);
  const decay = Math.exp(-(time - updatedOf(c)) / epsilon);
  let sum: f64 = 0;
  for (let p = head; p != -1; p = nextOf(p)) {
    const v = m + decay * (stateOf(p) - m);
    setState(p, v);
    sum += v;
  }
  setUpdated(c, time);
  return sum;
}

/** Merges cluster y into cluster x now. */
@inline function coagulate(x: i32, y: i32): void {
  const sum = bringUpToDate(x) + bringUpToDate(y);
  removeFromClass(x);
  removeFromClass(y);
  setNext(tailOf(x), headOf(y));
  setTail(x, tailOf(y));
  const size = sizeOf(x) + sizeOf(y);
  setSize(x, size);
  setMean(x, sum / <f64>size);
  setUpdated(x, time);
  setI32(FREE, nFree++, y);
  addToClass(x);
}

/** Splits c now into a uniform random j-subset, which becomes the returned cluster, and the rest. */
function fragment(c: i32, j: i32): i32 {
  bringUpToDate(c);
  removeFromClass(c);
  const k = sizeOf(c);
  const d = i32At(FREE, --nFree);
  if (j == 1 || j == k - 1) splitOffOne(c, d, k == 2 ? 0 : index(uniform(), k), j == 1);
  else splitOffSubset(c, d, j);
  setUpdated(c, time);
  setUpdated(d, time);
  addToClass(c);
  addToClass(d);
  return d;
}

/** Unlinks the r-th member p of c; p becomes cluster d (`alone`) or stays as c while d takes the others. */
function splitOffOne(c: i32, d: i32, r: i32, alone: bool): void {
  const k = sizeOf(c);
  let previous = -1;
  let p = headOf(c);
  for (let i = 0; i < r; i++) {
    previous = p;
    p = nextOf(p);
  }
  if (previous == -1) setHead(c, nextOf(p));
  else setNext(previous, nextOf(p));
  if (tailOf(c) == p) setTail(c, previous);
  setNext(p, -1);
  let sum: f64 = 0;
  for (let q = headOf(c); q != -1; q = nextOf(q)) sum += stateOf(q);
  const others = alone ? c : d;
  const single = alone ? d : c;
  setHead(others, headOf(c));
  setTail(others, tailOf(c));
  setSize(others, k - 1);
  setMean(others, sum / <f64>(k - 1));
  setHead(single, p);
  setTail(single, p);
  setSize(single, 1);
  setMean(single, stateOf(p));
}

/** Moves a uniformly random j-subset of c's members into cluster d (Knuth's Algorithm S). */
function splitOffSubset(c: i32, d: i32, j: i32): void {
  const k = sizeOf(c);
  let keptHead = -1;
  let keptTail = -1;
  let takenHead = -1;
  let takenTail = -1;
  let keptSum: f64 = 0;
  let takenSum: f64 = 0;
  let needed = j;
  let remaining = k;
  for (let p = headOf(c); p != -1; ) {
    const following = nextOf(p);
    setNext(p, -1);
    if (needed > 0 && uniform() * <f64>remaining < <f64>needed) {
      if (takenTail == -1) takenHead = p;
      else setNext(takenTail, p);
      takenTail = p;
      takenSum += stateOf(p);
      needed--;
    } else {
      if (keptTail == -1) keptHead = p;
      else setNext(keptTail, p);
      keptTail = p;
      keptSum += stateOf(p);
    }
    remaining--;
    p = following;
  }
  setHead(c, keptHead);
  setTail(c, keptTail);
  setSize(c, k - j);
  setMean(c, keptSum / <f64>(k - j));
  setHead(d, takenHead);
  setTail(d, takenTail);
  setSize(d, j);
  setMean(d, takenSum / <f64>j);
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
 * them; stops early after an event that formed a cluster larger than the channels cover.
 *
 * @returns REACHED, DONE, COVER or VIOLATION.
 */
export function advance(T: f64, maxEvents: f64): i32 {
  loadGenerator();
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
    if (maxSize > coveredSizes) {
      status = COVER;
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

/** Merges an i-cluster and a j-cluster, each uniform in its class (share picks the first) and distinct if i = j. */
@inline function coagulateIn(channel: i32, share: f64): bool {
  const i = i32At(A, channel);
  const j = i32At(B, channel);
  const slotX = index(share, i32At(COUNT, i));
  const x = i32At(classOf(i), slotX);
  let y: i32;
  if (i == j) {
    // Uniform among the other N_i − 1 clusters of the class: skip x's slot.
    const slotY = index(uniform(), i32At(COUNT, i) - 1);
    y = i32At(classOf(i), slotY < slotX ? slotY : slotY + 1);
  } else y = i32At(classOf(j), index(uniform(), i32At(COUNT, j)));
  const before = debug ? memberSum(x) + memberSum(y) : 0;
  coagulate(x, y);
  setF64(MERGES, channel, f64At(MERGES, channel) + 1);
  return !debug || conserved(0, before, memberSum(x));
}

/** Splits a uniformly drawn k-cluster (share picks it) into a uniform random j-subset and the rest, j ~ μ(j,k−j). */
@inline function fragmentIn(channel: i32, share: f64): bool {
  const k = i32At(A, channel);
  const c = i32At(classOf(k), index(share, i32At(COUNT, k)));
  const j = k == 2 ? 1 : splitSize(k, uniform());
  const before = debug ? memberSum(c) : 0;
  const part = fragment(c, j);
  const at = i32At(SPLIT_START, k) + j - 1;
  setF64(SPLITS, at, f64At(SPLITS, at) + 1);
  return !debug || conserved(1, before, memberSum(c) + memberSum(part));
}

/** Debug mode: Σ of the member states of c, flowed to now without writing them. */
function memberSum(c: i32): f64 {
  const m = meanOf(c);
  const decay = sizeOf(c) == 1 ? 1 : Math.exp(-(time - updatedOf(c)) / epsilon);
  let sum: f64 = 0;
  for (let p = headOf(c); p != -1; p = nextOf(p)) sum += m + decay * (stateOf(p) - m);
  return sum;
}

/** Debug mode: mass Σ_k k·N_k = N and the touched clusters' momentum kept (to rounding); records a failure. */
function conserved(event: i32, before: f64, after: f64): bool {
  let mass: f64 = 0;
  for (let k = 1; k <= maxSize; k++) mass += <f64>k * <f64>i32At(COUNT, k);
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
