/**
 * Gillespie's direct method over size-class channels: the table of what can happen next, and at which rate.
 *
 * Rates depend only on cluster sizes (docs/model.md §1), so the events are grouped into channels:
 *
 * - coagulation (i, j), i ≤ j, i + j ≤ kmax: total rate λ(i,j)·M·N_i·N_j/N for i ≠ j and
 *   λ(i,i)·M·N_i(N_i − 1)/N for i = j (mass-conserving convention of docs/model.md §1, not (1) as
 *   printed);
 * - fragmentation k ≥ 2: total rate (N_k/ε)·Σ_{j=1}^{k−1} μ(j, k−j).
 *
 * The channel is drawn with probability rate/total; the clusters inside it are then drawn
 * uniformly from their classes by the caller. Every rate has the form
 *
 *   rate_c = coefficient_c · N_a · (N_b − offset_c),
 *
 * with (b, offset) = (j, 0) for a merge of sizes i ≠ j, (i, 1) for i = j, and (0, −1) for a
 * fragmentation (N_0 = 0: no cluster has size 0, so the factor is 1). This class tabulates the
 * channels, calling the kernels, which the event loop (src/engine/assembly/engine.ts) never does: there
 * all rates and their total are recomputed from the class counts after each event in one
 * branch-free pass over the channels — never over clusters — so the cost of an event does not
 * grow with N; it grows with the number of channels, about K²/2 for K sizes present (4 channels
 * for kmax = 3). Channels are built for the sizes seen so far and extended when a larger
 * cluster first forms, so an unbounded kmax costs only what is used.
 *
 * D. T. Gillespie, "Exact stochastic simulation of coupled chemical reactions",
 * J. Phys. Chem. 81 (1977) 2340–2361, doi:10.1021/j100540a008.
 *
 * @module
 */
import { fragmentationWeight, type Kernel } from "../model/kernels.js";

export const COAGULATION = 0;
export const FRAGMENTATION = 1;

export interface ChannelRates {
  lambda: Kernel;
  mu: Kernel;
  mass: number;
  N: number;
  epsilon: number;
  /** Largest cluster size allowed; Infinity when unbounded. */
  kmax: number;
}

export class DirectMethod {
  /** COAGULATION or FRAGMENTATION, per channel. */
  kind = new Int8Array(0);
  /** Sizes (i, j) of a coagulation; (k, 0) of a fragmentation. */
  a = new Int32Array(0);
  b = new Int32Array(0);
  /** rate = coefficient · N_a · (N_b − offset). */
  coefficient = new Float64Array(0);
  offset = new Float64Array(0);
  channels = 0;
  /** splitCumulative[k][j−1] = Σ_{i≤j} μ(i,k−i) / Σ_{i<k} μ(i,k−i): law of the split-off size j. */
  splitCumulative: Float64Array[] = [];
  /** Largest size the channels cover. */
  sizes = 0;

  constructor(readonly params: ChannelRates) {}

  /**
   * Builds the channels for sizes 1 … K (called again when a cluster larger than the current
   * K forms). Channels with a zero kernel are left out.
   */
  cover(K: number): void {
    const { lambda, mu, mass, N, epsilon, kmax } = this.params;
    const kind: number[] = [];
    const a: number[] = [];
    const b: number[] = [];
    const coefficient: number[] = [];
    const offset: number[] = [];
    for (let i = 1; i <= K; i++) {
      for (let j = i; j <= K && i + j <= kmax; j++) {
        const l = lambda(i, j);
        if (l > 0) kind.push(COAGULATION), a.push(i), b.push(j), coefficient.push((l * mass) / N), offset.push(i === j ? 1 : 0);
      }
    }
    for (let k = 2; k <= K; k++) {
      const w = fragmentationWeight(mu, k);
      if (w > 0) kind.push(FRAGMENTATION), a.push(k), b.push(0), coefficient.push(w / epsilon), offset.push(-1);
      const cumulative = new Float64Array(k - 1);
      let s = 0;
      for (let j = 1; j < k; j++) cumulative[j - 1] = s += mu(j, k - j) / (w || 1);
      this.splitCumulative[k] = cumulative;
    }
    this.kind = Int8Array.from(kind);
    this.a = Int32Array.from(a);
    this.b = Int32Array.from(b);
    this.coefficient = Float64Array.from(coefficient);
    this.offset = Float64Array.from(offset);
    this.channels = kind.length;
    this.sizes = K;
  }
}
