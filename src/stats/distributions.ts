/**
 * The distribution functions alignsim needs and simple-statistics does not have: the upper tail
 * of the χ² law (p-values of goodness-of-fit statistics), the normal CDF to full precision, and
 * Student's t CDF and quantiles (confidence intervals of ensemble means and of fitted orders).
 * All through the regularised incomplete gamma and beta functions, evaluated as in Numerical
 * Recipes §6.2 and §6.4 (series for small arguments, modified Lentz continued fraction
 * otherwise), with ln Γ from simple-statistics.
 *
 * For T with ν degrees of freedom and t ≥ 0, P(T > t) = ½·I_x(ν/2, ½), x = ν/(ν + t²)
 * (Abramowitz & Stegun 26.7.1, 26.5.8).
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

/**
 * The regularized incomplete beta function I_x(a, b), a, b > 0, x ∈ [0, 1].
 *
 * @example
 * regularizedIncompleteBeta(0.5, 2, 2) // 0.5
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The continued fraction of I_x(a, b) (Numerical Recipes `betacf`, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * The CDF of Student's t with ν degrees of freedom: P(T ≤ t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0.
 *
 * @param t - any real number.
 * @param df - finite degrees of freedom ν > 0.
 * @returns NaN off the domain.
 * @example
 * studentTCdf(0, 3) // 0.5
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0) || !Number.isFinite(df)) return Number.NaN;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with ν degrees of freedom: the t with P(T ≤ t) = p.
 * Closed forms for ν = 1 (Cauchy: tan π(p − ½)) and ν = 2 ((2p − 1)/√(2p(1 − p))), the normal
 * quantile for ν = ∞, bisection on {@link studentTCdf} otherwise (to the last bit).
 *
 * @param p - probability in (0, 1).
 * @param df - degrees of freedom ν > 0.
 * @returns NaN off the domain (the interval of R = 1 replica has no ν).
 * @example
 * studentTQuantile(0.975, 10) // 2.228138851986274 (R: qt(0.975, 10))
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0) || !Number.isFinite(df)) return Number.NaN;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
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

/**
 * Upper tail P(X ≥ f) of Fisher's F law with (d1, d2) degrees of freedom: I_{d2/(d2 + d1 f)}(d2/2, d1/2).
 *
 * @example
 * fSurvival(1, 2, 2) // 0.5
 */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (!(f >= 0)) return f < 0 ? 1 : Number.NaN;
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}
