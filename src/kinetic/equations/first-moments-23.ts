/**
 * Partial first moments of the O(ε) system [KMS]: the ODEs (23) for I_1 = ∫v f_1 and
 * I_2 = ∫v_1 f_2, and their equilibrium (I_1^∞, I_2^∞) printed below (23). (23) holds in the
 * docs/model.md §1 convention as printed (docs/moments.md, §2), the equilibrium up to a factor 2ε in
 * its second component (see {@link equilibrium23}); the total momentum
 * I = I_1 + 2εI_2 is conserved and v_∞ = I/M (24).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { PairRates } from "./paper-rates.js";

/**
 * RHS of (23) [KMS]:
 *   İ_1 = 2μ_{1,1}I_2 − 2λ_{1,1}M_1I_1 + (2/3)ελ_{1,2}(M_1I_2 − M_2I_1),
 *   εİ_2 = λ_{1,1}M_1I_1 − μ_{1,1}I_2 + (1/3)ελ_{1,2}(M_2I_1 − M_1I_2).
 *
 * @param rates - the rates.
 * @param epsilon - ε > 0.
 * @param M1 - mass of free particles, M2 - scaled mass of pairs (from (20)).
 * @param I1 - first moment of f_1, I2 - first moment of f_2 (one slot).
 * @returns [İ_1, İ_2].
 */
export function firstMomentsRhs23(rates: PairRates, epsilon: number, M1: number, M2: number, I1: number, I2: number): [number, number] {
  const { lambda11, lambda12, mu11 } = rates;
  const triple = (epsilon * lambda12 * (M1 * I2 - M2 * I1)) / 3;
  return [2 * mu11 * I2 - 2 * lambda11 * M1 * I1 + 2 * triple, (lambda11 * M1 * I1 - mu11 * I2 - triple) / epsilon];
}

/**
 * The equilibrium of (23) [KMS], from the formula printed below (23):
 *   (I_1^∞, 2εI_2^∞) = I/(μ_{1,1}/ε + λ_{1,2}M/3 + 2λ_{1,1}M_1^∞) ·
 *                      (μ_{1,1}/ε + λ_{1,2}M_1^∞/3, λ_{1,2}M/3 + (2λ_{1,1} − λ_{1,2}/3)M_1^∞).
 * Departure from the paper: its second component is printed as I_2^∞, but it is the momentum
 * 2εI_2^∞ carried by pairs (it equals v_∞(M − M_1^∞), and (23) vanishes only at
 * I_2 = v_∞M_2^∞); we divide it by 2ε. Both components equal v_∞·(M_1^∞, M_2^∞) (by (21):
 * 2εM_2^∞ = M − M_1^∞ and μ_{1,1}M_2^∞ = λ_{1,1}(M_1^∞)²).
 *
 * @param rates - the rates, μ_{1,1} > 0.
 * @param epsilon - ε > 0.
 * @param M - total mass, M1inf - M_1^∞ of (21).
 * @param I - total momentum I_1 + 2εI_2.
 * @returns the equilibrium first moments I_1^∞, I_2^∞.
 */
export function equilibrium23(rates: PairRates, epsilon: number, M: number, M1inf: number, I: number): { I1: number; I2: number } {
  const { lambda11, lambda12, mu11 } = rates;
  const scale = I / (mu11 / epsilon + (lambda12 * M) / 3 + 2 * lambda11 * M1inf);
  return {
    I1: scale * (mu11 / epsilon + (lambda12 * M1inf) / 3),
    I2: (scale * ((lambda12 * M) / 3 + (2 * lambda11 - lambda12 / 3) * M1inf)) / (2 * epsilon),
  };
}
