/**
 * The N-study: the statistical error against the number of samples N·R. For each (N, R) of a
 * grid, a particle ensemble on the same configuration; at one time t the standard errors of M_1
 * and V_1 and the histogram noise √(Σ_b w_b SE_b²) of f_1 are recorded, and the slope q of
 * SE ≈ C·(N·R)^q is fitted (expected q = −1/2). Each standard error is itself estimated from R
 * replicas, with relative error ≈ 1/√(2(R − 1)); that is its weight in the fit
 * (src/study/order-fit.ts, weighted least squares with a t-based interval).
 *
 * @module
 */
import { simulateEnsemble } from "../ensemble/simulate-ensemble.js";
import type { ModelConfig } from "../model/config.js";
import type { RunOutput } from "../contract/run-output.js";
import { timeIndex } from "./moment-distance.js";
import { fitOrder, type OrderFit } from "./order-fit.js";

export interface NStudyRow {
  N: number;
  replicas: number;
  samples: number;
  M1Stderr: number;
  V1Stderr: number;
  f1Noise: number;
  wallSeconds: number;
}

export interface NStudy {
  kind: "study-n";
  config: ModelConfig;
  t: number;
  rows: NStudyRow[];
  fits: Record<"M1Stderr" | "V1Stderr" | "f1Noise", OrderFit>;
  expected: number;
  methods: Record<string, string>;
}

/**
 * The standard error of a standard error estimated from R replicas, SE/√(2(R − 1)) (its relative
 * error for near-normal replica means); the weight of each point in the fitted slope.
 *
 * @example
 * stderrOfStderr(0.01, 9) // 0.0025
 */
export function stderrOfStderr(stderr: number, replicas: number): number {
  return stderr / Math.sqrt(2 * (replicas - 1));
}

export const DEFAULT_N_GRID: [number, number][] = [
  [1000, 8],
  [4000, 8],
  [16000, 8],
  [4000, 32],
  [16000, 32],
];

/**
 * The N-study: standard errors of M_1, V_1 and the f_1 histogram noise against N·R on a grid of
 * (N, R), with the fitted slope (expected −1/2), at time `t` (added to the config's times).
 *
 * @example
 * const study = await runNStudy(parseConfig({}), [[500, 4], [2000, 4], [2000, 16]], 1);
 * study.fits.M1Stderr.p // ≈ −0.5
 */
export async function runNStudy(
  base: ModelConfig,
  grid: [number, number][] = DEFAULT_N_GRID,
  t = 1,
  runParticles: (c: ModelConfig) => RunOutput | Promise<RunOutput> = (c) => simulateEnsemble(c),
  onProgress: (m: string) => void = () => {},
): Promise<NStudy> {
  const times = [...new Set([...base.times, t])].sort((a, b) => a - b);
  const rows: NStudyRow[] = [];
  for (const [i, [N, replicas]] of grid.entries()) {
    onProgress(`N = ${N}, R = ${replicas}`);
    const out = await runParticles({ ...base, N, replicas, times, seed: base.seed + i });
    const it = timeIndex(out.summary.times, t);
    const h = out.f1!;
    const f1Noise = Math.sqrt(h.stderr[it].reduce((s, se, b) => s + (h.edges[b + 1] - h.edges[b]) * se * se, 0));
    rows.push({ N, replicas, samples: N * replicas, M1Stderr: out.summary.observables.M1.stderr[it], V1Stderr: out.summary.observables.V1.stderr[it], f1Noise, wallSeconds: out.summary.wallSeconds });
  }
  const fit = (key: "M1Stderr" | "V1Stderr" | "f1Noise") =>
    fitOrder(rows.map((r) => ({ epsilon: r.samples, value: r[key], stderr: stderrOfStderr(r[key], r.replicas) })));
  return {
    kind: "study-n",
    config: { ...base, times },
    t,
    rows,
    fits: { M1Stderr: fit("M1Stderr"), V1Stderr: fit("V1Stderr"), f1Noise: fit("f1Noise") },
    expected: -0.5,
    methods: { fit: "slope of ln SE against ln(N·R), weighted least squares with weights from the relative error 1/√(2(R−1)) of an estimated standard error; 95% CI t-based" },
  };
}
