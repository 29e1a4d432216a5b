/**
 * Benchmark of the ensemble runner (src/ensemble): parallel efficiency and merge time.
 *
 * 1. Parallel efficiency: an ensemble whose replicas take about `--seconds` each (N calibrated on
 *    one replica of the paper's constant kernels, ε = 0.1, kmax = 3, times 0, 0.5, 1, 2) is run
 *    with W = 1, 2 and the number of cores workers; speed-up S_W = T_1/T_W, efficiency S_W/W.
 *    The times are those of `runEnsemble` end to end: worker start-up, replica files, summary.
 * 2. Merge: `--merge-replicas` (10⁴) replica files of the default config (N = 10⁴, 80 f1 bins,
 *    40² f2 cells, 4 times) are written from a few real replicas (re-indexed copies, so their
 *    size and sparsity are real), then merged by `mergeRunDirs` as `alignsim merge` does; for
 *    comparison, the time to JSON.parse the same number of dense JSON replica records.
 *
 * The load average is printed before and after: timings taken on a loaded machine are not
 * efficiency figures.
 *
 *   npm run bench:ensemble
 *   npm run bench:ensemble -- --seconds 0.5 --replicas 8 --repeat 3 --merge-replicas 1e4
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { runReplica } from "../../src/engine/replica.js";
import { mergeRunDirs } from "../../src/ensemble/merge.js";
import { listReplicaFiles, writeReplicaFile } from "../../src/ensemble/replica-file.js";
import { recordOfResult } from "../../src/ensemble/replica-record.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { ensureManifest } from "../../src/ensemble/run-dir.js";
import { parseConfig } from "../../src/model/config.js";

const argv = yargs(hideBin(process.argv))
  .option("seconds", { type: "number", default: 1, describe: "target seconds per replica" })
  .option("replicas", { type: "number", describe: "replicas per timed ensemble [default: 4 × the largest W]" })
  .option("merge-replicas", { type: "number", default: 1e4, describe: "replica files to merge (0 to skip)" })
  .option("efficiency", { type: "boolean", default: true, describe: "time W = 1, 2, cores (--no-efficiency to skip)" })
  .option("repeat", { type: "number", default: 1, describe: "time each W this many times (interleaved) and keep the fastest" })
  .strict()
  .parseSync();

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const cores = availableParallelism();
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores, date: new Date().toISOString() };
console.log(`node ${machine.node}, ${machine.cpu}, ${cores} cores (availableParallelism); load average before: ${load()}`);

const report: Record<string, unknown> = { machine, loadBefore: loadavg() };

if (argv.efficiency) {
  // Calibrate N so that one replica takes about argv.seconds.
  let N = 20_000;
  let seconds = 0;
  for (let i = 0; i < 4; i++) {
    const config = parseConfig({ N, replicas: 1 });
    runReplica(config, 0); // warm-up
    const start = performance.now();
    runReplica(config, 1);
    seconds = (performance.now() - start) / 1000;
    if (Math.abs(seconds / argv.seconds - 1) < 0.15) break;
    N = Math.max(1000, Math.round((N * argv.seconds) / seconds));
  }
  const Ws = [...new Set([1, 2, cores])].sort((a, b) => a - b);
  const R = argv.replicas ?? 4 * Ws[Ws.length - 1];
  const config = parseConfig({ N, replicas: R, seed: 11 });
  console.log(`\nparallel efficiency: N = ${N} (one replica ≈ ${seconds.toFixed(2)} s in this thread), R = ${R} replicas`);
  console.log("W".padStart(3), "seconds".padStart(9), "speed-up".padStart(9), "efficiency".padStart(11), "  load");
  const rows: { W: number; seconds: number; speedup: number; efficiency: number; load: number[] }[] = [];
  const best = new Map<number, { seconds: number; load: number[] }>();
  for (let rep = 0; rep < argv.repeat; rep++) {
    for (const W of Ws) {
      const dir = mkdtempSync(join(tmpdir(), "alignsim-bench-"));
      const start = performance.now();
      await runEnsemble({ config, outDir: dir, workers: W });
      const t = (performance.now() - start) / 1000;
      rmSync(dir, { recursive: true, force: true });
      if (!(t >= (best.get(W)?.seconds ?? Infinity))) best.set(W, { seconds: t, load: loadavg() });
    }
  }
  for (const W of Ws) {
    const { seconds: t, load: l } = best.get(W)!;
    const speedup = best.get(1)!.seconds / t;
    rows.push({ W, seconds: t, speedup, efficiency: speedup / W, load: l });
    console.log(String(W).padStart(3), t.toFixed(2).padStart(9), speedup.toFixed(2).padStart(9), (speedup / W).toFixed(2).padStart(11), `  ${l.map((x) => x.toFixed(2)).join(" ")}`);
  }
  report.efficiency = { N, secondsPerReplica: seconds, replicas: R, rows };
}

if (argv["merge-replicas"] > 0) {
  const R = Math.round(argv["merge-replicas"]);
  const config = parseConfig({ replicas: R, seed: 12 });
  const dir = mkdtempSync(join(tmpdir(), "alignsim-merge-"));
  const manifest = ensureManifest(dir, config);
  const real = Array.from({ length: 8 }, (_, r) => recordOfResult(runReplica(config, r)));
  let start = performance.now();
  for (let r = 0; r < R; r++) writeReplicaFile(dir, { ...real[r % real.length], replica: r }, manifest.fingerprint);
  const writeSeconds = (performance.now() - start) / 1000;
  const bytes = [...listReplicaFiles(dir).values()].reduce((s, p) => s + statSync(p).size, 0);
  start = performance.now();
  const output = mergeRunDirs([dir]);
  const mergeSeconds = (performance.now() - start) / 1000;
  // The JSON alternative: parse R dense JSON records of the same replica (no file I/O).
  const json = JSON.stringify(runReplica(config, 0));
  start = performance.now();
  for (let r = 0; r < R; r++) JSON.parse(json);
  const jsonSeconds = (performance.now() - start) / 1000;
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nmerge: ${R} replica files, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / R / 1e3).toFixed(1)} kB each, dense JSON would be ${(json.length / 1e3).toFixed(0)} kB each)` +
      `\n  written in ${writeSeconds.toFixed(1)} s (fsync each), merged in ${mergeSeconds.toFixed(2)} s (${output.summary.replicas} replicas);` +
      ` JSON.parse alone of ${R} dense JSON records: ${jsonSeconds.toFixed(2)} s`,
  );
  report.merge = { replicas: R, bytes, writeSeconds, mergeSeconds, jsonParseSeconds: jsonSeconds, jsonBytesPerReplica: json.length };
}

console.log(`\nload average after: ${load()}`);
report.loadAfter = loadavg();
const outDir = fileURLToPath(new URL("../../results/bench/", import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "ensemble.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote results/bench/ensemble.json`);
