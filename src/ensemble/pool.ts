/**
 * A small pool of worker threads that runs replicas: W workers, one replica each at a time,
 * handed out in increasing replica order as workers become free. Scheduling changes only which
 * worker runs a replica and when, never its result (see worker.ts).
 *
 * On a failure (a replica throws, or its worker dies) no new replica is started, the replicas
 * already running finish and are written, and the pool reports the first failure. On
 * {@link ReplicaPool.interrupt} every worker is terminated at once; replicas already written stay.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { WorkerInput, WorkerReply } from "./worker.js";

/**
 * The worker's entry: the compiled worker.js next to this module in dist/; from the TypeScript
 * sources (vitest, tsx) a bootstrap that registers tsx's loader in the thread first.
 */
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? new URL("./worker-bootstrap.mjs", import.meta.url) : new URL("./worker.js", import.meta.url);

/** A finished replica, as its worker reported it. */
export type ReplicaDone = Extract<WorkerReply, { type: "done" }>;

/** How a pool run ended. */
export interface PoolOutcome {
  /** Replicas written during this run, in the order they finished. */
  finished: number[];
  /** The first failure, if any. */
  failure?: { replica: number; reason: string };
  /** True when {@link ReplicaPool.interrupt} stopped the run. */
  interrupted: boolean;
}

export class ReplicaPool {
  private readonly workers = new Set<Worker>();
  private stopping = false;
  private interrupted = false;

  /**
   * @param size - number of worker threads W ≥ 1.
   * @param input - what every worker is started with (config, output directory, …).
   */
  constructor(
    private readonly size: number,
    private readonly input: WorkerInput,
  ) {}

  /**
   * Runs `replicas` (increasing) and resolves when every worker has exited.
   *
   * @param onDone - called on the main thread as each replica's file is on disk.
   */
  run(replicas: number[], onDone: (done: ReplicaDone) => void): Promise<PoolOutcome> {
    const queue = [...replicas];
    const finished: number[] = [];
    let failure: PoolOutcome["failure"];
    return new Promise((resolve) => {
      const count = Math.min(this.size, queue.length);
      if (count === 0) {
        resolve({ finished, interrupted: false });
        return;
      }
      let live = count;
      for (let i = 0; i < count; i++) {
        const worker = new Worker(WORKER_ENTRY, { workerData: this.input });
        this.workers.add(worker);
        let current: number | undefined;
        const next = () => {
          current = this.stopping ? undefined : queue.shift();
          if (current === undefined) void worker.terminate();
          else worker.postMessage({ replica: current });
        };
        worker.on("message", (reply: WorkerReply) => {
          if (reply.type === "done") {
            finished.push(reply.replica);
            onDone(reply);
          } else {
            failure ??= { replica: reply.replica, reason: reply.message };
            this.stopping = true;
          }
          next();
        });
        worker.on("error", (error) => {
          if (current !== undefined && !this.interrupted) failure ??= { replica: current, reason: `its worker died: ${error.message}` };
          current = undefined;
          this.stopping = true;
        });
        worker.on("exit", (code) => {
          if (current !== undefined && !this.interrupted) {
            failure ??= { replica: current, reason: `its worker exited with code ${code}` };
            this.stopping = true;
          }
          this.workers.delete(worker);
          if (--live === 0) resolve({ finished, failure, interrupted: this.interrupted });
        });
        next();
      }
    });
  }

  /** Stops at once: terminates every worker; replicas already written stay on disk. */
  interrupt(): void {
    this.stopping = true;
    this.interrupted = true;
    for (const worker of this.workers) void worker.terminate();
  }
}
