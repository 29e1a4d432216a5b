/**
 * The x–v grid and the Strang splitting shared by the spatial kinetic solvers in d = 1
 * (`space/limit-33.ts`, `space/first-order-14.ts`; docs/kinetic-space.md).
 *
 * A spatial state holds, for each of N equal x-cells of the periodic box [0, L), the node masses
 * of a homogeneous solver's state (its "cell state", n entries, each transported at its own
 * velocity: a free particle's state, a pair's mean). N is a power of two and a multiple of
 * `space.cells`, so that every output cell is an exact sum of grid cells. The homogeneous solver's
 * system acts, in every x-cell j, on the homogeneous-equivalent state g_j = L·m_j/h_x = N·m_j
 * (the cell-local normalisation derived in `space/limit-33.ts`; every collision term is quadratic and
 * every other term linear, so the system of g_j is the local equation), exactly scaled because
 * N is a power of two.
 *
 * @module
 */
import type { ModelConfig, SpaceBox } from "../../model/config.js";
import { initialPositions } from "../../model/position-law.js";
import type { CellEstimate, Fields, PhaseSpaceHistogram } from "../../contract/run-output.js";
import { ConfigError } from "../../errors.js";
import { etdrk4Step, type SemilinearSystem } from "../ode/exponential-rk4.js";
import { type VelocityGrid, histogram1D } from "../lattice/lattice.js";
import type { Resolution } from "../lattice/resolution.js";
import { freeTransport } from "./transport.js";

/** The smallest x grid used by default (cells of the grid, a power of two). */
export const MIN_X_CELLS = 32;

/** The x grid of a spatial solve. */
export interface SpaceGrid {
  box: SpaceBox;
  /** N, the number of x-cells of the grid. */
  xCells: number;
}

/** A homogeneous solver's problem, to be solved in every x-cell. */
export interface CellProblem {
  /** The velocity at which each entry of a cell state is transported (length n). */
  velocities: Float64Array;
  /** The homogeneous initial state (mass M), spread over x by the position law. */
  u0: Float64Array;
  system: SemilinearSystem;
}

/**
 * The x grid of a config for a spatial kinetic solver.
 *
 * @param config - with `space` and dimension 1.
 * @param xCells - N: a power of two and a multiple of `space.cells` (default the smallest such ≥ {@link MIN_X_CELLS}).
 * @throws {ConfigError} naming `dimension` when d > 1, `space` when there is no box, `space.cells`
 *   when it is not a power of two or does not divide N.
 */
export function spaceGrid(config: ModelConfig, xCells?: number): SpaceGrid {
  if (config.dimension !== 1) throw new ConfigError("dimension", config.dimension, "1: the spatial kinetic reference is available for d = 1");
  const box = config.space;
  if (!box) throw new ConfigError("space", box, "a box {length, cells} for the spatial kinetic reference");
  if (!isPowerOfTwo(box.cells)) {
    throw new ConfigError("space.cells", box.cells, "a power of two for the spatial kinetic reference", "Its spectral transport uses a radix-2 FFT on a grid that refines the output cells.");
  }
  let N = xCells ?? box.cells;
  while (xCells === undefined && N < MIN_X_CELLS) N *= 2;
  if (!(N % box.cells === 0 && isPowerOfTwo(N))) {
    throw new ConfigError("space.cells", box.cells, `a divisor of the x grid of the spatial kinetic reference (${N} cells, a power of two)`);
  }
  return { box, xCells: N };
}

function isPowerOfTwo(k: number): boolean {
  return Number.isInteger(k) && k >= 1 && (k & (k - 1)) === 0;
}

/**
 * Strang splitting of ∂_t u + (transport) = (the cell problem's system, locally): every step dt is
 * free transport over dt/2, one ETDRK4 step (`etdrk4Step`) of the system in every x-cell on
 * g_j = N·m_j, transport over dt/2 (consecutive half-steps merged). The steps between two
 * output times are uniform, as in `integrate`.
 *
 * @param problem - the cell problem.
 * @param grid - the x grid.
 * @param config - initial positions (`initial.position`) and output times.
 * @param resolution - dt and the θ-nodes of ETDRK4.
 * @returns per output time the state, [j·n + i] the mass of entry i in x-cell j.
 */
export function strangSplitting(problem: CellProblem, grid: SpaceGrid, config: ModelConfig, resolution: Resolution): Float64Array[] {
  const { velocities, u0, system } = problem;
  const N = grid.xCells;
  const n = u0.length;
  const transport = freeTransport(N, grid.box.length, velocities);
  const rho0 = initialPositions(config.initial.position, grid.box, 1).axisProbabilities(N);
  const state = new Float64Array(N * n);
  for (let j = 0; j < N; j++) for (let i = 0; i < n; i++) state[j * n + i] = rho0[j] * u0[i];
  const g = new Float64Array(n);
  const collide = (dt: number) => {
    for (let j = 0; j < N; j++) {
      for (let i = 0; i < n; i++) g[i] = N * state[j * n + i];
      const next = etdrk4Step(system, g, dt, resolution.flowNodes);
      for (let i = 0; i < n; i++) state[j * n + i] = next[i] / N;
    }
  };
  const states: Float64Array[] = [];
  let t = 0;
  for (const target of config.times) {
    const steps = Math.ceil((target - t) / resolution.dt - 1e-9);
    const dt = steps > 0 ? (target - t) / steps : 0;
    if (steps > 0) transport(state, dt / 2);
    for (let s = 0; s < steps; s++) {
      collide(dt);
      transport(state, s < steps - 1 ? dt : dt / 2);
    }
    t = target;
    states.push(Float64Array.from(state));
  }
  return states;
}

/** Σ_j m_{j,·}: a state integrated over x (n entries). */
export function integrateOverX(state: Float64Array, n: number): Float64Array {
  const f = new Float64Array(n);
  for (let k = 0; k < state.length; k++) f[k % n] += state[k];
  return f;
}

/** The cell state of x-cell j (a view). */
export function cellState(state: Float64Array, n: number, j: number): Float64Array {
  return state.subarray(j * n, (j + 1) * n);
}

/** The masses of every output cell (sums of the x-grid cells it holds), per entry. */
function outputCellMasses(state: Float64Array, n: number, grid: SpaceGrid): Float64Array[] {
  const { cells } = grid.box;
  const per = grid.xCells / cells;
  return Array.from({ length: cells }, (_, c) => {
    const masses = new Float64Array(n);
    for (let j = c * per; j < (c + 1) * per; j++) for (let i = 0; i < n; i++) masses[i] += state[j * n + i];
    return masses;
  });
}

/** What one unit of an entry's node mass carries: particle mass, momentum Σv and energy Σv² (per entry). */
export interface EntryWeights {
  mass: Float64Array;
  momentum: Float64Array;
  energy: Float64Array;
}

/**
 * The fields per output cell of width h = L/C: ρ (cell average of the particle mass density,
 * Σ_c ρ_c·h = the total particle mass), the momentum density j, and T = e/ρ − (j/ρ)² the
 * velocity variance about u = j/ρ (e the energy density; 0 where ρ ≤ 0); standard errors 0.
 */
export function densityFields(states: Float64Array[], grid: SpaceGrid, weights: EntryWeights): Fields {
  const n = weights.mass.length;
  const { length, cells } = grid.box;
  const h = length / cells;
  const [rho, momentum, T]: number[][][] = [[], [], []];
  for (const state of states) {
    const rows = outputCellMasses(state, n, grid).map((masses) => {
      let [r, j, e] = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        r += weights.mass[i] * masses[i];
        j += weights.momentum[i] * masses[i];
        e += weights.energy[i] * masses[i];
      }
      return [r / h, j / h, e / h];
    });
    rho.push(rows.map(([r]) => r));
    momentum.push(rows.map(([, j]) => j));
    T.push(rows.map(([r, j, e]) => (r > 0 ? e / r - (j / r) ** 2 : 0)));
  }
  const exact = (mean: number[][]): CellEstimate => ({ mean, stderr: mean.map((row) => row.map(() => 0)) });
  return { dimension: 1, length, cells, rho: exact(rho), momentum: [exact(momentum)], T: exact(T) };
}

/**
 * f_1(x, v) as bin averages on the output x-cells × the histogram's velocity bins: the f1.csv bins
 * of each cell (`histogram1D` of the f_1 entries, the first `grid.lattice.n` of a cell state of n), divided by h.
 */
export function phaseSpace(states: Float64Array[], n: number, grid: SpaceGrid, velocity: VelocityGrid, min: number, max: number): PhaseSpaceHistogram {
  const { length, cells } = grid.box;
  const h = length / cells;
  const n1 = velocity.lattice.n;
  const density = states.map((state) => outputCellMasses(state, n, grid).flatMap((masses) => histogram1D(velocity, [masses.subarray(0, n1)], min, max).density[0].map((d) => d / h)));
  const xEdges = Array.from({ length: cells + 1 }, (_, c) => c * h);
  const vEdges = Array.from({ length: velocity.bins + 1 }, (_, b) => min + (b * (max - min)) / velocity.bins);
  return { xEdges, vEdges, density, stderr: density.map((row) => row.map(() => 0)) };
}
