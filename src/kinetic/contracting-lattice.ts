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
 * - **Remap.** Every old node mass is deposited onto the new lattice with the solver's own
 *   deposit of degree p (`stencil`): mass and the moments 1 … p are conserved exactly (p = 4
 *   for (33), 1 for (49)). An old node falls midway between two new ones.
 * - **Window.** The new lattice keeps only the old cells a … b that hold the mass: under (33)
 *   the mass beyond any window decays but never vanishes (uncollided particles keep the initial
 *   tails, with weight e^{−2λ_{1,1}Mt}), so it cannot simply be dropped. The mass of an old node
 *   outside the window is deposited onto the window's edge nodes by the same stencil, which
 *   then extrapolates: moments 0 … p stay exact, but the weights grow like (distance/h)^p. The
 *   window is therefore the smallest one for which the node masses this creates,
 *   Σ_{outside} |m_i|·Σ_k |ℓ_k(x_i)|, are at most {@link WINDOW_TOLERANCE} of Σ|m_i| on each
 *   side: the truncation perturbs f_1 by at most that much total variation, far below both the
 *   particles' resolution and the grid error, and moves no mass or momentum.
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

/** Relative total variation by which the truncation to a window may perturb f_1, per side. */
export const WINDOW_TOLERANCE = 1e-12;

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

/** Σ_k |ℓ_k| of the degree-p deposit of a point `gap` − 1/2 new spacings beyond the window's edge node. */
function amplification(gap: number, order: number, w: Float64Array): number {
  stencil(0.5 - 2 * gap, order + 1, order, w);
  let s = 0;
  for (let k = 0; k <= order; k++) s += Math.abs(w[k]);
  return s;
}

/**
 * The old node indices a … b whose cells the refined lattice keeps: on each side the most nodes
 * dropped such that Σ_{dropped} |m_i|·Σ_k|ℓ_k| ≤ tolerance·Σ|m| (see the module doc).
 */
function window(f: Float64Array, order: number, tolerance: number): [number, number] {
  const w = new Float64Array(order + 1);
  let total = 0;
  for (let i = 0; i < f.length; i++) total += Math.abs(f[i]);
  const budget = tolerance * total;
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
 * The lattice of half the spacing over the cells a … b of `lattice` that hold the mass, and the
 * node masses remapped onto it by the deposit of degree `order` (moments 0 … order exact).
 *
 * @param f - node masses on `lattice`.
 * @param order - the solver's deposit degree p.
 * @param tolerance - of the window (default {@link WINDOW_TOLERANCE}).
 * @example
 * refineLattice(Float64Array.from([0, 1, 0]), { x0: -1, h: 1, n: 3 }, 1).lattice // { x0: -0.25, h: 0.5, n: 2 }
 */
export function refineLattice(f: Float64Array, lattice: Lattice, order: number, tolerance = WINDOW_TOLERANCE): { lattice: Lattice; masses: Float64Array } {
  const [a, b] = window(f, order, tolerance);
  const h = lattice.h / 2;
  const refined: Lattice = { x0: lattice.x0 + a * lattice.h - h / 2, h, n: Math.max(2 * (b - a + 1), order + 1) };
  const masses = new Float64Array(refined.n);
  const w = new Float64Array(order + 1);
  for (let i = 0; i < f.length; i++) {
    if (f[i] === 0) continue;
    const start = stencil(2 * (i - a) + 0.5, refined.n, order, w);
    for (let k = 0; k <= order; k++) masses[start + k] += f[i] * w[k];
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
