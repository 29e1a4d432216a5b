/**
 * Error estimates of the velocity-resolved solvers ((33) `solveInstantaneous`, (14)
 * `solveFirstOrder`, (49) `solveScalar`) from a second solve on a coarser lattice and time step,
 * Richardson-style. p = 2 is the lowest order in h among the three (the linear deposit of (49),
 * the O(h²) remap of f_2 in (14); (33) and the moments converge faster, docs/kinetic.md), with
 * order 4 in dt, so the h error dominates. A solver whose true order q exceeds p is
 * over-estimated by (2^q − 1)/(2^p − 1), the safe side for deciding that a distance is resolved.
 * With u_h − u ≈ C·h^p,
 *
 *   |u_h − u| ≈ |u_h − u_{2h}|/(2^p − 1),
 *
 * where the coarse solve doubles h and dt. The estimate is given per observable and time (the
 * grid's own moments, before any replacement by an exact moment solution) and per f_1 cell and time.
 *
 * The coarse lattice. When a lattice of about 2h tiles the f_1 cells, the coarse solve uses it
 * (spacing H, ratio ρ = H/h: 2, or 1.5 … 2 for cells an odd number of lattice cells wide, and the
 * estimate is |u_h − u_H|/(ρ^p − 1)). When the cells are as fine as h (the study's bins for (49) at
 * h = 0.1), no coarser lattice tiles them: the coarse solve then runs on cells two output cells
 * wide (Resolution.binsPerCell = 2, ρ = 2), and its bin averages come from the smooth moment-exact
 * prolongation onto spacing h (`histogram1D`), piecewise linear in the sharpened coarse masses: an
 * O(H²) interpolation, the same order as the solver's own error, which it adds to the estimate
 * (the safe side).
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import { initialLaw } from "../../model/initial-law.js";
import { OBSERVABLES, type RunOutput } from "../../contract/run-output.js";
import { velocityGrid } from "./lattice.js";
import type { Resolution } from "./resolution.js";
import { isGridSolve, type GridErrorEstimate } from "../../contract/diagnostics.js";

/** The order in h of the velocity-resolved solvers. */
export const GRID_ORDER = 2;

export const ERROR_ESTIMATE_METHOD = `Richardson: |u_h − u| ≈ |u_h − u_H|/((H/h)^p − 1), p = ${GRID_ORDER} (order in h), the coarse solve at H ≈ 2h and 2dt`;

/**
 * Solves at `resolution` and at twice its spacing and time step, and returns the first solution
 * with `summary.diagnostics.errorEstimate` ({@link GridErrorEstimate}) and `f1.error[t][b]`, the
 * estimated |error| of each f_1 bin average.
 *
 * @param solve - the solver at a given resolution.
 * @example
 * const out = withErrorEstimate(config, RECOMMENDED.instantaneous, (r) => solveInstantaneous(config, r));
 * out.f1!.error![1][30] // ≈ |f_1 error| in bin 30 at the second output time
 */
export function withErrorEstimate(config: ModelConfig, resolution: Resolution, solve: (resolution: Resolution) => RunOutput): RunOutput {
  const law = initialLaw(config.initial);
  const fineGrid = velocityGrid(config, law, resolution.spacing, resolution.binsPerCell);
  const h = fineGrid.lattice.h;
  const tiling = velocityGrid(config, law, 2 * resolution.spacing).lattice.h;
  // A tiling lattice at least 1.5h coarse, or else cells two output cells wide (module doc).
  const doubled = { ...resolution, dt: 2 * resolution.dt };
  const coarseResolution: Resolution =
    fineGrid.binsPerCell > 1
      ? { ...doubled, binsPerCell: 2 * fineGrid.binsPerCell }
      : tiling >= 1.5 * h * (1 - 1e-9)
        ? { ...doubled, spacing: 2 * resolution.spacing }
        : { ...doubled, binsPerCell: 2 };
  const H = velocityGrid(config, law, coarseResolution.spacing, coarseResolution.binsPerCell).lattice.h;
  const fine = solve(resolution);
  const coarse = solve(coarseResolution);
  const factor = 1 / ((H / h) ** GRID_ORDER - 1);
  const observables: GridErrorEstimate["observables"] = {};
  for (const q of OBSERVABLES) {
    const [a, b] = [fine.summary.observables[q], coarse.summary.observables[q]];
    if (a && b) observables[q] = a.mean.map((m, i) => Math.abs(m - b.mean[i]) * factor);
  }
  const errorEstimate: GridErrorEstimate = {
    method: ERROR_ESTIMATE_METHOD,
    order: GRID_ORDER,
    fine: { h, dt: resolution.dt },
    coarse: { h: H, dt: coarseResolution.dt, binsPerCell: coarseResolution.binsPerCell ?? 1 },
    observables,
  };
  const f1 = fine.f1 && coarse.f1 ? { ...fine.f1, error: fine.f1.density.map((row, t) => row.map((d, b) => Math.abs(d - coarse.f1!.density[t][b]) * factor)) } : fine.f1;
  const diagnostics = fine.summary.diagnostics;
  if (!isGridSolve(diagnostics)) throw new Error(`an error estimate extends a grid solve, not ${fine.summary.source}`);
  return { ...fine, summary: { ...fine.summary, diagnostics: { ...diagnostics, errorEstimate } }, ...(f1 ? { f1 } : {}) };
}
