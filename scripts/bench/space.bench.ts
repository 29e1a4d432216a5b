/**
 * Benchmark of the spatial engine (src/engine/space): reactions (merges and splits) and cell
 * crossings per second of wall and CPU time, the cost per unit of simulated time, and memory per
 * particle, against N and the cells per axis C. The system: the paper's constant kernels
 * λ = μ = 1, ε = 0.1, kmax = 3, M = 1, box length L = 1, uniform positions, states N(0, 1) in
 * every component, all particles free at t = 0 (docs/space.md discusses the numbers).
 *
 *   npx tsx scripts/bench/space.bench.ts                       the table (d = 1: N = 10³ … 10⁵ × C = 1, 8, 64; d = 2: C = 32)
 *   npx tsx scripts/bench/space.bench.ts --d 2 --N 1e5 --C 32  one case
 *   npx tsx scripts/bench/space.bench.ts --json                one JSON line per case
 *
 * Each case times the simulated window t ∈ [0.5, 1.5] (past the initial layer of width O(ε), and
 * before alignment has slowed the particles much: the variance decays like e^{−0.57t} here), in as
 * many replicas as fit in `--seconds` of wall time (at least one). Memory per particle is what
 * the engine's arrays hold (SpatialSystem.byteLength).
 *
 * @module
 */
import { cpus } from "node:os";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { SpatialSystem } from "../../src/engine/space/spatial-system.js";
import { replicaStream } from "../../src/rng.js";

interface SpaceBenchRow {
  d: number;
  N: number;
  C: number;
  simulatedTime: number;
  reactions: number;
  crossings: number;
  seconds: number;
  cpuSeconds: number;
  reactionsPerSecond: number;
  crossingsPerSecond: number;
  /** Wall seconds per unit of simulated time (per replica). */
  secondsPerTime: number;
  /** Crossings per unit of simulated time, divided by N·C: about d·E|v_a|/L = 0.8d for free particles with N(0, 1) components and L = 1, less for clusters (they move at their means). */
  crossingsPerNC: number;
  bytesPerParticle: number;
}

/** Times one case: d, N, C, over the window [0.5, 1.5] of replicas 0, 1, … until `budget` wall seconds are spent. */
export function benchSpace(d: number, N: number, C: number, budget: number): SpaceBenchRow {
  let [reactions, crossings, seconds, cpuSeconds, simulatedTime, bytes] = [0, 0, 0, 0, 0, 0];
  for (let replica = 0; seconds < budget; replica++) {
    const system = new SpatialSystem({ N, epsilon: 0.1, mass: 1, kmax: 3, lambda: 1, mu: 1, dimension: d, box: { length: 1, cells: C } }, replicaStream(1, replica)).seed({
      distribution: "normal",
      mean: 0,
      sd: 1,
      pairedFraction: 0,
    });
    system.advanceTo(0.5);
    const [reactions0, crossings0] = [system.events, system.crossings];
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    system.advanceTo(1.5);
    const { user, system: kernel } = process.cpuUsage(cpu);
    seconds += Number(process.hrtime.bigint() - start) / 1e9;
    cpuSeconds += (user + kernel) / 1e6;
    reactions += system.events - reactions0;
    crossings += system.crossings - crossings0;
    simulatedTime += 1;
    bytes = system.byteLength();
  }
  return {
    d,
    N,
    C,
    simulatedTime,
    reactions,
    crossings,
    seconds,
    cpuSeconds,
    reactionsPerSecond: reactions / seconds,
    crossingsPerSecond: crossings / seconds,
    secondsPerTime: seconds / simulatedTime,
    crossingsPerNC: crossings / simulatedTime / (N * C),
    bytesPerParticle: bytes / N,
  };
}

const argv = yargs(hideBin(process.argv))
  .scriptName("npx tsx scripts/bench/space.bench.ts")
  .option("d", { type: "number", describe: "one dimension (with --N and --C)" })
  .option("N", { type: "number", describe: "one number of particles" })
  .option("C", { type: "number", describe: "one number of cells per axis" })
  .option("seconds", { type: "number", default: 2, describe: "wall seconds timed per case" })
  .option("json", { type: "boolean", default: false, describe: "one JSON line per case, no table" })
  .strict()
  .parseSync();

const cases: [number, number, number][] =
  argv.N !== undefined
    ? [[argv.d ?? 1, argv.N, argv.C ?? 1]]
    : [
        ...[1e3, 1e4, 1e5].flatMap((N) => [1, 8, 64].map((C) => [1, N, C] as [number, number, number])),
        [2, 1e4, 32],
        [2, 1e5, 32],
      ];
if (!argv.json) {
  console.log(`Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores`);
  console.log("d        N    C   reactions/s   crossings/s   wall s per unit t   CPU s per unit t   crossings/(N·C·t)   bytes/particle");
}
for (const [d, N, C] of cases) {
  const row = benchSpace(d, N, C, argv.seconds);
  if (argv.json) console.log(JSON.stringify(row));
  else
    console.log(
      `${d}  ${String(N).padStart(7)}  ${String(C).padStart(3)}  ${row.reactionsPerSecond.toExponential(2).padStart(12)}  ${row.crossingsPerSecond.toExponential(2).padStart(12)}  ${row.secondsPerTime.toExponential(2).padStart(18)}  ${(row.cpuSeconds / row.simulatedTime).toExponential(2).padStart(17)}  ${row.crossingsPerNC.toFixed(3).padStart(18)}  ${row.bytesPerParticle.toFixed(0).padStart(15)}`,
    );
}
