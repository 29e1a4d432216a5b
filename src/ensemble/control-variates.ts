/**
 * Control variates from the initial draw. Replica r starts from N states drawn from the initial
 * law g, and two statistics of that draw have exactly known expectations:
 *
 *   X_r = (X̄₁, X̄₂) = ((1/N)Σ_p v_p(0), (1/N)Σ_p v_p(0)²),   E X = μ = (∫v g, ∫v² g),
 *
 * (the raw moments of g, exact for every law: normal, bimodal, uniform, samples, file). An
 * observable Y (any of docs/model.md §2, at any time) that is correlated with the draw — v_∞ is X̄₁
 * itself, I_1 and V_1 follow X̄₁ and X̄₂ at short times — is estimated with less noise by the
 * regression-adjusted mean over the n replicas
 *
 *   Ŷ_cv = Ȳ − β̂ᵀ(X̄ − μ),   β̂ = S_XX⁻¹ S_XY   (least squares of Y on X over replicas),
 *
 * where S are the centred sums of cross-products. With p the number of controls used (2, fewer
 * when the law makes one constant or both collinear, e.g. a law on {0, 1} where v² = v), the
 * residual variance and the standard error are
 *
 *   s² = (S_YY − β̂ᵀ S_XY)/(n − 1 − p),   SE² = s²·(1/n + (X̄ − μ)ᵀ S_XX⁻¹ (X̄ − μ)),
 *
 * and the 95 % interval is Ŷ_cv ± t_{0.975, n−1−p}·SE. This is the variance of the intercept of
 * the regression of Y on (1, X − μ): exact, with a Student t of n − 1 − p degrees of freedom, when
 * (Y, X) is jointly normal, and asymptotically right otherwise. Nothing of the trajectories
 * changes; the plain estimates stay in `observables`, and the variance-reduction factor
 * SE²_plain/SE²_cv is reported per observable and time (∞, null in JSON, when Y is a linear
 * function of the controls, as v_∞ is).
 *
 * The sums are folded in replica order with Welford-type updates, like the plain moments, so
 * the result is bitwise the same for any worker count, shard split or resume.
 *
 * References: S. S. Lavenberg, P. D. Welch, "A perspective on the use of control variables to
 * increase the efficiency of Monte Carlo simulations", Management Science 27 (1981) 322–335;
 * B. L. Nelson, "Control variate remedies", Operations Research 38 (1990) 974–992.
 *
 * @module
 */
import { Matrix, pseudoInverse, SingularValueDecomposition } from "ml-matrix";
import { ConfigError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import { initialLaw } from "../model/initial-law.js";
import { OBSERVABLES, type Estimate, type ObservableName } from "../contract/run-output.js";
import { studentTQuantile } from "../stats/distributions.js";

/** The controls, in the order of `ReplicaRecord.initialMoments`. */
export const CONTROLS = ["mean of the initial states (1/N)Σv(0)", "second moment of the initial states (1/N)Σv(0)²"] as const;

/** Singular values of the control correlation matrix below this (relative) drop a control as collinear. */
const RANK_TOLERANCE = 1e-10;

/** What summary.json holds under `controlVariates`. */
export interface ControlVariateSummary {
  controls: readonly string[];
  /** E X under the initial law. */
  expected: number[];
  /** p: the controls used (fewer than listed when one is constant or they are collinear). */
  used: number;
  method: string;
  /** n − 1 − p. */
  degreesOfFreedom: number;
  /** t_{0.975, n−1−p}. */
  tQuantile: number;
  /** The regression-adjusted estimates. */
  observables: Record<ObservableName, Estimate>;
  /** SE²_plain / SE²_cv per time: ∞ (null in JSON) when SE_cv = 0, NaN (null) when both are 0. */
  factor: Record<ObservableName, number[]>;
  /**
   * The covariance of the regression-adjusted estimates, index o·T + t like
   * `observableCovariance`: (S_YY − S_YX S_XX⁻¹ S_XY)/(n − 1 − p) times the leverage
   * 1/n + (X̄ − μ)ᵀS_XX⁻¹(X̄ − μ), whose diagonal is SE²; kept in summary.json up to
   * STORED_COVARIANCE_LIMIT quantities.
   */
  covariance?: number[][];
}

/**
 * Checks that an ensemble of `replicas` leaves at least one degree of freedom to the residuals
 * of the regression on both controls.
 *
 * @throws {ConfigError} naming `--control-variates` when replicas < 4.
 */
export function checkControlVariates(replicas: number): void {
  const minimum = CONTROLS.length + 2;
  if (replicas < minimum) throw new ConfigError("--control-variates", `${replicas} replicas`, `used with at least ${minimum} replicas (n − 1 − p ≥ 1 degrees of freedom with p = ${CONTROLS.length} controls)`);
}

/** The centred cross-product sums of the controls with themselves and with every quantity. */
export class ControlVariateMoments {
  private n = 0;
  private readonly xMean: Float64Array;
  /** S_XX, p × p, row-major. */
  private readonly sxx: Float64Array;
  /** S_XY, p × m, row-major. */
  private readonly sxy: Float64Array;
  private readonly expected: number[];

  /**
   * @param config - its initial law gives E X.
   * @param quantities - m, the number of quantities Y (observables × times).
   */
  constructor(config: Pick<ModelConfig, "initial" | "replicas">, quantities: number) {
    checkControlVariates(config.replicas);
    const { mean, second } = initialLaw(config.initial).moments;
    this.expected = [mean, second];
    const p = CONTROLS.length;
    this.xMean = new Float64Array(p);
    this.sxx = new Float64Array(p * p);
    this.sxy = new Float64Array(p * quantities);
  }

  /**
   * Folds in one replica: controls x, quantities y, and `yMean`, the mean of the quantities
   * **after** y was folded into it (the plain Welford moments, {@link MomentArrays}).
   */
  add(x: ArrayLike<number>, y: ArrayLike<number>, yMean: Float64Array): void {
    const n = ++this.n;
    const p = this.xMean.length;
    const m = yMean.length;
    const dx = Array.from({ length: p }, (_, i) => x[i] - this.xMean[i]);
    for (let i = 0; i < p; i++) this.xMean[i] += dx[i] / n;
    for (let i = 0; i < p; i++) {
      for (let k = i; k < p; k++) {
        this.sxx[i * p + k] += dx[i] * (x[k] - this.xMean[k]);
        this.sxx[k * p + i] = this.sxx[i * p + k];
      }
      const row = i * m;
      for (let j = 0; j < m; j++) this.sxy[row + j] += dx[i] * (y[j] - yMean[j]);
    }
  }

  /**
   * The regression-adjusted estimates of every quantity, as `controlVariates` of summary.json.
   *
   * @param yMean - means Ȳ, `yM2` - centred sums of squares S_YY of the quantities (plain
   *   Welford moments over the same replicas), laid out observable by observable, T times each.
   * @param yCovariance - the sample covariance of the quantities (divisor n − 1), for the
   *   covariance of the adjusted estimates (omitted: no `covariance`).
   */
  summary(yMean: Float64Array, yM2: Float64Array, T: number, names: readonly ObservableName[] = OBSERVABLES, yCovariance?: number[][]): ControlVariateSummary {
    const { n, expected } = this;
    const p = this.xMean.length;
    const m = yMean.length;
    const { inverse, rank } = this.controlInverse();
    const dof = n - 1 - rank;
    const t = dof >= 1 ? studentTQuantile(0.975, dof) : Number.NaN;
    const beta = inverse.mmul(new Matrix(Array.from({ length: p }, (_, i) => Array.from(this.sxy.subarray(i * m, (i + 1) * m)))));
    const d = Matrix.columnVector(Array.from(this.xMean, (x, i) => x - expected[i]));
    const leverage = 1 / n + d.transpose().mmul(inverse).mmul(d).get(0, 0);
    const observables = {} as Record<ObservableName, Estimate>;
    const factor = {} as Record<ObservableName, number[]>;
    names.forEach((name, o) => {
      const estimate: Estimate = { mean: [], stderr: [], ci95: { lower: [], upper: [] } };
      factor[name] = [];
      for (let j = o * T; j < (o + 1) * T; j++) {
        let adjustment = 0;
        let explained = 0;
        for (let i = 0; i < p; i++) {
          adjustment += beta.get(i, j) * d.get(i, 0);
          explained += beta.get(i, j) * this.sxy[i * m + j];
        }
        const mean = yMean[j] - adjustment;
        const se = dof >= 1 ? Math.sqrt((Math.max(yM2[j] - explained, 0) / dof) * leverage) : Number.NaN;
        estimate.mean.push(mean);
        estimate.stderr.push(se);
        estimate.ci95!.lower.push(mean - t * se);
        estimate.ci95!.upper.push(mean + t * se);
        factor[name].push(yM2[j] / (n - 1) / n / se ** 2);
      }
      observables[name] = estimate;
    });
    return {
      controls: CONTROLS,
      expected,
      used: rank,
      method: "regression-adjusted mean Ȳ − β̂ᵀ(X̄ − E X), β̂ by least squares over replicas; SE² = s²(1/n + (X̄ − E X)ᵀS_XX⁻¹(X̄ − E X)), s² = RSS/(n − 1 − p)",
      degreesOfFreedom: dof,
      tQuantile: t,
      observables,
      factor,
      ...(yCovariance ? { covariance: this.adjustedCovariance(yCovariance, beta, dof, leverage) } : {}),
    };
  }

  /** (S_YY − β̂ᵀS_XY)/(n − 1 − p)·leverage, from the sample covariance S_YY/(n − 1). */
  private adjustedCovariance(yCovariance: number[][], beta: Matrix, dof: number, leverage: number): number[][] {
    const p = this.xMean.length;
    const m = yCovariance.length;
    return yCovariance.map((row, j) =>
      row.map((c, k) => {
        if (!(dof >= 1)) return Number.NaN;
        let explained = 0;
        for (let i = 0; i < p; i++) explained += beta.get(i, j) * this.sxy[i * m + k];
        return ((c * (this.n - 1) - explained) / dof) * leverage;
      }),
    );
  }

  /**
   * S_XX⁺ and the number of controls that are neither constant nor collinear: the
   * pseudo-inverse of the correlation matrix (rank by relative singular values), scaled back.
   */
  private controlInverse(): { inverse: Matrix; rank: number } {
    const p = this.xMean.length;
    const scale = Array.from({ length: p }, (_, i) => Math.sqrt(this.sxx[i * p + i]));
    const correlation = new Matrix(p, p);
    for (let i = 0; i < p; i++) {
      for (let k = 0; k < p; k++) correlation.set(i, k, scale[i] > 0 && scale[k] > 0 ? this.sxx[i * p + k] / (scale[i] * scale[k]) : 0);
    }
    const singular = new SingularValueDecomposition(correlation).diagonal;
    const largest = Math.max(...singular);
    // The cut-off of ml-matrix's pseudoInverse: tolerance · max(rows, columns) · largest singular value.
    const rank = largest > 0 ? singular.filter((s) => s > RANK_TOLERANCE * p * largest).length : 0;
    const inverse = largest > 0 ? pseudoInverse(correlation, RANK_TOLERANCE) : new Matrix(p, p);
    for (let i = 0; i < p; i++) {
      for (let k = 0; k < p; k++) inverse.set(i, k, scale[i] > 0 && scale[k] > 0 ? inverse.get(i, k) / (scale[i] * scale[k]) : 0);
    }
    return { inverse, rank };
  }
}

/**
 * The variance-reduction factors as a table: one row per observable, one column per time.
 *
 * @example
 * formatControlVariates(summary.controlVariates, summary.times)
 * // "control variates: …\nfactor SE²/SE²_cv   t=0  t=1\nM1  1.02  1.31\n…"
 */
export function formatControlVariates(cv: ControlVariateSummary, times: number[]): string {
  const show = (f: number) => (Number.isNaN(f) ? "–" : f === Number.POSITIVE_INFINITY ? "∞" : f >= 1e4 ? f.toExponential(1) : f.toPrecision(3));
  const rows = [["factor SE²/SE²_cv", ...times.map((t) => `t=${t}`)], ...Object.keys(cv.factor).map((name) => [name, ...cv.factor[name as ObservableName].map(show)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  return [`control variates: initial mean and second moment of the states (${cv.used} used), Student t with ${cv.degreesOfFreedom} degrees of freedom`, ...lines].join("\n");
}
