/**
 * A particle ensemble run in the calling thread: replicas 0 … R − 1 one after another, folded
 * into mean ± standard error exactly as the worker pool folds them. For parallel, resumable
 * ensembles that write replica files, use {@link runEnsemble}.
 *
 * @module
 */
import type { RunOutput } from "../contract/run-output.js";
import { runReplica, type SimulationConfig } from "../engine/replica.js";
import { summarize } from "./statistics.js";

/**
 * Runs replicas 0 … config.replicas − 1 in this thread and summarises them (mean, standard error
 * and Student-t 95 % interval over replicas).
 *
 * @param config - a validated config; kernels may also be functions.
 * @param debug - check conservation of mass and momentum at every event (slow).
 * @example
 * const out = simulateEnsemble(parseConfig({ N: 1000, replicas: 4, times: [0, 1] }));
 * out.summary.observables.M1.mean[0] // 1: every particle starts free
 */
export function simulateEnsemble(config: SimulationConfig, debug = false): RunOutput {
  const start = performance.now();
  const replicas = Array.from({ length: config.replicas }, (_, r) => runReplica(config, r, debug));
  return summarize(config, replicas, (performance.now() - start) / 1000);
}
