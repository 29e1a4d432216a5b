/**
 * The moments of the initial data that the moment solvers start from: a fraction p of the
 * particles starts in pairs, with states drawn independently (f_2^I = M_2(0)·h⊗h), the others
 * free (f_1^I = M_1(0)·g). From a configuration g = h is the initial law of
 * src/model/initial-law.ts, so M_1(0) = M(1 − p), M_2(0) = Mp/(2ε); the solvers also accept
 * g ≠ h, which the tests use to exercise the (I_1 − v_∞M_1)² terms.
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import { initialLaw } from "../../model/initial-law.js";

/** Raw moments E[v], E[v²] of a law of states. */
export interface StateMoments {
  mean: number;
  second: number;
}

/** Initial data of the moment solvers. */
export interface InitialMoments {
  /** Total mass M > 0. */
  mass: number;
  /** Fraction p ∈ [0, 1] of the particles that start in pairs. */
  pairedFraction: number;
  /** Law g of free particles. */
  free: StateMoments;
  /** Law h of each state in a pair (the two states are independent). */
  paired: StateMoments;
}

/**
 * The initial moments of a configuration: g = h = the initial law.
 *
 * @param config - a validated configuration.
 * @returns mass, paired fraction and the moments of the initial law for both.
 * @throws {IOError|ConfigError} as {@link initialLaw} (a `file` law that cannot be read).
 */
export function initialMoments(config: ModelConfig): InitialMoments {
  const { mean, second } = initialLaw(config.initial).moments;
  return { mass: config.mass, pairedFraction: config.initial.pairedFraction, free: { mean, second }, paired: { mean, second } };
}
