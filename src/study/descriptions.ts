/**
 * The kinetic descriptions a study compares the particles with, behind one small registry, so
 * that wiring in a solver is a one-line change of its `solve`.
 *
 * - `instantaneous`: the instantaneous limit (33) [KMS], `solveInstantaneous` (f_1 on a grid).
 *   {@link instantaneousMoments} gives its exact moments alone (Lemma 3.4 and (32)), no f_1.
 * - `firstOrder`: the first-order system (14), `solveFirstOrder` (f_1 and f_2 on grids, time step
 *   min(0.05, ε/4)). Its moments alone close: (20), (23) and the derived second-moment system
 *   (`solveMoments`).
 *
 * For both, the f_1/f_2 histograms come from the grid solver and the scalar observables from the
 * exact moment solution of the same equation ({@link withMoments}): the grid solvers' moments
 * obey the same closed systems but carry their time-stepping error, which at ε ≤ 0.05 exceeds the
 * O(ε²) distance being measured (solveFirstOrder at dt = ε/4, ε = 0.025: 6.6e-5 from the exact
 * hierarchy instead of 1.8e-5).
 * - `momentsPrinted`: the paper's O(ε) moment systems with (29) as printed.
 * - `momentsExact`: the exact mean-field moment hierarchy, the N → ∞ limit of the particles at
 *   every ε (not a description to be tested, the reference the particles are validated against).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { solveFirstOrder } from "../kinetic/first-order-14.js";
import { solveInstantaneous } from "../kinetic/limit-33.js";
import { RECOMMENDED } from "../kinetic/resolution.js";
import { solveMomentsExact } from "../kinetic/moments-exact.js";
import { solveMoments } from "../kinetic/moments.js";
import { initialMoments } from "../kinetic/initial-moments.js";
import { pairRates } from "../kinetic/paper-rates.js";
import { limitVariance, reducedSystem34 } from "../kinetic/stability.js";
import type { ModelConfig } from "../model/config.js";
import { OBSERVABLES, type Estimate, type ObservableName, type RunOutput } from "../contract/run-output.js";

export type DescriptionName = "instantaneous" | "firstOrder" | "momentsPrinted" | "momentsExact";

export interface Description {
  /** Short label for tables and legends, with the paper's equation number. */
  label: string;
  /** What is solved, and by which function. */
  describe: string;
  /** The order expected from [KMS] for the distance particles ↔ description (null: reference). */
  expectedOrder: number | null;
  solve(config: ModelConfig): RunOutput;
}

/**
 * The resolution of solveFirstOrder in the ε-study: h = 0.05 (half the recommended spacing),
 * triple term 4× coarser (H = 0.2), dt = min(0.05, ε/4). Measured self-convergence of the f_1
 * histogram (L2 over t ∈ {1, 2}, study config, docs/study-readme.md "Reference result"): at
 * h = 0.1 the solver carries an ε-independent error of 7·10⁻⁴ (h = 0.1 vs 0.05 at ε = 0.1 and
 * 0.025; the pair remap, O(h²)), plus 3.8·10⁻⁴ from the number of remaps (dt = ε/4 vs ε/8), which
 * would floor the particle–(14) distance; h = 0.05 cuts both about fourfold. The triple-term
 * coarsening error is O(εH²): 7.6·10⁻⁵ at ε = 0.1, H = 0.2.
 */
export function STUDY_FIRST_ORDER_RESOLUTION(epsilon: number) {
  return { ...RECOMMENDED.firstOrder, spacing: 0.05, dt: Math.min(RECOMMENDED.firstOrder.dt, epsilon / 4) };
}

/** The registry the ε-study uses. Replace a `solve` to wire in a solver. */
export const DESCRIPTIONS: Record<DescriptionName, Description> = {
  instantaneous: {
    label: "(33) instantaneous limit",
    describe: "instantaneous limit (33) for f_1 on a velocity grid (solveInstantaneous)",
    expectedOrder: 1,
    solve: (config) => withMoments(solveInstantaneous(config), instantaneousMoments(config)),
  },
  firstOrder: {
    label: "(14) first-order system",
    describe: "first-order system (14) for (f_1, f_2) on velocity grids (solveFirstOrder, h = 0.05, triple term on H = 0.2, dt = min(0.05, ε/4))",
    expectedOrder: 2,
    solve: (config) =>
      withMoments(
        solveFirstOrder(config, STUDY_FIRST_ORDER_RESOLUTION(config.epsilon)),
        solveMoments(config, { secondMoments: "derived" }),
      ),
  },
  momentsPrinted: {
    label: "(20), (23), (29) as printed",
    describe: "the paper's O(ε) moment systems with the second-moment system (29) as printed",
    expectedOrder: null,
    solve: (config) => relabel(solveMoments(config, { secondMoments: "printed29" }), "kinetic:moments-printed29"),
  },
  momentsExact: {
    label: "exact moment hierarchy",
    describe: "exact mean-field moment hierarchy of the cluster model (solveMomentsExact), the N → ∞ limit of the particles",
    expectedOrder: null,
    solve: (config) => solveMomentsExact(config),
  },
};

/** The descriptions whose distance to the particles is fitted for an order. */
export const TESTED_DESCRIPTIONS: DescriptionName[] = ["instantaneous", "firstOrder", "momentsPrinted"];

/**
 * A grid solver's output with its observables replaced by those of the exact moment solution of
 * the same equation (histograms untouched); the replacement is recorded in the diagnostics.
 */
export function withMoments(grid: RunOutput, moments: RunOutput): RunOutput {
  return {
    ...grid,
    summary: {
      ...grid.summary,
      observables: moments.summary.observables,
      diagnostics: { ...grid.summary.diagnostics, observablesFrom: `${moments.summary.source} (exact moments of the same equation; histograms from ${grid.summary.source})` },
    },
  };
}

function relabel(output: RunOutput, source: string): RunOutput {
  return { ...output, summary: { ...output.summary, source } };
}

/**
 * The moments of the instantaneous limit (33) at the config's times: M_1 = M, I_1 = M·E[v],
 * V_1(t) = V_1(0)·exp(−2λ_{1,1}Mt/(2 + μ_{1,1})) (Lemma 3.4), and the pair moments of (32)
 * slaved to them (Lemma 3.4's reduced system). Assembled from src/kinetic/stability.ts; no f_1.
 */
export function instantaneousMoments(config: ModelConfig): RunOutput {
  const started = performance.now();
  const rates = pairRates(config);
  const { mass, free } = initialMoments(config);
  const M1 = mass;
  const I1 = mass * free.mean;
  const V10 = mass * (free.second - free.mean ** 2);
  const rows = config.times.map((t) => {
    const V1 = limitVariance(V10, rates, M1, t);
    const slaved = reducedSystem34(rates, M1, I1, V1);
    return { M1, M2: slaved.M2, M3: 0, I1, I2: slaved.I2, V1, V2: slaved.V2, V2bar: slaved.V2bar, V2tilde: slaved.V2tilde, v_inf: free.mean } as Record<ObservableName, number>;
  });
  const exact = (values: number[]): Estimate => ({ mean: values, stderr: values.map(() => 0) });
  return {
    summary: {
      source: "kinetic:limit-33-moments",
      config,
      times: [...config.times],
      observables: Object.fromEntries(OBSERVABLES.map((name) => [name, exact(rows.map((r) => r[name]))])) as Record<ObservableName, Estimate>,
      clusterCounts: { "1": exact(rows.map(() => 1)) },
      events: { coagulation: {}, fragmentation: {} },
      replicas: 0,
      wallSeconds: (performance.now() - started) / 1000,
      diagnostics: { note: "moments of (33) from Lemma 3.4 [KMS]; exact for pairedFraction 0" },
    },
  };
}
