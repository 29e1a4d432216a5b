/**
 * The particle engine's library entry point.
 *
 * @module
 */
import { summarize } from "../ensemble/statistics.js";
import type { RunOutput } from "../output/summary.js";
import { runReplica, type SimulationConfig } from "./replica.js";

export { ParticleSystem } from "./particle-system.js";
export { runReplica, type ReplicaResult, type SimulationConfig } from "./replica.js";

/**
 * Runs replicas 0 … config.replicas − 1 one after another in this thread and summarises them
 * (mean and standard error over replicas). For parallel ensembles use the ensemble runner.
 */
export function simulateEnsemble(config: SimulationConfig, debug = false): RunOutput {
  const start = performance.now();
  const replicas = Array.from({ length: config.replicas }, (_, r) => runReplica(config, r, debug));
  return summarize(config, replicas, (performance.now() - start) / 1000);
}
