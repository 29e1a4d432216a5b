import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { hierarchyTerms, solveMomentsExact } from "../../src/kinetic/moment-closure/exact-hierarchy-2.js";
import { momentRhs, solveMoments } from "../../src/kinetic/equations/moment-odes.js";
import { centralDifferenceJacobian } from "../../src/kinetic/ode/jacobian.js";
import { quadraticProblem } from "../../src/kinetic/ode/quadratic-system.js";
import { pairRates } from "../../src/kinetic/equations/paper-rates.js";
import type { RunOutput } from "../../src/contract/run-output.js";
import { type ModelConfig, parseConfig } from "../../src/model/config.js";
import { resolveKernel } from "../../src/model/kernels.js";
import { diagnosticsOf } from "../../src/contract/diagnostics.js";

/** Right end of the real stability interval [−2.785, 0] of the classical explicit RK4. */
const RK4_REAL_STABILITY = 2.785;

/**
 * Largest |λ| over the real eigenvalues of an n × n row-major Jacobian: the fastest decaying
 * mode, which bounds the step of an explicit method by RK4_REAL_STABILITY/|λ|.
 */
function stiffestRate(jacobian: Float64Array, n: number): number {
  const rows = Array.from({ length: n }, (_, i) => Array.from(jacobian.subarray(i * n, (i + 1) * n)));
  const { realEigenvalues, imaginaryEigenvalues } = new EigenvalueDecomposition(new Matrix(rows));
  const real = realEigenvalues.filter((_, i) => imaginaryEigenvalues[i] === 0);
  expect(real.length).toBeGreaterThan(0);
  return Math.max(...real.map(Math.abs));
}

/** Accepted + rejected RODAS steps, from the solver's diagnostics. */
function rodasSteps(output: RunOutput): number {
  const diagnostics = output.summary.diagnostics;
  if (!diagnostics || !("integrator" in diagnostics)) throw new Error(`${output.summary.source} reports no integrator`);
  const { integrator } = diagnostics;
  expect(integrator.method).toBe("RODAS");
  return integrator.accepted + integrator.rejected;
}

/**
 * Stiffest rate of the O(ε) moment system (20), (23) and the derived second moments, from its
 * Jacobian at every output state: the smallest over the trajectory's samples.
 */
function momentSystemRate(config: ModelConfig, output: RunOutput): number {
  const o = output.summary.observables;
  const rhs = momentRhs("derived", pairRates(config), config.epsilon);
  const rates = config.times.map((_, i) => {
    const y = Float64Array.of(o.M1.mean[i], o.M2.mean[i], o.I1.mean[i], o.I2.mean[i], o.V1.mean[i], o.V2.mean[i], o.V2bar.mean[i], o.V2tilde.mean[i]);
    return stiffestRate(centralDifferenceJacobian(rhs, y), y.length);
  });
  return Math.min(...rates);
}

/**
 * Stiffest rate of the exact hierarchy on the sizes it kept: its stiff terms (break-up μ/ε and
 * alignment 2/ε) are linear, so they are the Jacobian at 0; the bilinear merge terms only add
 * O(λM) = O(1).
 */
function hierarchyRate(config: ModelConfig, output: RunOutput): number {
  const K = diagnosticsOf(output.summary, "moments-exact")!.sizesKept;
  const params = { epsilon: config.epsilon, mass: config.mass, kmax: config.kmax, lambda: resolveKernel(config.lambda), mu: resolveKernel(config.mu) };
  const n = 4 * K - 1;
  return stiffestRate(quadraticProblem(n, hierarchyTerms(params, K)).jacobian!(new Float64Array(n)), n);
}

// The moment systems are stiff (fast modes of rate O(1/ε)); RODAS is L-stable, so its step
// follows the slow dynamics (order 4 at rtol 1e-9: about 10³ steps on [0, 10]) and not the fast
// modes. Any explicit method needs |λ|·dt within its stability interval, at least
// T·|λ_max|/2.785 steps (RK4's real interval; ≈ 10⁵ at ε = 1e-4), and ten times more at ε/10.
describe("stiffness", () => {
  const config = (epsilon: number) => parseConfig({ epsilon, times: [0, 1, 5, 10], initial: { distribution: "normal", pairedFraction: 0.2 } });
  const T = 10;

  // Conserved mass: M_1 + 2εM_2 for the O(ε) system (19), M_1 + 2εM_2 + 3ε²M_3 for the exact
  // hierarchy with k_max = 3.
  it.each([
    ["solveMoments", solveMoments, momentSystemRate, 0],
    ["solveMomentsExact", solveMomentsExact, hierarchyRate, 1],
  ] as const)("%s at ε = 1e-4 takes ≥ 50× fewer steps than explicit RK4's stability limit, and about as many at ε = 1e-5", (_, solve, stiffest, triples) => {
    const coarse = config(1e-4);
    const output = solve(coarse);
    const explicitSteps = (T * stiffest(coarse, output)) / RK4_REAL_STABILITY;
    expect(explicitSteps).toBeGreaterThan(T / 1e-4 / RK4_REAL_STABILITY); // |λ_max| ≥ 1/ε: the system is stiff
    const steps = rodasSteps(output);
    expect(steps).toBeLessThan(explicitSteps / 50);
    // ε/10 multiplies an explicit method's steps by 10; an L-stable one only adds the steps of
    // the (ten times thinner) initial layer.
    expect(rodasSteps(solve(config(1e-5))) / steps).toBeLessThan(2);

    const { M1, M2, M3, V1 } = output.summary.observables;
    expect(V1.mean).toHaveLength(coarse.times.length);
    expect(V1.mean.every(Number.isFinite)).toBe(true);
    expect(M1.mean[3] + 2e-4 * M2.mean[3] + triples * 3e-8 * M3.mean[3]).toBeCloseTo(1, 11);
  });
});
