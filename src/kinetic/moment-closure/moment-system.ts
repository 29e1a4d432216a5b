/**
 * The assembly of a moment closure into an ODE system for the stiff solver
 * (docs/moment-closure.md §4).
 *
 * Unknowns: for each explicit cluster class k (a size whose law is kept) and each partition λ
 * of the symmetric basis of degree ≤ n, the moment y_{k,λ} = ∫ m_λ dF_k of that class, "raw"
 * (per unit mass, not rescaled in ε). Rows: d/dt y_{k,λ} as a {@link MomentPolynomial} in the
 * unknowns, summed event by event (./cluster-events.js). Degree d rows involve only degrees
 * ≤ d (every operator keeps or splits the degree), so the system closes degree by degree; the
 * degree-0 rows are the cluster counts, the degree-1 rows the momenta.
 *
 * Integration: the unknowns are rescaled as in (7) of [KMS], x = y/ε^{s} with s = k − 1 for a
 * class of k-clusters (the paper's f_k^ε), so that all are O(1) as ε → 0; a term c·Π y_a of the
 * row of y_r becomes c·ε^{Σ s_a − s_r}·Π x_a.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { PolynomialTerm } from "../ode/polynomial-system.js";
import { type ClusterLaw, type MomentPolynomial, addTo, factorsOf, momentOf, multiply, unknownLaw } from "./moment-polynomial.js";
import { type Partition, partitionKey, symmetricBasis } from "./symmetric-basis.js";

/** One unknown: the moment of m_λ of the class of k-clusters. */
export interface ClosureUnknown {
  size: number;
  lambda: Partition;
}

/** The unknowns and right-hand sides of a moment closure, built event by event. */
export class MomentSystem {
  readonly unknowns: ClosureUnknown[] = [];
  readonly rows: MomentPolynomial[] = [];
  private readonly positions = new Map<string, number>();

  /**
   * @param sizes - the explicit classes (cluster sizes), each with the basis of degree ≤ `degree`.
   * @param degree - the largest total degree n ≥ 0.
   */
  constructor(
    readonly sizes: readonly number[],
    readonly degree: number,
  ) {
    for (const size of sizes) {
      for (const lambda of symmetricBasis(size, degree)) {
        this.positions.set(`${size}|${partitionKey(lambda)}`, this.unknowns.length);
        this.unknowns.push({ size, lambda });
        this.rows.push(new Map());
      }
    }
  }

  /** The index of y_{k,λ} (−1 when k is not explicit or λ has more than k parts). */
  indexOf(size: number, lambda: Partition): number {
    return this.positions.get(`${size}|${partitionKey(lambda)}`) ?? -1;
  }

  /** The law of class k in terms of the unknowns. */
  law(size: number): ClusterLaw {
    return unknownLaw(size, this.degree, (lambda) => this.indexOf(size, lambda));
  }

  /** The mass y_{k,∅} of class k as a polynomial. */
  mass(size: number): MomentPolynomial {
    return momentOf(this.law(size), []);
  }

  /**
   * d/dt y_{k,λ} += scale·factor·∫ m_λ d(law) for every λ of the basis of class k = law.size.
   *
   * @param law - a law of clusters of an explicit size.
   * @param scale - a rate; factor - an optional polynomial multiplying it (e.g. a mass).
   */
  add(law: ClusterLaw, scale: number, factor?: MomentPolynomial): void {
    for (const lambda of symmetricBasis(law.size, this.degree)) {
      const moment = momentOf(law, lambda);
      addTo(this.rows[this.indexOf(law.size, lambda)], factor ? multiply(moment, factor) : moment, scale);
    }
  }

  /**
   * The rows as polynomial terms in the rescaled unknowns x = y/ε^{s} (module comment).
   *
   * @param scaleExponent - s of an unknown (k − 1 for the cluster model and (14), 0 for (33)).
   * @param epsilon - ε > 0.
   */
  terms(scaleExponent: (unknown: ClosureUnknown) => number, epsilon: number): PolynomialTerm[] {
    const s = this.unknowns.map(scaleExponent);
    const terms: PolynomialTerm[] = [];
    this.rows.forEach((row, r) => {
      for (const [key, c] of row) {
        const factors = factorsOf(key);
        const power = factors.reduce((sum, a) => sum + s[a], 0) - s[r];
        terms.push({ row: r, coefficient: c * epsilon ** power, factors });
      }
    });
    return terms;
  }

  /** Raw moments y → rescaled x = y/ε^{s} (and back with `inverse`). */
  rescale(y: ArrayLike<number>, scaleExponent: (unknown: ClosureUnknown) => number, epsilon: number, inverse = false): Float64Array {
    return Float64Array.from(this.unknowns, (u, i) => y[i] * epsilon ** ((inverse ? 1 : -1) * scaleExponent(u)));
  }
}
