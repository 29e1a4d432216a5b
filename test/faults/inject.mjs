// Fault injection for the fault tests: preloaded into an `alignsim` child process with
// `node --import test/faults/inject.mjs bin/alignsim.mjs …`. Node runs a preload in every thread
// (the ensemble's worker threads too), and `syncBuiltinESMExports` makes the ES modules' named
// imports of node:fs see the patched functions, so every write of the process goes through here.
//
// ALIGNSIM_FAULT (JSON) says what to do at the file-system calls that change the disk (open,
// write, fsync, close, rename, rm, mkdir, unlink), counted per thread role ("main" or "worker"):
//   {"trace": FILE}                    append "role<TAB>n<TAB>call<TAB>path" to FILE for each call;
//   {"kill": {"role": R, "at": n}}     SIGKILL the process at call n of role R (a write writes
//                                      half its bytes first, as a write cut off by the kill);
//   {"enospc": {"path": REGEX}}        the first write to a file whose path matches REGEX writes
//                                      half its bytes, then fails with ENOSPC (a disk that fills up).
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { isMainThread } from "node:worker_threads";

const fault = JSON.parse(process.env.ALIGNSIM_FAULT || "null");
if (fault) {
  const original = { ...fs };
  const role = isMainThread ? "main" : "worker";
  const paths = new Map();
  let calls = 0;
  let enospcDone = false;

  const kill = () => {
    process.kill(process.pid, "SIGKILL");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000); // until the signal lands
  };

  /** Counts a call; returns true when the process must die at it. */
  const point = (call, path) => {
    calls++;
    if (fault.trace) original.appendFileSync(fault.trace, `${role}\t${calls}\t${call}\t${path}\n`);
    return Boolean(fault.kill && fault.kill.role === role && fault.kill.at === calls);
  };

  const wrap = (name, pathOf) => {
    fs[name] = (...args) => {
      if (point(name, String(pathOf(args)))) kill();
      return original[name](...args);
    };
  };

  fs.openSync = (...args) => {
    const dies = point("openSync", String(args[0]));
    if (dies) kill();
    const fd = original.openSync(...args);
    paths.set(fd, String(args[0]));
    return fd;
  };
  fs.writeSync = (fd, buffer, offset = 0, length = buffer.length - offset, position) => {
    const path = paths.get(fd) ?? `fd ${fd}`;
    const half = Math.floor(length / 2);
    if (point("writeSync", path)) {
      original.writeSync(fd, buffer, offset, half, position);
      original.fsyncSync(fd);
      kill();
    }
    if (fault.enospc && !enospcDone && new RegExp(fault.enospc.path).test(path)) {
      enospcDone = true;
      original.writeSync(fd, buffer, offset, half, position);
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: "ENOSPC", errno: -28, syscall: "write" });
    }
    return original.writeSync(fd, buffer, offset, length, position);
  };
  wrap("fsyncSync", ([fd]) => paths.get(fd) ?? `fd ${fd}`);
  fs.closeSync = (fd) => {
    const dies = point("closeSync", paths.get(fd) ?? `fd ${fd}`);
    if (dies) kill();
    paths.delete(fd);
    return original.closeSync(fd);
  };
  wrap("renameSync", ([from, to]) => `${from} -> ${to}`);
  wrap("rmSync", ([path]) => path);
  wrap("mkdirSync", ([path]) => path);
  wrap("unlinkSync", ([path]) => path);
  syncBuiltinESMExports();
}
