/**
 * A verdict on many differences at once, valid at the number of replicas R it is given: do k
 * estimated quantities agree with their expected values?
 *
 * Each quantity comes as its Student statistic tᵢ = (estimate − expected)/SE with the degrees of
 * freedom νᵢ of its SE (R − 1 for a mean over R replicas, R − 1 − p with p control variates, ∞
 * for an exact number). The test is, in this order of preference:
 *
 * - **Hotelling's T²** ([./hotelling.js](./hotelling.ts)) when the replicas' sample covariance of
 *   the quantities is at hand: T² = R dᵀS⁻¹d, (R − k)/(k(R − 1))·T² ~ F(k, R − k). Quantities
 *   that are linear combinations of others over the replicas (conservation laws make
 *   masses and momenta of the cluster sizes sum to constants) are left out first, since S would
 *   be singular; testing fewer quantities keeps the level. With R − 1 or fewer quantities left, S
 *   has the rank of the sample rather than of the quantities, and the R Hotelling's test needs
 *   is counted on all k.
 * - **Bonferroni over Student t**: p = min(1, k·minᵢ pᵢ), pᵢ = P(|T_νᵢ| ≥ |tᵢ|), valid whatever
 *   the correlations.
 * - **no verdict** ("too-few-replicas") when neither has power at this R.
 *
 * A test counts as having power at R when a difference of {@link DETECTABLE_DIFFERENCE} standard
 * errors in one quantity would be rejected at the level: for Bonferroni, k·P(|T_ν| ≥ 10) < α; for
 * Hotelling, the F-probability of T² = 10² is < α. Below that R an "agree" would say nothing, so
 * the verdict says "R = 4 is too few replicas to test" instead. With k tests at level α, chance
 * alone flags about k·α of them: a joint test, not a count of |tᵢ| > 2, makes the verdict.
 *
 * An exact quantity (ν = ∞, SE 0) that differs from its expected value (|t| = ∞) is a
 * disagreement at any R.
 *
 * @module
 */
import { fSurvival, normalCdf, studentTCdf } from "./distributions.js";
import { hotellingT2 } from "./hotelling.js";

/** The level of a joint verdict: p below it is a disagreement. */
export const VERDICT_LEVEL = 0.001;

/** A test has power when it rejects a difference of this many standard errors in one quantity. */
export const DETECTABLE_DIFFERENCE = 10;

/** Relative residual variance below which a quantity counts as a linear combination of the others. */
const DEPENDENT = 1e-9;

/**
 * The two-sided p-value of a Student statistic: P(|T_ν| ≥ |t|); the normal law for ν = ∞.
 *
 * @param t - the statistic (±∞ gives 0).
 * @param df - degrees of freedom ν > 0, or ∞.
 * @returns NaN for NaN t or ν ≤ 0.
 * @example
 * studentTPValue(2.262157162, 9) // 0.05 (R: 2*pt(-2.262157, 9))
 */
export function studentTPValue(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const tail = Number.isFinite(df) ? studentTCdf(-Math.abs(t), df) : normalCdf(-Math.abs(t));
  return Math.min(1, 2 * tail);
}

/** The input of {@link jointTest}. */
export interface JointTestInput {
  /** t = (estimate − expected)/SE of each quantity. */
  t: number[];
  /** The degrees of freedom of each SE (∞ for an exact quantity). */
  df: number[];
  /** The number of replicas R the SEs come from (the smaller, for two ensembles). */
  replicas: number;
  /** For Hotelling's T²: the estimates, the expected values and the replicas' sample covariance S (divisor R − 1) of the same k quantities. */
  hotelling?: { mean: number[]; expected: number[]; covariance: number[][] };
  /** Default {@link VERDICT_LEVEL}. */
  level?: number;
}

/** A joint verdict and how it was reached. */
export interface JointTest {
  /** "hotelling", "bonferroni-t", "exact" (an exact quantity differs) or "none" (no verdict). */
  test: "hotelling" | "bonferroni-t" | "exact" | "none";
  /** The number of quantities tested. */
  k: number;
  /** Hotelling's T² or the largest |t| (NaN when not tested). */
  statistic: number;
  /** NaN when not tested. */
  pValue: number;
  level: number;
  /** "agree" (p ≥ level), "disagree", or "too-few-replicas" (no verdict; `message` says why). */
  status: "agree" | "disagree" | "too-few-replicas";
  /** The verdict in words, e.g. "R = 4 is too few replicas to test k = 14 quantities (Bonferroni over Student t needs R ≥ 8)". */
  message: string;
  /** The replicas the chosen test (or, without a verdict, the cheapest test) needs. */
  minReplicas: number;
}

/**
 * The joint verdict on k differences (see the module header for the choice of test).
 *
 * @example
 * jointTest({ t: [5.22, 1, -0.5], df: [9, 9, 9], replicas: 10 }).status // "agree": p = 3·P(|T₉| ≥ 5.22) = 0.0016
 * jointTest({ t: [1, 2], df: [3, 3], replicas: 4 }).message // "R = 4 is too few replicas to test k = 2 quantities (Bonferroni over Student t needs R ≥ 6)"
 */
export function jointTest({ t, df, replicas: R, hotelling, level = VERDICT_LEVEL }: JointTestInput): JointTest {
  const k = t.length;
  const base = { k, level };
  const exact = t.findIndex((ti, i) => !Number.isFinite(ti) && !Number.isNaN(ti) && !Number.isFinite(df[i]));
  if (exact >= 0) return { ...base, test: "exact", statistic: Number.POSITIVE_INFINITY, pValue: 0, status: "disagree", minReplicas: 1, message: "disagree: a quantity with standard error 0 differs from its expected value (|t| = ∞)" };
  // ν = R − 1 − offset for every noisy quantity (offset p with p control variates; 0 for two ensembles, whose Welch ν ≥ R − 1)
  const noisy = df.filter((d) => Number.isFinite(d));
  const offset = noisy.length ? Math.max(0, Math.round(R - 1 - Math.min(...noisy))) : 0;
  const none = (minReplicas: number, needs: string) => ({ ...base, test: "none" as const, statistic: Number.NaN, pValue: Number.NaN, status: "too-few-replicas" as const, minReplicas, message: `R = ${R} is too few replicas to test ${quantities(k)} (${needs})` });
  if (k === 0) return none(2, "no quantity has a standard error");
  if (t.some((ti) => Number.isNaN(ti)) || df.some((d) => !(d > 0))) return none(2 + offset, `a standard error needs R ≥ ${2 + offset}`);

  const bonferroniMin = minimalReplicas((r) => bonferroniDetects(k, r - 1 - offset, level), 2 + offset);
  let hotellingNeeds = "";
  if (hotelling) {
    const kept = independentQuantities(hotelling.covariance);
    // R − 1 or more kept: S has the rank of the sample, not of the quantities, so count them all
    const kH = kept.length < R - 1 ? kept.length : k;
    const hotellingMin = minimalReplicas((r) => hotellingDetects(kH, r, level), kH + 1);
    if (R >= hotellingMin) {
      const pick = <T>(xs: T[]) => kept.map((i) => xs[i]);
      const h = hotellingT2(pick(hotelling.mean), pick(hotelling.expected), kept.map((i) => pick(hotelling.covariance[i])), R);
      if (h) {
        const left = k - kept.length;
        const what = `Hotelling's T² = ${h.t2.toPrecision(3)} on ${quantities(kept.length)}${left ? ` (${left} more ${left === 1 ? "is a linear combination" : "are linear combinations"} of these)` : ""}, F(${h.k}, ${R - h.k})`;
        return { ...base, k: kept.length, test: "hotelling", statistic: h.t2, pValue: h.pValue, minReplicas: hotellingMin, ...verdict(h.pValue, level, what) };
      }
    }
    hotellingNeeds = `Hotelling's T² needs R ≥ ${hotellingMin}, `;
  }
  if (R < bonferroniMin) return none(bonferroniMin, `${hotellingNeeds}Bonferroni over Student t needs R ≥ ${bonferroniMin}`);
  const p = t.map((ti, i) => studentTPValue(ti, df[i]));
  const worst = p.indexOf(Math.min(...p));
  const pValue = Math.min(1, k * p[worst]);
  const what = `largest |t| = ${Math.abs(t[worst]).toPrecision(3)} against Student's t with ${fmtDf(df[worst])} df, Bonferroni over ${quantities(k)}`;
  return { ...base, test: "bonferroni-t", statistic: Math.abs(t[worst]), pValue, minReplicas: bonferroniMin, ...verdict(pValue, level, what) };
}

/** "k = 1 quantity", "k = 14 quantities". */
function quantities(k: number): string {
  return `k = ${k} ${k === 1 ? "quantity" : "quantities"}`;
}

function fmtDf(df: number): string {
  return Number.isFinite(df) ? (Number.isInteger(df) ? String(df) : df.toFixed(1)) : "∞";
}

/** Agree or disagree at the level, with the test in words. */
function verdict(pValue: number, level: number, test: string): Pick<JointTest, "status" | "message"> {
  const status = pValue < level ? "disagree" : "agree";
  return { status, message: `${status} at level ${level}: ${test}, p = ${pValue.toExponential(2)}` };
}

/** Bonferroni over k Student t's with ν df rejects a difference of {@link DETECTABLE_DIFFERENCE} SE. */
function bonferroniDetects(k: number, df: number, level: number): boolean {
  return df > 0 && k * studentTPValue(DETECTABLE_DIFFERENCE, df) < level;
}

/** Hotelling's test of k quantities over R replicas rejects T² = {@link DETECTABLE_DIFFERENCE}². */
function hotellingDetects(k: number, R: number, level: number): boolean {
  return R > k && fSurvival(((R - k) / (k * (R - 1))) * DETECTABLE_DIFFERENCE ** 2, k, R - k) < level;
}

/** The smallest integer R ≥ `from` at which `detects` holds (both criteria are monotone in R), ∞ if none below 10⁷. */
function minimalReplicas(detects: (R: number) => boolean, from: number): number {
  let lo = Math.max(2, Math.ceil(from));
  if (detects(lo)) return lo;
  let hi = 2 * lo;
  while (!detects(hi)) {
    if (hi > 1e7) return Number.POSITIVE_INFINITY;
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (detects(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The indices of a maximal set of quantities none of which is a linear combination of the others
 * over the replicas: Cholesky of the correlation matrix with every pivot whose relative residual
 * variance is below 10⁻⁹ skipped, in the given order.
 */
function independentQuantities(covariance: number[][]): number[] {
  const k = covariance.length;
  const scale = covariance.map((row, i) => Math.sqrt(row[i]));
  const kept: number[] = [];
  const L: number[][] = []; // rows of the Cholesky factor over the kept quantities
  for (let i = 0; i < k; i++) {
    if (!(scale[i] > 0) || !Number.isFinite(scale[i])) continue;
    const row: number[] = [];
    kept.forEach((j, a) => {
      let s = covariance[i][j] / (scale[i] * scale[j]);
      for (let b = 0; b < a; b++) s -= row[b] * L[a][b];
      row.push(s / L[a][a]);
    });
    const residual = 1 - row.reduce((s, x) => s + x * x, 0);
    if (!(residual > DEPENDENT)) continue;
    L.push([...row, Math.sqrt(residual)]);
    kept.push(i);
  }
  return kept;
}
