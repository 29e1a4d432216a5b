/**
 * Benchmark of start-up: how long `alignsim --help` takes beyond a bare `node -e 0`, and how long
 * an ensemble worker thread of the compiled build takes to be ready (started, its modules loaded,
 * able to answer a replica request). Targets: `--help` within 0.3 s of `node -e 0`, a worker ready
 * within 0.1 s. Runs the compiled build (npm run build first).
 *
 * Each time is the best of `--repeat` runs, interleaved, since these machines are shared and noisy.
 * Worker readiness is the round trip of a replica of one particle observed at t = 0 minus that
 * replica's own wall time. Its file goes to a directory in memory (/dev/shm where there is one),
 * so that the disk's fsync latency, which is not start-up, stays out of the figure.
 *
 *   npm run bench:startup [-- --repeat 10]
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

const argv = yargs(hideBin(process.argv)).option("repeat", { type: "number", default: 10, describe: "runs per measurement; the fastest is kept" }).strict().parseSync();
const root = new URL("../../", import.meta.url);
const bin = new URL("bin/alignsim.mjs", root).pathname;
const workerEntry = new URL("dist/ensemble/worker.js", root);
if (!existsSync(workerEntry)) throw new Error("no compiled build: run `npm run build` first");

const { parseConfig } = (await import(new URL("dist/model/config.js", root).href)) as typeof import("../../src/model/config.js");
const { configFingerprint } = (await import(new URL("dist/ensemble/run-dir.js", root).href)) as typeof import("../../src/ensemble/run-dir.js");

function seconds(command: string, args: string[]): number {
  const start = performance.now();
  execFileSync(command, args, { stdio: "ignore" });
  return (performance.now() - start) / 1000;
}

async function workerReady(): Promise<number> {
  const outDir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "alignsim-startup-"));
  const config = parseConfig({ N: 1, times: [0], replicas: 1 });
  const start = performance.now();
  const worker = new Worker(workerEntry, { workerData: { config, outDir, fingerprint: configFingerprint(config), debug: false } });
  const reply = await new Promise<{ type: string; wallSeconds: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.postMessage({ replica: 0 });
  });
  const elapsed = (performance.now() - start) / 1000 - reply.wallSeconds;
  await worker.terminate();
  rmSync(outDir, { recursive: true, force: true });
  if (reply.type !== "done") throw new Error(`the worker failed: ${JSON.stringify(reply)}`);
  return elapsed;
}

const best = { node: Infinity, help: Infinity, runHelp: Infinity, worker: Infinity };
const loadBefore = loadavg()[0];
for (let i = 0; i < argv.repeat; i++) {
  best.node = Math.min(best.node, seconds(process.execPath, ["-e", "0"]));
  best.help = Math.min(best.help, seconds(process.execPath, [bin, "--help"]));
  best.runHelp = Math.min(best.runHelp, seconds(process.execPath, [bin, "run", "--help"]));
  best.worker = Math.min(best.worker, await workerReady());
}

const row = (what: string, value: number, target: string, ok: boolean) => console.log(`${what.padEnd(36)} ${value.toFixed(3).padStart(7)} s   ${target.padEnd(16)} ${ok ? "met" : "MISSED"}`);
console.log(`start-up, best of ${argv.repeat}; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
row("node -e 0", best.node, "", true);
row("alignsim --help", best.help, "", true);
row("alignsim --help − node -e 0", best.help - best.node, "target ≤ 0.3 s", best.help - best.node <= 0.3);
row("alignsim run --help − node -e 0", best.runHelp - best.node, "(for reference)", true);
row("worker ready (compiled build)", best.worker, "target ≤ 0.1 s", best.worker <= 0.1);
