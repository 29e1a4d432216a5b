/**
 * Systems whose right-hand side is a polynomial, ẏ_r = Σ c·Π_i y_{a_i} (mass-action kinetics and
 * the moment closures of ../moment-closure/, whose nested collision terms are cubic), stored as
 * a term list so that f and its exact Jacobian cost O(number of terms × degree) each.
 *
 * @module
 */
import type { StiffProblem } from "./rosenbrock.js";

/** A term c·Π y_factors (c alone when there are no factors) added to ẏ_row. */
export interface PolynomialTerm {
  row: number;
  coefficient: number;
  factors: readonly number[];
}

/**
 * The {@link StiffProblem} of ẏ = Σ_terms c·Π y_factors, with the exact Jacobian
 * ∂ẏ_row/∂y_a += c·Π_{factors except one a} y.
 *
 * @param dimension - length of y.
 * @param terms - the terms; indices in [0, dimension).
 * @returns the problem (f returns a fresh array).
 * @example
 * polynomialProblem(1, [{ row: 0, coefficient: -1, factors: [0, 0, 0] }]).rhs(Float64Array.of(2))[0] // -8
 */
export function polynomialProblem(dimension: number, terms: readonly PolynomialTerm[]): StiffProblem {
  const n = terms.length;
  const row = Int32Array.from(terms, (t) => t.row);
  const coefficient = Float64Array.from(terms, (t) => t.coefficient);
  // Factors of term t: factor[start[t] … start[t + 1] − 1].
  const start = new Int32Array(n + 1);
  terms.forEach((t, i) => (start[i + 1] = start[i] + t.factors.length));
  const factor = Int32Array.from(terms.flatMap((t) => t.factors));
  return {
    rhs(y) {
      const dy = new Float64Array(dimension);
      for (let t = 0; t < n; t++) {
        let product = coefficient[t];
        for (let f = start[t]; f < start[t + 1]; f++) product *= y[factor[f]];
        dy[row[t]] += product;
      }
      return dy;
    },
    jacobian(y) {
      const J = new Float64Array(dimension * dimension);
      for (let t = 0; t < n; t++) {
        const r = row[t] * dimension;
        for (let i = start[t]; i < start[t + 1]; i++) {
          let product = coefficient[t];
          for (let f = start[t]; f < start[t + 1]; f++) if (f !== i) product *= y[factor[f]];
          J[r + factor[i]] += product;
        }
      }
      return J;
    },
  };
}
