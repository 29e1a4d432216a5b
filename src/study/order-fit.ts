/**
 * The observed order p in distance ≈ C·ε^p: a straight line through (ln ε_i, ln D_i) fitted by
 * weighted least squares, with a t-based 95% confidence interval for the slope.
 *
 * - Noisy distances (every point has SE(D_i) > 0): weights w_i = 1/σ_i² with σ_i = SE(D_i)/D_i,
 *   the standard error of ln D_i (delta method). The slope's variance is s²/Σ w_i(x_i − x̄_w)²
 *   with s² = max(1, χ²/(n − 2)), χ² = Σ w_i r_i² (the known-variance result, inflated by the
 *   Birge ratio when the scatter exceeds the error bars, i.e. when C·ε^p does not fit).
 * - Exact distances (some SE = 0): ordinary least squares, s² = Σ r_i²/(n − 2); the interval then
 *   measures only how far the points are from a straight line on the log–log scale.
 *
 * In both cases the interval is p̂ ± t_{0.975, n−2}·SE(p̂); it needs n ≥ 3 points.
 * Also returned: the local orders ln(D_i/D_{i+1})/ln(ε_i/ε_{i+1}) between neighbours.
 *
 * @module
 */
import { studentTQuantile } from "../stats/distributions.js";

/** One point of a convergence study. */
export interface OrderPoint {
  epsilon: number;
  value: number;
  stderr: number;
}

/** The fitted order and everything needed to judge it. */
export interface OrderFit {
  p: number;
  ci95: [number, number];
  stderr: number;
  /** Prefactor C of D ≈ C·ε^p. */
  C: number;
  /** Points used (positive, finite), in the order given. */
  n: number;
  /** χ²/(n − 2) of the weighted fit (NaN for an unweighted fit). */
  reducedChi2: number;
  /** Local orders between neighbouring points. */
  localOrders: number[];
  method: string;
}

export const ORDER_FIT_METHOD_WEIGHTED =
  "weighted least squares on (ln ε, ln D), weights 1/SE(ln D)², SE(ln D) = SE(D)/D; slope SE scaled by max(1, √(χ²/(n−2))); 95% CI = p ± t(0.975, n−2)·SE";
export const ORDER_FIT_METHOD_UNWEIGHTED = "ordinary least squares on (ln ε, ln D) of exact distances; 95% CI = p ± t(0.975, n−2)·SE from the residuals";

/**
 * Fits D ≈ C·ε^p.
 *
 * @param points - at least 2 points with D > 0 (others are dropped); 3 or more for an interval.
 * @example
 * fitOrder([0.1, 0.2, 0.4].map((e) => ({ epsilon: e, value: 3 * e * e, stderr: 0 }))).p // 2
 */
export function fitOrder(points: OrderPoint[]): OrderFit {
  const used = points.filter((q) => q.value > 0 && Number.isFinite(q.value) && q.epsilon > 0);
  const x = used.map((q) => Math.log(q.epsilon));
  const y = used.map((q) => Math.log(q.value));
  const n = used.length;
  const localOrders = used.slice(1).map((_, i) => (y[i + 1] - y[i]) / (x[i + 1] - x[i]));
  const nan: OrderFit = { p: Number.NaN, ci95: [Number.NaN, Number.NaN], stderr: Number.NaN, C: Number.NaN, n, reducedChi2: Number.NaN, localOrders, method: "too few resolved points" };
  if (n < 2) return nan;
  const weighted = used.every((q) => q.stderr > 0 && Number.isFinite(q.stderr));
  const w = weighted ? used.map((q) => (q.value / q.stderr) ** 2) : used.map(() => 1);
  const W = w.reduce((s, v) => s + v, 0);
  const xm = w.reduce((s, v, i) => s + v * x[i], 0) / W;
  const ym = w.reduce((s, v, i) => s + v * y[i], 0) / W;
  const sxx = w.reduce((s, v, i) => s + v * (x[i] - xm) ** 2, 0);
  const sxy = w.reduce((s, v, i) => s + v * (x[i] - xm) * (y[i] - ym), 0);
  const p = sxy / sxx;
  const C = Math.exp(ym - p * xm);
  if (n < 3) return { ...nan, p, C, method: "two points: no interval" };
  const chi2 = w.reduce((s, v, i) => s + v * (y[i] - ym - p * (x[i] - xm)) ** 2, 0);
  const scale = weighted ? Math.max(1, chi2 / (n - 2)) : chi2 / (n - 2);
  const stderr = Math.sqrt(scale / sxx);
  const t = studentTQuantile(0.975, n - 2);
  return {
    p,
    ci95: [p - t * stderr, p + t * stderr],
    stderr,
    C,
    n,
    reducedChi2: weighted ? chi2 / (n - 2) : Number.NaN,
    localOrders,
    method: weighted ? ORDER_FIT_METHOD_WEIGHTED : ORDER_FIT_METHOD_UNWEIGHTED,
  };
}
