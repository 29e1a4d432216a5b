/**
 * The two distribution functions the comparisons need and simple-statistics does not have:
 * the upper tail of the χ² law (p-values of the goodness-of-fit statistic) and the quantiles of
 * Student's t law (confidence intervals of the fitted order). Both through the regularised
 * incomplete gamma and beta functions, evaluated as in Numerical Recipes §6.2 and §6.4
 * (series for small arguments, Lentz's continued fraction otherwise), with ln Γ from
 * simple-statistics.
 *
 * References: W. H. Press et al., Numerical Recipes, 3rd ed., Cambridge 2007, §6.2, §6.4, §6.14.
 *
 * @module
 */
import { gammaln } from "simple-statistics";

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 1000;

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a).
 *
 * @param a - shape > 0; @param x - argument ≥ 0.
 * @returns Q(a, x) ∈ [0, 1]; NaN off-domain.
 * @example
 * gammaQ(1, 2) // e^{−2} = 0.1353352832366127
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - gammaln(a));
  if (x < a + 1) {
    // series for P(a, x)
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  // continued fraction for Q(a, x) (modified Lentz)
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, front * h);
}

/**
 * Upper tail P(X ≥ x) of the χ² law with `df` degrees of freedom: Q(df/2, x/2).
 *
 * @example
 * chiSquaredSurvival(3.841458820694124, 1) // 0.05 (to 1e-12)
 */
export function chiSquaredSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/** Continued fraction of the incomplete beta function (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b).
 *
 * @example
 * incompleteBeta(0.5, 2, 2) // 0.5
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Cumulative distribution function of Student's t law with ν degrees of freedom:
 * F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, symmetric.
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile t_{p, ν} of Student's t law (bisection on {@link studentTCdf}, to 1e-12).
 *
 * @param p - probability in (0, 1); @param df - degrees of freedom ν > 0.
 * @example
 * studentTQuantile(0.975, 3) // 3.182446305284263 (R: qt(0.975, 3))
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Standard normal cumulative distribution Φ(x), via erf (simple-statistics' table is 2-digit). */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/** erf to ~1e-15 through the incomplete gamma: erf(x) = sign(x)·(1 − Q(½, x²)). */
function erf(x: number): number {
  if (x === 0) return 0;
  return Math.sign(x) * (1 - gammaQ(0.5, x * x));
}
