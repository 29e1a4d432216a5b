/**
 * The fields of the spatial model per cell (docs/space.md): with weight M/N per particle and
 * cells of volume hᵈ, the mass density ρ = (M/N)·n_c/hᵈ, the momentum density
 * j = (M/N)·Σ_{p in c} v_p/hᵈ per component, and the energy density e = (M/N)·Σ_{p in c} |v_p|²/hᵈ
 * over all particles (free and clustered) of cell c, so that Σ_cells ρ·hᵈ = M: the layout of
 * `ReplicaResult.fields` (src/engine/replica.ts). The ensemble turns e into the variance T.
 *
 * @module
 */

/** Accumulates ρ, j_1 … j_d, e per cell, in the layout of `ReplicaResult.fields`. */
export class FieldSums {
  /** sums[block·cells + cell], blocks ρ, j_1 … j_d, e. */
  private readonly sums: Float64Array;

  /** @param cells - Cᵈ; `dimension` d. */
  constructor(
    readonly cells: number,
    readonly dimension: number,
  ) {
    this.sums = new Float64Array((dimension + 2) * cells);
  }

  /** Adds the k members of a cluster in `cell`, states[i·d + axis]. */
  add(cell: number, states: Float64Array, k: number): void {
    const { sums, cells } = this;
    const d = this.dimension;
    sums[cell] += k;
    for (let i = 0; i < k; i++) {
      for (let axis = 0; axis < d; axis++) {
        const v = states[i * d + axis];
        sums[(1 + axis) * cells + cell] += v;
        sums[(1 + d) * cells + cell] += v * v;
      }
    }
  }

  /**
   * The densities: every sum times (M/N)/hᵈ.
   *
   * @param N - particles; `mass` M; `volume` hᵈ of a cell.
   * @example
   * const fields = new FieldSums(2, 1); fields.add(1, Float64Array.of(2), 1);
   * fields.densities(1, 1, 0.5) // [0, 2, 0, 4, 0, 8]
   */
  densities(N: number, mass: number, volume: number): number[] {
    const weight = mass / (N * volume);
    return Array.from(this.sums, (s) => s * weight);
  }
}
