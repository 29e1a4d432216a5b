import { describe, expect, it } from "vitest";
import { centralDifferenceJacobian } from "../../../src/kinetic/ode/jacobian.js";
import { quadraticProblem } from "../../../src/kinetic/ode/quadratic-system.js";

describe("quadratic systems", () => {
  const problem = quadraticProblem(3, [
    { row: 0, coefficient: -2, a: 0, b: 1 },
    { row: 1, coefficient: 1.5, a: 2, b: 2 },
    { row: 2, coefficient: -0.25, a: 0 },
    { row: 2, coefficient: 3, a: 1, b: 0 },
  ]);
  const y = Float64Array.of(0.7, -1.3, 2.1);

  it("evaluates ẏ_r = Σ c·y_a·y_b", () => {
    expect(Array.from(problem.rhs(y))).toEqual([-2 * 0.7 * -1.3, 1.5 * 2.1 * 2.1, -0.25 * 0.7 + 3 * -1.3 * 0.7]);
  });

  it("has the Jacobian that central differences give (exact for quadratics, to rounding)", () => {
    const exact = problem.jacobian!(y);
    const differences = centralDifferenceJacobian((z) => problem.rhs(z), y);
    expect(exact).toHaveLength(9);
    exact.forEach((v, i) => expect(differences[i]).toBeCloseTo(v, 9));
  });
});
