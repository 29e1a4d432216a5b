/**
 * Numerical resolution of the velocity-resolved kinetic solvers, with the recommended defaults
 * (docs/kinetic-solvers-readme.md gives their measured runtimes and orders).
 *
 * @module
 */

/** What a velocity-resolved solver needs to know about its discretisation. */
export interface Resolution {
  /** Largest lattice spacing h in state units (snapped so that the output cells tile). */
  spacing: number;
  /** Largest time step. */
  dt: number;
  /** Gauss–Jacobi nodes for the pair contraction r = e^{−s}, s ~ Exp(μ_{1,1}). */
  collisionNodes: number;
  /** Gauss–Jacobi nodes for the triple contraction q = e^{−s/2}, s ~ Exp(μ_{1,2}). */
  tripleNodes: number;
  /** The triple term is evaluated on a lattice `tripleCoarsening` times coarser (integer ≥ 1). */
  tripleCoarsening: number;
  /** Gauss–Legendre nodes of the φ-functions of ETDRK4 and of the break-up flux along the flow. */
  flowNodes: number;
}

/** Recommended resolutions, one per solver (see the module doc of each solver). */
export const RECOMMENDED: Record<"instantaneous" | "firstOrder" | "scalar", Resolution> = {
  instantaneous: { spacing: 0.05, dt: 0.1, collisionNodes: 4, tripleNodes: 0, tripleCoarsening: 1, flowNodes: 2 },
  firstOrder: { spacing: 0.1, dt: 0.05, collisionNodes: 0, tripleNodes: 2, tripleCoarsening: 4, flowNodes: 3 },
  scalar: { spacing: 0.1, dt: 0.05, collisionNodes: 4, tripleNodes: 2, tripleCoarsening: 4, flowNodes: 2 },
};
