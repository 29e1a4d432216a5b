/**
 * The four rates of the first-order models of [KMS] read from a config: λ_{1,1}, λ_{1,2},
 * μ_{1,1}, μ_{1,2}. A cap k_max < 3 switches off the merges it forbids (λ_{1,2} = 0 for
 * k_max = 2, λ_{1,1} = 0 too for k_max = 1), as in the particle engine (MODEL.md §1).
 *
 * @module
 */
import { ConfigError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { resolveKernel } from "../model/kernels.js";

/** Rates of (14), (33), (49). */
export interface Rates {
  lambda11: number;
  lambda12: number;
  mu11: number;
  mu12: number;
}

/**
 * The rates of a config, validated for the kinetic solvers.
 *
 * @throws {ConfigError} if a cluster that can form never breaks up (λ_{1,1} > 0 with
 *   μ_{1,1} = 0, or λ_{1,2} > 0 with μ_{1,2} = 0): the collision-duration integrals of (12),
 *   (32) diverge.
 */
export function rates(config: ModelConfig): Rates {
  const lambda = resolveKernel(config.lambda);
  const mu = resolveKernel(config.mu);
  const kmax = config.kmax ?? Number.POSITIVE_INFINITY;
  const r: Rates = {
    lambda11: kmax >= 2 ? lambda(1, 1) : 0,
    lambda12: kmax >= 3 ? lambda(1, 2) : 0,
    mu11: mu(1, 1),
    mu12: mu(1, 2),
  };
  if (r.lambda11 > 0 && !(r.mu11 > 0)) throw new ConfigError("mu", config.mu, "a kernel with μ(1,1) > 0 when λ(1,1) > 0 for the kinetic solvers");
  if (r.lambda12 > 0 && !(r.mu12 > 0)) throw new ConfigError("mu", config.mu, "a kernel with μ(1,2) > 0 when λ(1,2) > 0 for the kinetic solvers");
  return r;
}
