/**
 * A velocity lattice that follows the contraction of f_1.
 *
 * Alignment contracts f_1 towards v_∞: under (33) its variance decays like
 * e^{−2λ_{1,1}Mt/(2 + μ_{1,1})} (Lemma 3.4). On the lattice fixed at t = 0 the spread σ(t) is
 * then resolved by fewer and fewer nodes, and the error of the deposits, a power of h/σ, grows.
 * The solvers of (33) and (49) therefore refine the lattice whenever σ has halved since it was
 * last set ({@link integrateFollowingContraction}):
 *
 * - **Spacing.** h is halved. The new cells are the halves of the old ones, so a lattice that
 *   tiled the output cells still does and bin averages stay exact sums of node masses
 *   (`histogram1D`); the error of the deposits in units of σ stays what it was at t = 0.
 * - **Remap.** The new node masses are h/2 times the degree-q Lagrange interpolant (`stencil`) of
 *   the old point samples m_i/h at the new nodes, q the odd degree ≥ the solver's deposit degree p
 *   (q = 5 for (33), 1 for (49), 3 for p = 2). Written as a scatter of each old mass over the new
 *   nodes at ±h/4, ±3h/4, …, it conserves the mass and the moments 1 … q exactly (its kernel's
 *   moments vanish up to degree q, by the symmetry of the two interpolation points in each old
 *   cell), and for q = 1 its weights are non-negative. Depositing each old mass as a point with
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
import type { SemilinearSystem } from "./exponential-rk4.js";
import { integrate } from "./exponential-rk4.js";
import type { ModelConfig } from "../model/config.js";
import { type Lattice, type VelocityGrid, alignedGrid, stencil } from "./lattice.js";
import type { Resolution } from "./resolution.js";

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
 * The refinement kernel of odd degree q: an old node's mass goes to the new nodes at the offsets
 * (m + 1/2)·h/2, m = −(q + 1) … q, with half the weight its value has in the degree-q Lagrange
 * interpolation (`stencil`) at that point. The new masses are then h/2 times the interpolant of
 * the old point samples m_i/h at the new nodes (a smooth density: no two-node staircase), and
 * the kernel's moments are those of a unit point mass up to degree q.
 */
function refinementKernel(q: number): Float64Array {
  const centre = q + 2;
  const w = new Float64Array(q + 1);
  const kernel = new Float64Array(2 * q + 2);
  for (let m = -(q + 1); m <= q; m++) {
    const start = stencil(centre + (m + 0.5) / 2, 2 * centre + 1, q, w);
    if (centre >= start && centre <= start + q) kernel[m + q + 1] = w[centre - start] / 2;
  }
  return kernel;
}

/**
 * The lattice of half the spacing over the cells that hold the mass, and the node masses remapped
 * onto it, conserving the moments 0 … `order` exactly (module doc): the masses of the old nodes
 * outside the window a … b are deposited onto the window's nodes with the deposit of degree
 * `order`; the window's masses are then spread by the refinement kernel of the odd degree
 * q ≥ order (moments 0 … q exact), onto half-cells of the old cells a − (q + 1)/2 … b + (q + 1)/2.
 *
 * @param f - node masses on `lattice`.
 * @param order - the solver's deposit degree p.
 * @param tolerance - of the window (default {@link WINDOW_TOLERANCE}).
 * @example
 * refineLattice(Float64Array.from([0, 0, 1, 0, 0]), { x0: -2, h: 1, n: 5 }, 1).masses // [0.125, 0.375, 0.375, 0.125, 0, 0, 0, 0]
 */
export function refineLattice(f: Float64Array, lattice: Lattice, order: number, tolerance = WINDOW_TOLERANCE): { lattice: Lattice; masses: Float64Array } {
  const [a, b] = window(f, order, tolerance);
  const kept = f.slice(a, b + 1);
  const w = new Float64Array(order + 1);
  for (let i = 0; i < f.length; i++) {
    if ((i >= a && i <= b) || f[i] === 0) continue;
    const start = stencil(i - a, kept.length, order, w);
    for (let k = 0; k <= order; k++) kept[start + k] += f[i] * w[k];
  }
  const q = order % 2 === 1 ? order : order + 1;
  const kernel = refinementKernel(q);
  const h = lattice.h / 2;
  const refined: Lattice = { x0: lattice.x0 + (a - (q + 1) / 2 + 0.25) * lattice.h, h, n: 2 * (kept.length + q) };
  const masses = new Float64Array(refined.n);
  for (let r = 0; r < kept.length; r++) {
    if (kept[r] === 0) continue;
    for (let k = 0; k < kernel.length; k++) masses[2 * r + k] += kept[r] * kernel[k];
  }
  return { lattice: refined, masses };
}

/** A refinement of the lattice during a solve. */
export interface Refinement {
  /** End of the time step after which it happened. */
  t: number;
  /** Spread of f_1 then, and the new lattice. */
  spread: number;
  lattice: Lattice;
}

/**
 * Integrates an f_1 equation (ETDRK4, `integrate`) on a lattice that is refined whenever the
 * spread of f_1 has halved since the lattice was last set (see the module doc), unless
 * resolution.fixedLattice.
 *
 * @param build - the semilinear system on a given lattice (rebuilt after each refinement).
 * @param grid0 - the initial lattice and its tiling of the config's `histogram`.
 * @param f0 - the node masses of f_1(0) on it.
 * @param times - output times; resolution - dt, flowNodes, fixedLattice.
 * @param order - the solver's deposit degree (the remap conserves moments 0 … order).
 * @param onStep - called after every step with (t, f, lattice).
 * @returns the node masses at `times`, the lattice of each with its tiling, and the refinements made.
 */
export function integrateFollowingContraction(
  build: (lattice: Lattice) => SemilinearSystem,
  grid0: VelocityGrid,
  histogram: ModelConfig["histogram"],
  f0: Float64Array,
  times: readonly number[],
  resolution: Pick<Resolution, "dt" | "flowNodes" | "fixedLattice">,
  order: number,
  onStep?: (t: number, f: Float64Array, lattice: Lattice) => void,
): { states: Float64Array[]; grids: VelocityGrid[]; refinements: Refinement[] } {
  const lattice0 = grid0.lattice;
  let lattice = lattice0;
  let current = build(lattice);
  let reference = spread(f0, lattice);
  const refinements: Refinement[] = [];
  let active = !resolution.fixedLattice;
  const system: SemilinearSystem = {
    propagate: (tau, u, out) => current.propagate(tau, u, out),
    nonlinear: (u, out) => current.nonlinear(u, out),
  };
  const states = integrate(system, f0, times, resolution.dt, resolution.flowNodes, (t, f) => {
    onStep?.(t, f, lattice);
    if (!active) return;
    const now = spread(f, lattice);
    if (!(now <= reference / 2)) return;
    const refined = refineLattice(f, lattice, order);
    if (refined.lattice.n > MAX_NODE_GROWTH * lattice0.n || (grid0.binsPerCell > 1 && grid0.binsPerCell % 2 === 1)) {
      active = false;
      return;
    }
    lattice = refined.lattice;
    current = build(lattice);
    reference = now;
    refinements.push({ t, spread: now, lattice });
    return refined.masses;
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
export function latticeDiagnostics(grids: readonly VelocityGrid[], refinements: readonly Refinement[]): Record<string, unknown> {
  return {
    method: `refined to h/2 when the spread of f_1 has halved; window tolerance ${WINDOW_TOLERANCE}, at most ${MAX_NODE_GROWTH}× the initial nodes`,
    h: grids.map((g) => g.lattice.h),
    nodes: grids.map((g) => g.lattice.n),
    refinements: refinements.map((r) => ({ t: r.t, spread: r.spread, h: r.lattice.h, nodes: r.lattice.n })),
  };
}
