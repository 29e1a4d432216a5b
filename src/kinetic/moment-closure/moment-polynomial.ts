/**
 * Polynomials in the unknown moments, and the symbolic law of a cluster class built from them
 * (docs/moment-closure.md §2).
 *
 * Every operator of the closure maps the moments of its input laws to those of its output law
 * by sums and products: coagulation multiplies the moments of two independent clusters, the
 * flow and fragmentation are linear. A {@link ClusterLaw} therefore stores each moment
 * ∫ m_λ dF of a cluster law F as a polynomial in the unknowns of the moment system (the ODE
 * state), and the right-hand side of each unknown is such a polynomial.
 *
 * @module
 */
import { type Partition, partitionKey, symmetricBasis } from "./symmetric-basis.js";

/**
 * A polynomial in the unknowns y: key = the indices of its factors, sorted and joined by ","
 * ("" for the constant), value = coefficient. E.g. 2·y_0·y_3 + y_1 is {"0,3": 2, "1": 1}.
 */
export type MomentPolynomial = Map<string, number>;

/** The constant polynomial c. */
export function constantPolynomial(c: number): MomentPolynomial {
  return c === 0 ? new Map() : new Map([["", c]]);
}

/** The polynomial y_index. */
export function unknownPolynomial(index: number): MomentPolynomial {
  return new Map([[String(index), 1]]);
}

/** The factor indices of a key ("" → []). */
export function factorsOf(key: string): number[] {
  return key === "" ? [] : key.split(",").map(Number);
}

/** target += scale·p, in place; returns target. */
export function addTo(target: MomentPolynomial, p: MomentPolynomial, scale = 1): MomentPolynomial {
  if (scale === 0) return target;
  for (const [key, c] of p) {
    const sum = (target.get(key) ?? 0) + scale * c;
    if (sum === 0) target.delete(key);
    else target.set(key, sum);
  }
  return target;
}

/** The product p·q. */
export function multiply(p: MomentPolynomial, q: MomentPolynomial): MomentPolynomial {
  const out: MomentPolynomial = new Map();
  for (const [a, ca] of p) {
    for (const [b, cb] of q) {
      const key = [...factorsOf(a), ...factorsOf(b)].sort((x, y) => x - y).join(",");
      addTo(out, new Map([[key, ca * cb]]));
    }
  }
  return out;
}

/** p at y. */
export function evaluatePolynomial(p: MomentPolynomial, y: ArrayLike<number>): number {
  let sum = 0;
  for (const [key, c] of p) sum += factorsOf(key).reduce((prod, i) => prod * y[i], c);
  return sum;
}

/**
 * The moments of a law of k-clusters up to total degree `degree`: partition key → ∫ m_λ dF
 * as a polynomial in the unknowns. A partition that is absent has moment 0.
 */
export interface ClusterLaw {
  size: number;
  degree: number;
  moments: Map<string, MomentPolynomial>;
}

/** The moment of λ (the zero polynomial when absent). */
export function momentOf(law: ClusterLaw, lambda: Partition): MomentPolynomial {
  return law.moments.get(partitionKey(lambda)) ?? new Map();
}

/**
 * The law whose moments are the unknowns themselves: ∫ m_λ dF = y_{index(λ)} (an explicit
 * class of the moment system).
 *
 * @param size - cluster size k; degree - largest total degree.
 * @param index - the unknown of each partition of the basis.
 */
export function unknownLaw(size: number, degree: number, index: (lambda: Partition) => number): ClusterLaw {
  return { size, degree, moments: new Map(symmetricBasis(size, degree).map((lambda) => [partitionKey(lambda), unknownPolynomial(index(lambda))])) };
}

/**
 * The law of one particle with given raw moments ∫ v^j dF = raw[j], j = 0 … degree (constants).
 *
 * @example
 * momentOf(singleLaw([1, 0, 2]), [2]).get("") // 2
 */
export function singleLaw(raw: readonly number[]): ClusterLaw {
  const degree = raw.length - 1;
  return { size: 1, degree, moments: new Map(symmetricBasis(1, degree).map((lambda) => [partitionKey(lambda), constantPolynomial(raw[lambda[0] ?? 0])])) };
}

/** The law with every moment multiplied by c. */
export function scaleLaw(law: ClusterLaw, c: number): ClusterLaw {
  return { ...law, moments: new Map([...law.moments].map(([key, p]) => [key, addTo(new Map(), p, c)])) };
}

/** The values of a law's moments at y, by partition key. */
export function evaluateLaw(law: ClusterLaw, y: ArrayLike<number> = []): Map<string, number> {
  return new Map([...law.moments].map(([key, p]) => [key, evaluatePolynomial(p, y)]));
}
