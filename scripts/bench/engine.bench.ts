/**
 * Benchmark of the particle engine (src/engine): events per second and memory per particle for
 * the paper's constant kernels λ = μ = 1, ε = 0.1, kmax = 3, M = 1, all particles free and
 * N(0,1) at t = 0, beside two compiled yardsticks of the same system, each built with `gcc -O2`
 * and run when gcc and its source are present (neither is needed to run the engine):
 *
 * - limit.c (../shared/bench/limit.c, outside the repository): the same algorithm in C, states
 *   and flows included, with one record per cluster holding its members' ids;
 * - counts SSA (./counts-ssa.c): Gillespie's direct method on the cluster counts alone, no
 *   states, as a compiled SSA such as GillesPy2's C++ solver runs it; its cost per event does not
 *   depend on N.
 *
 *   npm run bench                                   table for N = 1e3 … 1e7, saved to results/bench/engine.json
 *   npm run bench -- --N 1e6 --events 2e7 --json    one size, one JSON line
 *   npm run bench -- --limit-c /work/shared/bench/limit.c    limit.c from elsewhere (a git worktree)
 *
 * Shared machines are noisy (±25% between minutes), so each size is measured `--repeats` times,
 * the three programs interleaved, and the best of each is reported: the ratios then compare the
 * programs, not the moments. When the machine is oversubscribed (more runnable processes than
 * cores), wall time measures the scheduler more than the programs, so CPU time (user + system)
 * is reported beside it: the engine's around its events, a yardstick's as it reports it
 * (`cpuSeconds`, the counts SSA) or else as the child's CPU time from /proc (Linux, 10 ms ticks;
 * including its setup, under 2% of its run).
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
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

type Yardstick = "limit.c" | "counts SSA";

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

/** Builds each yardstick whose source is present with `gcc -O2` into a fresh temporary directory; the binaries by name. */
function buildYardsticks(sources: Record<Yardstick, string>): Partial<Record<Yardstick, string>> {
  const dir = mkdtempSync(join(tmpdir(), "alignsim-bench-"));
  const built: Partial<Record<Yardstick, string>> = {};
  for (const [name, source] of Object.entries(sources) as [Yardstick, string][]) {
    if (!existsSync(source)) continue;
    const binary = join(dir, name.replace(/\W+/g, "-"));
    try {
      execFileSync("gcc", ["-O2", "-o", binary, source, "-lm"], { stdio: "ignore" });
      built[name] = binary;
    } catch {
      // no gcc, or it failed: the table goes without this yardstick
    }
  }
  return built;
}

/** Runs a built yardstick with the same N and events. */
function benchYardstick(binary: string, N: number, events: number): BenchRow {
  const cpu = childCpuSeconds();
  const row = JSON.parse(execFileSync(binary, [String(N), String(events)]).toString());
  const after = childCpuSeconds();
  const seconds = row.cpuSeconds ?? (cpu === null || after === null ? null : after - cpu);
  return { ...row, eventsPerCpuSecond: seconds ? events / seconds : null };
}

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run bench --")
  .usage("$0 [--N n --events e] [--json]")
  .option("N", { type: "number", describe: "one system size (default: the table 1e3 … 1e7)" })
  .option("events", { type: "number", default: 2e7, describe: "events timed per size" })
  .option("json", { type: "boolean", default: false, describe: "print one JSON line per size, no table" })
  .option("c", { type: "boolean", default: true, describe: "also run the compiled yardsticks (--no-c to skip)" })
  .option("limit-c", { type: "string", default: fileURLToPath(new URL("../../../shared/bench/limit.c", import.meta.url)), describe: "source of limit.c" })
  .option("repeats", { type: "number", default: 3, describe: "measurements per size (the programs interleaved); the best is reported" })
  .strict()
  .parseSync();

if (argv.repeats < 1) throw new Error("--repeats must be at least 1");
const sizes = argv.N ? [argv.N] : [1e3, 1e4, 1e5, 1e6, 1e7];
const binaries = argv.c ? buildYardsticks({ "limit.c": argv.limitC, "counts SSA": fileURLToPath(new URL("./counts-ssa.c", import.meta.url)) }) : {};
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
type Measured = BenchRow & { best: { wall: number; cpu: number | null } };
/** Keeps the best wall and the best CPU rate of the measurements so far. */
const keep = (a: Measured | undefined, b: BenchRow): Measured => {
  const cpu = Math.max(a?.best.cpu ?? 0, b.eventsPerCpuSecond ?? 0) || null;
  const row = !a || b.eventsPerSecond > a.eventsPerSecond ? b : a;
  return { ...row, best: { wall: Math.max(a?.best.wall ?? 0, b.eventsPerSecond), cpu } };
};
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);
const rate = (x: number | null | undefined) => (x ? (x / 1e6).toFixed(2) : "–").padStart(6);

if (!argv.json) console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; best of ${argv.repeats}; M events/s wall (per CPU s)`);
const rows = [];
for (const N of sizes) {
  let engine: Measured | undefined;
  const yardsticks: Partial<Record<Yardstick, Measured>> = {};
  for (let r = 0; r < argv.repeats; r++) {
    engine = keep(engine, benchEngine(N, argv.events, r + 1));
    for (const [name, binary] of Object.entries(binaries) as [Yardstick, string][]) yardsticks[name] = keep(yardsticks[name], benchYardstick(binary, N, argv.events));
  }
  const e = engine!;
  const entry = {
    N,
    events: argv.events,
    eventsPerSecond: e.best.wall,
    eventsPerCpuSecond: e.best.cpu,
    bytesPerParticle: e.bytesPerParticle,
    yardsticks: Object.fromEntries(
      Object.entries(yardsticks).map(([name, y]) => [
        name,
        { eventsPerSecond: y.best.wall, eventsPerCpuSecond: y.best.cpu, bytesPerParticle: y.bytesPerParticle, ratio: ratio(e.best.wall, y.best.wall), cpuRatio: ratio(e.best.cpu, y.best.cpu) },
      ]),
    ),
  };
  rows.push(entry);
  if (argv.json) console.log(JSON.stringify(entry));
  else
    console.log(
      `N=${N.toExponential(0).padEnd(5)}  alignsim ${rate(e.best.wall)} (${rate(e.best.cpu)})  ${e.bytesPerParticle.toFixed(1).padStart(5)} B/particle` +
        Object.entries(entry.yardsticks)
          .map(([name, y]) => `   ${name} ${rate(y.eventsPerSecond)} (${rate(y.eventsPerCpuSecond)}) ratio ${y.ratio?.toFixed(2) ?? "–"} (${y.cpuRatio?.toFixed(2) ?? "–"})`)
          .join(""),
    );
}
if (!argv.N) {
  const out = fileURLToPath(new URL("../../results/bench/engine.json", import.meta.url));
  mkdirSync(fileURLToPath(new URL("../../results/bench/", import.meta.url)), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine, events: argv.events, repeats: argv.repeats, rows }, null, 2)}\n`);
  console.log(`saved ${out}`);
}
