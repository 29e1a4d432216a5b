/**
 * Systems whose right-hand side is a sum of linear and bilinear terms, ẏ_r = Σ c·y_a·y_b
 * (mass-action kinetics and their moment hierarchies), stored as a term list so that f and its
 * exact Jacobian cost O(number of terms) each.
 *
 * @module
 */
import type { StiffProblem } from "./rosenbrock.js";

/** A term c·y_a·y_b (or c·y_a when b is absent) added to ẏ_row. */
export interface QuadraticTerm {
  row: number;
  coefficient: number;
  a: number;
  b?: number;
}

/**
 * The {@link StiffProblem} of ẏ = Σ_terms c·y_a·y_b, with the exact Jacobian
 * ∂ẏ_row/∂y_a += c·y_b, ∂ẏ_row/∂y_b += c·y_a.
 *
 * @param dimension - length of y.
 * @param terms - the terms; indices in [0, dimension).
 * @returns the problem (f returns a fresh array).
 * @example
 * quadraticProblem(1, [{ row: 0, coefficient: -1, a: 0, b: 0 }]).rhs(Float64Array.of(2))[0] // -4
 */
export function quadraticProblem(dimension: number, terms: readonly QuadraticTerm[]): StiffProblem {
  const n = terms.length;
  const row = Int32Array.from(terms, (t) => t.row);
  const coefficient = Float64Array.from(terms, (t) => t.coefficient);
  const a = Int32Array.from(terms, (t) => t.a);
  const b = Int32Array.from(terms, (t) => t.b ?? -1);
  return {
    rhs(y) {
      const dy = new Float64Array(dimension);
      for (let t = 0; t < n; t++) dy[row[t]] += coefficient[t] * y[a[t]] * (b[t] < 0 ? 1 : y[b[t]]);
      return dy;
    },
    jacobian(y) {
      const J = new Float64Array(dimension * dimension);
      for (let t = 0; t < n; t++) {
        const r = row[t] * dimension;
        if (b[t] < 0) {
          J[r + a[t]] += coefficient[t];
        } else {
          J[r + a[t]] += coefficient[t] * y[b[t]];
          J[r + b[t]] += coefficient[t] * y[a[t]];
        }
      }
      return J;
    },
  };
}
