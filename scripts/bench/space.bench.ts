/**
 * Benchmark of the spatial engine (src/engine/space): reactions (merges and splits) and cell
 * crossings per second of wall and CPU time, the cost per unit of simulated time, and memory per
 * particle, against N and the cells per axis C. The system: the paper's constant kernels
 * λ = μ = 1, ε = 0.1, kmax = 3, M = 1, box length L = 1, uniform positions, states N(0, 1) in
 * every component, all particles free at t = 0 (docs/space.md discusses the numbers).
 *
 *   npm run bench:space                                  the table (d = 1: N = 10³ … 10⁵ × C = 1, 8, 64; d = 2: C = 32)
 *   npm run bench:space -- --d 1 --N 1e5 --C 64 --json   one case, one JSON line
 *
 * Each case times the simulated window t ∈ [0.5, 1.5] (past the initial layer of width O(ε), and
 * before alignment has slowed the particles much: the variance decays like e^{−0.57t} here), in as
 * many replicas as fit in `--seconds` of wall time (at least one). Memory per particle is what
 * the compiled loop's state holds (SpatialSystem.byteLength). With one cell (C = 1) the same
 * window of the same replicas is also run on the homogeneous engine, whose rates are then the
 * same, and the ratio of the two reaction rates per CPU second is reported (CPU time, since on a
 * shared machine wall time measures the scheduler as much as the program).
 *
 * @module
 */
import { cpus } from "node:os";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { ParticleSystem } from "../../src/engine/particle-system.js";
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
  /** CPU seconds (user + system) per unit of simulated time (per replica). */
  cpuSecondsPerTime: number;
  /** C = 1: reactions per CPU second of the homogeneous engine on the same window, and this engine's as a fraction of it. */
  homogeneousReactionsPerCpuSecond?: number;
  ratioToHomogeneous?: number;
  cores: number;
  /** Crossings per unit of simulated time, divided by N·C: about d·E|v_a|/L = 0.8d for free particles with N(0, 1) components and L = 1, less for clusters (they move at their means). */
  crossingsPerNC: number;
  bytesPerParticle: number;
}

/** Times one case: d, N, C, over the window [0.5, 1.5] of replicas 0, 1, … until `budget` wall seconds are spent. */
export function benchSpace(d: number, N: number, C: number, budget: number): SpaceBenchRow {
  let [reactions, crossings, seconds, cpuSeconds, simulatedTime, bytes, homogeneousReactions, homogeneousCpuSeconds] = [0, 0, 0, 0, 0, 0, 0, 0];
  const parameters = { N, epsilon: 0.1, mass: 1, kmax: 3, lambda: 1, mu: 1 };
  const initial = { distribution: "normal", mean: 0, sd: 1, pairedFraction: 0 } as const;
  let replica = 0;
  for (; seconds < budget; replica++) {
    const system = new SpatialSystem({ ...parameters, dimension: d, box: { length: 1, cells: C } }, replicaStream(1, replica)).seed(initial);
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
  if (C === 1 && d === 1) {
    for (let r = 0; r < replica; r++) {
      const system = new ParticleSystem(parameters, replicaStream(1, r)).seed(initial);
      system.advanceTo(0.5);
      const before = system.events;
      const cpu = process.cpuUsage();
      system.advanceTo(1.5);
      const { user, system: kernel } = process.cpuUsage(cpu);
      homogeneousCpuSeconds += (user + kernel) / 1e6;
      homogeneousReactions += system.events - before;
    }
  }
  const homogeneousReactionsPerCpuSecond = homogeneousReactions / homogeneousCpuSeconds;
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
    cpuSecondsPerTime: cpuSeconds / simulatedTime,
    ...(homogeneousReactions > 0 ? { homogeneousReactionsPerCpuSecond, ratioToHomogeneous: reactions / cpuSeconds / homogeneousReactionsPerCpuSecond } : {}),
    cores: cpus().length,
    crossingsPerNC: crossings / simulatedTime / (N * C),
    bytesPerParticle: bytes / N,
  };
}

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run bench:space --")
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
  console.log("d        N    C   reactions/s   crossings/s   wall s per unit t   CPU s per unit t   crossings/(N·C·t)   bytes/particle   C = 1: × homogeneous (CPU)");
}
for (const [d, N, C] of cases) {
  const row = benchSpace(d, N, C, argv.seconds);
  if (argv.json) console.log(JSON.stringify(row));
  else
    console.log(
      `${d}  ${String(N).padStart(7)}  ${String(C).padStart(3)}  ${row.reactionsPerSecond.toExponential(2).padStart(12)}  ${row.crossingsPerSecond.toExponential(2).padStart(12)}  ${row.secondsPerTime.toExponential(2).padStart(18)}  ${(row.cpuSeconds / row.simulatedTime).toExponential(2).padStart(17)}  ${row.crossingsPerNC.toFixed(3).padStart(18)}  ${row.bytesPerParticle.toFixed(0).padStart(15)}  ${row.ratioToHomogeneous === undefined ? "" : row.ratioToHomogeneous.toFixed(2).padStart(14)}`,
    );
}
