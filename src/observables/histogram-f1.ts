/**
 * The histogram of free-particle states, normalised as the paper's f_1: each free particle has
 * weight M/N, so the histogram integrates to M_1 (less the mass outside [min, max)). Densities
 * are bin averages: weight in the bin divided by its width.
 *
 * @module
 */

/** Counts free-particle states into equal bins on [min, max). */
export class FreeStateHistogram {
  readonly counts: Float64Array;
  private readonly scale: number;

  constructor(
    private readonly min: number,
    max: number,
    readonly bins: number,
  ) {
    this.counts = new Float64Array(bins);
    this.scale = bins / (max - min);
  }

  /** Adds one free particle's state (ignored outside [min, max)). */
  add(v: number): void {
    const b = Math.floor((v - this.min) * this.scale);
    if (b >= 0 && b < this.bins) this.counts[b]++;
  }

  /** f_1 bin averages: count·(M/N)/width. */
  densities(N: number, mass: number): number[] {
    return Array.from(this.counts, (c) => (c * mass * this.scale) / N);
  }
}
