/**
 * Ensemble statistics of the spatial fields (docs/space.md): per time and cell, the mass density
 * ρ, the momentum density j and the velocity variance T, with standard errors over replicas.
 *
 * Each replica reports per cell the densities (ρ, j_1 … j_d, e), e = (M/N)Σ|v|²/hᵈ, which are
 * linear in the particles, so their ensemble means and standard errors are those of
 * {@link MomentArrays}. The velocity variance is a ratio,
 *
 *   T = e/ρ − |j|²/ρ²   (= ∫|v − u|² f dv / ∫f dv with u = j/ρ, summed over the components),
 *
 * estimated as that function of the ensemble means (the ratio estimator: consistent as R → ∞,
 * defined wherever some replica put mass in the cell, unlike the mean of per-replica ratios,
 * which an empty cell in one replica leaves undefined). Its standard error is the delta method's,
 *
 *   SE(T)² = gᵀ S g / R,   g = ∂T/∂(ρ, j, e) = ((|u|² − T)/ρ, −2u/ρ, 1/ρ),
 *
 * with S the sample covariance of (ρ, j, e) over the replicas, accumulated with Welford's
 * co-moments in replica order (like every other statistic, so the result does not depend on how
 * the replicas were partitioned). T is NaN in a cell that no replica reached.
 *
 * @module
 */
import type { CellEstimate, Fields } from "../contract/run-output.js";
import type { SpaceBox } from "../model/config.js";

/** The Welford co-moments of the d + 2 field densities of every cell at every time. */
export class FieldMoments {
  private n = 0;
  /** Number of field densities per cell, d + 2. */
  private readonly K: number;
  private readonly cells: number;
  /** mean[(t·K + a)·cells + c]: the layout of a replica's field record. */
  private readonly mean: Float64Array;
  /** co[((t·cells + c)·K + a)·K + b], a ≤ b: Σ (x_a − x̄_a)(x_b − x̄_b). */
  private readonly co: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    private readonly dimension: number,
    private readonly box: SpaceBox,
    private readonly T: number,
  ) {
    this.K = dimension + 2;
    this.cells = box.cells ** dimension;
    this.mean = new Float64Array(T * this.K * this.cells);
    this.co = new Float64Array(T * this.cells * this.K * this.K);
    this.delta = new Float64Array(this.K);
  }

  /** Folds in one replica's fields (its record's `fields`, T·(d + 2)·Cᵈ values). */
  add(fields: Float64Array): void {
    const n = ++this.n;
    const { K, cells, mean, co, delta } = this;
    for (let t = 0; t < this.T; t++) {
      for (let c = 0; c < cells; c++) {
        for (let a = 0; a < K; a++) {
          const i = (t * K + a) * cells + c;
          delta[a] = fields[i] - mean[i];
          mean[i] += delta[a] / n;
        }
        const base = (t * cells + c) * K * K;
        for (let a = 0; a < K; a++) {
          for (let b = a; b < K; b++) co[base + a * K + b] += delta[a] * (fields[(t * K + b) * cells + c] - mean[(t * K + b) * cells + c]);
        }
      }
    }
  }

  /** ρ, j and T with their standard errors (NaN standard errors for fewer than two replicas). */
  fields(): Fields {
    const { K, cells, mean, co, n, dimension } = this;
    const empty = (): CellEstimate => ({ mean: [], stderr: [] });
    const rho = empty();
    const momentum = Array.from({ length: dimension }, empty);
    const T = empty();
    const g = new Float64Array(K);
    for (let t = 0; t < this.T; t++) {
      const rows = [rho, ...momentum, T].map(() => ({ mean: [] as number[], stderr: [] as number[] }));
      for (let c = 0; c < cells; c++) {
        const at = (a: number) => mean[(t * K + a) * cells + c];
        const covariance = (a: number, b: number) => (n > 1 ? co[(t * cells + c) * K * K + Math.min(a, b) * K + Math.max(a, b)] / (n - 1) : Number.NaN);
        const standardError = (weights: ArrayLike<number>) => {
          let v = 0;
          for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) if (weights[a] !== 0 && weights[b] !== 0) v += weights[a] * weights[b] * covariance(a, b);
          return Math.sqrt(Math.max(v, 0) / n);
        };
        for (let a = 0; a < K - 1; a++) {
          rows[a].mean.push(at(a));
          rows[a].stderr.push(n > 1 ? Math.sqrt(covariance(a, a) / n) : Number.NaN);
        }
        const r = at(0);
        let u2 = 0;
        for (let k = 1; k <= dimension; k++) u2 += (at(k) / r) ** 2;
        const variance = r > 0 ? at(K - 1) / r - u2 : Number.NaN;
        g[0] = (u2 - variance) / r;
        for (let k = 1; k <= dimension; k++) g[k] = (-2 * at(k)) / r / r;
        g[K - 1] = 1 / r;
        rows[K - 1].mean.push(variance);
        rows[K - 1].stderr.push(r > 0 && n > 1 ? standardError(g) : Number.NaN);
      }
      [rho, ...momentum, T].forEach((estimate, a) => {
        estimate.mean.push(rows[a].mean);
        estimate.stderr.push(rows[a].stderr);
      });
    }
    return { dimension, length: this.box.length, cells: this.box.cells, rho, momentum, T };
  }
}
