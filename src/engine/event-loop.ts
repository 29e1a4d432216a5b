/**
 * The engine's event loop, compiled to WebAssembly from ./assembly/engine.ts by `npm run build:wasm`
 * into dist/engine.wasm, loaded by ./wasm-module.ts.
 *
 * @module
 */
import { instantiate } from "./wasm-module.js";

export { DONE, REACHED, VIOLATION } from "./wasm-module.js";

/** Why {@link EventLoop.advance} returned, besides the shared REACHED, DONE and VIOLATION: a class needs room, or a cluster larger than the channels cover formed, and the host lays out again. */
export const FULL = 2;

/** What {@link EventLoop.draws} draws: a raw 32-bit output, a uniform, an Exp(1). */
export const RAW = 0;
export const UNIFORM = 1;
export const EXPONENTIAL = 2;

/** The exports of dist/engine.wasm (see assembly/engine.ts for each). */
export interface EventLoop {
  readonly memory: WebAssembly.Memory;
  readonly time: WebAssembly.Global;
  readonly events: WebAssembly.Global;
  readonly maxSize: WebAssembly.Global;
  readonly violatedEvent: WebAssembly.Global;
  readonly violationMass: WebAssembly.Global;
  readonly momentumBefore: WebAssembly.Global;
  readonly momentumAfter: WebAssembly.Global;
  setSystem(generator: number, N: number, epsilon: number, debug: boolean): void;
  setTables(
    sizes: number,
    count: number,
    classes: number,
    limit: number,
    channels: number,
    kind: number,
    a: number,
    b: number,
    coefficient: number,
    offset: number,
    rate: number,
    merges: number,
    splitStart: number,
    splitCumulative: number,
    splits: number,
  ): void;
  /** Runs events up to time T, at most maxEvents of them; returns REACHED, DONE, FULL or VIOLATION. */
  advance(T: number, maxEvents: number): number;
  /** Draw i of kind kinds[i] (RAW, UNIFORM, EXPONENTIAL) into out[i], from the stream whose state is at `generator`. */
  draws(generator: number, kinds: number, out: number, n: number): void;
  heapBase(): number;
}

/**
 * A fresh instance of the event loop, with its own memory.
 *
 * @throws {IOError} when dist/engine.wasm has not been built.
 */
export function eventLoop(): EventLoop {
  return instantiate("engine") as unknown as EventLoop;
}
