/**
 * The spatial engine's event loop, compiled to WebAssembly from ../assembly/space.ts by
 * `npm run build:wasm` into dist/space.wasm. It imports the host's logarithm and exponential, so
 * that its floating-point results are the host's to the bit.
 *
 * @module
 */
import { instantiate } from "../wasm-module.js";

export { DONE, REACHED, VIOLATION } from "../wasm-module.js";

/** Why `advance` returned, besides the shared codes: a cluster larger than the channels cover formed, and the host rebuilds them. */
export const COVER = 2;

/** The exports of dist/space.wasm (see assembly/space.ts for each); addresses are byte offsets into `memory`. */
export interface SpaceEventLoop {
  readonly memory: WebAssembly.Memory;
  readonly V: WebAssembly.Global;
  readonly NEXT: WebAssembly.Global;
  /** The cluster records, CLUSTER_BYTES each: { updated, moved, mean[d], position[d] (f64); head, tail, size, slot, cellSlot, cell, axis (i32) }. */
  readonly CLUSTERS: WebAssembly.Global;
  readonly CLUSTER_BYTES: WebAssembly.Global;
  readonly GENERATOR: WebAssembly.Global;
  readonly COUNT: WebAssembly.Global;
  readonly MEMBERS: WebAssembly.Global;
  readonly maxSize: WebAssembly.Global;
  readonly time: WebAssembly.Global;
  readonly events: WebAssembly.Global;
  readonly crossings: WebAssembly.Global;
  readonly coveredSizes: WebAssembly.Global;
  readonly violatedEvent: WebAssembly.Global;
  readonly violationMass: WebAssembly.Global;
  readonly VIOLATION_SUMS: WebAssembly.Global;
  alloc(bytes: number): number;
  bytesUsed(): number;
  init(N: number, d: number, cellsPerAxis: number, length: number, width: number, half: number, epsilon: number, debug: boolean): void;
  uniforms(out: number, n: number): void;
  formCluster(first: number, size: number, x0: number, x1: number, x2: number): void;
  setChannels(
    n: number,
    sizes: number,
    a: number,
    b: number,
    coefficient: number,
    offset: number,
    count: number,
    splitRate: number,
    splitStart: number,
    splitCumulative: number,
    splitCount: number,
  ): void;
  refreshRates(): void;
  /** The crossing queue (exported for its test): queue id at time t (∞: remove), remove id, the earliest time (its id in `earliest`), re-queue with days of width w. */
  queueSet(id: number, t: number): void;
  queueRemove(id: number): void;
  nextCrossingTime(): number;
  rebuildQueue(w: number): void;
  readonly earliest: WebAssembly.Global;
  scheduleAll(): void;
  /** Runs reactions and crossings up to time T, until `until` reactions in all; returns REACHED, DONE, COVER or VIOLATION. */
  advance(T: number, until: number): number;
}

/**
 * A fresh instance of the spatial event loop, with its own memory.
 *
 * @throws {IOError} when dist/space.wasm has not been built.
 */
export function spaceEventLoop(): SpaceEventLoop {
  return instantiate("space", { env: { log: Math.log, exp: Math.exp } }) as unknown as SpaceEventLoop;
}

/** Copies `values` into fresh memory of the loop and returns its address. */
export function copyInto(loop: SpaceEventLoop, values: Int32Array | Float64Array): number {
  const at = loop.alloc(Math.max(8, values.byteLength));
  new (values.constructor as Int32ArrayConstructor | Float64ArrayConstructor)(loop.memory.buffer, at, values.length).set(values);
  return at;
}
