/**
 * f_1(x, v) of the spatial model in d = 1 (docs/space.md): the free particles counted on the
 * cells of the box × equal velocity bins on [min, max), each with weight M/N, as bin averages
 * (M/N)·count/(h·Δv), so that the histogram integrates to M_1 (less the mass outside [min, max)).
 *
 * @module
 */

/** Counts free particles by (x cell, v bin), layout [ix·bins + iv]. */
export class PhaseSpaceCounts {
  private readonly counts: Float64Array;
  private readonly scale: number;

  /** @param cells - x cells C; velocity `bins` on [min, max). */
  constructor(
    cells: number,
    private readonly min: number,
    max: number,
    readonly bins: number,
  ) {
    this.counts = new Float64Array(cells * bins);
    this.scale = bins / (max - min);
  }

  /** Adds one free particle in x cell `cell` with state v (ignored outside [min, max)). */
  add(cell: number, v: number): void {
    const b = Math.floor((v - this.min) * this.scale);
    if (b >= 0 && b < this.bins) this.counts[cell * this.bins + b]++;
  }

  /**
   * Bin averages (M/N)·count/(h·Δv).
   *
   * @example
   * const f = new PhaseSpaceCounts(2, 0, 1, 1); f.add(1, 0.5);
   * f.densities(1, 1, 0.5) // [0, 2]
   */
  densities(N: number, mass: number, width: number): number[] {
    const weight = (mass * this.scale) / (N * width);
    return Array.from(this.counts, (c) => c * weight);
  }
}
