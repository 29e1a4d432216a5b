/**
 * Fragmentation on the symmetric monomial basis (docs/moment-closure.md §3.2): a k-cluster x
 * splits into a uniformly random subset A of m members and the other k − m (docs/model.md §1).
 * A monomial of m_λ(x) with ℓ distinct members survives in m_λ(x_A) exactly when those ℓ members
 * all lie in A, which has probability C(k − ℓ, m − ℓ)/C(k, m) = (m)_ℓ/(k)_ℓ (falling
 * factorials), so
 *
 *   E[m_λ(x_A)] = (m)_ℓ/(k)_ℓ · m_λ(x),
 *
 * diagonal in the basis. For a pair breaking into two singles (m = 1 twice) the two parts
 * together carry (1/2 + 1/2)·m_(n) = m_(n): both released states.
 *
 * @module
 */
import { type ClusterLaw, addTo, momentOf } from "./moment-polynomial.js";
import { type Partition, partitionKey, symmetricBasis } from "./symmetric-basis.js";

/**
 * (m)_ℓ/(k)_ℓ: the probability that ℓ given members of a k-cluster lie in a uniform m-subset.
 *
 * @example
 * subsetFactor([1, 1], 3, 2) // 1/3
 */
export function subsetFactor(lambda: Partition, k: number, m: number): number {
  let factor = 1;
  for (let i = 0; i < lambda.length; i++) factor *= (m - i) / (k - i);
  return Math.max(factor, 0);
}

/**
 * The law of the m-part of a k-cluster law split uniformly (module comment).
 *
 * @param law - law of the k-clusters; m - size of the part, 1 ≤ m < k.
 * @returns the law of the m-clusters (same mass).
 */
export function fragment(law: ClusterLaw, m: number): ClusterLaw {
  const moments = new Map(symmetricBasis(m, law.degree).map((lambda) => [partitionKey(lambda), addTo(new Map(), momentOf(law, lambda), subsetFactor(lambda, law.size, m))]));
  return { size: m, degree: law.degree, moments };
}
