/**
 * The four rates λ_{1,1}, λ_{1,2}, μ_{1,1}, μ_{1,2} that the O(ε) systems (20), (23), (29),
 * (34) and the first-order models (14), (33), (49) of [KMS] depend on, read off a run
 * configuration.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../../errors.js";
import type { ModelConfig } from "../../model/config.js";
import { resolveKernel } from "../../model/kernels.js";

/** Pair and triple rates of the O(ε) systems. */
export interface PairRates {
  /** λ_{1,1}: two singletons form a pair (0 when k_max = 1). */
  lambda11: number;
  /** λ_{1,2}: a singleton joins a pair (0 when k_max ≤ 2). */
  lambda12: number;
  /** μ_{1,1}: a pair breaks up (rate μ_{1,1}/ε). */
  mu11: number;
  /** μ_{1,2}: a triple splits off a given slot (total rate 2μ_{1,2}/ε, docs/model.md §1). */
  mu12: number;
}

/**
 * The rates of the O(ε) systems for a configuration; a merge beyond k_max has rate 0.
 *
 * @param config - a validated configuration.
 * @returns the four rates.
 * @throws {ConfigError} when a cluster that can form never breaks up (λ_{1,1} > 0 with
 *   μ_{1,1} = 0, or λ_{1,2} > 0 with μ_{1,2} = 0): the O(ε) systems assume every collision ends.
 * @example
 * pairRates(parseConfig({ kmax: 2 })).lambda12 // 0
 */
export function pairRates(config: ModelConfig): PairRates {
  const lambda = resolveKernel(config.lambda);
  const mu = resolveKernel(config.mu);
  const allows = (size: number) => config.kmax === null || config.kmax >= size;
  const rates = {
    lambda11: allows(2) ? lambda(1, 1) : 0,
    lambda12: allows(3) ? lambda(1, 2) : 0,
    mu11: mu(1, 1),
    mu12: mu(1, 2),
  };
  if ((rates.lambda11 > 0 || config.initial.pairedFraction > 0) && !(rates.mu11 > 0)) {
    throw new ConfigError("mu", config.mu, "a kernel with μ(1,1) > 0 for the kinetic descriptions (pairs must break up)");
  }
  if (rates.lambda12 > 0 && !(rates.mu12 > 0)) {
    throw new ConfigError("mu", config.mu, "a kernel with μ(1,2) > 0 for the kinetic descriptions when triples can form (triples must break up)");
  }
  return rates;
}
