/**
 * `compareRuns`: the difference between two outputs of `run` or `kinetic` (the RunOutput
 * contract of src/contract/run-output.ts) on the same times and bins, with standard errors.
 *
 * Per observable and time: the difference, its standard error √(SE_A² + SE_B²) (a kinetic side
 * contributes 0, a one-replica run NaN) and the difference in units of that error (z).
 * Per time, for f_1 and (where both have it) f_2: the L1 distance with its noise floor, the
 * noise-debiased squared L2 distance with its standard error (./distances.js), and a χ²
 * goodness-of-fit test (./goodness-of-fit.js). Per time, smooth functionals of f_1 (CDF at a few
 * points, characteristic function at a few frequencies; ./functionals.js) with z-scores.
 * All standard errors are propagated from the per-cell standard errors; none is bootstrapped.
 *
 * @module
 */
import { OBSERVABLES, type RunOutput } from "../contract/run-output.js";
import { debiasedSquaredL2, differenceVariance, type EstimateNoise, l1Distance, rootOfSquared, SOLVER_ERROR_FRACTION, solverErrorNorm } from "./distances.js";
import { f1Noise, replicaDegreesOfFreedom } from "./estimate-noise.js";
import { IncomparableError } from "../errors.js";
import { applyFunctional, f1Functionals } from "./functionals.js";
import { chiSquareTest } from "./goodness-of-fit.js";

/** One side of a comparison, as the tables and captions name it. */
export interface RunDescription {
  label: string;
  source: string;
  N: number | null;
  replicas: number | null;
  seed: number | null;
  epsilon: number;
}

export interface ObservableRow {
  observable: string;
  t: number;
  a: number;
  aStderr: number;
  b: number;
  bStderr: number;
  diff: number;
  stderr: number;
  z: number;
}

export interface HistogramDistanceRow {
  density: "f1" | "f2";
  t: number;
  l1: number;
  l1Stderr: number;
  /** Expected L1 when the two densities agree: what noise alone gives. */
  l1NoiseFloor: number;
  /** Noise-debiased squared L2 distance and its standard error. */
  l2Squared: number;
  l2SquaredStderr: number;
  /** Σ w·σ², the noise removed from the raw squared L2 distance. */
  l2SquaredNoise: number;
  /** √max(l2Squared, 0) and its delta-method error. */
  l2: number;
  l2Stderr: number;
  /** "full": SE(L2²) from the replicas' covariance of the bins; "independent": bins treated as independent (no replica histograms at hand, or f_2). */
  covariance: "full" | "independent";
  chi2: number;
  df: number;
  pValue: number;
  /** Present when a side carries a solver error estimate (f1.error): its L2 norm, and whether l2 exceeds 4× it. */
  solverError?: number;
  resolved?: boolean;
}

export interface FunctionalRow {
  functional: string;
  t: number;
  a: number;
  b: number;
  diff: number;
  stderr: number;
  z: number;
}

/** What `alignsim compare` writes as comparison.json. */
export interface Comparison {
  kind: "comparison";
  a: RunDescription;
  b: RunDescription;
  times: number[];
  observables: ObservableRow[];
  histograms: HistogramDistanceRow[];
  functionals: FunctionalRow[];
  /** Config fields in which the two runs differ (other than N, replicas, seed). */
  configDifferences: string[];
  /** What the reader must know about the error bars (e.g. bins treated as independent). */
  notes: string[];
  methods: Record<string, string>;
}

export interface CompareOptions {
  labels?: [string, string];
  /** Points at which the CDFs of f_1 are compared (snapped to bin edges). */
  cdfPoints?: number[];
  /** Frequencies at which the characteristic functions of f_1 are compared. */
  frequencies?: number[];
}

/** How every number of a comparison is obtained; copied into comparison.json and the report. */
export const COMPARISON_METHODS: Record<string, string> = {
  stderr: "the standard error of a difference is √(SE_A² + SE_B²) (independent runs); kinetic outputs have SE 0; nothing is bootstrapped",
  l1: "L1 = Σ w|a − b| is biased upwards by noise; l1NoiseFloor = Σ w·SE·√(2/π) is its expectation when the densities agree; its stderr √(Σ w²SE²) is an upper bound",
  l2Squared:
    "noise-debiased squared L2: Σ w[(a − b)² − SE_a² − SE_b²], unbiased for the squared L2 distance of the bin averages; SE² = 4δᵀWΣ̄Wδ + 2tr((WΣ̄)²), Σ̄ the covariance of the bin averages over replicas (f_1: computed from the replicas' histograms, read from the run directory's replica files; f_2, or without replica files: diag(SE²), bins treated as independent, see `covariance` of each row), each term estimated without bias",
  chi2: "χ² = Σ (a − b)²/(SE_a² + SE_b²) over cells with relative SE ≤ 0.3 on each noisy side; df = number of such cells; approximate p-value (estimated variances)",
  solverError:
    "when a kinetic side carries an error estimate (f1.error, Richardson from a coarser solve), solverError = √(Σ w·err²) and the f_1 L2 distance counts as resolved only when solverError ≤ l2/4",
  functionals: "F(x) = CDF of f_1 at a bin edge (mass below x); φ(k) = characteristic function of the piecewise-constant f_1; linear in the cell masses, hence free of noise bias",
  weights: "w = bin width (f_1) or cell area (f_2), so sums approximate integrals over v",
};

/** Label, source and sizes of a run. */
export function describeRun(output: RunOutput, label?: string): RunDescription {
  const { summary } = output;
  const particles = summary.source === "particles";
  return {
    label: label ?? summary.source,
    source: summary.source,
    N: particles ? summary.config.N : null,
    replicas: particles ? summary.replicas : null,
    seed: particles ? summary.config.seed : null,
    epsilon: summary.config.epsilon,
  };
}

function sameNumbers(x: number[], y: number[]): boolean {
  return x.length === y.length && x.every((v, i) => Math.abs(v - y[i]) <= 1e-9 * Math.max(1, Math.abs(v)));
}

/**
 * Compares two outputs on the same times (and the same bins for each density both have).
 *
 * @param a - first output (e.g. particles); @param b - second output (e.g. a kinetic solution).
 * @throws {IncomparableError} when the times or the bin edges differ.
 * @example
 * const config = parseConfig({ N: 2000, replicas: 8, epsilon: 0.2, times: [0, 1] });
 * const c = compareRuns(simulateEnsemble(config), solveKinetic("moments-exact", config));
 * c.observables.length > 0 // true
 */
export function compareRuns(a: RunOutput, b: RunOutput, options: CompareOptions = {}): Comparison {
  const times = a.summary.times;
  if (!sameNumbers(times, b.summary.times)) throw new IncomparableError("times", JSON.stringify(times), JSON.stringify(b.summary.times));
  const [labelA, labelB] = options.labels ?? [a.summary.source, b.summary.source === a.summary.source ? `${b.summary.source} (B)` : b.summary.source];

  const observables: ObservableRow[] = [];
  for (const name of OBSERVABLES) {
    const ea = a.summary.observables[name];
    const eb = b.summary.observables[name];
    if (!ea || !eb) continue;
    times.forEach((t, i) => {
      const [ma, mb] = [ea.mean[i], eb.mean[i]];
      if (ma === null || mb === null || !Number.isFinite(ma) || !Number.isFinite(mb)) return;
      const sa = ea.stderr[i] ?? Number.NaN;
      const sb = eb.stderr[i] ?? Number.NaN;
      const stderr = Math.sqrt(differenceVariance(sa, sb));
      const diff = ma - mb;
      observables.push({ observable: name, t, a: ma, aStderr: sa, b: mb, bStderr: sb, diff, stderr, z: zScore(ma, mb, diff, stderr) });
    });
  }

  const histograms: HistogramDistanceRow[] = [];
  const functionals: FunctionalRow[] = [];
  if (a.f1 && b.f1) {
    if (!sameNumbers(a.f1.edges, b.f1.edges)) throw new IncomparableError("f_1 bins", edgeText(a.f1.edges), edgeText(b.f1.edges));
    const { edges } = a.f1;
    const widths = edges.slice(1).map((e, i) => e - edges[i]);
    const fs = f1Functionals(edges, options.cdfPoints ?? [-2, -1, 0, 1, 2], options.frequencies ?? [0.5, 1, 2]);
    times.forEach((t, i) => {
      const cells = widths.map((_, bin) => ({ time: i, bin }));
      const row = histogramRow("f1", t, a.f1!.density[i], f1Noise(a, cells), b.f1!.density[i], f1Noise(b, cells), widths);
      histograms.push(withSolverError(row, a.f1!.error?.[i], b.f1!.error?.[i], widths));
      for (const f of fs) {
        const fa = applyFunctional(f, a.f1!.density[i], a.f1!.stderr[i]);
        const fb = applyFunctional(f, b.f1!.density[i], b.f1!.stderr[i]);
        const stderr = Math.sqrt(fa.stderr ** 2 + fb.stderr ** 2);
        const diff = fa.value - fb.value;
        functionals.push({ functional: f.name, t, a: fa.value, b: fb.value, diff, stderr, z: zScore(fa.value, fb.value, diff, stderr) });
      }
    });
  }
  if (a.f2 && b.f2) {
    if (!sameNumbers(a.f2.edges, b.f2.edges)) throw new IncomparableError("f_2 bins", edgeText(a.f2.edges), edgeText(b.f2.edges));
    const w = (a.f2.edges[1] - a.f2.edges[0]) ** 2;
    const areas = a.f2.density[0].map(() => w);
    const noise = (output: RunOutput, i: number): EstimateNoise => ({ stderr: output.f2!.stderr[i], degreesOfFreedom: replicaDegreesOfFreedom(output) });
    times.forEach((t, i) => histograms.push(histogramRow("f2", t, a.f2!.density[i], noise(a, i), b.f2!.density[i], noise(b, i), areas)));
  }
  const independent = [...new Set(histograms.filter((h) => h.covariance === "independent").map((h) => h.density))];
  const notes = independent.map(
    (density) => `the SE of the ${density === "f1" ? "f₁" : "f₂"} L2 distances treats the bins as independent (${density === "f1" ? "no replica files in the run directory to take their covariance from" : "the covariance of f₂'s bins is not kept"}); bins are positively correlated, so it is too small`,
  );

  return {
    kind: "comparison",
    a: describeRun(a, labelA),
    b: describeRun(b, labelB),
    times,
    observables,
    histograms,
    functionals,
    configDifferences: configDifferences(a, b),
    notes,
    methods: COMPARISON_METHODS,
  };
}

function histogramRow(density: "f1" | "f2", t: number, a: number[], noiseA: EstimateNoise, b: number[], noiseB: EstimateNoise, w: number[]): HistogramDistanceRow {
  const [sa, sb] = [noiseA, noiseB].map((n) => Array.from(n.stderr, (s) => s ?? Number.NaN));
  const l1 = l1Distance(a, sa, b, sb, w);
  const l2sq = debiasedSquaredL2(a, noiseA, b, noiseB, w);
  const l2 = rootOfSquared(l2sq);
  const chi = chiSquareTest(a, sa, b, sb);
  return {
    density,
    t,
    l1: l1.value,
    l1Stderr: l1.stderr,
    l1NoiseFloor: l1.noise,
    l2Squared: l2sq.value,
    l2SquaredStderr: l2sq.stderr,
    l2SquaredNoise: l2sq.noise,
    l2: l2.value,
    l2Stderr: l2.stderr,
    covariance: l2sq.covariance,
    chi2: chi.statistic,
    df: chi.df,
    pValue: chi.pValue,
  };
}

/** A histogram row with the solvers' error norm and whether the L2 distance is resolved against it. */
function withSolverError(row: HistogramDistanceRow, errA: number[] | undefined, errB: number[] | undefined, w: number[]): HistogramDistanceRow {
  if (!errA && !errB) return row;
  const solverError = solverErrorNorm(errA, errB, w);
  return { ...row, solverError, resolved: solverError <= SOLVER_ERROR_FRACTION * row.l2 };
}

/** Relative difference below which two exact numbers count as equal (rounding). */
const ROUNDING = 1e-12;

/** A row whose two sides are exact (SE 0) and equal to rounding. */
export function isEqual(row: { a: number; b: number; diff: number; stderr: number }): boolean {
  return row.stderr === 0 && Math.abs(row.diff) <= ROUNDING * Math.max(Math.abs(row.a), Math.abs(row.b));
}

/** diff/stderr; 0 for two exact numbers equal to rounding ({@link isEqual}), ±∞ for exact unequal ones. */
function zScore(a: number, b: number, diff: number, stderr: number): number {
  if (stderr === 0) return isEqual({ a, b, diff, stderr }) ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY;
  return diff / stderr;
}

/** Where two results agree within error bars: |z| ≤ 2 (the ±2 SE of the figures). */
export const AGREEMENT_Z = 2;

/**
 * The one-paragraph verdict a comparison opens with: on how many of its z-scored quantities
 * (observables and f_1 functionals at every time) A and B agree within error bars, the largest
 * |z| and where, and the f_1/f_2 histogram χ² tests.
 *
 * @example
 * comparisonVerdict(compareRuns(particles, kinetic))
 * // "A and B agree within error bars (|z| ≤ 2) on 52 of 60 quantities; largest |z| = 6.0 for M₁ at t = 1. …"
 */
export function comparisonVerdict(c: Comparison, symbols: Record<string, string> = {}): string {
  const rows = [...c.observables.map((r) => ({ ...r, name: symbols[r.observable] ?? r.observable })), ...c.functionals.map((r) => ({ ...r, name: r.functional }))].filter((r) => !Number.isNaN(r.z));
  const equal = rows.filter(isEqual).length;
  const agree = rows.filter((r) => Math.abs(r.z) <= AGREEMENT_Z).length;
  const worst = rows.reduce<(typeof rows)[number] | null>((w, r) => (w === null || Math.abs(r.z) > Math.abs(w.z) ? r : w), null);
  const parts = [`A and B agree within error bars (|z| ≤ ${AGREEMENT_Z}) on ${agree} of ${rows.length} quantities${equal ? ` (${equal} of them equal, both exact)` : ""}`];
  if (worst) parts[0] += `; largest |z| = ${Number.isFinite(worst.z) ? Math.abs(worst.z).toFixed(1) : "∞ (exact and unequal)"} for ${worst.name} at t = ${worst.t}`;
  const tested = c.histograms.filter((h) => h.df > 0);
  if (tested.length) {
    const passed = tested.filter((h) => h.pValue >= 0.01).length;
    parts.push(`the histograms pass the χ² test (p ≥ 0.01) at ${passed} of ${tested.length} density–time pairs`);
  }
  return `${parts.join("; ")}.`;
}

function edgeText(edges: number[]): string {
  return `${edges.length - 1} bins on [${edges[0]}, ${edges[edges.length - 1]}]`;
}

/** Top-level config fields that differ, ignoring the ones that only change the noise. */
function configDifferences(a: RunOutput, b: RunOutput): string[] {
  const ignore = new Set(["N", "replicas", "seed"]);
  const ca = a.summary.config as unknown as Record<string, unknown>;
  const cb = b.summary.config as unknown as Record<string, unknown>;
  return [...new Set([...Object.keys(ca), ...Object.keys(cb)])].filter((k) => !ignore.has(k) && JSON.stringify(ca[k]) !== JSON.stringify(cb[k]));
}
