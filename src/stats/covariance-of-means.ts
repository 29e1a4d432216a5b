/**
 * The covariance of the means of a few linear combinations of per-replica vectors: the
 * centred-replica form of an ensemble's covariance, for quantities too many to keep a full
 * covariance of (the bins of f₁ at every time, the fields of every cell) but few once a distance
 * has chosen its cells and times.
 *
 * With x_r the vector of replica r (r = 1 … R) and column k the combination y_rk = Σ_j c_kj x_rj,
 * the sample covariance is S_kl = Σ_r (y_rk − ȳ_k)(y_rl − ȳ_l)/(R − 1) (two passes: the means,
 * then the centred products, in replica order, so the result is a function of the replicas
 * alone), and the covariance of the vector of means is S/R, an estimate with R − 1 degrees of
 * freedom.
 *
 * @module
 */

/** A linear combination Σ weight·x[index] of one replica's values. */
export type LinearCombination = { index: number; weight: number }[];

/**
 * S/R, the estimated covariance of the means over replicas of the given combinations (NaN for
 * fewer than two replicas).
 *
 * @param samples - one vector per replica, in replica order.
 * @param columns - the combinations; a single value is `[{ index, weight: 1 }]`.
 * @example
 * covarianceOfMeans([[0, 0], [2, 4]], [[{ index: 0, weight: 1 }], [{ index: 1, weight: 1 }]]) // [[1, 2], [2, 4]]
 */
export function covarianceOfMeans(samples: ArrayLike<number>[], columns: LinearCombination[]): number[][] {
  const R = samples.length;
  const K = columns.length;
  const y = samples.map((x) => Float64Array.from(columns, (c) => c.reduce((s, { index, weight }) => s + weight * x[index], 0)));
  const mean = new Float64Array(K);
  for (const row of y) for (let k = 0; k < K; k++) mean[k] += row[k] / R;
  for (const row of y) for (let k = 0; k < K; k++) row[k] -= mean[k];
  return Array.from({ length: K }, (_, k) =>
    Array.from({ length: K }, (_, l) => {
      if (R < 2) return Number.NaN;
      let s = 0;
      for (const row of y) s += row[k] * row[l];
      return s / (R - 1) / R;
    }),
  );
}
