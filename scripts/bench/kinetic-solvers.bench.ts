/**
 * Runtime of the three velocity-resolved kinetic solvers at their recommended resolutions on the
 * default config (ε = 0.1, times [0, 0.5, 1, 2], N(0, 1) initial law, λ = μ = 1 for (1,1), (1,2)).
 *
 * Run: npx tsx scripts/bench/kinetic-solvers.bench.ts
 */
import { cpus } from "node:os";
import { solveFirstOrder } from "../../src/kinetic/equations/first-order-14.js";
import { solveInstantaneous } from "../../src/kinetic/equations/limit-33.js";
import { solveScalar } from "../../src/kinetic/equations/scalar-49.js";
import { parseConfig } from "../../src/model/config.js";

const config = parseConfig({});
console.log(`node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}`);
for (const [name, solve] of [
  ["instantaneous (33)", solveInstantaneous],
  ["first-order (14)", solveFirstOrder],
  ["scalar (49)", solveScalar],
] as const) {
  const runs = [0, 1, 2].map(() => {
    const started = performance.now();
    solve(config);
    return (performance.now() - started) / 1000;
  });
  console.log(`${name}: ${Math.min(...runs).toFixed(2)} s (best of 3; ${runs.map((r) => r.toFixed(2)).join(", ")})`);
}
