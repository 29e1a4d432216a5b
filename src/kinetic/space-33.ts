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
 * Method. f_1 is held as masses m_{j,i} of x-cell j (N equal cells, N a power-of-two multiple of
 * `space.cells`, so that every output cell is an exact sum of grid cells) and velocity node i
 * (the lattice of the homogeneous solver, `limit-33.ts`, anchored on the histogram bins). Each
 * time step dt is Strang-split: free transport over dt/2 (`transport.ts`: spectral, exact in time
 * and exact in x for band-limited cell averages), then in every x-cell one step of the
 * homogeneous (33) collision system of `instantaneousProblem` (classical RK4, the same operator,
 * deposit and r-nodes) applied to g_j = L·m_j/h_x = N·m_j, then transport over dt/2 (consecutive
 * half-steps are merged). The steps between two output times are uniform, as in `integrate`.
 *
 * Orders. dt: 2 (Strang; the collision step itself is of order 4, the transport exact). h_x: 2
 * for the collision (Q_33 applied to cell averages instead of averaging Q_33 of the point values,
 * a quadratic difference O(h_x²)), spectral for the transport. h_v: that of the homogeneous
 * solver (order 2 for the bin averages, docs/kinetic.md); for the free transport of a smooth law
 * the only velocity error is the quadrature of the initial law (order 2 in h_v through the
 * sub-cell midpoint rule of `initialMasses`). Conservation: mass and momentum to rounding (the
 * transport keeps the mass of every velocity node, the deposit of degree 4 keeps the mass,
 * momentum, energy and the moments up to 4 of every cell's collision); the energy decays only
 * by the collisions, as it must.
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
import type { ModelConfig, SpaceBox } from "../model/config.js";
import { initialPositions } from "../model/position-law.js";
import type { Fields, PhaseSpaceHistogram, RunOutput } from "../contract/run-output.js";
import { ConfigError } from "../errors.js";
import { etdrk4Step } from "./exponential-rk4.js";
import { centralMomentsF1, kineticSummary, type Moments, quasiStaticPairMoments, singleMoments, tripleMass } from "./kinetic-summary.js";
import { type VelocityGrid, histogram1D } from "./lattice.js";
import { instantaneousProblem } from "./limit-33.js";
import { pairRates } from "./paper-rates.js";
import { RECOMMENDED, type Resolution } from "./resolution.js";
import { freeTransport } from "./transport.js";

/** The smallest x grid used by default (cells of the grid, a power of two). */
export const MIN_X_CELLS = 32;

/**
 * The default resolution of the spatial solver: velocity spacing 0.1 (twice the homogeneous
 * solver's: the cost is N·n² per step) and dt = 0.05 for the O(dt²) splitting (docs/kinetic-space.md).
 */
export const SPACE_RESOLUTION: Resolution = { ...RECOMMENDED.instantaneous, spacing: 0.1, dt: 0.05 };

/** The solution of {@link evolveSpace33}: node masses per x-cell at each output time. */
export interface SpaceSolution {
  grid: VelocityGrid;
  box: SpaceBox;
  /** N, the number of x-cells of the grid. */
  xCells: number;
  /** states[t][j·n + i]: the mass of velocity node i in x-cell j, n = grid.lattice.n. */
  states: Float64Array[];
}

/**
 * Solves the spatially heterogeneous instantaneous limit (33) with free transport in d = 1 (module doc).
 *
 * @param config - the run configuration, with `space` and dimension 1.
 * @param resolution - velocity lattice, time step, r-nodes (default {@link SPACE_RESOLUTION}).
 * @param xCells - cells of the x grid: a power of two and a multiple of `space.cells` (default
 *   the smallest such ≥ {@link MIN_X_CELLS}).
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
  const { grid, states } = solution;
  const { lattice } = grid;
  const { min, max } = config.histogram;
  const integrated = states.map((state) => integrateOverX(state, lattice.n));
  const moments = integrated.map((f, t) => spatialMoments(f, states[t], solution, config));
  const diagnostics = { xCells: solution.xCells, vNodes: lattice.n, vSpacing: lattice.h, dt: resolution.dt, method: "Strang splitting: spectral free transport (dt/2), (33) collision step per x-cell (RK4, dt), transport (dt/2)" };
  return {
    summary: kineticSummary("kinetic:instantaneous", config, moments, (performance.now() - started) / 1000, diagnostics),
    f1: histogram1D(grid, integrated, min, max),
    fields: spaceFields(solution),
    f1xv: phaseSpace(solution, min, max),
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
  const box = spatialBox(config);
  const N = xCells ?? defaultXCells(box.cells);
  if (!(Number.isInteger(N) && N % box.cells === 0 && isPowerOfTwo(N))) {
    throw new ConfigError("space.cells", box.cells, `a divisor of the x grid of the spatial kinetic reference (${N} cells, a power of two)`);
  }
  const { grid, f0, build } = instantaneousProblem(config, resolution);
  const { lattice } = grid;
  const system = build(lattice);
  const n = lattice.n;
  const velocities = Float64Array.from({ length: n }, (_, i) => lattice.x0 + i * lattice.h);
  const transport = freeTransport(N, box.length, velocities);
  const rho0 = initialPositions(config.initial.position, box, 1).axisProbabilities(N);
  const state = new Float64Array(N * n);
  for (let j = 0; j < N; j++) for (let i = 0; i < n; i++) state[j * n + i] = rho0[j] * f0[i];
  /** One (33) step of length dt in every x-cell, on g_j = N·m_j (exact scaling: N is a power of two). */
  const collide = (dt: number) => {
    const g = new Float64Array(n);
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
  return { grid, box, xCells: N, states };
}

/** The box of a config, checked for the spatial solver. */
function spatialBox(config: ModelConfig): SpaceBox {
  if (config.dimension !== 1) throw new ConfigError("dimension", config.dimension, "1: the spatial kinetic reference is available for d = 1");
  if (!config.space) throw new ConfigError("space", config.space, "a box {length, cells} for the spatial kinetic reference");
  if (!isPowerOfTwo(config.space.cells)) {
    throw new ConfigError("space.cells", config.space.cells, "a power of two for the spatial kinetic reference", "Its spectral transport uses a radix-2 FFT on a grid that refines the output cells.");
  }
  return config.space;
}

/** The smallest power-of-two multiple of `cells` (a power of two) that is ≥ MIN_X_CELLS. */
function defaultXCells(cells: number): number {
  let N = cells;
  while (N < MIN_X_CELLS) N *= 2;
  return N;
}

function isPowerOfTwo(k: number): boolean {
  return Number.isInteger(k) && k >= 1 && (k & (k - 1)) === 0;
}

/** Σ_j m_{j,·}: f_1 integrated over x, as node masses. */
function integrateOverX(state: Float64Array, n: number): Float64Array {
  const f = new Float64Array(n);
  for (let k = 0; k < state.length; k++) f[k % n] += state[k];
  return f;
}

/**
 * The moments of the summary: those of f_1 from its x-integral, those of the pairs (32) and
 * triples (12) as x-integrals of the local quasi-stationary laws (module doc): per x-cell j, the
 * homogeneous formulas on g_j = N·m_j, divided by N.
 */
function spatialMoments(f: Float64Array, state: Float64Array, solution: SpaceSolution, config: ModelConfig): Moments {
  const { lattice } = solution.grid;
  const N = solution.xCells;
  const { lambda11, lambda12, mu11, mu12 } = pairRates(config);
  const [M1, I1, E1] = singleMoments(f, lattice);
  let [M2, I2, E2, V2bar, M3] = [0, 0, 0, 0, 0];
  for (let j = 0; j < N; j++) {
    const [m, i, e] = singleMoments(state.subarray(j * lattice.n, (j + 1) * lattice.n), lattice).map((x) => N * x);
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

/** The masses of every output cell (sums of the x-grid cells it holds), per velocity node. */
function outputCellMasses(state: Float64Array, solution: SpaceSolution): Float64Array[] {
  const n = solution.grid.lattice.n;
  const { cells } = solution.box;
  const per = solution.xCells / cells;
  return Array.from({ length: cells }, (_, c) => {
    const masses = new Float64Array(n);
    for (let j = c * per; j < (c + 1) * per; j++) for (let i = 0; i < n; i++) masses[i] += state[j * n + i];
    return masses;
  });
}

/**
 * The fields per output cell of width h = L/C: ρ = ∫f_1 dv (cell average, Σ_c ρ_c·h = M),
 * j = ∫v f_1 dv, T = ∫(v − u)² f_1 dv/ρ with u = j/ρ (0 where ρ ≤ 0), standard errors 0.
 */
function spaceFields(solution: SpaceSolution): Fields {
  const { lattice } = solution.grid;
  const { length, cells } = solution.box;
  const h = length / cells;
  const rho: number[][] = [];
  const momentum: number[][] = [];
  const T: number[][] = [];
  for (const state of solution.states) {
    const rows = outputCellMasses(state, solution).map((masses) => singleMoments(masses, lattice).map((x) => x / h));
    rho.push(rows.map(([r]) => r));
    momentum.push(rows.map(([, j]) => j));
    T.push(rows.map(([r, j, e]) => (r > 0 ? e / r - (j / r) ** 2 : 0)));
  }
  const exact = (mean: number[][]) => ({ mean, stderr: mean.map((row) => row.map(() => 0)) });
  return { dimension: 1, length, cells, rho: exact(rho), momentum: [exact(momentum)], T: exact(T) };
}

/** f_1(x, v) as bin averages on the output x-cells × the histogram's velocity bins (the f1.csv bins of each cell, divided by h). */
function phaseSpace(solution: SpaceSolution, min: number, max: number): PhaseSpaceHistogram {
  const { grid } = solution;
  const { length, cells } = solution.box;
  const h = length / cells;
  const density = solution.states.map((state) => outputCellMasses(state, solution).flatMap((masses) => histogram1D(grid, [masses], min, max).density[0].map((d) => d / h)));
  const xEdges = Array.from({ length: cells + 1 }, (_, c) => c * h);
  const vEdges = Array.from({ length: grid.bins + 1 }, (_, b) => min + (b * (max - min)) / grid.bins);
  return { xEdges, vEdges, density, stderr: density.map((row) => row.map(() => 0)) };
}
