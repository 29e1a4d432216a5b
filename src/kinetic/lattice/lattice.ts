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
 * 10⁻¹⁴ of the initial law (alignment only contracts, so no mass ever leaves that hull). A
 * lattice may also be an integer number c of output cells wide per lattice cell (the coarse solve
 * of an error estimate when the bins are as fine as h); its bin averages then come from the
 * smooth moment-exact prolongation ({@link prolongate}) onto the lattice of spacing h/c that tiles
 * the cells. The solvers refine the lattice as f_1 contracts (`contracting-lattice.ts`), so the
 * lattice of a solution may differ between output times and need not cover [min, max].
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../../errors.js";
import type { ModelConfig } from "../../model/config.js";
import type { InitialLaw } from "../../model/initial-law.js";
import type { Histogram1D, Histogram2D } from "../../contract/run-output.js";

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
  /**
   * Index of the node at the centre of the first lattice cell inside [histogram.min,
   * histogram.max] (outside 0 … n − 1 when the lattice does not reach histogram.min).
   */
  first: number;
  /** Nodes per cell of f1.csv and per axis of a cell of f2.csv (fractions for a lattice coarser than them). */
  perBin: number;
  perPairBin: number;
  bins: number;
  pairBins: number;
  /**
   * f1.csv cells per lattice cell: 1 when the lattice tiles the cells; c > 1 for a lattice whose
   * cells are c output cells wide (bin averages by prolongation onto spacing h/c).
   */
  binsPerCell: number;
}

/**
 * How a lattice whose cells [x_i − h/2, x_i + h/2) are aligned with the output cells of `histogram`
 * sits in them: a lattice that tiles them (h = width/k) or one whose cells are `binsPerCell`
 * output cells wide.
 *
 * @param lattice - an aligned lattice (any extent).
 * @param histogram - the config's histogram.
 * @param binsPerCell - output cells per lattice cell (1: the lattice tiles them).
 */
export function alignedGrid(lattice: Lattice, histogram: ModelConfig["histogram"], binsPerCell = 1): VelocityGrid {
  const { min, max, bins, pairBins } = histogram;
  const { x0, h } = lattice;
  return {
    lattice,
    first: Math.round((min - (x0 - h / 2)) / h),
    perBin: ratio((max - min) / bins, h),
    perPairBin: ratio((max - min) / pairBins, h),
    bins,
    pairBins,
    binsPerCell,
  };
}

/** a/b, rounded when it is an integer up to rounding. */
function ratio(a: number, b: number): number {
  const r = a / b;
  return Math.abs(r - Math.round(r)) < 1e-9 * Math.max(1, r) ? Math.round(r) : r;
}

/**
 * Builds the f_1 lattice for a config: spacing h ≤ `spacing` such that both the f1.csv cells
 * (width (max − min)/bins) and the f2.csv cells ((max − min)/pairBins) are whole numbers of
 * lattice cells, extended on both sides until it holds all but 10⁻¹⁴ of the initial law.
 *
 * @param config - the run configuration (histogram, initial law).
 * @param law - the initial law g of the config.
 * @param spacing - largest admissible spacing h > 0 (Resolution.spacing).
 * @param binsPerCell - for c > 1, the lattice of spacing c·h over the same range whose cells are
 *   c f1.csv cells wide (Resolution.binsPerCell; the coarse solve of an error estimate).
 * @returns the lattice and its tiling of the histograms.
 * @throws {ConfigError} when bins and pairBins are so incommensurate that the common lattice
 *   would be more than 4 times finer than `spacing`, or for binsPerCell > 1 on a lattice finer
 *   than the f1.csv cells.
 */
export function velocityGrid(config: ModelConfig, law: InitialLaw, spacing: number, binsPerCell = 1): VelocityGrid {
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
  const tiling: Lattice = { x0: min - left * h + h / 2, h, n: left + inner + right };
  if (binsPerCell === 1) return alignedGrid(tiling, config.histogram);
  const c = binsPerCell;
  if (Math.round(inner / bins) !== 1) {
    throw new ConfigError("resolution.binsPerCell", c, `1 unless the lattice spacing equals the f1.csv cell width (${width / bins})`);
  }
  // Cells of c output cells, aligned with histogram.min, covering the tiling lattice's range.
  const leftCells = Math.ceil(left / c);
  const cells = leftCells + Math.ceil((inner + right) / c);
  return alignedGrid({ x0: min - leftCells * c * h + (c * h) / 2, h: c * h, n: cells }, config.histogram, c);
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
 * Nodes outside the lattice carry no mass. A lattice c output cells wide per cell (binsPerCell = c)
 * is first brought to spacing h/c by {@link prolongate} (piecewise-linear in the sharpened coarse
 * masses, moments 0 … 2 exact), whose nodes tile the cells.
 *
 * @param grids - the lattice and its tiling, one for all times or one per output time.
 * @param masses - node masses at each output time.
 * @returns a Histogram1D on the config's edges with stderr 0.
 */
export function histogram1D(grids: VelocityGrid | readonly VelocityGrid[], masses: Float64Array[], min: number, max: number): Histogram1D {
  const { at, bins, width, edges } = outputCells(grids, "bins", min, max);
  const density = masses.map((nodes, t) => {
    const { grid, f } = tiled(at(t), nodes);
    const node = (k: number) => (k >= 0 && k < f.length ? f[k] : 0);
    const row = new Array<number>(bins).fill(0);
    for (let b = 0; b < bins; b++) {
      let s = 0;
      const lo = grid.first + b * grid.perBin;
      const hi = lo + grid.perBin - 1;
      for (let k = Math.max(lo, 0); k <= Math.min(hi, f.length - 1); k++) s += f[k];
      if (hi >= 0 && hi + 1 < f.length) s += (f[hi + 1] - node(hi)) / 24;
      if (lo - 1 >= 0 && lo - 1 < f.length) s -= (node(lo) - f[lo - 1]) / 24;
      row[b] = s / width;
    }
    return row;
  });
  return { edges, density, stderr: density.map((row) => row.map(() => 0)) };
}

/** The grid of each output time, and the cells of f1.csv ("bins") or of each axis of f2.csv ("pairBins") on [min, max]. */
function outputCells(grids: VelocityGrid | readonly VelocityGrid[], kind: "bins" | "pairBins", min: number, max: number) {
  const at = (t: number): VelocityGrid => ("lattice" in grids ? grids : grids[t]);
  const bins = at(0)[kind];
  const width = (max - min) / bins;
  return { at, bins, width, edges: Array.from({ length: bins + 1 }, (_, b) => min + b * width) };
}

/** The node masses of a grid on a lattice that tiles the f1.csv cells (prolongated if binsPerCell > 1). */
function tiled(grid: VelocityGrid, f: Float64Array): { grid: VelocityGrid; f: Float64Array } {
  const c = grid.binsPerCell;
  if (c === 1) return { grid, f };
  const { x0, h, n } = grid.lattice;
  const fine: Lattice = { x0: x0 - h / 2 + h / (2 * c), h: h / c, n: c * n };
  const out = new Float64Array(fine.n);
  // Coarse node J sits at fine position c·J + (c − 1)/2: on a fine node for odd c, midway for even c.
  const shift = c % 2 === 0 ? 0.5 : 0;
  prolongate(f, n, 1, 0, out, fine.n, 1, 0, c, prolongationKernel(c, shift), (c - 1) / 2 - 2 * c + 1 - shift);
  return { grid: { ...grid, lattice: fine, first: grid.first * c, perBin: 1, perPairBin: ratio(grid.perPairBin * c, 1), binsPerCell: 1 }, f: out };
}

/**
 * The prolongation kernel from a coarse lattice (spacing H = c·h) to the fine one, at the fine
 * offsets s from a coarse node with |s| < 2c, s ∈ σ + ℤ: σ = 0 when coarse nodes are fine nodes
 * (4c − 1 offsets, −(2c − 1) … 2c − 1), σ = 1/2 when they fall midway between two (4c offsets,
 * −(2c − 1/2) … 2c − 1/2); entry i is offset s_i = i − 2c + 1 − σ.
 * κ = (1 + 2a)·η(s) − a·η(s − c) − a·η(s + c), η(s) = max(c − |s|, 0)/c² the hat of half-width H
 * (linear interpolation of the coarse masses, which adds the variance Σs²η·h² = (c² − 1 + 6σ²)h²/6),
 * sharpened by the coarse three-point stencil (−a, 1 + 2a, −a), a = Σs²η/(2c²), which removes
 * exactly that variance. So Σκ = 1, Σsκ = 0, Σs²κ = 0: moments 0 … 2 are conserved, and the
 * result is the piecewise-linear interpolant of the (sharpened) coarse masses: smooth, no comb.
 * Identity for c = 1, σ = 0.
 *
 * @param c - coarsening, integer ≥ 1.
 * @param shift - σ ∈ {0, 1/2}.
 * @example
 * prolongationKernel(2, 0.5) // [-3, -9, 29, 111, 111, 29, -9, -3]/256
 */
export function prolongationKernel(c: number, shift: 0 | 0.5 = 0): Float64Array {
  const a = (c * c - 1 + 6 * shift * shift) / (12 * c * c);
  const hat = (s: number) => Math.max(c - Math.abs(s), 0) / (c * c);
  const w = new Float64Array(4 * c - 1 + 2 * shift);
  for (let i = 0; i < w.length; i++) {
    const s = i - 2 * c + 1 - shift;
    w[i] = (1 + 2 * a) * hat(s) - a * hat(s - c) - a * hat(s + c);
  }
  return w;
}

/**
 * out[(start + c·J + i)·strideOut + shiftOut] += κ_i·coarse[J·strideIn + shiftIn] for the coarse
 * nodes J = 0 … nIn − 1 and the kernel entries i ({@link prolongationKernel}): `start` is the fine
 * index of the first kernel entry of coarse node 0 (its fine position + s_0). Fine indices beyond
 * 0 … nOut − 1 are clamped to the end nodes (the lattices end where the mass is below 10⁻¹⁴, so
 * this only moves tail mass; mass exact).
 */
export function prolongate(coarse: Float64Array, nIn: number, strideIn: number, shiftIn: number, out: Float64Array, nOut: number, strideOut: number, shiftOut: number, c: number, kernel: Float64Array, start: number): void {
  for (let J = 0; J < nIn; J++) {
    const v = coarse[J * strideIn + shiftIn];
    if (v === 0) continue;
    for (let k = 0; k < kernel.length; k++) {
      let i = start + c * J + k;
      if (i < 0) i = 0;
      else if (i >= nOut) i = nOut - 1;
      out[i * strideOut + shiftOut] += v * kernel[k];
    }
  }
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
 * @param grids - the f_1 lattice and its tiling, one for all times or one per output time (the
 *   pair lattice is `pairGrid` of it).
 * @param masses - pair masses F[j·nd + k] at each output time.
 * @returns a Histogram2D (row-major, first slot first) of bin averages, stderr 0.
 * @throws {ConfigError} when the f2.csv cells are not whole numbers of lattice cells.
 */
export function histogram2D(grids: VelocityGrid | readonly VelocityGrid[], masses: Float64Array[], min: number, max: number): Histogram2D {
  const { at, bins, width, edges } = outputCells(grids, "pairBins", min, max);
  const density = masses.map((F, t) => {
    const grid = at(t);
    if (!Number.isInteger(grid.perPairBin)) {
      throw new ConfigError("histogram.pairBins", bins, `such that the f2.csv cells are whole numbers of lattice cells (lattice spacing ${grid.lattice.h})`);
    }
    const pair = pairGrid(grid.lattice);
    const span = bins * grid.perPairBin;
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
