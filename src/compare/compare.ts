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
import { OBSERVABLES, type ObservableName, type RunOutput } from "../contract/run-output.js";
import { debiasedSquaredL2, differenceVariance, type EstimateNoise, l1Distance, rootOfSquared, SOLVER_ERROR_FRACTION, solverErrorNorm } from "./distances.js";
import { f1Noise, observableSampleCovariance, replicaDegreesOfFreedom } from "./estimate-noise.js";
import { IncomparableError } from "../errors.js";
import { applyFunctional, f1Functionals } from "./functionals.js";
import { chiSquareTest } from "./goodness-of-fit.js";
import { type JointTest, jointTest, studentTPValue, VERDICT_LEVEL } from "../stats/joint-test.js";
import { welchDegreesOfFreedom } from "../stats/welch.js";

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
  /** diff/stderr, a Student statistic with `df` degrees of freedom. */
  z: number;
  /** The degrees of freedom of `stderr`: R − 1 of the noisy side, Welch–Satterthwaite for two, ∞ for two exact sides. */
  df: number;
  /** Two-sided P(|T_df| ≥ |z|) (0 for two exact unequal numbers). */
  pValue: number;
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
  /** P-value of chi2 against the scaled χ² law of its finite-R Student terms (./goodness-of-fit.js). */
  pValue: number;
  /** The χ² test has no p-value because a cell's SE has 4 degrees of freedom or fewer (R ≤ 5 against an exact side). */
  tooFewReplicas: boolean;
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
  df: number;
  pValue: number;
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
  /**
   * The joint test at level {@link VERDICT_LEVEL} of every z-scored quantity (observables and
   * f₁ functionals) that is not equal on two exact sides: the verdict (src/stats/joint-test.ts).
   */
  test: JointTest;
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
  z: "z = (A − B)/SE, a Student statistic with df = R − 1 against an exact side, Welch–Satterthwaite (v_A + v_B)²/(v_A²/ν_A + v_B²/ν_B) for two ensembles; pValue = P(|T_df| ≥ |z|)",
  test: "the verdict: a joint test at level 0.001 of every z-scored quantity not equal on two exact sides (src/stats/joint-test.ts): Hotelling's T² over the observables less those that are linear combinations of others, when one side is exact, the other carries its replicas' covariance and no f₁ functional is tested; else Bonferroni over Student t, p = min(1, k·min pᵢ); a test is used only where it would reject a 10-SE difference in one quantity, below that R status too-few-replicas (no verdict); two exact sides that differ disagree",
  l1: "L1 = Σ w|a − b| is biased upwards by noise; l1NoiseFloor = Σ w·SE·√(2/π) is its expectation when the densities agree; its stderr √(Σ w²SE²) is an upper bound",
  l2Squared:
    "noise-debiased squared L2: Σ w[(a − b)² − SE_a² − SE_b²], unbiased for the squared L2 distance of the bin averages; SE² = 4δᵀWΣ̄Wδ + 2tr((WΣ̄)²), Σ̄ the covariance of the bin averages over replicas (f_1: computed from the replicas' histograms, read from the run directory's replica files; f_2, or without replica files: diag(SE²), bins treated as independent, see `covariance` of each row), each term estimated without bias",
  chi2: "χ² = Σ (a − b)²/(SE_a² + SE_b²) over cells with relative SE ≤ 0.3 on each noisy side; df = number of such cells; each term the square of a Student t with the SE's ν (R − 1, or Welch's), so the p-value refers χ² to c·χ²_f with its mean Σ ν/(ν − 2) and variance Σ 2ν²(ν − 1)/((ν − 2)²(ν − 4)) (Satterthwaite); no p-value for ν ≤ 4 (tooFewReplicas); cells taken as independent, so approximate",
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

  const [dfA, dfB] = [replicaDegreesOfFreedom(a), replicaDegreesOfFreedom(b)];
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
      observables.push({ observable: name, t, a: ma, aStderr: sa, b: mb, bStderr: sb, ...difference(ma, sa, dfA, mb, sb, dfB) });
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
        functionals.push({ functional: f.name, t, a: fa.value, b: fb.value, ...difference(fa.value, fa.stderr, dfA, fb.value, fb.stderr, dfB) });
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
    (density) => `the SE of the ${density === "f1" ? "f₁" : "f₂"} L2 distances treats the bins as independent (${density === "f1" ? "no replica files in the run directory to take their covariance from" : "the covariance of f₂'s bins is not kept"}); bins are correlated, so it is unreliable`,
  );

  return {
    kind: "comparison",
    a: describeRun(a, labelA),
    b: describeRun(b, labelB),
    times,
    observables,
    histograms,
    functionals,
    test: comparisonTest(a, b, observables, functionals),
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
  const chi = chiSquareTest({ density: a, stderr: sa, degreesOfFreedom: noiseA.degreesOfFreedom }, { density: b, stderr: sb, degreesOfFreedom: noiseB.degreesOfFreedom });
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
    tooFewReplicas: chi.tooFewReplicas,
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

/** A − B with its standard error, z, degrees of freedom and two-sided Student p-value. */
function difference(a: number, sa: number, dfA: number, b: number, sb: number, dfB: number): Pick<ObservableRow, "diff" | "stderr" | "z" | "df" | "pValue"> {
  const diff = a - b;
  const stderr = Math.sqrt(differenceVariance(sa, sb));
  const z = zScore(a, b, diff, stderr);
  const df = welchDegreesOfFreedom(sa, dfA, sb, dfB);
  return { diff, stderr, z, df, pValue: isEqual({ a, b, diff, stderr }) ? 1 : studentTPValue(z, df) };
}

/** The level of the per-quantity p-values the verdict counts: outside the 95 % interval. */
export const POINT_LEVEL = 0.05;

/** The level at which the verdict counts a histogram χ² test as failed. */
export const HISTOGRAM_LEVEL = 0.01;

/**
 * The joint test of a comparison (src/stats/joint-test.ts) over its z-scored quantities less
 * those equal on two exact sides: Hotelling's T² over the observables when one side is exact, the
 * other carries its replicas' covariance and there are no f₁ functionals to test with them;
 * otherwise Bonferroni over Student t; "too few replicas" where neither has power.
 */
function comparisonTest(a: RunOutput, b: RunOutput, observables: ObservableRow[], functionals: FunctionalRow[]): JointTest {
  const rows = [...observables, ...functionals].filter((r) => !isEqual(r));
  if (rows.length === 0) return { test: "exact", k: 0, statistic: 0, pValue: 1, level: VERDICT_LEVEL, status: "agree", message: "agree: every quantity is exact on both sides and equal to rounding", minReplicas: 1 };
  const noisy = [a, b].filter((o) => o.summary.source === "particles");
  const replicas = Math.min(...noisy.map((o) => o.summary.replicas));
  const input = { t: rows.map((r) => r.z), df: rows.map((r) => r.df), replicas };
  const tested = observables.filter((r) => !isEqual(r));
  if (noisy.length !== 1 || tested.length !== rows.length) return jointTest(input);
  const particlesA = noisy[0] === a;
  const covariance = observableSampleCovariance(noisy[0], tested.map((r) => ({ observable: r.observable as ObservableName, time: a.summary.times.indexOf(r.t) })));
  if (!covariance) return jointTest(input);
  return jointTest({ ...input, hotelling: { mean: tested.map((r) => (particlesA ? r.a : r.b)), expected: tested.map((r) => (particlesA ? r.b : r.a)), covariance } });
}

/**
 * The one-paragraph verdict a comparison opens with: the joint test at level 0.001 ({@link
 * Comparison.test}), or why there is none; the largest |z| and where; how many quantities lie
 * outside their 95 % intervals against how many chance alone puts there; and the f_1/f_2
 * histogram χ² tests.
 *
 * @example
 * comparisonVerdict(compareRuns(particles, kinetic))
 * // "A and B agree at level 0.001: largest |t| = 5.22 against Student's t with 9 df, Bonferroni over k = 41 quantities, p = 2.20e-2. Largest |z| = 5.2 for C1_3 at t = 0.5. 3 of 41 quantities lie outside their 95 % intervals (Student t, p < 0.05); chance alone puts about 2.1 there. …"
 */
export function comparisonVerdict(c: Comparison, symbols: Record<string, string> = {}): string {
  const rows = [...c.observables.map((r) => ({ ...r, name: symbols[r.observable] ?? r.observable })), ...c.functionals.map((r) => ({ ...r, name: r.functional }))];
  const equal = rows.filter(isEqual).length;
  const tested = rows.filter((r) => !isEqual(r));
  const parts = [c.test.status === "too-few-replicas" ? `No verdict: ${c.test.message}` : `A and B ${c.test.message}`];
  const worst = tested.filter((r) => !Number.isNaN(r.z)).reduce<(typeof rows)[number] | null>((w, r) => (w === null || Math.abs(r.z) > Math.abs(w.z) ? r : w), null);
  if (worst) parts.push(`Largest |z| = ${Number.isFinite(worst.z) ? Math.abs(worst.z).toFixed(1) : "∞ (exact and unequal)"} for ${worst.name} at t = ${worst.t}${Number.isFinite(worst.df) ? ` (Student t, ${worst.df.toFixed(Number.isInteger(worst.df) ? 0 : 1)} df, p = ${worst.pValue.toExponential(1)})` : ""}`);
  const noisy = tested.filter((r) => r.stderr > 0);
  if (noisy.length) {
    const outside = noisy.filter((r) => r.pValue < POINT_LEVEL).length;
    parts.push(`${outside} of ${noisy.length} quantities ${outside === 1 ? "lies" : "lie"} outside their 95 % intervals (Student t, p < ${POINT_LEVEL}); chance alone puts about ${(noisy.length * POINT_LEVEL).toFixed(1)} there`);
  }
  if (equal) parts.push(`${equal} ${equal === 1 ? "quantity is" : "quantities are"} equal, both exact`);
  const histograms = c.histograms.filter((h) => h.df > 0);
  if (histograms.length) {
    const passed = histograms.filter((h) => h.pValue >= HISTOGRAM_LEVEL).length;
    parts.push(`The histograms pass the χ² test (p ≥ ${HISTOGRAM_LEVEL}) at ${passed} of ${histograms.length} density–time pairs; chance alone fails about ${(histograms.length * HISTOGRAM_LEVEL).toFixed(2)}`);
  } else if (c.histograms.some((h) => h.tooFewReplicas)) {
    parts.push("The histograms' χ² test needs SEs with more than 4 degrees of freedom (R ≥ 6 against an exact side): too few replicas to test");
  }
  return `${parts.join(". ")}.`;
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
