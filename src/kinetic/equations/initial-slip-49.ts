/**
 * The initial slip of the scalar model (49): the O(ε) correction of its initial datum that the
 * initial layer of (14) imposes when the particles start with no pairs.
 *
 * (49) eliminates the fast variable f_2 through its quasi-stationary expansion (44)–(46),
 * f_2 ≈ f̄_2[f_1] + εf̃_2[f_1]. The particles, and (14), start with f_2(0) = 0, off that manifold.
 * In the layer τ = t/ε, with f_1 = f_1^I frozen at leading order, (14b) reads
 * ∂_τ f_2 = −∇·(U_2f_2) − μ_{1,1}f_2 + λ_{1,1}f_1^If_1^I, so
 *
 *   f_2(τ) − f̄_2 = −λ_{1,1}∫_τ^∞ S_2(σ)(f_1^If_1^I) dσ   (S_2 of (45)).
 *
 * (14a) feeds f_1 by 2μ_{1,1}∫f_2 dv_2 where (49) uses 2μ_{1,1}∫f̄_2 dv_2; every other term of
 * the leading order depends on f_1 alone. Integrating the difference over the layer (dt = ε dτ,
 * and ∫_0^∞dτ∫_τ^∞dσ F(σ) = ∫_0^∞ σF(σ)dσ = ∫∫_0^∞ F(s + r) ds dr) gives the datum on which the
 * outer solution, (49), continues the solution of (14):
 *
 *   f_1(0) = f_1^I − 2εμ_{1,1}λ_{1,1}∫∫∫_0^∞ S_2(s + r)(f_1^If_1^I) ds dr dv_2
 *          = f_1^I − (2ελ_{1,1}/μ_{1,1})·Q̄[f_1^I, f_1^I],
 *
 * with Q̄ the single law after two successive Exp(μ_{1,1}) durations (contraction r = r_1r_2,
 * mass M_1²; scalar-49.ts). It is the quantity under ∂_t on the left of the paper's (47) that
 * equals f_1^I at t = 0: the mass −2ελ_{1,1}M²/μ_{1,1} is what sits in pairs after the layer,
 * M_1 = M − 2εM_2 with M_2 = λ_{1,1}M_1²/μ_{1,1} of (21) (−ε/4 for the study config, λ = 1,
 * μ = 8, M = 1), and the same term shifts I_1, V_1 and every higher moment. The printed datum
 * f_1(0) = f_1^I is O(ε) off, so (49) from it is only O(ε)-accurate at any later time.
 *
 * Triples enter the layer at O(ε²) (they form from the O(ε) pairs at rate O(1)), so the slip
 * above is complete at O(ε) for any k_max ≥ 2 and λ_{1,2}. Initially paired particles
 * (pairedFraction p > 0, f_2^I = (Mp/2ε)g⊗g) are not covered: their O(1) layer releases them
 * after one collision (the datum of limit-33.ts), and its O(ε) part also holds triples formed by
 * free particles with the initial pairs and, for k_max ≥ 4, pairs of pairs; that slip is not
 * derived here, and the slip-corrected datum refuses p > 0.
 *
 * (33) needs no slip: it is O(ε)-accurate, and an O(ε) shift of its datum leaves its order
 * unchanged. (14) and the moment systems (20), (23) keep f_2, so they start from the particles'
 * own f_2(0) = 0; the triple layer they eliminate ((12), rate 2μ_{1,2}/ε) shifts f_1 by O(ε²).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../../errors.js";
import type { ModelConfig } from "../../model/config.js";
import type { PairRates } from "./paper-rates.js";

/** The initial datum of (49): the slip-corrected one (default), or f_1(0) = f_1^I as printed. */
export type InitialDatum = "slip" | "printed";

/** The accepted values of `--initial-datum`. */
export const INITIAL_DATA: readonly InitialDatum[] = ["slip", "printed"];

/**
 * The weight w of the slip f_1(0) = f_1^I + w·Q̄[f_1^I, f_1^I]: w = −2ελ_{1,1}/μ_{1,1} for the
 * slip-corrected datum, 0 for the printed one.
 *
 * @throws {ConfigError} naming `initial.pairedFraction` when the slip-corrected datum is asked
 *   for with initially paired particles (its slip is not derived).
 * @example
 * slipWeight("slip", parseConfig({ epsilon: 0.1 }), { lambda11: 1, lambda12: 1, mu11: 8, mu12: 8 }) // −0.025
 */
export function slipWeight(datum: InitialDatum, config: ModelConfig, rates: PairRates): number {
  if (datum === "printed") return 0;
  const p = config.initial.pairedFraction;
  if (p > 0) {
    throw new ConfigError(
      "initial.pairedFraction",
      p,
      "0 for (49) from its slip-corrected initial datum",
      "the initial layer of pairs present at t = 0 adds an O(ε) slip (triples formed with the initial pairs) that alignsim does not derive; use --initial-datum printed to solve (49) from f_1(0) = f_1^I, which is only O(ε)-accurate.",
    );
  }
  return rates.mu11 > 0 ? (-2 * config.epsilon * rates.lambda11) / rates.mu11 : 0;
}
