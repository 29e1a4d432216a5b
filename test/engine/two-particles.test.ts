import { beforeAll, describe, expect, it } from "vitest";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { parseConfig } from "../../src/model/config.js";
import { ENGINE_CASES } from "./engines.js";

/**
 * Two particles (N = 2, kmax = 2, M = 1) form the two-state chain free ⇄ paired, with rate
 * λ·M·N₁(N₁−1)/N = λ from free to paired and μ/ε back. While paired, D = v₁ − v₂ obeys
 * dD/dt = −D/ε (each state moves towards the mean at rate 1/ε), so D² decays at rate 2/ε; while
 * free, D is constant. With a(t) = E[D²; free at t] and b(t) = E[D²; paired at t]:
 *
 *   a' = −λ a + (μ/ε) b,   b' = λ a − ((μ + 2)/ε) b,   a(0) = E[D²(0)] = 2σ², b(0) = 0.
 *
 * The observables are V1 = D²/4 on {free} and V̄2 = D²/(εN) on {paired}, so
 * E[V1] = a/4 and E[V̄2] = b/(2ε).
 */
function exactChain(lambda: number, mu: number, eps: number, sigma: number, t: number): { a: number; b: number } {
  const [p, q, r, s] = [-lambda, mu / eps, lambda, -(mu + 2) / eps];
  // Eigen-decomposition of [[p, q], [r, s]]: real distinct eigenvalues (q r > 0).
  const tr = p + s;
  const disc = Math.sqrt((p - s) ** 2 + 4 * q * r);
  const [l1, l2] = [(tr + disc) / 2, (tr - disc) / 2];
  // x(t) = c1 e^{l1 t} u1 + c2 e^{l2 t} u2 with u_i = (q, l_i − p).
  const a0 = 2 * sigma * sigma;
  // Solve c1 q + c2 q = a0, c1 (l1 − p) + c2 (l2 − p) = 0.
  const c1 = (a0 * (l2 - p)) / (q * (l2 - l1));
  const c2 = a0 / q - c1;
  const e1 = Math.exp(l1 * t);
  const e2 = Math.exp(l2 * t);
  return { a: c1 * e1 * q + c2 * e2 * q, b: c1 * e1 * (l1 - p) + c2 * e2 * (l2 - p) };
}

describe.each(ENGINE_CASES)("two particles reproduce the exact two-state chain ($engine)", ({ box }) => {
  const lambda = 1.5;
  const mu = 1;
  const eps = 0.5;
  const sigma = 1;
  const config = parseConfig({
    ...box,
    N: 2,
    epsilon: eps,
    kmax: 2,
    lambda: { "1,1": lambda },
    mu: { "1,1": mu },
    initial: { distribution: "normal", mean: 0, sd: sigma },
    times: [0.25, 0.5, 1, 2],
    replicas: 4000,
    seed: 11,
    histogram: { bins: 2, pairBins: 2 },
  });
  let out: ReturnType<typeof simulateEnsemble>;
  beforeAll(() => {
    out = simulateEnsemble(config);
  });

  it("E[(v1 − v2)²; free] = 4 E[V1] within 4 standard errors at every time", () => {
    const { mean, stderr } = out.summary.observables.V1;
    config.times.forEach((t, i) => {
      const exact = exactChain(lambda, mu, eps, sigma, t).a / 4;
      expect(Math.abs(mean[i] - exact), `t = ${t}: ${mean[i]} vs exact ${exact}`).toBeLessThan(4 * stderr[i]);
    });
  });

  it("E[(v1 − v2)²; paired] = 2ε E[V̄2] within 4 standard errors at every time", () => {
    const { mean, stderr } = out.summary.observables.V2bar;
    config.times.forEach((t, i) => {
      const exact = exactChain(lambda, mu, eps, sigma, t).b / (2 * eps);
      expect(Math.abs(mean[i] - exact), `t = ${t}: ${mean[i]} vs exact ${exact}`).toBeLessThan(4 * stderr[i]);
    });
  });
});
