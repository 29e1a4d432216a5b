/**
 * Runtime of the spatial kinetic reference (33) with free transport in d = 1 at its default
 * resolution (velocity spacing 0.1, dt = 0.05, x grid 32 cells) on the default config with a box
 * of 32 cells and a cosine density wave of amplitude 0.5 (times [0, 0.5, 1, 2], N(0, 1), λ = μ = 1).
 *
 * Run: npx tsx scripts/bench/kinetic-space.bench.ts
 */
import { cpus } from "node:os";
import { solveSpace33 } from "../../src/kinetic/space-33.js";
import { parseConfig } from "../../src/model/config.js";

const config = parseConfig({ space: { length: 1, cells: 32 }, initial: { distribution: "normal", position: { distribution: "cosine", amplitude: 0.5 } } });
console.log(`node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}`);
const started = performance.now();
const { summary } = solveSpace33(config);
const { xCells, vNodes } = summary.diagnostics as { xCells: number; vNodes: number };
console.log(`spatial (33), d = 1: ${((performance.now() - started) / 1000).toFixed(1)} s (${xCells} x-cells × ${vNodes} velocity nodes, t ≤ 2)`);
