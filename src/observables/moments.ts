/**
 * The paper's moments (§3.1 [KMS]) computed from particles, as docs/model.md §2 defines them:
 * with weight M/N per particle and sums over the clusters of size k,
 *
 *   M_k = M·n_k/ε^{k−1},   I_k = M/(k ε^{k−1} N) Σ_{k-clusters} Σ_i v_i,
 *   v_∞ = I/M (the mean of all states, conserved),   V_k = M/(k ε^{k−1} N) Σ Σ_i (v_i − v_∞)²,
 *   V̄_2 = M/(εN) Σ_{pairs} (v_a − v_b)²   (26),
 *   Ṽ_2 = ∫(v_1 − v_2)² f_1(v_1) f_2(v_2, v_3) = M_2 E_1 − 2 I_1 I_2 + M_1 E_2   (28),
 *
 * E_k = ∫ v_1² f_k, and the higher central moments of the free particles
 *
 *   C1_r = (M/N) Σ_{free i} (v_i − v_∞)^r,   r = 3, 4   (C1_2 = V_1; docs/moment-closure.md §6).
 *
 * Ṽ_2 is a product of f_1 and f_2, so it comes from these moments, not from
 * particle pairs. Sums are taken of v − c for a fixed shift c (the initial mean state), which
 * keeps the variances free of cancellation when |v_∞| ≫ spread; every formula above is
 * invariant under the shift except I_k and v_∞, which add it back.
 *
 * @module
 */
import type { ObservableName } from "../contract/run-output.js";

/**
 * Σ (x − δ)^r from the power sums s_j = Σ x^j, j = 0 … r: Σ_j C(r, j)(−δ)^{r−j} s_j.
 *
 * @example
 * shiftedPowerSum([2, 2, 4], 1, 2) // 2: the power sums of {0, 2}, and (0 − 1)² + (2 − 1)² = 2
 */
export function shiftedPowerSum(powerSums: readonly number[], delta: number, r: number): number {
  let sum = 0;
  let binomial = 1;
  for (let j = r; j >= 0; j--) {
    sum += binomial * (-delta) ** (r - j) * powerSums[j];
    binomial = (binomial * j) / (r - j + 1);
  }
  return sum;
}

/** Accumulates, per cluster size k, the count and the sums of v − c and (v − c)². */
export class MomentSums {
  private count: number[] = [];
  private sum: number[] = [];
  private sumSquares: number[] = [];
  private pairSquares = 0;
  /** Σ (v − c)³ and Σ (v − c)⁴ over the free particles. */
  private freeCubes = 0;
  private freeFourths = 0;

  constructor(private readonly shift: number) {}

  /** Adds one k-cluster with member states `states[0 … k−1]`. */
  addCluster(states: Float64Array, k: number): void {
    while (this.count.length <= k) this.count.push(0), this.sum.push(0), this.sumSquares.push(0);
    this.count[k]++;
    for (let i = 0; i < k; i++) {
      const x = states[i] - this.shift;
      this.sum[k] += x;
      this.sumSquares[k] += x * x;
    }
    if (k === 2) this.pairSquares += (states[0] - states[1]) ** 2;
    if (k === 1) {
      const x = states[0] - this.shift;
      this.freeCubes += x * x * x;
      this.freeFourths += x * x * x * x;
    }
  }

  /**
   * The observables of docs/model.md §2.
   *
   * @param N - number of particles; `epsilon` ε > 0; `mass` M > 0.
   */
  observables(N: number, epsilon: number, mass: number): Record<ObservableName, number> {
    const scale = (k: number) => mass / (k * epsilon ** (k - 1) * N);
    const at = (a: number[], k: number) => a[k] ?? 0;
    const M = (k: number) => (mass * at(this.count, k)) / (N * epsilon ** (k - 1));
    let total = 0;
    for (let k = 1; k < this.sum.length; k++) total += this.sum[k];
    const drift = total / N; // v_∞ − c
    const I = (k: number) => scale(k) * (at(this.sum, k) + k * at(this.count, k) * this.shift);
    const E = (k: number) => scale(k) * at(this.sumSquares, k); // ∫ (v − c)² f_k
    const Ishift = (k: number) => scale(k) * at(this.sum, k); // ∫ (v − c) f_k
    const V = (k: number) => scale(k) * (at(this.sumSquares, k) - 2 * drift * at(this.sum, k) + k * at(this.count, k) * drift * drift);
    const free = [at(this.count, 1), at(this.sum, 1), at(this.sumSquares, 1), this.freeCubes, this.freeFourths];
    return {
      M1: M(1),
      M2: M(2),
      M3: M(3),
      I1: I(1),
      I2: I(2),
      V1: V(1),
      V2: V(2),
      V2bar: (mass * this.pairSquares) / (epsilon * N),
      V2tilde: M(2) * E(1) - 2 * Ishift(1) * Ishift(2) + M(1) * E(2),
      v_inf: this.shift + drift,
      C1_3: (mass / N) * shiftedPowerSum(free, drift, 3),
      C1_4: (mass / N) * shiftedPowerSum(free, drift, 4),
    };
  }
}
