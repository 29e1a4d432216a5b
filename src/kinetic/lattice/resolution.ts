/**
 * Numerical resolution of the velocity-resolved kinetic solvers, with the recommended defaults
 * (docs/kinetic.md gives their measured runtimes and orders).
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
  /**
   * Keep the initial lattice instead of refining it as f_1 contracts ((33) and (49),
   * `contracting-lattice.ts`); default false.
   */
  fixedLattice?: boolean;
  /**
   * f1.csv cells per lattice cell (default 1: the lattice tiles them, h ≤ spacing). The coarse
   * solve of an error estimate uses 2 when the cells are as fine as h (`lattice.ts`).
   */
  binsPerCell?: number;
}

/** Recommended resolutions, one per solver (see the module doc of each solver). */
export const RECOMMENDED: Record<"instantaneous" | "firstOrder" | "scalar", Resolution> = {
  instantaneous: { spacing: 0.05, dt: 0.1, collisionNodes: 4, tripleNodes: 0, tripleCoarsening: 1, flowNodes: 2 },
  firstOrder: { spacing: 0.1, dt: 0.05, collisionNodes: 0, tripleNodes: 2, tripleCoarsening: 4, flowNodes: 3 },
  scalar: { spacing: 0.1, dt: 0.05, collisionNodes: 4, tripleNodes: 2, tripleCoarsening: 4, flowNodes: 2 },
};

/**
 * The resolution of solveFirstOrder at ε: h = 0.05 (half the spacing of RECOMMENDED.firstOrder),
 * the triple term 4× coarser (H = 0.2), dt = min(0.05, ε/4). Measured self-convergence of the f_1
 * histogram (L2 over t ∈ {1, 2}, the study config, docs/studies.md): at h = 0.1 the solver carries
 * an ε-independent error of 7·10⁻⁴ (the pair remap, O(h²)), plus 3.8·10⁻⁴ from the number of
 * remaps (dt = ε/4 against ε/8), which would floor a particle–(14) distance; h = 0.05 cuts both
 * about fourfold. The triple-term coarsening error is O(εH²): 7.6·10⁻⁵ at ε = 0.1, H = 0.2.
 *
 * @param epsilon - ε > 0.
 * @example
 * firstOrderResolution(0.1).dt // 0.025
 */
export function firstOrderResolution(epsilon: number): Resolution {
  return { ...RECOMMENDED.firstOrder, spacing: 0.05, dt: Math.min(RECOMMENDED.firstOrder.dt, epsilon / 4) };
}
