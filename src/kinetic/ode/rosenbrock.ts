/**
 * A stiff integrator with error control: the Rosenbrock method RODAS of Hairer and Wanner
 * [HW96, §VI.4] (6 stages, order 4, stiffly accurate, L-stable, embedded order-3 solution for
 * the error estimate), for autonomous systems y' = f(y). The moment systems of this directory
 * have fast modes of rate 1/ε and 2/ε; L-stability damps them in one step of any length, so the
 * step size follows the slow dynamics once the initial layer of width O(ε) is passed, down to
 * ε = 10⁻⁴ and below.
 *
 * One step of size h from y, with J = f'(y) and γ = 1/4 (the transformed form of [HW96, (7.25)],
 * as in Hairer's rodas.f and in KPP):
 *
 *   (I/(hγ) − J) K_i = f(y + Σ_{j<i} a_ij K_j) + Σ_{j<i} (c_ij/h) K_j,   i = 1 … 6,
 *   y_new = y + Σ m_i K_i,   error estimate = Σ e_i K_i,
 *
 * one LU decomposition per step (./dense-lu.js) and six back-substitutions. The step is accepted
 * when the RMS of error_i / (atol + rtol·max(|y_i|, |y_new,i|)) is ≤ 1, and the next step is
 * h·min(6, max(0.2, 0.9·err^{−1/4})) [HW96, §IV.8], not increased right after a rejection.
 *
 * [HW96] E. Hairer, G. Wanner, "Solving Ordinary Differential Equations II. Stiff and
 *   Differential-Algebraic Problems", 2nd ed., Springer 1996 (§IV.7 Rosenbrock methods, §VI.4
 *   the coefficients of RODAS).
 *
 * @module
 */
import { InvariantError } from "../../errors.js";
import { luFactor, luSolve } from "./dense-lu.js";
import { centralDifferenceJacobian } from "./jacobian.js";

/** An autonomous system y' = f(y). */
export interface StiffProblem {
  /** f(y); returns a fresh array and leaves y alone. */
  rhs(y: Float64Array): Float64Array;
  /** f'(y), n × n row-major; central differences ({@link centralDifferenceJacobian}) when absent. */
  jacobian?(y: Float64Array): Float64Array;
}

/** Tolerances and limits of {@link solveStiff}. */
export interface StiffOptions {
  /** Relative tolerance, in (0, 1); default 1e-8. */
  rtol?: number;
  /** Absolute tolerance, > 0, one for all components or one per component; default 1e-12. */
  atol?: number | Float64Array;
  /** Maximum number of attempted steps; default 100 000. */
  maxSteps?: number;
  /** Called after every accepted step with the new time and state (do not keep the array). */
  onStep?(t: number, y: Float64Array): void;
}

/** The solution at the requested times and the work it took. */
export interface StiffSolution {
  /** states[i] = y(times[i]). */
  states: Float64Array[];
  /** Accepted and rejected steps. */
  steps: { accepted: number; rejected: number };
}

/**
 * RODAS coefficients [HW96, §VI.4] in the transformed form of rodas.f: γ = 1/4, strictly lower
 * triangular a_ij and c_ij (row i, columns j < i), solution weights m_i, error weights e_i.
 */
const GAMMA = 0.25;
const A = [
  [],
  [1.544],
  [0.9466785280815826, 0.2557011698983284],
  [3.314825187068521, 2.896124015972201, 0.9986419139977817],
  [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895],
  [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895, 1],
];
const C = [
  [],
  [-5.6688],
  [-2.430093356833875, -0.2063599157091915],
  [-0.1073529058151375, -9.594562251023355, -20.47028614809616],
  [7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616],
  [8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054],
];
const M_WEIGHTS = [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895, 1, 1];
const E_WEIGHTS = [0, 0, 0, 0, 0, 1];
/** Order of the error estimate plus one (the exponent in the step-size rule). */
const ERROR_ORDER = 4;
const STAGES = 6;

/**
 * One RODAS step of size h from y (no error control): the building block of
 * {@link solveStiff}, exported for the order test.
 *
 * @param problem - the system y' = f(y).
 * @param y - the state at the start of the step.
 * @param h - the step size, > 0.
 * @param jacobian - f'(y), if already computed (reused across rejected attempts).
 * @returns the new state and the embedded error estimate (order-4 minus order-3 solution).
 * @throws {InvariantError} when I/(hγ) − J is singular.
 */
export function rodasStep(problem: StiffProblem, y: Float64Array, h: number, jacobian?: Float64Array): { y: Float64Array; error: Float64Array } {
  const n = y.length;
  const J = jacobian ?? jacobianOf(problem, y);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) G[i] = -J[i];
  for (let i = 0; i < n; i++) G[i * n + i] += 1 / (h * GAMMA);
  const lu = luFactor(G, n);
  if (lu === null) throw new InvariantError("I/(hγ) − J is regular in a Rosenbrock step", { h, y: Array.from(y) });
  const K: Float64Array[] = [];
  let f = problem.rhs(y);
  for (let i = 0; i < STAGES; i++) {
    if (i > 0 && A[i].some((a) => a !== 0)) {
      const stage = Float64Array.from(y);
      for (let j = 0; j < i; j++) if (A[i][j] !== 0) axpy(A[i][j], K[j], stage);
      f = problem.rhs(stage);
    }
    const rhs = Float64Array.from(f);
    for (let j = 0; j < i; j++) axpy(C[i][j] / h, K[j], rhs);
    K.push(luSolve(lu, rhs));
  }
  const yNew = Float64Array.from(y);
  const error = new Float64Array(n);
  for (let i = 0; i < STAGES; i++) {
    if (M_WEIGHTS[i] !== 0) axpy(M_WEIGHTS[i], K[i], yNew);
    if (E_WEIGHTS[i] !== 0) axpy(E_WEIGHTS[i], K[i], error);
  }
  return { y: yNew, error };
}

/**
 * Integrates y' = f(y), y(0) = y0, with RODAS and adaptive steps, returning y at each
 * requested time (steps are shortened to land on each of them).
 *
 * @param problem - the system.
 * @param y0 - the state at t = 0.
 * @param times - output times, ≥ 0 and strictly increasing.
 * @param options - tolerances (default rtol 1e-8, atol 1e-12) and limits.
 * @returns the states at `times` and the step counts.
 * @throws {InvariantError} when the step size underflows, the step budget is exhausted or the
 *   solution stops being finite.
 * @example
 * solveStiff({ rhs: (y) => Float64Array.of(-1e4 * (y[0] - 1)) }, Float64Array.of(0), [1]).states[0][0] // ≈ 1
 */
export function solveStiff(problem: StiffProblem, y0: Float64Array, times: readonly number[], options: StiffOptions = {}): StiffSolution {
  const rtol = options.rtol ?? 1e-8;
  const atol = typeof options.atol === "object" ? options.atol : new Float64Array(y0.length).fill(options.atol ?? 1e-12);
  const maxSteps = options.maxSteps ?? 100_000;
  const tEnd = times[times.length - 1];
  let y: Float64Array = Float64Array.from(y0);
  let t = 0;
  let h = initialStep(problem, y, tEnd, rtol, atol);
  let accepted = 0;
  let rejected = 0;
  const states: Float64Array[] = [];
  let next = 0;
  while (next < times.length && times[next] <= 0) states[next++] = Float64Array.from(y);
  let rejectedLast = false;
  while (next < times.length) {
    const target = times[next];
    const J = jacobianOf(problem, y);
    for (;;) {
      if (accepted + rejected >= maxSteps) throw new InvariantError(`at most ${maxSteps} Rosenbrock steps reach t = ${tEnd}`, { t, h });
      const hStep = Math.min(h, target - t);
      if (!(hStep > 1e-14 * Math.max(1, Math.abs(t)))) throw new InvariantError("the Rosenbrock step size stays above rounding", { t, h: hStep });
      const step = rodasStep(problem, y, hStep, J);
      const err = errorNorm(y, step.y, step.error, rtol, atol);
      const factor = Math.min(6, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-10), -1 / ERROR_ORDER)));
      if (err <= 1) {
        if (!step.y.every(Number.isFinite)) throw new InvariantError("the solution of the moment system stays finite", { t, h: hStep });
        y = step.y;
        t = hStep === target - t ? target : t + hStep;
        accepted++;
        options.onStep?.(t, y);
        const proposed = rejectedLast ? Math.min(hStep * factor, hStep) : hStep * factor;
        // A step cut short to land on an output time does not shrink the next one.
        h = hStep < h ? Math.max(h, proposed) : proposed;
        rejectedLast = false;
        break;
      }
      rejected++;
      h = hStep * factor;
      rejectedLast = true;
    }
    while (next < times.length && times[next] <= t) states[next++] = Float64Array.from(y);
  }
  return { states, steps: { accepted, rejected } };
}

function jacobianOf(problem: StiffProblem, y: Float64Array): Float64Array {
  return problem.jacobian ? problem.jacobian(y) : centralDifferenceJacobian((z) => problem.rhs(z), y);
}

/** y ← y + a·x. */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

/** RMS of error_i / (atol + rtol·max(|y_i|, |yNew_i|)). */
function errorNorm(y: Float64Array, yNew: Float64Array, error: Float64Array, rtol: number, atol: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const scale = atol[i] + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
    sum += (error[i] / scale) ** 2;
  }
  return Math.sqrt(sum / y.length);
}

/** A first step from the scaled sizes of y and f(y) ([HW96, II.4], first stage only). */
function initialStep(problem: StiffProblem, y: Float64Array, tEnd: number, rtol: number, atol: Float64Array): number {
  const f = problem.rhs(y);
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < y.length; i++) {
    const scale = atol[i] + rtol * Math.abs(y[i]);
    d0 += (y[i] / scale) ** 2;
    d1 += (f[i] / scale) ** 2;
  }
  const guess = d0 < 1e-10 || d1 < 1e-10 ? 1e-6 : 0.01 * Math.sqrt(d0 / d1);
  return Math.min(Math.max(guess, 1e-12 * Math.max(tEnd, 1)), Math.max(tEnd, 1e-12));
}
