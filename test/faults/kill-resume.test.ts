/**
 * kill -9 at 20 points of a run, then `--resume`: the resumed run is byte-identical to an
 * uninterrupted one, no file under a final name is ever partial, and no finished replica is lost
 * or simulated again.
 *
 * The points are file-system calls (open, write, fsync, close, rename, rm, mkdir) of the run,
 * traced once (test/faults/inject.mjs) and drawn from that trace with a fixed seed, so each test
 * kills at the same call every time: before the manifest is renamed into place, in the middle of a
 * replica file's write, between a replica's rename and the fsync of its folder, while the summary
 * is written, … A kill inside a write writes half its bytes first. The killed runs are child
 * processes of the compiled build (dist/, built by `npm test`); the resumes run in this process.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Xoshiro128 } from "../../src/rng.js";
import { outputBytes, tempDir } from "../ensemble/helpers.js";
import { alignsimChild, alignsimInProcess, finalFiles, TEMPORARY } from "./harness.js";

const KILLS = 20;
/** Small, fast replicas, many of them, on one worker: about 110 file-system calls in all. */
const run = (out: string) => ["run", "--N", "60", "--replicas", "8", "--times", "0,1", "--seed", "4", "--workers", "1", "--out", out];

/** A traced file-system call: the thread role, its ordinal in that thread, the call and its path. */
interface Point {
  role: "main" | "worker";
  at: number;
  call: string;
  path: string;
}

describe(`kill -9 at ${KILLS} seeded points of a run, then --resume`, () => {
  const reference = tempDir("alignsim-kill-ref-");
  const points: Point[] = [];
  let referenceFiles: Record<string, string> = {};

  beforeAll(async () => {
    const trace = join(tempDir("alignsim-trace-"), "trace.tsv");
    writeFileSync(trace, "");
    const result = await alignsimChild([...run(reference), "--quiet"], { trace });
    expect(result.code, result.stderr).toBe(0);
    const all = readFileSync(trace, "utf8").trim().split("\n").map((line): Point => {
      const [role, at, call, path] = line.split("\t");
      return { role: role as Point["role"], at: Number(at), call, path: path.replaceAll(reference, "OUT") };
    });
    // KILLS distinct calls, a partial Fisher–Yates shuffle with a fixed seed, in trace order
    const rng = new Xoshiro128("alignsim-faults:kill");
    const order = all.map((_, i) => i);
    for (let i = 0; i < KILLS; i++) {
      const j = i + Math.floor(rng.uniform() * (order.length - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    points.push(...order.slice(0, KILLS).sort((a, b) => a - b).map((i) => all[i]));
    referenceFiles = finalFiles(reference);
  }, 60_000);

  for (let k = 0; k < KILLS; k++) {
    it.concurrent(`kill point ${k + 1} of ${KILLS}: the run killed there and resumed gives the uninterrupted bytes`, async ({ expect }) => {
      const p = points[k];
      const where = `killed at ${p.role} call ${p.at}: ${p.call} ${p.path}`;
      const dir = tempDir("alignsim-kill-");
      const killed = await alignsimChild([...run(dir), "--quiet"], { kill: { role: p.role, at: p.at } });
      expect(killed.signal, where).toBe("SIGKILL");

      // every file under a final name is whole: the reference's bytes; no summary yet
      const left = finalFiles(dir);
      for (const [path, hash] of Object.entries(left)) expect(hash, `${where}: ${path}`).toBe(referenceFiles[path]);
      expect(left["summary.json"], where).toBeUndefined();
      const kept = Object.keys(left).filter((path) => path.startsWith("replicas/r")).length;

      const resumed = await alignsimInProcess([...run(dir), "--resume"], { built: true });
      expect(resumed.code, `${where}\n${resumed.stderr}`).toBe(0);
      expect(resumed.stdout, where).toContain(`(8 replicas, ${8 - kept} run now on 1 workers`);
      expect(outputBytes(dir), where).toEqual(outputBytes(reference));
      const after = finalFiles(dir);
      const { ["summary.json"]: _, ...sameBytes } = referenceFiles;
      expect(after, where).toMatchObject(sameBytes);
      expect(Object.keys(after).sort(), where).toEqual(Object.keys(referenceFiles).sort());
      expect(readdirSync(join(dir, "replicas")).filter((name) => TEMPORARY.test(name)), `${where}: replica temporaries left`).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);
  }
});
