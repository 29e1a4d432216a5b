/**
 * Jacobians by central differences, for the stiff integrator of {@link ./rosenbrock.js}.
 *
 * @module
 */
/** Relative perturbation of each coordinate (absolute below |y_j| = 1). */
const RELATIVE_STEP = 1e-5;

/**
 * The Jacobian ∂f/∂y of f at y by central differences,
 * J[i][j] = (f_i(y + h_j e_j) − f_i(y − h_j e_j)) / (2 h_j), h_j = 10⁻⁵·max(|y_j|, 1).
 *
 * Exact up to rounding when every f_i is a polynomial of degree ≤ 2 in y, since the central
 * difference of a quadratic is its derivative; otherwise (the O(ε) moment system, of degree 3)
 * the error is O(h_j²) = O(10⁻¹⁰) relative, times the third derivative. The rounding error is about
 * 10⁻¹¹·|f|/max(|y_j|, 1), far below what a Rosenbrock step needs.
 *
 * @param f - the right-hand side, y ↦ f(y) (must not keep or modify its argument).
 * @param y - the point, any finite vector.
 * @returns the n × n Jacobian, row-major.
 * @example
 * centralDifferenceJacobian((y) => Float64Array.of(y[0] * y[1], -y[1]), Float64Array.of(2, 3))
 * // [3, 2, 0, -1]
 */
export function centralDifferenceJacobian(f: (y: Float64Array) => Float64Array, y: Float64Array): Float64Array {
  const n = y.length;
  const jacobian = new Float64Array(n * n);
  const probe = Float64Array.from(y);
  for (let j = 0; j < n; j++) {
    const h = RELATIVE_STEP * Math.max(Math.abs(y[j]), 1);
    probe[j] = y[j] + h;
    const plus = f(probe);
    probe[j] = y[j] - h;
    const minus = f(probe);
    probe[j] = y[j];
    for (let i = 0; i < n; i++) jacobian[i * n + j] = (plus[i] - minus[i]) / (2 * h);
  }
  return jacobian;
}
