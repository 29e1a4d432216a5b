/**
 * Partial masses of the O(ε) system [KMS]: the ODEs (20) for M_1 (free particles) and M_2
 * (pairs, scaled by 1/ε), their equilibrium (21), and the closed-form solution of (20), which
 * the solvers and the integrator tests are checked against.
 *
 * In the docs/model.md §1 convention the triple terms of (14) cancel in (20) exactly (a singleton
 * that joins a pair comes back as one singleton), so (20) holds as printed, with total mass
 * M = M_1 + 2εM_2 conserved.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { PairRates } from "./paper-rates.js";

/**
 * RHS of (20) [KMS]: Ṁ_1 = 2μ_{1,1}M_2 − 2λ_{1,1}M_1², εṀ_2 = λ_{1,1}M_1² − μ_{1,1}M_2.
 *
 * @param rates - the rates (only λ_{1,1}, μ_{1,1} enter).
 * @param epsilon - ε > 0.
 * @param M1 - mass of free particles, ≥ 0.
 * @param M2 - scaled mass of pairs, ≥ 0.
 * @returns [Ṁ_1, Ṁ_2].
 */
export function massesRhs20(rates: PairRates, epsilon: number, M1: number, M2: number): [number, number] {
  const flux = rates.lambda11 * M1 * M1 - rates.mu11 * M2;
  return [-2 * flux, flux / epsilon];
}

/**
 * Equilibrium (21) [KMS]: M_1^∞ = 2M / (1 + sqrt(1 + 8λ_{1,1}εM/μ_{1,1})),
 * M_2^∞ = (λ_{1,1}/μ_{1,1})(M_1^∞)².
 *
 * @param rates - the rates, μ_{1,1} > 0.
 * @param epsilon - ε > 0.
 * @param M - total mass M = M_1 + 2εM_2 > 0.
 * @returns the equilibrium masses.
 * @example
 * equilibrium21({ lambda11: 1, lambda12: 0, mu11: 1, mu12: 1 }, 0.125, 1).M1 // 2 / (1 + sqrt(2))
 */
export function equilibrium21(rates: PairRates, epsilon: number, M: number): { M1: number; M2: number } {
  const M1 = (2 * M) / (1 + Math.sqrt(1 + (8 * rates.lambda11 * epsilon * M) / rates.mu11));
  return { M1, M2: (rates.lambda11 / rates.mu11) * M1 * M1 };
}

/**
 * The exact solution of (20) [KMS]. With M_2 = (M − M_1)/(2ε), (20) is the Riccati equation
 * Ṁ_1 = −2λ_{1,1}(M_1 − a)(M_1 − b) with a = M_1^∞ of (21) and the negative root
 * b = −μ_{1,1}(1 + sqrt(1 + 8λ_{1,1}εM/μ_{1,1}))/(4λ_{1,1}ε), so (M_1 − a)/(M_1 − b) decays like e^{−κt} with
 * κ = 2λ_{1,1}(a − b) = (μ_{1,1}/ε)·sqrt(1 + 8λ_{1,1}εM/μ_{1,1}).
 * For λ_{1,1} = 0 it is linear: M_1 = M + (M_1(0) − M)e^{−μ_{1,1}t/ε}.
 *
 * @param rates - the rates, μ_{1,1} > 0.
 * @param epsilon - ε > 0.
 * @param M - total mass, > 0.
 * @param M1at0 - M_1(0) in [0, M].
 * @param t - time ≥ 0.
 * @returns (M_1(t), M_2(t)).
 */
export function masses20Exact(rates: PairRates, epsilon: number, M: number, M1at0: number, t: number): { M1: number; M2: number } {
  const { lambda11, mu11 } = rates;
  let M1: number;
  if (lambda11 === 0) {
    M1 = M + (M1at0 - M) * Math.exp((-mu11 * t) / epsilon);
  } else {
    const root = Math.sqrt(1 + (8 * lambda11 * epsilon * M) / mu11);
    const a = (2 * M) / (1 + root);
    const b = (-mu11 * (1 + root)) / (4 * lambda11 * epsilon);
    const q = ((M1at0 - a) / (M1at0 - b)) * Math.exp((-mu11 * root * t) / epsilon);
    M1 = (a - b * q) / (1 - q);
  }
  return { M1, M2: (M - M1) / (2 * epsilon) };
}
