/**
 * Cluster counts: the fractions n_k = N_k/N of k-clusters, for every size present.
 *
 * @module
 */

/**
 * n_k = N_k/N for every k with N_k > 0, keyed by k.
 *
 * @param count - count[k] = N_k.
 * @example
 * clusterFractions(Int32Array.of(0, 6, 2), 10) // { "1": 0.6, "2": 0.2 }
 */
export function clusterFractions(count: ArrayLike<number>, N: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 1; k < count.length; k++) if (count[k] > 0) out[k] = count[k] / N;
  return out;
}
