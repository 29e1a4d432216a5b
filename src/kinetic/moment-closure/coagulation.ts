/**
 * Coagulation on the symmetric monomial basis (docs/moment-closure.md §3.1): an i-cluster x and
 * an independent j-cluster y merge into the (i + j)-cluster x ∪ y, and
 *
 *   m_λ(x ∪ y) = Σ_{μ ⊎ ν = λ} m_μ(x)·m_ν(y),
 *
 * the sum over the distinct ways to split the multiset of parts of λ into μ (for x) and ν (for
 * y): every monomial of shape λ in the merged variables is, uniquely, a monomial of shape μ in x
 * times one of shape ν in y. Hence the merged law has ∫ m_λ = Σ ∫ m_μ dF_i · ∫ m_ν dF_j: a
 * product of a lower and a higher degree, the quadratic term of the closure.
 *
 * @module
 */
import { type ClusterLaw, type MomentPolynomial, addTo, momentOf, multiply } from "./moment-polynomial.js";
import { type Partition, multiplicities, partitionKey, symmetricBasis } from "./symmetric-basis.js";

/**
 * The splits (μ, ν) of λ with μ ⊎ ν = λ, each once.
 *
 * @example
 * coagulationSplits([1, 1]) // [[[], [1, 1]], [[1], [1]], [[1, 1], []]]
 */
export function coagulationSplits(lambda: Partition): [Partition, Partition][] {
  const values = [...multiplicities(lambda)];
  const out: [Partition, Partition][] = [];
  const choose = (v: number, mu: number[], nu: number[]) => {
    if (v === values.length) {
      out.push([mu, nu]);
      return;
    }
    const [part, count] = values[v];
    for (let a = 0; a <= count; a++) choose(v + 1, [...mu, ...new Array<number>(a).fill(part)], [...nu, ...new Array<number>(count - a).fill(part)]);
  };
  choose(0, [], []);
  return out;
}

/**
 * The law of x ∪ y for independent x ~ F_i, y ~ F_j (the merged cluster of a coagulation):
 * ∫ m_λ = Σ_{μ ⊎ ν = λ} ∫ m_μ dF_i · ∫ m_ν dF_j (module comment).
 *
 * @param a - law of the i-clusters; b - law of the j-clusters (same degree).
 * @returns the law of the (i + j)-clusters, of mass (∫dF_i)(∫dF_j).
 */
export function coagulate(a: ClusterLaw, b: ClusterLaw): ClusterLaw {
  const size = a.size + b.size;
  const degree = Math.min(a.degree, b.degree);
  const moments = new Map(
    symmetricBasis(size, degree).map((lambda) => {
      const sum: MomentPolynomial = new Map();
      for (const [mu, nu] of coagulationSplits(lambda)) {
        if (mu.length <= a.size && nu.length <= b.size) addTo(sum, multiply(momentOf(a, mu), momentOf(b, nu)));
      }
      return [partitionKey(lambda), sum];
    }),
  );
  return { size, degree, moments };
}
