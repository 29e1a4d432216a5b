/**
 * Second moments of the O(ε) system [KMS]: the linear systems for
 * V = (V_1, V_2, V̄_2, Ṽ_2) (variances of f_1 and f_2 about v_∞, the pair spread (26) and the
 * singleton–pair spread (28)), written in one form
 *
 *   diag(1, ε, ε, ε) V̇ = A(M_1, M_2) V + b(M_1, M_2) (I_1 − v_∞M_1)²,
 *
 * for three coefficient tables:
 *
 * - `"derived"`: the moment closure of the O(ε) model in the docs/model.md §1 convention, derived in
 *   docs/moments.md. Rows V_1, V_2, V̄_2 are exact for that model; the Ṽ_2 row is the time
 *   derivative of Ṽ_2 = M_2E_1 − 2I_1I_2 + M_1E_2 (exact, O(ε²) terms kept) plus
 *   −μ_{1,1}(Ṽ_2 − M_2V_1 − M_1V_2 − (I_1 − v_∞M_1)²/ε), which vanishes on solutions. It departs
 *   from the printed (29) in the coefficients listed in docs/moments.md, table 1.
 * - `"printed29"`: (29) of [KMS] as printed.
 * - `"printed34"`: the second-moment rows of (34) as printed: (29) except "2μ_{1,1}M_1" for
 *   "2M_1" in front of V̄_2 in the Ṽ_2 row.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { PairRates } from "./paper-rates.js";

/** Which second-moment system: the derived one or one of the paper's printed versions. */
export type SecondMomentSystem = "derived" | "printed29" | "printed34";

/** All three, in the order reports list them. */
export const SECOND_MOMENT_SYSTEMS: readonly SecondMomentSystem[] = ["derived", "printed29", "printed34"];

/** Coefficients of diag(1, ε, ε, ε)V̇ = A V + b J², J = I_1 − v_∞M_1; rows and columns (V_1, V_2, V̄_2, Ṽ_2). */
export interface SecondMomentCoefficients {
  A: number[][];
  b: number[];
}

/**
 * The coefficients of a second-moment system at given masses.
 *
 * Derived (docs/model.md convention; s = 9(1 + μ_{1,2})):
 *   V̇_1 = −(2λ_{1,1}M_1 + (2/3)ελ_{1,2}M_2)V_1 + (2μ_{1,1} + (2/3)ελ_{1,2}M_1)V_2 − (ελ_{1,2}M_1/s)V̄_2 − (2ελ_{1,2}/s)Ṽ_2
 *   εV̇_2 = (λ_{1,1}M_1 + ελ_{1,2}M_2/3)V_1 − (μ_{1,1} + ελ_{1,2}M_1/3)V_2 − (1/2 + ελ_{1,2}M_1/s)V̄_2 − (2ελ_{1,2}/s)Ṽ_2
 *   εV̄̇_2 = 2λ_{1,1}M_1V_1 − (2 + μ_{1,1} + ελ_{1,2}M_1(3 + 2μ_{1,2})/(3(1 + μ_{1,2})))V̄_2 + (2ελ_{1,2}μ_{1,2}/(3(1 + μ_{1,2})))Ṽ_2 − 2λ_{1,1}J²
 *   εṼ̇_2 = (2λ_{1,1}M_1² − 2ελ_{1,1}M_1M_2 + ελ_{1,2}M_1M_2/3 − (2/3)ε²λ_{1,2}M_2²)V_1
 *          + (4εμ_{1,1}M_2 − 2ελ_{1,1}M_1² − ελ_{1,2}M_1²/3 + (2/3)ε²λ_{1,2}M_1M_2)V_2
 *          − (M_1/2 + ελ_{1,2}M_1(M_1 + εM_2)/s)V̄_2 − (μ_{1,1} + 2ελ_{1,2}(M_1 + εM_2)/s)Ṽ_2
 *          − (μ_{1,1}/ε + 4λ_{1,1}M_1 + (2/3)λ_{1,2}M_1 + (4/3)ελ_{1,2}M_2)J².
 * Printed: (29) and (34) of [KMS], term by term.
 *
 * @param system - which table.
 * @param rates - the rates.
 * @param epsilon - ε > 0.
 * @param M1 - mass of free particles, M2 - scaled mass of pairs.
 * @returns A (4 × 4) and b.
 */
export function secondMomentCoefficients(system: SecondMomentSystem, rates: PairRates, epsilon: number, M1: number, M2: number): SecondMomentCoefficients {
  return system === "derived" ? derived(rates, epsilon, M1, M2) : printed(system === "printed34", rates, epsilon, M1, M2);
}

/** The derived system of docs/moments.md (docs/model.md convention, departs from (29) as printed). */
function derived({ lambda11: l11, lambda12: l12, mu11: m11, mu12: m12 }: PairRates, e: number, M1: number, M2: number): SecondMomentCoefficients {
  const s = 9 * (1 + m12);
  const A = [
    [-2 * l11 * M1 - (2 / 3) * e * l12 * M2, 2 * m11 + (2 / 3) * e * l12 * M1, (-e * l12 * M1) / s, (-2 * e * l12) / s],
    [l11 * M1 + (e * l12 * M2) / 3, -m11 - (e * l12 * M1) / 3, -0.5 - (e * l12 * M1) / s, (-2 * e * l12) / s],
    [2 * l11 * M1, 0, -(2 + m11) - (e * l12 * M1 * (3 + 2 * m12)) / (3 * (1 + m12)), (2 * e * l12 * m12) / (3 * (1 + m12))],
    [
      2 * l11 * M1 * M1 - 2 * e * l11 * M1 * M2 + (e * l12 * M1 * M2) / 3 - (2 / 3) * e * e * l12 * M2 * M2,
      4 * e * m11 * M2 - 2 * e * l11 * M1 * M1 - (e * l12 * M1 * M1) / 3 + (2 / 3) * e * e * l12 * M1 * M2,
      -M1 / 2 - (e * l12 * M1 * (M1 + e * M2)) / s,
      -m11 - (2 * e * l12 * (M1 + e * M2)) / s,
    ],
  ];
  const b = [0, 0, -2 * l11, -m11 / e - 4 * l11 * M1 - (2 / 3) * l12 * M1 - (4 / 3) * e * l12 * M2];
  return { A, b };
}

/** (29) of [KMS] as printed; with `as34`, the Ṽ_2 row's V̄_2 coefficient of (34) instead. */
function printed(as34: boolean, { lambda11: l11, lambda12: l12, mu11: m11, mu12: m12 }: PairRates, e: number, M1: number, M2: number): SecondMomentCoefficients {
  const s = 9 * (1 + m12);
  const A = [
    [(-2 / 3) * (3 * l11 * M1 + e * l12 * M2), 2 * (m11 + (e * l12 * M1) / 3), (-2 * e * l12 * M1) / s, (-4 * e * l12) / s],
    [(3 * l11 * M1 + e * l12 * M2) / 3, -(m11 + (e * l12 * M1) / 3), -(0.5 + (2 * e * l12 * M1) / s), (-4 * e * l12) / s],
    [2 * l11 * M1, 0, -(2 + m11 + (2 * e * l12 * (3 + 2 * m12) * M1) / (3 * (1 + m12))), (2 * e * l12 * m12) / (3 * (1 + m12))],
    [
      2 * l11 * M1 * M1 + (2 * e * l12 * M1 * M2) / (9 * (0.5 + m12)),
      0,
      -((as34 ? 2 * m11 * M1 : 2 * M1) + (e * l12 * M1 * M1) / s),
      -(m11 + (e * l12 * M1 * (10 + 3 * m12)) / s),
    ],
  ];
  const b = [0, 0, -2 * l11, -((2 * e * l12 * M2 * (3 + m12)) / (9 * (0.5 + m12)) - 2 * l11 * M1)];
  return { A, b };
}
