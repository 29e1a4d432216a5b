/**
 * Shared tools of the fault tests: the CLI run in this process (fast, for the bad inputs) or as a
 * child process with faults injected (test/faults/inject.mjs: kill -9, ENOSPC), and a snapshot of
 * a directory tree that tells whether a command wrote anything.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { main } from "../../src/cli/index.js";

export const BIN = fileURLToPath(new URL("../../bin/alignsim.mjs", import.meta.url));
export const INJECT = fileURLToPath(new URL("./inject.mjs", import.meta.url));
export const CWD = fileURLToPath(new URL("../..", import.meta.url));

/** What a command did: its exit status (or the signal that killed it) and what it printed. */
export interface Outcome {
  code: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/** `main` of the compiled build (dist/cli/index.js), whose ensembles start compiled workers. */
async function builtMain(): Promise<typeof main> {
  return (await import(new URL("../../dist/cli/index.js", import.meta.url).href)).main;
}

/**
 * Runs `alignsim ARGS` in this process, capturing what it prints and its exit status: `main` of
 * src/cli/index.ts, or of the compiled build with `built` (faster when the command starts worker
 * threads, which then need no TypeScript loader). Calls are serialised: the console and
 * `process.exitCode` are the process's own.
 */
export function alignsimInProcess(args: string[], { built = false } = {}): Promise<Outcome> {
  const run = async (): Promise<Outcome> => {
    const entry = built ? await builtMain() : main;
    const out: string[] = [];
    const err: string[] = [];
    const line = (sink: string[]) => (...parts: unknown[]) => void sink.push(`${parts.map(String).join(" ")}\n`);
    const chunk = (sink: string[]) => (data: string | Uint8Array) => (sink.push(String(data)), true);
    const spies = [
      vi.spyOn(console, "log").mockImplementation(line(out)),
      vi.spyOn(console, "info").mockImplementation(line(out)),
      vi.spyOn(console, "error").mockImplementation(line(err)),
      vi.spyOn(console, "warn").mockImplementation(line(err)),
      vi.spyOn(process.stdout, "write").mockImplementation(chunk(out) as typeof process.stdout.write),
      vi.spyOn(process.stderr, "write").mockImplementation(chunk(err) as typeof process.stderr.write),
    ];
    const before = process.exitCode;
    process.exitCode = undefined;
    try {
      await entry(args);
      return { code: Number(process.exitCode ?? 0), stdout: out.join(""), stderr: err.join("") };
    } catch (error) {
      return { code: 1, stdout: out.join(""), stderr: `${err.join("")}${(error as Error).stack}\n` };
    } finally {
      process.exitCode = before;
      for (const spy of spies) spy.mockRestore();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * Runs `alignsim ARGS` as a child process of the compiled build, with `fault` (see inject.mjs)
 * injected when given.
 */
export function alignsimChild(args: string[], fault?: object): Promise<Outcome> {
  const child = spawn(process.execPath, ["--import", INJECT, BIN, ...args], {
    cwd: CWD,
    env: { ...process.env, ALIGNSIM_FAULT: fault ? JSON.stringify(fault) : "", ALIGNSIM_TEST_FAIL_REPLICA: "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every file and folder under `dir`, relative path → SHA-256 of the bytes ("dir" for a folder). */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const key = relative(dir, path);
      if (statSync(path).isDirectory()) {
        out[key] = "dir";
        walk(path);
      } else out[key] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** The temporary of an atomic write (`NAME.<pid>-<thread>` of a replica file, `NAME.<pid>-<thread>.tmp` of a result). */
export const TEMPORARY = /\.\d+-\d+(\.tmp)?$/;

/** The files under their final names in `dir` (no folders, no temporaries), relative path → SHA-256. */
export function finalFiles(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tree(dir)).filter(([path, hash]) => hash !== "dir" && !TEMPORARY.test(path)));
}
