/**
 * Runtime of the spatial kinetic references in d = 1 at their default resolutions on the default
 * config with a box of 32 cells and a cosine density wave of amplitude 0.5 (ε = 0.1, times
 * [0, 0.5, 1, 2], N(0, 1), λ = μ = 1): (33) with free transport (velocity spacing 0.1, dt = 0.05,
 * 32 x-cells) and (14) with free transport of singles and pairs (h = 0.1, dt = ε/4).
 *
 * Run: npx tsx scripts/bench/kinetic-space.bench.ts
 */
import { cpus } from "node:os";
import { solveSpace14 } from "../../src/kinetic/space/first-order-14.js";
import { solveSpace33 } from "../../src/kinetic/space/limit-33.js";
import { parseConfig } from "../../src/model/config.js";

const config = parseConfig({ space: { length: 1, cells: 32 }, initial: { distribution: "normal", position: { distribution: "cosine", amplitude: 0.5 } } });
console.log(`node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}`);
for (const [name, solve] of [
  ["(33) in space", solveSpace33],
  ["(14) in space", solveSpace14],
] as const) {
  const started = performance.now();
  const { summary } = solve(config);
  const { diagnostics } = summary;
  if (!diagnostics || !("xCells" in diagnostics)) throw new Error(`${name} reports no spatial grid`);
  const { xCells, vNodes, dt } = diagnostics;
  console.log(`${name}, d = 1: ${((performance.now() - started) / 1000).toFixed(1)} s (${xCells} x-cells × ${vNodes} velocity nodes, dt = ${dt}, t ≤ 2)`);
}
