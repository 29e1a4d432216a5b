/**
 * Ensemble statistics over replicas: the mean and the standard error of the mean of every
 * observable, cluster fraction and histogram cell, with replicas taken in index order so that
 * the numbers do not depend on which worker or machine produced which replica.
 *
 * @module
 */
import { mean, sampleStandardDeviation } from "simple-statistics";
import type { ReplicaResult, SimulationConfig } from "../engine/replica.js";
import type { ModelConfig } from "../model/config.js";
import { binEdges } from "../observables/histogram-f1.js";
import { provenance } from "../output/files.js";
import { OBSERVABLES, type Estimate, type RunOutput } from "../output/summary.js";

/**
 * Mean and standard error s/√R of a sample of R values; the standard error is NaN (written as
 * null in JSON) for R = 1, where it cannot be estimated.
 */
export function meanAndStderr(values: number[]): { mean: number; stderr: number } {
  return {
    mean: mean(values),
    stderr: values.length > 1 ? sampleStandardDeviation(values) / Math.sqrt(values.length) : Number.NaN,
  };
}

/** Estimates per index (time, or histogram cell) of a quantity given per replica: perReplica[r][i]. */
function estimate(perReplica: number[][]): Estimate {
  const out: Estimate = { mean: [], stderr: [] };
  for (let i = 0; i < perReplica[0].length; i++) {
    const s = meanAndStderr(perReplica.map((r) => r[i]));
    out.mean.push(s.mean);
    out.stderr.push(s.stderr);
  }
  return out;
}

/** Per-cell estimates of a histogram given per replica, per time, per cell. */
function cellEstimates(perReplica: number[][][]): { density: number[][]; stderr: number[][] } {
  const perTime = perReplica[0].map((_, t) => estimate(perReplica.map((r) => r[t])));
  return { density: perTime.map((e) => e.mean), stderr: perTime.map((e) => e.stderr) };
}

/**
 * Summarises the replicas of a run as a {@link RunOutput} (summary.json, f1.csv, f2.csv).
 *
 * @param replicas - results of replicas 0 … R−1 (any order; they are sorted by index).
 */
export function summarize(config: ModelConfig | SimulationConfig, replicas: ReplicaResult[], wallSeconds: number): RunOutput {
  const ordered = [...replicas].sort((a, b) => a.replica - b.replica);
  const sizes = [...new Set(ordered.flatMap((r) => Object.keys(r.clusterCounts)))].sort((a, b) => +a - +b);
  const zeros = config.times.map(() => 0);
  const events = { coagulation: {} as Record<string, number>, fragmentation: {} as Record<string, number> };
  for (const r of ordered) {
    for (const kind of ["coagulation", "fragmentation"] as const) {
      for (const [key, n] of Object.entries(r.events[kind])) events[kind][key] = (events[kind][key] ?? 0) + n;
    }
  }
  const { histogram } = config;
  return {
    summary: {
      source: "particles",
      config: config as ModelConfig,
      times: config.times,
      observables: Object.fromEntries(OBSERVABLES.map((name) => [name, estimate(ordered.map((r) => r.observables[name]))])) as RunOutput["summary"]["observables"],
      clusterCounts: Object.fromEntries(sizes.map((k) => [k, estimate(ordered.map((r) => r.clusterCounts[k] ?? zeros))])),
      events,
      replicas: ordered.length,
      wallSeconds,
      provenance: provenance(),
    },
    f1: { edges: binEdges(histogram.min, histogram.max, histogram.bins), ...cellEstimates(ordered.map((r) => r.f1)) },
    f2: { edges: binEdges(histogram.min, histogram.max, histogram.pairBins), ...cellEstimates(ordered.map((r) => r.f2)) },
  };
}
