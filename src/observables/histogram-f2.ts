/**
 * The 2-D histogram of pair states, normalised as the paper's f_2 (docs/model.md §2): the ordered
 * pair (v_a, v_b) of every 2-cluster is entered both ways (f_2 is symmetric), each entry with
 * weight M/(2εN), so the histogram integrates to M_2 = M·n_2/ε. Densities are cell averages.
 *
 * @module
 */

/** Counts ordered pair states into bins × bins equal cells on [min, max)². */
export class PairStateHistogram {
  /** counts[a·bins + b]: entries with the first state in bin a and the second in bin b. */
  readonly counts: Float64Array;
  private readonly scale: number;

  constructor(
    private readonly min: number,
    max: number,
    readonly bins: number,
  ) {
    this.counts = new Float64Array(bins * bins);
    this.scale = bins / (max - min);
  }

  /** Adds the pair {va, vb} as (va, vb) and (vb, va); ignored if either is outside [min, max). */
  add(va: number, vb: number): void {
    const a = Math.floor((va - this.min) * this.scale);
    const b = Math.floor((vb - this.min) * this.scale);
    if (a < 0 || b < 0 || a >= this.bins || b >= this.bins) return;
    this.counts[a * this.bins + b]++;
    this.counts[b * this.bins + a]++;
  }

  /** f_2 cell averages: entries·M/(2εN)/area. */
  densities(N: number, epsilon: number, mass: number): number[] {
    const weight = (mass * this.scale * this.scale) / (2 * epsilon * N);
    return Array.from(this.counts, (c) => c * weight);
  }
}
