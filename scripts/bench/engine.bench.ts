/**
 * Benchmark of the particle engine (src/engine): events per second and memory per particle for
 * the paper's constant kernels λ = μ = 1, ε = 0.1, kmax = 3, M = 1, all particles free and
 * N(0,1) at t = 0 — the same system as ../shared/bench/limit.c, the compiled yardstick, which
 * this script builds and runs beside the engine when a C compiler and the file are present.
 *
 *   npm run bench                                   table for N = 1e3 … 1e7, saved to results/bench/engine.json
 *   npm run bench -- --N 1e6 --events 2e7 --json    one size, one JSON line
 *
 * Shared machines are noisy (±25% between minutes here), so each size is measured `--repeats`
 * times, the engine and limit.c interleaved, and the best of each is reported: the ratio then
 * compares the two programs, not the two moments. When the machine is oversubscribed (more
 * runnable processes than cores), wall time measures the scheduler more than the programs, so
 * CPU time (user + system) is reported beside it: the engine's around its events, limit.c's as
 * the child's CPU time from /proc (Linux; including its setup, under 2% of its run).
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { ParticleSystem } from "../../src/engine/particle-system.js";
import { replicaStream } from "../../src/rng.js";

interface BenchRow {
  N: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Events per second of CPU time (user + system); null where it could not be measured. */
  eventsPerCpuSecond: number | null;
  bytesPerParticle: number;
}

const LIMIT_C = fileURLToPath(new URL("../../../shared/bench/limit.c", import.meta.url));

/** Times `events` events of the engine at size N, after a warm-up of min(events/10, 10⁶) events. */
export function benchEngine(N: number, events: number, seed = 1): BenchRow {
  const system = new ParticleSystem({ N, epsilon: 0.1, mass: 1, kmax: 3, lambda: 1, mu: 1 }, replicaStream(seed, 0)).seed({
    distribution: "normal",
    mean: 0,
    sd: 1,
    pairedFraction: 0,
  });
  system.runEvents(Math.min(Math.floor(events / 10), 1e6));
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  system.runEvents(events);
  const { user, system: kernel } = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { N, events, seconds, eventsPerSecond: events / seconds, eventsPerCpuSecond: events / ((user + kernel) / 1e6), bytesPerParticle: system.state.byteLength() / N };
}

/** CPU seconds (user + system) of the children this process has waited for (/proc/self/stat, 100 ticks/s), or null off Linux. */
function childCpuSeconds(): number | null {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** Runs ../shared/bench/limit.c with the same N and events, if it can be built here. */
function benchLimitC(N: number, events: number): BenchRow | null {
  if (!existsSync(LIMIT_C)) return null;
  const binary = "/tmp/alignsim-limit";
  try {
    if (!existsSync(binary)) execFileSync("cc", ["-O2", "-o", binary, LIMIT_C, "-lm"], { stdio: "ignore" });
    const cpu = childCpuSeconds();
    const row = JSON.parse(execFileSync(binary, [String(N), String(events)]).toString());
    const after = childCpuSeconds();
    return { ...row, eventsPerCpuSecond: cpu === null || after === null ? null : events / (after - cpu) };
  } catch {
    return null;
  }
}

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run bench --")
  .usage("$0 [--N n --events e] [--json]")
  .option("N", { type: "number", describe: "one system size (default: the table 1e3 … 1e7)" })
  .option("events", { type: "number", default: 2e7, describe: "events timed per size" })
  .option("json", { type: "boolean", default: false, describe: "print one JSON line per size, no table" })
  .option("c", { type: "boolean", default: true, describe: "also run ../shared/bench/limit.c (--no-c to skip)" })
  .option("repeats", { type: "number", default: 3, describe: "measurements per size (engine and limit.c interleaved); the best is reported" })
  .strict()
  .parseSync();

const sizes = argv.N ? [argv.N] : [1e3, 1e4, 1e5, 1e6, 1e7];
const rows: (BenchRow & { limitC: BenchRow | null; ratio: number | null; cpuRatio: number | null })[] = [];
/** The better of two measurements by `key` (a missing one loses). */
const best = <T extends BenchRow>(a: T | null, b: T | null, key: "eventsPerSecond" | "eventsPerCpuSecond"): T | null =>
  !a || (b && (b[key] ?? 0) > (a[key] ?? 0)) ? b : a;
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);

for (const N of sizes) {
  let row: BenchRow | null = null;
  let rowCpu: BenchRow | null = null;
  let limitC: BenchRow | null = null;
  let limitCCpu: BenchRow | null = null;
  for (let r = 0; r < argv.repeats; r++) {
    const js = benchEngine(N, argv.events, r + 1);
    row = best(row, js, "eventsPerSecond");
    rowCpu = best(rowCpu, js, "eventsPerCpuSecond");
    const c = argv.c ? benchLimitC(N, argv.events) : null;
    limitC = best(limitC, c, "eventsPerSecond");
    limitCCpu = best(limitCCpu, c, "eventsPerCpuSecond");
  }
  if (!row || !rowCpu) throw new Error("--repeats must be at least 1");
  const entry = {
    ...row,
    eventsPerCpuSecond: rowCpu.eventsPerCpuSecond,
    limitC: limitC && { ...limitC, eventsPerCpuSecond: limitCCpu?.eventsPerCpuSecond ?? null },
    ratio: ratio(row.eventsPerSecond, limitC?.eventsPerSecond),
    cpuRatio: ratio(rowCpu.eventsPerCpuSecond, limitCCpu?.eventsPerCpuSecond),
  };
  rows.push(entry);
  const rate = (x: number | null | undefined) => (x ? (x / 1e6).toFixed(2) : "–").padStart(6);
  if (argv.json) console.log(JSON.stringify(entry));
  else
    console.log(
      `N=${N.toExponential(0).padEnd(5)}  ${rate(row.eventsPerSecond)} M events/s (CPU ${rate(entry.eventsPerCpuSecond)})  ${row.bytesPerParticle.toFixed(1).padStart(5)} B/particle` +
        (limitC
          ? `   limit.c ${rate(limitC.eventsPerSecond)} (CPU ${rate(entry.limitC?.eventsPerCpuSecond)})   ratio ${entry.ratio!.toFixed(2)} (CPU ${entry.cpuRatio?.toFixed(2) ?? "–"})`
          : ""),
    );
}
if (!argv.N) {
  const out = fileURLToPath(new URL("../../results/bench/engine.json", import.meta.url));
  mkdirSync(fileURLToPath(new URL("../../results/bench/", import.meta.url)), { recursive: true });
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
  writeFileSync(out, `${JSON.stringify({ machine, events: argv.events, rows }, null, 2)}\n`);
  console.log(`saved ${out}`);
}
