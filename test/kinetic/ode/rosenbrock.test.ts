import { describe, expect, it } from "vitest";
import { massesRhs20, masses20Exact } from "../../../src/kinetic/equations/masses-20.js";
import { rodasStep, solveStiff, type StiffProblem } from "../../../src/kinetic/ode/rosenbrock.js";

/**
 * y1' = −y1, y2' = (y1 − y2)/ε, y(0) = (1, 0): a fast mode e^{−t/ε} (initial layer) and a slow
 * one. Closed form: y1 = e^{−t}, y2 = (e^{−t} − e^{−t/ε})/(1 − ε).
 */
function layerProblem(epsilon: number): { problem: StiffProblem; exact: (t: number) => [number, number] } {
  return {
    problem: { rhs: (y) => Float64Array.of(-y[0], (y[0] - y[1]) / epsilon) },
    exact: (t) => [Math.exp(-t), (Math.exp(-t) - Math.exp(-t / epsilon)) / (1 - epsilon)],
  };
}

/** Max-norm error at T of `steps` fixed RODAS steps. */
function fixedStepError(problem: StiffProblem, y0: Float64Array, T: number, steps: number, exact: number[]): number {
  let y = y0;
  for (let i = 0; i < steps; i++) y = rodasStep(problem, y, T / steps).y;
  return Math.max(...exact.map((e, i) => Math.abs(y[i] - e)));
}

/** Observed orders log2(e(h)/e(h/2)) for h = T/steps[0], T/steps[1], … */
function observedOrders(errors: number[]): number[] {
  return errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
}

describe("RODAS", () => {
  // RODAS has classical order 4 [HW96, §VI.4]; for linear constant-coefficient problems the
  // stiff part is a rational function with R(∞) = 0, so the order holds uniformly in ε.
  // The band ±0.3 leaves room for the O(h) correction of the error constant at these steps.
  it.each([1e-4, 1e-6])("observes order 4 with steps h ≫ ε on a stiff problem with closed form (ε = %s)", (epsilon) => {
    const { problem, exact } = layerProblem(epsilon);
    const errors = [10, 20, 40].map((steps) => fixedStepError(problem, Float64Array.of(1, 0), 1, steps, exact(1)));
    for (const order of observedOrders(errors)) {
      expect(order).toBeGreaterThan(3.7);
      expect(order).toBeLessThan(4.3);
    }
  });

  it("observes order 4 on the nonlinear mass system (20) against its closed form", () => {
    const rates = { lambda11: 1.5, lambda12: 0, mu11: 0.8, mu12: 1 };
    const epsilon = 1;
    const problem: StiffProblem = { rhs: (y) => Float64Array.from(massesRhs20(rates, epsilon, y[0], y[1])) };
    const { M1, M2 } = masses20Exact(rates, epsilon, 1, 1, 1);
    const errors = [20, 40, 80].map((steps) => fixedStepError(problem, Float64Array.of(1, 0), 1, steps, [M1, M2]));
    for (const order of observedOrders(errors)) {
      expect(order).toBeGreaterThan(3.7);
      expect(order).toBeLessThan(4.3);
    }
  });

  it("is L-stable: one step of length 10⁴ε nearly annihilates the fast mode", () => {
    // Stability function R(z) at z = −10⁴: |R(z)| → 0 as z → −∞ for an L-stable method.
    const epsilon = 1e-6;
    const step = rodasStep({ rhs: (y) => Float64Array.of(-y[0] / epsilon) }, Float64Array.of(1), 1e4 * epsilon);
    expect(Math.abs(step.y[0])).toBeLessThan(1e-3);
  });

  it("meets its tolerance through the initial layer at ε = 1e-4 without tiny steps", () => {
    const epsilon = 1e-4;
    const { problem, exact } = layerProblem(epsilon);
    const times = [epsilon, 10 * epsilon, 0.5, 1, 5];
    const rtol = 1e-8;
    const solution = solveStiff(problem, Float64Array.of(1, 0), times, { rtol, atol: 1e-12 });
    // Global error: the local tolerance accumulated over the steps taken (≤ steps·rtol).
    const steps = solution.steps.accepted + solution.steps.rejected;
    times.forEach((t, i) => {
      const [y1, y2] = exact(t);
      expect(Math.abs(solution.states[i][0] - y1)).toBeLessThan(steps * rtol * Math.max(1, y1));
      expect(Math.abs(solution.states[i][1] - y2)).toBeLessThan(steps * rtol * Math.max(1, y2));
    });
    // An explicit method would need more than T/(2ε) = 25 000 steps for stability alone.
    expect(solution.steps.accepted).toBeLessThan(500);
  });

  it("returns the initial state at t = 0 and lands on every output time", () => {
    const { problem } = layerProblem(0.1);
    const solution = solveStiff(problem, Float64Array.of(1, 0), [0, 0.3, 0.7]);
    expect(Array.from(solution.states[0])).toEqual([1, 0]);
    expect(solution.states).toHaveLength(3);
  });
});
