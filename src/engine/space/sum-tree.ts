/**
 * A complete binary sum tree over n non-negative weights (the coagulation rates of the cells):
 * setting one weight and drawing an index with probability weight/total both cost O(log n).
 *
 * Every inner node is recomputed as the sum of its two children when a leaf changes (not
 * updated by differences, as a Fenwick tree would be), so the total carries no accumulated
 * rounding over millions of updates and a weight set to 0 is exactly 0 in every sum above it.
 *
 * @module
 */

export class SumTree {
  /** Nodes 1 … 2P − 1 of the heap layout; leaves at P … P + n − 1 (P the power of two ≥ n). */
  private readonly node: Float64Array;
  private readonly leaves: number;

  /** @param n - number of weights (≥ 1), all 0 at first. */
  constructor(readonly n: number) {
    let P = 1;
    while (P < n) P *= 2;
    this.leaves = P;
    this.node = new Float64Array(2 * P);
  }

  /** The sum of all weights. */
  get total(): number {
    return this.node[1];
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.node.byteLength;
  }

  /** Sets weight i to w ≥ 0 and recomputes the sums above it. */
  set(i: number, w: number): void {
    const { node } = this;
    let j = this.leaves + i;
    node[j] = w;
    for (j >>= 1; j >= 1; j >>= 1) node[j] = node[2 * j] + node[2 * j + 1];
  }

  /**
   * The index i with Σ_{l<i} w_l ≤ u < Σ_{l≤i} w_l, and u − Σ_{l<i} w_l (the draw rescaled
   * into weight i, so that it can pick within it). u must lie in [0, total).
   *
   * @example
   * const tree = new SumTree(3); tree.set(0, 1); tree.set(2, 2);
   * tree.find(1.5) // { index: 2, rest: 0.5 }
   */
  find(u: number): { index: number; rest: number } {
    const { node, leaves } = this;
    let j = 1;
    while (j < leaves) {
      const left = node[2 * j];
      if (u < left || node[2 * j + 1] === 0) j = 2 * j;
      else (u -= left), (j = 2 * j + 1);
    }
    return { index: j - leaves, rest: Math.min(u, node[j]) };
  }
}
