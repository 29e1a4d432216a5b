/**
 * The engine's event loop, compiled to WebAssembly from ./assembly/engine.ts by `npm run build:wasm`
 * into dist/engine.wasm. The file is found relative to this module, two levels below the package
 * root both as src/engine/kernel.ts and as dist/engine/kernel.js. It is compiled once per process
 * (worker); every particle system gets its own instance and memory.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IOError } from "../errors.js";

const WASM = new URL("../../dist/engine.wasm", import.meta.url);

/** Why {@link EventKernel.advance} returned. */
export const REACHED = 0;
export const DONE = 1;
export const COVER = 2;
export const VIOLATION = 3;

/** The exports of dist/engine.wasm (see assembly/engine.ts for each). */
export interface EventKernel {
  readonly memory: WebAssembly.Memory;
  readonly time: WebAssembly.Global;
  readonly events: WebAssembly.Global;
  readonly nFree: WebAssembly.Global;
  readonly maxSize: WebAssembly.Global;
  readonly violatedEvent: WebAssembly.Global;
  readonly violationMass: WebAssembly.Global;
  readonly momentumBefore: WebAssembly.Global;
  readonly momentumAfter: WebAssembly.Global;
  setParticles(particles: number, clusters: number, free: number, count: number, members: number, generator: number, N: number, epsilon: number, debug: boolean): void;
  setChannels(
    n: number,
    sizes: number,
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
  formCluster(first: number, size: number): void;
  /** Runs events up to time T, at most maxEvents of them; returns REACHED, DONE, COVER or VIOLATION. */
  advance(T: number, maxEvents: number): number;
  exponentials(generator: number, out: number, n: number): void;
  heapBase(): number;
}

let compiled: WebAssembly.Module | undefined;

/**
 * A fresh instance of the event loop, with its own memory.
 *
 * @throws {IOError} when dist/engine.wasm has not been built.
 */
export function eventKernel(): EventKernel {
  if (!compiled) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(WASM));
    } catch {
      throw new IOError(fileURLToPath(WASM), "not built; run `npm run build:wasm`");
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return new WebAssembly.Instance(compiled, {}).exports as unknown as EventKernel;
}
