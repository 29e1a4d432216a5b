/**
 * A velocity lattice that follows the contraction of f_1.
 *
 * Alignment contracts f_1 towards v_∞: under (33) its variance decays like
 * e^{−2λ_{1,1}Mt/(2 + μ_{1,1})} (Lemma 3.4). On the lattice fixed at t = 0 the spread σ(t) is
 * then resolved by fewer and fewer nodes, and the error of the deposits, a power of h/σ, grows.
 * The solvers of (33), (14) and (49) therefore refine the lattice whenever σ has halved since it
 * was last set ({@link integrateFollowingContraction}):
 *
 * - **Spacing.** h is halved. The new cells are the halves of the old ones, so a lattice that
 *   tiled the output cells still does and bin averages stay exact sums of node masses
 *   (`histogram1D`); the error of the deposits in units of σ stays what it was at t = 0.
 * - **Remap.** The new node masses are h/2 times the degree-q Lagrange interpolant (`stencil`) of
 *   the old point samples m_i/h at the new nodes, q the odd degree ≥ the solver's deposit degree p
 *   (q = 5 for (33), 3 for (14), 1 for (49)). Written as a scatter of each old mass over the new
 *   nodes at ±h/4, ±3h/4, …, it conserves the mass and the moments 1 … q exactly (its kernel's
 *   moments vanish up to degree q, by the symmetry of the two interpolation points in each old
 *   cell), and for q = 1 its weights are non-negative. The pair law of (14) is remapped the same
 *   way along m and, along d, where the old nodes are every other new node, with the interpolation
 *   at the midpoints ({@link refinePair}). Depositing each old mass as a point with
 *   the deposit itself would also keep moments 0 … p, but it falls midway between two new nodes and
 *   leaves a two-node staircase; the Euler–Maclaurin end correction of the bin averages then reads
 *   twice the slope (measured on (33), 0.2 time units after a refinement: an L2 error of the f_1 cells
 *   of 8·10⁻³ against 2·10⁻⁵ on the fixed lattice).
 * - **Window.** The new lattice keeps only the old cells a … b that hold the mass (plus (q + 1)/2
 *   cells either side for the interpolation stencils): under (33) the mass beyond any window
 *   decays but never vanishes (uncollided particles keep the initial tails, with weight
 *   e^{−2λ_{1,1}Mt}), so it cannot simply be dropped. The mass of an old node outside the window is
 *   first deposited onto the window's nodes with the solver's deposit of degree p, which then
 *   extrapolates: moments 0 … p stay exact (mass and momentum always), but the weights grow like
 *   (distance/h)^p. The window is therefore the smallest one for which the node masses this
 *   creates, Σ_{outside} |m_i|·Σ_k |ℓ_k(x_i)|, are at most {@link WINDOW_TOLERANCE} of the largest
 *   node mass on each side: below the rounding floor at which (49) reports negative f_1, and far
 *   below the grid error. Under (33) these tails keep the window nearly as wide as the initial
 *   lattice, so each halving about doubles the node count (measured: 80 → 170 → 318 nodes for
 *   N(0, 1) at h_0 = 0.2 as the spread shrinks 8-fold).
 *
 * The refinement is skipped when the new lattice would have more than {@link MAX_NODE_GROWTH}
 * times the nodes of the initial one (the cost of the collision operators grows like n²): a
 * heavy tail that keeps the window wide then stops the refinement, and the lattices of the output
 * times (returned with the states) say how far it went.
 *
 * @module
 */
import type { SemilinearSystem } from "../ode/exponential-rk4.js";
import { integrate } from "../ode/exponential-rk4.js";
import type { ModelConfig } from "../../model/config.js";
import { type Lattice, type VelocityGrid, alignedGrid, pairGrid, stencil } from "./lattice.js";
import type { Resolution } from "./resolution.js";
import type { LatticeReport } from "../../contract/diagnostics.js";

/**
 * The node masses that the truncation to a window may create, per side, relative to the largest
 * node mass: below the rounding floor 10⁻¹⁴ at which (49) counts a node as negative.
 */
export const WINDOW_TOLERANCE = 1e-15;

/** The refinement stops when it would give more than this many times the initial node count. */
export const MAX_NODE_GROWTH = 4;

/**
 * The spread of f_1: the standard deviation of the node masses (signed), √(c_2/c_0).
 *
 * @example
 * spread(Float64Array.from([0.5, 0, 0.5]), { x0: -1, h: 1, n: 3 }) // 1
 */
export function spread(f: Float64Array, lattice: Lattice): number {
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < f.length; i++) {
    m0 += f[i];
    m1 += f[i] * i;
  }
  const mean = m1 / m0;
  let c2 = 0;
  for (let i = 0; i < f.length; i++) c2 += f[i] * (i - mean) ** 2;
  return lattice.h * Math.sqrt(Math.max(c2 / m0, 0));
}

/** Σ_k |ℓ_k| of the degree-p deposit of a point `gap` old spacings beyond the window's edge node. */
function amplification(gap: number, order: number, w: Float64Array): number {
  stencil(-gap, order + 1, order, w);
  let s = 0;
  for (let k = 0; k <= order; k++) s += Math.abs(w[k]);
  return s;
}

/**
 * The old node indices a … b that the refined lattice keeps: on each side the most nodes
 * dropped such that Σ_{dropped} |m_i|·Σ_k|ℓ_k| ≤ tolerance·max|m| (see the module doc).
 */
function window(f: Float64Array, order: number, tolerance: number): [number, number] {
  const w = new Float64Array(order + 1);
  let largest = 0;
  for (let i = 0; i < f.length; i++) largest = Math.max(largest, Math.abs(f[i]));
  const budget = tolerance * largest;
  const cost = (edge: number, dropped: (gap: number) => number) => {
    let s = 0;
    for (let gap = 1; gap <= edge; gap++) s += Math.abs(dropped(gap)) * amplification(gap, order, w);
    return s;
  };
  const last = f.length - 1;
  let a = 0;
  while (a + 1 < last && cost(a + 1, (gap) => f[a + 1 - gap]) <= budget) a++;
  let b = last;
  while (b - 1 > a + order && cost(last - b + 1, (gap) => f[b - 1 + gap]) <= budget) b--;
  return [a, b];
}

/**
 * The interpolation kernel of odd degree q: an old node's mass goes to the new nodes at the
 * offsets (m + σ)·h/2 from it, m = −(q + 1) … q + 1, with half the weight its value has in the
 * degree-q Lagrange interpolation (`stencil`) at that point. σ = 1/2 for the f_1 lattice (new
 * nodes at the quarter points of the old cells), σ = 0 for the d axis of the pair lattice (new
 * nodes on the old ones and midway). The new masses are then h/2 times the interpolant of the old
 * point samples m_i/h at the new nodes (a smooth density: no two-node staircase), and the
 * kernel's moments are those of a unit point mass up to degree q. Entry i is m = i − (q + 1).
 */
function interpolationKernel(q: number, shift: 0 | 0.5): Float64Array {
  const centre = q + 2;
  const w = new Float64Array(q + 1);
  const kernel = new Float64Array(2 * q + 3);
  for (let m = -(q + 1); m <= q + 1; m++) {
    const start = stencil(centre + (m + shift) / 2, 2 * centre + 1, q, w);
    if (centre >= start && centre <= start + q) kernel[m + q + 1] = w[centre - start] / 2;
  }
  return kernel;
}

/** The odd interpolation degree q ≥ the deposit degree p of a refinement. */
const interpolationDegree = (order: number) => (order % 2 === 1 ? order : order + 1);

/** How a lattice is refined: the old cells a … b kept and the new lattice (module doc). */
export interface LatticeRefinement {
  from: Lattice;
  a: number;
  b: number;
  to: Lattice;
  order: number;
}

/**
 * The refinement of `lattice` for node masses (or magnitudes) `weight`: half the spacing, over
 * the window a … b that holds the mass and (q + 1)/2 old cells either side (module doc).
 *
 * @param weight - |f_1| per node, or any non-negative weight per node that the window must hold.
 * @param order - the solver's deposit degree p.
 * @param tolerance - of the window (default {@link WINDOW_TOLERANCE}).
 * @example
 * refinementOf(Float64Array.from([0, 0, 1, 0, 0]), { x0: -2, h: 1, n: 5 }, 1).to // { x0: -0.75, h: 0.5, n: 8 }
 */
export function refinementOf(weight: Float64Array, lattice: Lattice, order: number, tolerance = WINDOW_TOLERANCE): LatticeRefinement {
  const [a, b] = window(weight, order, tolerance);
  const q = interpolationDegree(order);
  return { from: lattice, a, b, order, to: { x0: lattice.x0 + (a - (q + 1) / 2 + 0.25) * lattice.h, h: lattice.h / 2, n: 2 * (b - a + 1 + q) } };
}

/**
 * Moves the masses of the nodes outside kept = [lo, hi] of a line onto the kept nodes with the
 * deposit of degree `order` (moments 0 … order exact), in place, reading masses at
 * `line[start + i·stride]`.
 */
function fold(line: Float64Array, n: number, start: number, stride: number, lo: number, hi: number, order: number, w: Float64Array): void {
  for (let i = 0; i < n; i++) {
    if (i >= lo && i <= hi) continue;
    const mass = line[start + i * stride];
    if (mass === 0) continue;
    line[start + i * stride] = 0;
    const first = stencil(i - lo, hi - lo + 1, order, w);
    for (let k = 0; k <= order; k++) line[start + (lo + first + k) * stride] += mass * w[k];
  }
}

/**
 * out[start + (2r + m)·stride] += κ_m·line[r] … : the kept old nodes lo … hi of a line spread by an
 * interpolation kernel onto the new nodes, new index 2(i − lo) + m + offset for entry m.
 */
function spreadLine(line: Float64Array, lineStart: number, lineStride: number, lo: number, hi: number, kernel: Float64Array, offset: number, out: Float64Array, outStart: number, outStride: number): void {
  for (let i = lo; i <= hi; i++) {
    const mass = line[lineStart + i * lineStride];
    if (mass === 0) continue;
    for (let m = 0; m < kernel.length; m++) if (kernel[m] !== 0) out[outStart + (2 * (i - lo) + m + offset) * outStride] += mass * kernel[m];
  }
}

/**
 * f_1 remapped onto the refined lattice, conserving the moments 0 … p exactly (module doc): the
 * masses of the old nodes outside the window are deposited onto the window's nodes (degree p),
 * which are then spread by the interpolation kernel of degree q ≥ p (moments 0 … q exact).
 *
 * @param f - node masses on refinement.from.
 * @example
 * const r = refinementOf(Float64Array.from([0, 0, 1, 0, 0]), { x0: -2, h: 1, n: 5 }, 1);
 * refineSingle(Float64Array.from([0, 0, 1, 0, 0]), r) // [0.125, 0.375, 0.375, 0.125, 0, 0, 0, 0]
 */
export function refineSingle(f: Float64Array, { a, b, to, order }: LatticeRefinement): Float64Array {
  const line = Float64Array.from(f);
  fold(line, f.length, 0, 1, a, b, order, new Float64Array(order + 1));
  const q = interpolationDegree(order);
  const masses = new Float64Array(to.n);
  spreadLine(line, 0, 1, a, b, interpolationKernel(q, 0.5), 0, masses, 0, 1);
  return masses;
}

/**
 * A symmetric pair law remapped from the pair lattice of refinement.from onto that of
 * refinement.to (`pairGrid`), separably: along m as f_1 ({@link refineSingle}, each d column), then
 * along d, where the old nodes d_k = (k − K)h are every other new node: d beyond the new lattice's
 * reach is first deposited inwards (degree p), then spread by the σ = 0 interpolation kernel of
 * degree q. The joint moments m^a d^b, a, b ≤ p, are conserved exactly, and the law stays symmetric in d.
 *
 * @param F - masses F[j·nd + k] on pairGrid(refinement.from).
 */
export function refinePair(F: Float64Array, { a, b, from, to, order }: LatticeRefinement): Float64Array {
  const [old, fresh] = [pairGrid(from), pairGrid(to)];
  const q = interpolationDegree(order);
  const w = new Float64Array(order + 1);
  // Along m, column by column, into rows of the new m lattice.
  const columns = Float64Array.from(F);
  const rows = new Float64Array(to.n * old.nd);
  const mKernel = interpolationKernel(q, 0.5);
  for (let k = 0; k < old.nd; k++) {
    fold(columns, from.n, k, old.nd, a, b, order, w);
    spreadLine(columns, k, old.nd, a, b, mKernel, 0, rows, k, old.nd);
  }
  // Along d, row by row: old index k sits at new index K' + 2(k − K); the kernel reaches q + 1 new nodes.
  const reach = Math.max(0, Math.min(old.K, Math.floor((fresh.K - q - 1) / 2)));
  const dKernel = interpolationKernel(q, 0);
  const out = new Float64Array(to.n * fresh.nd);
  for (let j = 0; j < to.n; j++) {
    fold(rows, old.nd, j * old.nd, 1, old.K - reach, old.K + reach, order, w);
    spreadLine(rows, j * old.nd, 1, old.K - reach, old.K + reach, dKernel, fresh.K - 2 * reach - q - 1, out, j * fresh.nd, 1);
  }
  return out;
}

/** A refinement of the lattice during a solve. */
export interface Refinement {
  /** End of the time step after which it happened. */
  t: number;
  /** Spread of f_1 then, and the new lattice. */
  spread: number;
  lattice: Lattice;
}

/** How a solver's state lives on its lattice: its f_1 part and its remap onto a refined lattice. */
export interface LatticeState {
  /** The weight per f_1 node that the window must hold (|f_1|, plus the pairs' m-marginal for (14)). */
  weight(u: Float64Array, lattice: Lattice): Float64Array;
  /** f_1's node masses within the state. */
  single(u: Float64Array, lattice: Lattice): Float64Array;
  /** The state remapped by a refinement. */
  remap(u: Float64Array, refinement: LatticeRefinement): Float64Array;
}

/** The state of an f_1 equation: f_1 itself. */
export const SINGLE_STATE: LatticeState = {
  weight: (u) => u.map(Math.abs),
  single: (u) => u,
  remap: refineSingle,
};

/**
 * Integrates a kinetic equation (ETDRK4, `integrate`) on a lattice that is refined whenever the
 * spread of f_1 has halved since the lattice was last set (see the module doc), unless
 * resolution.fixedLattice.
 *
 * @param build - the semilinear system on a given lattice (rebuilt after each refinement).
 * @param grid0 - the initial lattice and its tiling of the config's `histogram`.
 * @param u0 - the state at t = 0 on it.
 * @param times - output times; resolution - dt, flowNodes, fixedLattice.
 * @param order - the solver's deposit degree (the remap conserves moments 0 … order).
 * @param state - how the state lives on the lattice (default: f_1 alone).
 * @param onStep - called after every step with (t, u, lattice).
 * @returns the states at `times`, the lattice of each with its tiling, and the refinements made.
 */
export function integrateFollowingContraction(
  build: (lattice: Lattice) => SemilinearSystem,
  grid0: VelocityGrid,
  histogram: ModelConfig["histogram"],
  u0: Float64Array,
  times: readonly number[],
  resolution: Pick<Resolution, "dt" | "flowNodes" | "fixedLattice">,
  order: number,
  state: LatticeState = SINGLE_STATE,
  onStep?: (t: number, u: Float64Array, lattice: Lattice) => void,
): { states: Float64Array[]; grids: VelocityGrid[]; refinements: Refinement[] } {
  const lattice0 = grid0.lattice;
  let lattice = lattice0;
  let current = build(lattice);
  let reference = spread(state.single(u0, lattice), lattice);
  const refinements: Refinement[] = [];
  let active = !resolution.fixedLattice && !(grid0.binsPerCell > 1 && grid0.binsPerCell % 2 === 1);
  const system: SemilinearSystem = {
    propagate: (tau, u, out) => current.propagate(tau, u, out),
    nonlinear: (u, out) => current.nonlinear(u, out),
  };
  const states = integrate(system, u0, times, resolution.dt, resolution.flowNodes, (t, u) => {
    onStep?.(t, u, lattice);
    if (!active) return;
    const now = spread(state.single(u, lattice), lattice);
    if (!(now <= reference / 2)) return;
    const refinement = refinementOf(state.weight(u, lattice), lattice, order);
    if (refinement.to.n > MAX_NODE_GROWTH * lattice0.n) {
      active = false;
      return;
    }
    lattice = refinement.to;
    current = build(lattice);
    reference = now;
    refinements.push({ t, spread: now, lattice });
    return state.remap(u, refinement);
  });
  // The state at an output time is on the lattice of the last refinement at or before it; a
  // lattice of cells c output cells wide has cells c/2 wide after one halving.
  const grids = times.map((t) => {
    const done = refinements.filter((r) => r.t <= t + 1e-9 * Math.max(1, t));
    const halvings = done.length;
    return halvings === 0 ? grid0 : alignedGrid(done[halvings - 1].lattice, histogram, Math.max(1, grid0.binsPerCell / 2 ** halvings));
  });
  return { states, grids, refinements };
}

/**
 * What a solve reports about its lattices (`diagnostics.lattice`): spacing and node count at each
 * output time, and each refinement (time, spread of f_1, new spacing and node count).
 */
export function latticeDiagnostics(grids: readonly VelocityGrid[], refinements: readonly Refinement[]): LatticeReport {
  return {
    method: `refined to h/2 when the spread of f_1 has halved; window tolerance ${WINDOW_TOLERANCE}, at most ${MAX_NODE_GROWTH}× the initial nodes`,
    h: grids.map((g) => g.lattice.h),
    nodes: grids.map((g) => g.lattice.n),
    refinements: refinements.map((r) => ({ t: r.t, spread: r.spread, h: r.lattice.h, nodes: r.lattice.n })),
  };
}
