/**
 * The symmetric monomial basis of a k-cluster: the moments the closure is written in
 * (docs/moment-closure.md §1).
 *
 * The states (v_1 … v_k) of a cluster are exchangeable, so only symmetric test functions matter.
 * Those of total degree d in k variables have the basis of monomial symmetric functions
 *
 *   m_λ(v_1 … v_k) = Σ over the distinct rearrangements α of λ (padded with zeros to length k) of v^α,
 *
 * one for each partition λ of d with at most k parts: m_∅ = 1, m_(1) = Σ v_i, m_(2) = Σ v_i²,
 * m_(1,1) = Σ_{i<j} v_iv_j, m_(2,2) for a pair is v_1²v_2², m_(3,1) is v_1³v_2 + v_1v_2³. A
 * partition with more than k parts has m_λ = 0 on a k-cluster.
 *
 * @module
 */

/** A partition: positive parts in non-increasing order ([] is the empty partition of 0). */
export type Partition = readonly number[];

/**
 * The key of a partition in the maps of this directory: its parts joined by commas ("" for ∅).
 *
 * @example
 * partitionKey([3, 1]) // "3,1"
 */
export function partitionKey(lambda: Partition): string {
  return lambda.join(",");
}

/** The partition of a key of {@link partitionKey} ("" → ∅). */
export function parsePartition(key: string): Partition {
  return key === "" ? [] : key.split(",").map(Number);
}

/** Total degree |λ| = Σ parts. */
export function degreeOf(lambda: Partition): number {
  return lambda.reduce((s, part) => s + part, 0);
}

/**
 * The partitions of d with at most `maxParts` parts, parts in non-increasing order.
 *
 * @param d - degree ≥ 0.
 * @param maxParts - at most this many parts (the cluster size k).
 * @example
 * partitionsOf(4, 2) // [[4], [3, 1], [2, 2]]
 */
export function partitionsOf(d: number, maxParts: number): Partition[] {
  const out: number[][] = [];
  const grow = (rest: number, largest: number, parts: number[]) => {
    if (rest === 0) {
      out.push(parts);
      return;
    }
    if (parts.length === maxParts) return;
    for (let part = Math.min(rest, largest); part >= 1; part--) grow(rest - part, part, [...parts, part]);
  };
  grow(d, d, []);
  return out;
}

/**
 * The symmetric monomial basis of a k-cluster up to total degree n: every partition λ with
 * |λ| ≤ n and at most k parts, by degree.
 *
 * @param k - cluster size ≥ 1; n - largest total degree ≥ 0.
 * @example
 * symmetricBasis(2, 2) // [[], [1], [2], [1, 1]]
 */
export function symmetricBasis(k: number, n: number): Partition[] {
  const basis: Partition[] = [];
  for (let d = 0; d <= n; d++) basis.push(...partitionsOf(d, k));
  return basis;
}

/** The multiplicity of each part value, as a map value → count. */
export function multiplicities(lambda: Partition): Map<number, number> {
  const counts = new Map<number, number>();
  for (const part of lambda) counts.set(part, (counts.get(part) ?? 0) + 1);
  return counts;
}

/**
 * The number of distinct monomials in m_λ on k variables, k!/((k − ℓ)!·Π_r mult_r!) with ℓ the
 * number of parts (0 when ℓ > k). For i.i.d. states of law g, E[m_λ] = (this)·Π_i E_g[v^{λ_i}].
 *
 * @example
 * orbitSize([2], 3) // 3
 */
export function orbitSize(lambda: Partition, k: number): number {
  if (lambda.length > k) return 0;
  let size = 1;
  for (let i = 0; i < lambda.length; i++) size *= k - i;
  for (const count of multiplicities(lambda).values()) for (let c = 2; c <= count; c++) size /= c;
  return size;
}

/**
 * m_λ(x) by direct summation over the assignments of the parts to distinct members (a
 * reference for the closed formulas of this directory; cost k^ℓ).
 *
 * @example
 * monomialSymmetric([1, 1], [1, 2, 3]) // 11
 */
export function monomialSymmetric(lambda: Partition, x: ArrayLike<number>): number {
  let overcount = 1;
  for (const count of multiplicities(lambda).values()) for (let c = 2; c <= count; c++) overcount *= c;
  const used = new Array<boolean>(x.length).fill(false);
  const assign = (i: number): number => {
    if (i === lambda.length) return 1;
    let sum = 0;
    for (let j = 0; j < x.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      sum += x[j] ** lambda[i] * assign(i + 1);
      used[j] = false;
    }
    return sum;
  };
  return assign(0) / overcount;
}
