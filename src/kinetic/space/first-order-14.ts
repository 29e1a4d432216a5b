/**
 * The first-order system (14) of [KMS] in space, d = 1: Remark 2.1's transport terms
 * ∇_x·((1/k)Σ v_i f_k) for the free particles (k = 1) and the pairs (k = 2),
 *
 *   ∂_t f_1 + v ∂_x f_1 = (14a)[f_1, f_2](x, ·),
 *   ∂_t f_2 + m ∂_x f_2 = (14b)[f_1, f_2](x, ·),   m = (v_1 + v_2)/2 the pair's mean velocity,
 *
 * on the periodic box [0, L), with the triples (12) quasi-stationary and local as in the
 * homogeneous solver (`first-order-14.ts`). A pair moves at its mean velocity, which its
 * alignment flow keeps.
 *
 * Normalisation: that of `space/limit-33.ts`, for every coagulation (λ_{1,1} and λ_{1,2}) of the
 * cell-local rule. The right-hand sides act on the homogeneous-equivalent densities
 * g_k = L·f_k, ∂_t f_k = (14)[L f_1, L f_2]/L. Their collision terms are quadratic and their pair
 * flow and break-up linear, so a spatially uniform state follows the homogeneous (14) exactly.
 * Mass M_1 + 2εM_2 and momentum I_1 + 2εI_2 are conserved.
 *
 * Method: `space/splitting.ts` with the cell problem of `firstOrderProblem`. A cell state is
 * (f_1 node masses, pair masses F[j·nd + k]); a pair node (m_j, d_k) is transported at m_j, a
 * free node at its v_i. Strang splitting with the homogeneous solver's ETDRK4 step per cell:
 * order 2 in dt, 2 in h_x, spectral in the transport. The pair lattice is remapped at every
 * step, as in the homogeneous solver.
 *
 * Fields count all the particles that (14) carries: ρ = ∫f_1 dv + 2ε∫∫f_2,
 * j = ∫v f_1 + 2ε∫∫m f_2, and the energy ∫v² f_1 + 2ε∫∫(m² + d²) f_2, with d = (v_1 − v_2)/2.
 * The triples, O(ε²), are folded back at once, as in the homogeneous solver's conserved mass.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import type { RunOutput } from "../../contract/run-output.js";
import { firstOrderMoments, firstOrderProblem } from "../equations/first-order-14.js";
import { kineticSummary, singleMoments, tripleMass } from "../lattice/lattice-summary.js";
import { type PairGrid, type VelocityGrid, histogram1D, histogram2D } from "../lattice/lattice.js";
import { pairRates } from "../equations/paper-rates.js";
import { RECOMMENDED, type Resolution } from "../lattice/resolution.js";
import { type SpaceGrid, cellState, densityFields, integrateOverX, phaseSpace, spaceGrid, strangSplitting } from "./splitting.js";
import type { SpaceDiagnostics } from "../../contract/diagnostics.js";

/**
 * The default resolution of (14) in space at ε: the homogeneous solver's recommended one
 * (h = 0.1, triple term 4× coarser) with dt = min(0.05, ε/4) as in `firstOrderResolution`.
 *
 * @example
 * spaceFirstOrderResolution(0.1).dt // 0.025
 */
export function spaceFirstOrderResolution(epsilon: number): Resolution {
  return { ...RECOMMENDED.firstOrder, dt: Math.min(RECOMMENDED.firstOrder.dt, epsilon / 4) };
}

/** The solution of {@link evolveSpace14}: cell states per x-cell at each output time. */
export interface SpaceFirstOrderSolution {
  grid: VelocityGrid;
  pair: PairGrid;
  space: SpaceGrid;
  /** states[t][j·n + i], n = n_1 + n_2: f_1 node masses then pair masses of x-cell j. */
  states: Float64Array[];
}

/**
 * Solves (14) with free transport of the particles and of the pairs at their mean velocity, d = 1 (module doc).
 *
 * @param config - the run configuration, with `space` and dimension 1.
 * @param resolution - default {@link spaceFirstOrderResolution}(ε).
 * @param xCells - as for `solveSpace33`.
 * @returns summary (source "kinetic:first-order", moments of the x-integrated f_1, f_2 and of the
 *   local triples), f1 and f2 (x-integrated), fields, f1xv.
 * @throws {ConfigError} as `solveSpace33` and `solveFirstOrder`.
 */
export function solveSpace14(config: ModelConfig, resolution: Resolution = spaceFirstOrderResolution(config.epsilon), xCells?: number): RunOutput {
  const started = performance.now();
  const solution = evolveSpace14(config, resolution, xCells);
  const { grid, pair, space, states } = solution;
  const n1 = grid.lattice.n;
  const n = n1 + n1 * pair.nd;
  const { min, max } = config.histogram;
  const integrated = states.map((state) => integrateOverX(state, n));
  const { lambda12, mu12 } = pairRates(config);
  const moments = integrated.map((u, t) => {
    // the triples (12) are local: M_3 = Σ_j tripleMass(N·M_1^j, N·M_2^j)/N
    let M3 = 0;
    for (let j = 0; j < space.xCells; j++) {
      const cell = cellState(states[t], n, j);
      const [M1j] = singleMoments(cell.subarray(0, n1), grid.lattice);
      const M2j = cell.subarray(n1).reduce((s, m) => s + m, 0);
      M3 += tripleMass(space.xCells * M1j, space.xCells * M2j, lambda12, mu12) / space.xCells;
    }
    return { ...firstOrderMoments(u, grid.lattice, pair, config), M3 };
  });
  const diagnostics: SpaceDiagnostics = { solver: "space-first-order", xCells: space.xCells, vNodes: n1, vSpacing: grid.lattice.h, dt: resolution.dt, method: "Strang splitting: spectral free transport of singles and pairs (dt/2), (14) ETDRK4 step per x-cell (dt), transport (dt/2)" };
  return {
    summary: kineticSummary("kinetic:first-order", config, moments, (performance.now() - started) / 1000, diagnostics),
    f1: histogram1D(grid, integrated.map((u) => u.subarray(0, n1)), min, max),
    f2: histogram2D(grid, integrated.map((u) => u.subarray(n1)), min, max),
    fields: densityFields(states, space, entryWeights(grid, pair, config.epsilon)),
    f1xv: phaseSpace(states, n, space, grid, min, max),
  };
}

/**
 * The cell states at the output times (the module doc's splitting).
 *
 * @param config - as for {@link solveSpace14}.
 * @param resolution - as for {@link solveSpace14}.
 * @param xCells - as for {@link solveSpace14}.
 */
export function evolveSpace14(config: ModelConfig, resolution: Resolution = spaceFirstOrderResolution(config.epsilon), xCells?: number): SpaceFirstOrderSolution {
  const space = spaceGrid(config, xCells);
  const { grid, pair, u0, system } = firstOrderProblem(config, resolution);
  const states = strangSplitting({ velocities: entryVelocities(grid, pair), u0, system }, space, config, resolution);
  return { grid, pair, space, states };
}

/** The transport velocity of every entry of a cell state: v_i for a free node, m_j for a pair node (m_j, d_k). */
function entryVelocities(grid: VelocityGrid, pair: PairGrid): Float64Array {
  const { x0, h, n } = grid.lattice;
  const out = new Float64Array(n + n * pair.nd);
  for (let i = 0; i < n; i++) out[i] = x0 + i * h;
  for (let j = 0; j < n; j++) out.fill(x0 + j * h, n + j * pair.nd, n + (j + 1) * pair.nd);
  return out;
}

/** Particle mass, momentum and energy per unit of node mass: 1, v, v² for a free node; 2ε, 2εm, 2ε(m² + d²) for a pair node. */
function entryWeights(grid: VelocityGrid, pair: PairGrid, eps: number): { mass: Float64Array; momentum: Float64Array; energy: Float64Array } {
  const velocities = entryVelocities(grid, pair);
  const n = grid.lattice.n;
  const mass = velocities.map((_, i) => (i < n ? 1 : 2 * eps));
  const momentum = velocities.map((v, i) => mass[i] * v);
  const energy = velocities.map((v, i) => {
    const d = i < n ? 0 : (((i - n) % pair.nd) - pair.K) * grid.lattice.h;
    return mass[i] * (v * v + d * d);
  });
  return { mass, momentum, energy };
}
