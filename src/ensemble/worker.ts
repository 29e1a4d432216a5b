/**
 * An ensemble worker thread: receives replica indices, runs each replica (its randomness is the
 * stream of (seed, r) alone, never anything of this worker), writes its file atomically and
 * replies with plain data. Loaded through worker-bootstrap.mjs.
 *
 * Test-only hook: `ALIGNSIM_TEST_FAIL_REPLICA=r` makes replica r throw, and
 * `ALIGNSIM_TEST_FAIL_REPLICA=r:exit` makes its worker thread die (exit code 3) instead, so that
 * the tests can check how failures are reported. Not for use outside the tests.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { runReplica } from "../engine/replica.js";
import type { ModelConfig } from "../model/config.js";
import { writeReplicaFile } from "./replica-file.js";
import { recordOfResult } from "./replica-record.js";

/** What a worker is started with (structured-cloned). */
export interface WorkerInput {
  config: ModelConfig;
  outDir: string;
  fingerprint: string;
  debug: boolean;
}

/** A worker's message: the replica is on disk, or it failed. */
export type WorkerReply =
  | { type: "done"; replica: number; eventCount: number; wallSeconds: number }
  | { type: "failed"; replica: number; message: string; stack?: string };

const input = workerData as WorkerInput;
const fail = /^(\d+)(:exit)?$/.exec(process.env.ALIGNSIM_TEST_FAIL_REPLICA ?? "");

parentPort!.on("message", ({ replica }: { replica: number }) => {
  let reply: WorkerReply;
  try {
    if (fail && Number(fail[1]) === replica) {
      if (fail[2]) process.exit(3);
      throw new Error("test-only failure injected by ALIGNSIM_TEST_FAIL_REPLICA");
    }
    const result = runReplica(input.config, replica, input.debug);
    writeReplicaFile(input.outDir, recordOfResult(result, input.config.dimension), input.fingerprint);
    reply = { type: "done", replica, eventCount: result.eventCount, wallSeconds: result.wallSeconds };
  } catch (error) {
    reply = { type: "failed", replica, message: (error as Error).message ?? String(error), stack: (error as Error).stack };
  }
  parentPort!.postMessage(reply);
});
