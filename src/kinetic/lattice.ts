/**
 * Velocity lattices of the kinetic solvers and the moment-preserving deposit that maps a point
 * mass onto them.
 *
 * The solvers represent f_1 by point masses m_i at the nodes x_i = x_0 + i·h of a uniform lattice
 * and f_2 by point masses on a lattice in the pair coordinates (m, d) = ((v_1+v_2)/2, (v_1−v_2)/2).
 * Every collision rule of [KMS] ((16), (17)) maps lattice points to points off the lattice; a
 * point mass at x is put back by the **deposit of order p**: weights ℓ_k(x) on the p + 1 nearest
 * nodes, the Lagrange basis of degree p, so that Σ_k ℓ_k(x) x_k^j = x^j for j ≤ p. The deposit
 * therefore conserves the mass and the first p moments of every measure exactly, and the
 * discrete solution obeys the same closed moment equations as the exact one (up to time
 * stepping). Order 1 (linear, "cloud in cell") keeps masses non-negative; orders ≥ 2 have
 * negative weights (≥ −1/8 of the mass for p = 2).
 *
 * The lattice is anchored on the histogram of the config: nodes sit at the centres of cells of
 * width h that tile every output cell of f1.csv and f2.csv, so the mass of an output cell is the
 * exact sum of the node masses inside it. It extends beyond [min, max] until it holds all but
 * 10⁻¹⁴ of the initial law (alignment only contracts, so no mass ever leaves that hull).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../errors.js";
import type { ModelConfig } from "../model/config.js";
import type { InitialLaw } from "../model/initial-law.js";
import type { Histogram1D, Histogram2D } from "../contract/run-output.js";

/** The nodes x_0 + i·h, i = 0 … n − 1. */
export interface Lattice {
  x0: number;
  h: number;
  n: number;
}

/**
 * Lagrange deposit weights of degree `order` for the lattice coordinate t = (x − x_0)/h.
 *
 * The stencil is the `order + 1` nearest nodes, moved inwards at the ends of the lattice (the
 * weights stay exact for polynomials of degree ≤ order, they only grow there).
 *
 * @param t - lattice coordinate of the point (any real).
 * @param n - number of nodes, ≥ order + 1.
 * @param order - polynomial degree p ≥ 1 of the deposit.
 * @param w - output, length ≥ order + 1: weights of nodes start … start + order.
 * @returns the first node `start` of the stencil.
 * @example
 * const w = new Float64Array(3); stencil(2.25, 10, 2, w) // 1, w = [-0.09375, 0.9375, 0.15625]
 */
export function stencil(t: number, n: number, order: number, w: Float64Array): number {
  let start = order % 2 === 0 ? Math.round(t) - order / 2 : Math.floor(t) - (order - 1) / 2;
  if (start < 0) start = 0;
  else if (start > n - 1 - order) start = n - 1 - order;
  const s = t - start;
  if (order === 1) {
    w[0] = 1 - s;
    w[1] = s;
  } else if (order === 2) {
    w[0] = 0.5 * (s - 1) * (s - 2);
    w[1] = -s * (s - 2);
    w[2] = 0.5 * s * (s - 1);
  } else if (order === 4) {
    const a0 = s;
    const a1 = s - 1;
    const a2 = s - 2;
    const a3 = s - 3;
    const a4 = s - 4;
    const a01 = a0 * a1;
    const a34 = a3 * a4;
    w[0] = (a1 * a2 * a34) / 24;
    w[1] = (-a0 * a2 * a34) / 6;
    w[2] = (a01 * a34) / 4;
    w[3] = (-a01 * a2 * a4) / 6;
    w[4] = (a01 * a2 * a3) / 24;
  } else {
    for (let k = 0; k <= order; k++) {
      let num = 1;
      let den = 1;
      for (let l = 0; l <= order; l++) {
        if (l !== k) {
          num *= s - l;
          den *= k - l;
        }
      }
      w[k] = num / den;
    }
  }
  return start;
}

/**
 * Adds a point mass at lattice coordinate t to `out` with the deposit of degree `order`.
 *
 * @param out - node masses of the lattice (length n).
 * @param t - lattice coordinate (x − x_0)/h.
 * @param mass - the mass (any sign).
 * @param order - deposit degree p ≥ 1; conserves moments 0 … p.
 * @param w - scratch of length ≥ order + 1.
 */
export function deposit(out: Float64Array, t: number, mass: number, order: number, w: Float64Array): void {
  const start = stencil(t, out.length, order, w);
  for (let k = 0; k <= order; k++) out[start + k] += mass * w[k];
}

/** The f_1 lattice of a config and how it tiles the output histograms. */
export interface VelocityGrid {
  lattice: Lattice;
  /** Index of the first node inside [histogram.min, histogram.max]. */
  first: number;
  /** Nodes per cell of f1.csv and per axis of a cell of f2.csv. */
  perBin: number;
  perPairBin: number;
  bins: number;
  pairBins: number;
}

/**
 * Builds the f_1 lattice for a config: spacing h ≤ `spacing` such that both the f1.csv cells
 * (width (max − min)/bins) and the f2.csv cells ((max − min)/pairBins) are whole numbers of
 * lattice cells, extended on both sides until it holds all but 10⁻¹⁴ of the initial law.
 *
 * @param config - the run configuration (histogram, initial law).
 * @param law - the initial law g of the config.
 * @param spacing - largest admissible spacing h > 0 (Resolution.spacing).
 * @returns the lattice and its tiling of the histograms.
 * @throws {ConfigError} when bins and pairBins are so incommensurate that the common lattice
 *   would be more than 4 times finer than `spacing`.
 */
export function velocityGrid(config: ModelConfig, law: InitialLaw, spacing: number): VelocityGrid {
  const { min, max, bins, pairBins } = config.histogram;
  const width = max - min;
  const common = lcm(bins, pairBins);
  const base = width / common;
  const refine = Math.max(1, Math.ceil(base / spacing - 1e-9));
  const h = base / refine;
  if (h < spacing / 4) {
    throw new ConfigError("histogram.pairBins", pairBins, `commensurate with histogram.bins (${bins}) for the kinetic solvers`, `Their least common multiple ${common} would need a lattice spacing ${h.toPrecision(3)} ≪ ${spacing}.`);
  }
  const { mean, second } = law.moments;
  const sd = Math.sqrt(Math.max(second - mean * mean, 0)) || width / 8;
  let margin = 8;
  let lo = Math.min(min, mean - margin * sd);
  let hi = Math.max(max, mean + margin * sd);
  const captured = (a: number, b: number) => {
    const cells = Math.ceil((b - a) / Math.min(h, sd / 4));
    return law.cellProbabilities(Array.from({ length: cells + 1 }, (_, e) => a + ((b - a) * e) / cells)).reduce((s, x) => s + x, 0);
  };
  while (captured(lo, hi) < 1 - 1e-14 && margin < 64) {
    margin *= 1.5;
    lo = Math.min(min, mean - margin * sd);
    hi = Math.max(max, mean + margin * sd);
  }
  const left = Math.ceil((min - lo) / h - 1e-9);
  const right = Math.ceil((hi - max) / h - 1e-9);
  const inner = Math.round(width / h);
  return {
    lattice: { x0: min - left * h + h / 2, h, n: left + inner + right },
    first: left,
    perBin: Math.round(inner / bins),
    perPairBin: Math.round(inner / pairBins),
    bins,
    pairBins,
  };
}

/**
 * Node masses of `mass`·g: every lattice cell [x_i − h/2, x_i + h/2) is cut into 8 sub-cells
 * whose exact probabilities (InitialLaw.cellProbabilities) are deposited from the sub-cell
 * centres with the solver's deposit. Total mass exact; moments exact up to the sub-cell
 * midpoint error, (h/8)²/12 on the variance.
 *
 * @param law - the initial law g.
 * @param lattice - the f_1 lattice.
 * @param mass - total mass given to the law (≥ 0).
 * @param order - deposit degree.
 */
export function initialMasses(law: InitialLaw, lattice: Lattice, mass: number, order: number): Float64Array {
  const sub = 8;
  const { x0, h, n } = lattice;
  const edges = new Float64Array(n * sub + 1);
  for (let e = 0; e < edges.length; e++) edges[e] = x0 - h / 2 + (e * h) / sub;
  const p = law.cellProbabilities(edges);
  const out = new Float64Array(n);
  const w = new Float64Array(order + 1);
  for (let c = 0; c < p.length; c++) {
    if (p[c] !== 0) deposit(out, (c + 0.5) / sub - 0.5, mass * p[c], order, w);
  }
  return out;
}

/**
 * f_1 on the output cells: the bin average of a node-mass vector (mass in the cell / width).
 *
 * The deposits of every solver have a kernel with vanishing second moment, so a node mass is a
 * point sample, m_i = h·f(x_i) + O(h⁴), not a cell integral: their plain sum over an output cell
 * [a, b] is the midpoint rule, which misses (h²/24)(f'(b) − f'(a)) — at h = 0.1 about 7·10⁻⁴ in
 * the L2 norm of the ε-study's f_1, more than the O(ε²) distances it measures. That end
 * correction is added with f' at the cell edges from the two nodes either side
 * (f'(b) ≈ (m_{k+1} − m_k)/h²), so the cell mass is accurate to O(h⁴) and the total mass is
 * unchanged (the corrections telescope; a side whose outer node is off the lattice gets none).
 *
 * @param grid - the lattice and its tiling.
 * @param masses - node masses at each output time.
 * @returns a Histogram1D on the config's edges with stderr 0.
 */
export function histogram1D(grid: VelocityGrid, masses: Float64Array[], min: number, max: number): Histogram1D {
  const width = (max - min) / grid.bins;
  const edges = Array.from({ length: grid.bins + 1 }, (_, b) => min + b * width);
  const density = masses.map((f) => {
    const row = new Array<number>(grid.bins).fill(0);
    for (let b = 0; b < grid.bins; b++) {
      let s = 0;
      const lo = grid.first + b * grid.perBin;
      const hi = lo + grid.perBin - 1;
      for (let k = lo; k <= hi; k++) s += f[k];
      if (hi + 1 < f.length) s += (f[hi + 1] - f[hi]) / 24;
      if (lo - 1 >= 0) s -= (f[lo] - f[lo - 1]) / 24;
      row[b] = s / width;
    }
    return row;
  });
  return { edges, density, stderr: density.map((row) => row.map(() => 0)) };
}

/**
 * The lattice of f_2 in the pair coordinates (m, d): m on the f_1 lattice (m_j = x_j) and
 * d_k = (k − K)·h, k = 0 … 2K, so that v_1 = m_j + d_k = x_{j+k−K} and v_2 = x_{j−k+K} are
 * f_1 nodes. The alignment flow (16) only moves d (d → e^{−s} d), so it acts row by row.
 */
export interface PairGrid {
  m: Lattice;
  /** Number of d nodes, 2K + 1. */
  nd: number;
  /** Index of d = 0. */
  K: number;
}

/**
 * The pair lattice over an f_1 lattice: |d| ≤ (x_{n−1} − x_0)/2 holds every pair of nodes.
 *
 * @param m - the f_1 (and m) lattice.
 */
export function pairGrid(m: Lattice): PairGrid {
  const K = Math.ceil((m.n - 1) / 2);
  return { m, nd: 2 * K + 1, K };
}

/**
 * f_2 on the output cells (v_1, v_2): every pair node is the f_1 node pair (x_{j+k−K}, x_{j−k+K}),
 * so the mass of a cell is the exact sum of the pair masses whose two states lie in it.
 *
 * @param grid - the f_1 lattice and its tiling.
 * @param pair - the pair lattice.
 * @param masses - pair masses F[j·nd + k] at each output time.
 * @returns a Histogram2D (row-major, first slot first) of bin averages, stderr 0.
 */
export function histogram2D(grid: VelocityGrid, pair: PairGrid, masses: Float64Array[], min: number, max: number): Histogram2D {
  const bins = grid.pairBins;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => min + b * width);
  const span = bins * grid.perPairBin;
  const density = masses.map((F) => {
    const cell = new Array<number>(bins * bins).fill(0);
    for (let j = 0; j < pair.m.n; j++) {
      for (let k = 0; k < pair.nd; k++) {
        const mass = F[j * pair.nd + k];
        if (mass === 0) continue;
        const a = j + k - pair.K - grid.first;
        const b = j - k + pair.K - grid.first;
        if (a < 0 || b < 0 || a >= span || b >= span) continue;
        cell[Math.floor(a / grid.perPairBin) * bins + Math.floor(b / grid.perPairBin)] += mass;
      }
    }
    return cell.map((c) => c / (width * width));
  });
  return { edges, density, stderr: density.map((row) => row.map(() => 0)) };
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}
