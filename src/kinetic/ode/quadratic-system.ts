/**
 * Systems whose right-hand side is a sum of linear and bilinear terms, ẏ_r = Σ c·y_a·y_b
 * (mass-action kinetics and their moment hierarchies), stored as a term list so that f and its
 * exact Jacobian cost O(number of terms) each.
 *
 * @module
 */
import { polynomialProblem } from "./polynomial-system.js";
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
 * ∂ẏ_row/∂y_a += c·y_b, ∂ẏ_row/∂y_b += c·y_a (the bilinear case of {@link polynomialProblem}).
 *
 * @param dimension - length of y.
 * @param terms - the terms; indices in [0, dimension).
 * @returns the problem (f returns a fresh array).
 * @example
 * quadraticProblem(1, [{ row: 0, coefficient: -1, a: 0, b: 0 }]).rhs(Float64Array.of(2))[0] // -4
 */
export function quadraticProblem(dimension: number, terms: readonly QuadraticTerm[]): StiffProblem {
  return polynomialProblem(
    dimension,
    terms.map((t) => ({ row: t.row, coefficient: t.coefficient, factors: t.b === undefined ? [t.a] : [t.a, t.b] })),
  );
}
