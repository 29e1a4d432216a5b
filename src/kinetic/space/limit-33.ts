/**
 * The spatially heterogeneous instantaneous limit in d = 1: (33) of [KMS] with the free transport
 * of Remark 2.1's (3),
 *
 *   ∂_t f_1 + v ∂_x f_1 = Q_33[f_1](x, v),   x ∈ [0, L) periodic, v ∈ ℝ,
 *
 * where Q_33 is the collision operator of (33) applied to the local f_1(x, ·) in the
 * normalisation below, ∫∫ f_1 dx dv = M.
 *
 * Normalisation. The particle model is local by cells (docs/space.md): two free particles in the
 * same cell of width h collide (form a pair) at total rate λ_{1,1}·M·N_1^c(N_1^c − 1)·(L/h)/N,
 * which with one cell (h = L) is the homogeneous rate of docs/model.md. A free particle in cell c
 * therefore collides at rate 2λ_{1,1}·(M N_1^c/N)·(L/h) = 2λ_{1,1}·L·ρ_c, where ρ_c = (M N_1^c/N)/h
 * is the cell's mass density. In the homogeneous model it collides at rate 2λ_{1,1}M_1 with
 * M_1 = ∫ f_1 dv. So the local collision acts on the homogeneous-equivalent density
 * g(x, v) = L·f_1(x, v), whose v-integral L·ρ(x) is M where the density is uniform, and as
 * N → ∞, h → 0 (with N·h → ∞) the cell rule gives
 *
 *   ∂_t f_1 + v ∂_x f_1 = Q_33[L f_1]/L = L·Q_33[f_1]   (Q_33 is quadratic),
 *
 * with Q_33[g] = 2λ_{1,1}μ_{1,1}∫∫_0^∞ (S_2(s) g⊗g) ds dv_2 − 2λ_{1,1} g ∫ g dv_2 as in (33). A
 * spatially uniform f_1 = g/L gives ∂_t g = Q_33[g]: today's homogeneous (33) exactly. The
 * quasi-stationary pairs (32) are local in the same way: f_2(x) = (1/L)·(32)[L f_1(x)], so the
 * reported M_2, I_2, E_2, V̄_2 and M_3 are the x-integrals of the local pair moments (equal to the
 * homogeneous ones, e.g. M_2 = λ_{1,1}M²/μ_{1,1}, only for uniform data; in general
 * M_2 = (λ_{1,1}/μ_{1,1})·L∫ρ² dx).
 *
 * Method (`space/splitting.ts`). f_1 is held as masses m_{j,i} of x-cell j (N equal cells, N a
 * power-of-two multiple of `space.cells`, so that every output cell is an exact sum of grid
 * cells) and velocity node i (the lattice of the homogeneous solver, `limit-33.ts`, anchored on
 * the histogram bins, fixed in time). Each time step dt is Strang-split: free transport over dt/2
 * (`transport.ts`: spectral, exact in time and exact in x for band-limited cell averages), then in
 * every x-cell one step of the homogeneous (33) collision system of `instantaneousProblem`
 * (classical RK4, the same operator, deposit and r-nodes) applied to g_j = L·m_j/h_x = N·m_j,
 * then transport over dt/2 (consecutive half-steps are merged).
 *
 * Orders. dt: 2 (Strang; the collision step itself is of order 4, the transport exact). h_x: 2
 * for the collision (Q_33 applied to cell averages instead of averaging Q_33 of the point values,
 * a quadratic difference O(h_x²)), spectral for the transport. h_v: that of the homogeneous
 * solver (order 2 for the bin averages, docs/kinetic.md); for the free transport of a smooth law
 * the only velocity error is the quadrature of the initial law (order 2 in h_v through the
 * sub-cell midpoint rule of `initialMasses`). Conservation: mass and momentum to rounding (the
 * transport keeps the mass of every velocity node; with the deposit of degree 4 every cell's
 * collision conserves mass and momentum and its moments up to 4 obey the closed moment
 * equations of (33) exactly); the energy decays only by the collisions, as it must.
 *
 * Initial data: f_1(x, v, 0) = ρ_0(x)·g(v), with the cell probabilities of `initial.position`
 * (`position-law.ts`: uniform, the cosine 1 + a·cos(2πx/L) integrated exactly over each cell,
 * or the histogram of a file of positions on the x grid) and g the state law with the
 * homogeneous solver's convention for pairedFraction > 0 (pairs broken up by one collision).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import type { RunOutput } from "../../contract/run-output.js";
import { centralMomentsF1, kineticSummary, type Moments, quasiStaticPairMoments, singleMoments, tripleMass } from "../lattice/lattice-summary.js";
import { type VelocityGrid, histogram1D } from "../lattice/lattice.js";
import { instantaneousProblem } from "../equations/limit-33.js";
import { pairRates } from "../equations/paper-rates.js";
import { RECOMMENDED, type Resolution } from "../lattice/resolution.js";
import { type SpaceGrid, cellState, densityFields, integrateOverX, phaseSpace, spaceGrid, strangSplitting } from "./splitting.js";
import type { SpaceDiagnostics } from "../../contract/diagnostics.js";

/**
 * The default resolution of the spatial solver: velocity spacing 0.1 (twice the homogeneous
 * solver's: the cost is N·n² per step) and dt = 0.05 for the O(dt²) splitting (docs/kinetic-space.md).
 */
export const SPACE_RESOLUTION: Resolution = { ...RECOMMENDED.instantaneous, spacing: 0.1, dt: 0.05 };

/** The solution of {@link evolveSpace33}: node masses per x-cell at each output time. */
export interface SpaceSolution {
  grid: VelocityGrid;
  space: SpaceGrid;
  /** states[t][j·n + i]: the mass of velocity node i in x-cell j, n = grid.lattice.n. */
  states: Float64Array[];
}

/**
 * Solves the spatially heterogeneous instantaneous limit (33) with free transport in d = 1 (module doc).
 *
 * @param config - the run configuration, with `space` and dimension 1.
 * @param resolution - velocity lattice, time step, r-nodes (default {@link SPACE_RESOLUTION}).
 * @param xCells - cells of the x grid: a power of two and a multiple of `space.cells` (default
 *   the smallest such ≥ 32, `space/splitting.ts`).
 * @returns summary (source "kinetic:instantaneous", observables of the x-integrated f_1 and of the
 *   local quasi-stationary pairs), f1 (x-integrated), fields per output cell, f1xv.
 * @throws {ConfigError} naming `dimension` when d > 1, `space` when there is no box,
 *   `space.cells` when it is not a power of two, or as {@link instantaneousProblem}.
 * @example
 * const config = parseConfig({ space: { length: 1, cells: 8 }, initial: { distribution: "normal", position: { distribution: "cosine", amplitude: 0.5 } }, times: [0, 0.5] });
 * solveSpace33(config, { ...SPACE_RESOLUTION, spacing: 0.1 }, 16).fields!.rho.mean[1].length // 8
 */
export function solveSpace33(config: ModelConfig, resolution: Resolution = SPACE_RESOLUTION, xCells?: number): RunOutput {
  const started = performance.now();
  const solution = evolveSpace33(config, resolution, xCells);
  const { grid, space, states } = solution;
  const { lattice } = grid;
  const n = lattice.n;
  const { min, max } = config.histogram;
  const integrated = states.map((state) => integrateOverX(state, n));
  const moments = integrated.map((f, t) => spatialMoments(f, states[t], solution, config));
  const velocities = nodeVelocities(grid);
  const weights = { mass: velocities.map(() => 1), momentum: velocities, energy: velocities.map((v) => v * v) };
  const diagnostics: SpaceDiagnostics = { solver: "space-instantaneous", xCells: space.xCells, vNodes: n, vSpacing: lattice.h, dt: resolution.dt, method: "Strang splitting: spectral free transport (dt/2), (33) collision step per x-cell (RK4, dt), transport (dt/2)" };
  return {
    summary: kineticSummary("kinetic:instantaneous", config, moments, (performance.now() - started) / 1000, diagnostics),
    f1: histogram1D(grid, integrated, min, max),
    fields: densityFields(states, space, weights),
    f1xv: phaseSpace(states, n, space, grid, min, max),
  };
}

/**
 * The node masses per x-cell at the output times (the module doc's splitting).
 *
 * @param config - as for {@link solveSpace33}.
 * @param resolution - as for {@link solveSpace33}.
 * @param xCells - as for {@link solveSpace33}.
 * @throws {ConfigError} as {@link solveSpace33}.
 */
export function evolveSpace33(config: ModelConfig, resolution: Resolution = SPACE_RESOLUTION, xCells?: number): SpaceSolution {
  const space = spaceGrid(config, xCells);
  const { grid, f0, build } = instantaneousProblem(config, resolution);
  const states = strangSplitting({ velocities: nodeVelocities(grid), u0: f0, system: build(grid.lattice) }, space, config, resolution);
  return { grid, space, states };
}

/** The velocities v_i of the lattice nodes. */
function nodeVelocities(grid: VelocityGrid): Float64Array {
  const { x0, h, n } = grid.lattice;
  return Float64Array.from({ length: n }, (_, i) => x0 + i * h);
}

/**
 * The moments of the summary: those of f_1 from its x-integral, those of the pairs (32) and
 * triples (12) as x-integrals of the local quasi-stationary laws (module doc): per x-cell j, the
 * homogeneous formulas on g_j = N·m_j, divided by N.
 */
function spatialMoments(f: Float64Array, state: Float64Array, solution: SpaceSolution, config: ModelConfig): Moments {
  const { lattice } = solution.grid;
  const N = solution.space.xCells;
  const { lambda11, lambda12, mu11, mu12 } = pairRates(config);
  const [M1, I1, E1] = singleMoments(f, lattice);
  let [M2, I2, E2, V2bar, M3] = [0, 0, 0, 0, 0];
  for (let j = 0; j < N; j++) {
    const [m, i, e] = singleMoments(cellState(state, lattice.n, j), lattice).map((x) => N * x);
    const pair = quasiStaticPairMoments(m, i, e, lambda11, mu11);
    M2 += pair[0] / N;
    I2 += pair[1] / N;
    E2 += pair[2] / N;
    V2bar += pair[3] / N;
    M3 += tripleMass(m, pair[0], lambda12, mu12) / N;
  }
  const vInf = I1 / M1;
  const [C1_3, C1_4] = centralMomentsF1(f, lattice, vInf);
  return { M1, I1, E1, M2, I2, E2, V2bar, M3, vInf, C1_3, C1_4 };
}
