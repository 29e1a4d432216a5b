#!/usr/bin/env node
// Runs a TypeScript script (benchmarks, study scripts) through tsx's loader:
// `node bin/run-ts.mjs scripts/bench/engine.bench.ts --N 1e6`.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { register } from "tsx/esm/api";

register();
const [script, ...rest] = process.argv.slice(2);
if (!script) {
  console.error("usage: node bin/run-ts.mjs SCRIPT.ts [ARGS…]");
  process.exit(2);
}
process.argv = [process.argv[0], resolve(script), ...rest];
await import(pathToFileURL(resolve(script)).href);
