/**
 * f_1(x, v) of the spatial model in d = 1 (docs/space.md): the free particles counted on the
 * cells of the box × equal velocity bins on [min, max), each with weight M/N, as bin averages
 * (M/N)·count/(h·Δv), so that the histogram integrates to M_1 (less the mass outside [min, max)):
 * one f_1 histogram (./histogram-f1.ts) per x cell, divided by the cell width.
 *
 * @module
 */
import { FreeStateHistogram } from "./histogram-f1.js";

/** Counts free particles by (x cell, v bin), layout [ix·bins + iv]. */
export class PhaseSpaceCounts {
  private readonly perCell: FreeStateHistogram[];

  /** @param cells - x cells C; velocity `bins` on [min, max). */
  constructor(cells: number, min: number, max: number, bins: number) {
    this.perCell = Array.from({ length: cells }, () => new FreeStateHistogram(min, max, bins));
  }

  /** Adds one free particle in x cell `cell` with state v (ignored outside [min, max)). */
  add(cell: number, v: number): void {
    this.perCell[cell].add(v);
  }

  /**
   * Bin averages (M/N)·count/(h·Δv).
   *
   * @example
   * const f = new PhaseSpaceCounts(2, 0, 1, 1); f.add(1, 0.5);
   * f.densities(1, 1, 0.5) // [0, 2]
   */
  densities(N: number, mass: number, width: number): number[] {
    return this.perCell.flatMap((h) => h.densities(N, mass).map((f) => f / width));
  }
}
