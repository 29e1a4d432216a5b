/**
 * Loading of the compiled event loops: dist/<name>.wasm, built by `npm run build:wasm` from
 * src/engine/assembly/. The files are found relative to this module, two levels below the package
 * root both as src/engine/wasm-module.ts and as dist/engine/wasm-module.js. Each module is compiled
 * once per process (worker); every particle system gets its own instance and memory.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IOError } from "../errors.js";

/**
 * Why a compiled loop's `advance` returned: the next event is after T (or there is none); the
 * requested events ran; debug mode: an event did not conserve mass and momentum. Code 2 is each
 * loop's own call for the host (FULL, COVER).
 */
export const REACHED = 0;
export const DONE = 1;
export const VIOLATION = 3;

const compiled = new Map<string, WebAssembly.Module>();

/**
 * A fresh instance of dist/`name`.wasm, with its own memory.
 *
 * @param imports - what the module imports (e.g. the host's Math.log).
 * @throws {IOError} when the module has not been built.
 */
export function instantiate(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Exports {
  let module = compiled.get(name);
  if (!module) {
    const file = new URL(`../../dist/${name}.wasm`, import.meta.url);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch {
      throw new IOError(fileURLToPath(file), "not built; run `npm run build:wasm`");
    }
    module = new WebAssembly.Module(bytes);
    compiled.set(name, module);
  }
  return new WebAssembly.Instance(module, imports).exports;
}
