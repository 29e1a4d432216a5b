/**
 * The space study (`alignsim study space`): how far the particles of the spatial model are from
 * its kinetic reference, the spatially heterogeneous instantaneous limit
 * ∂ₜf₁ + v∂ₓf₁ = Q₃₃[f₁] in d = 1 (docs/kinetic-space.md), as the collision time ε and the cell
 * size h = L/C of the locality rule shrink.
 *
 * Two sweeps share their corner: ε over `epsilons` at the finest box (C = max cells), and C over
 * `cells` at the smallest ε. At each point the particle fields are compared with the reference's
 * on the same C cells at the comparison times, by the noise-debiased L2 distance in x of the
 * mass density, the momentum density and the velocity variance,
 *
 *   D² = (1/|𝒯|) Σ_{t∈𝒯} Σ_cells h·Σ_{φ ∈ {ρ, j, T}} [(φ_p − φ_k)² − SE(φ_p)²],
 *
 * unbiased for the squared distance of the ensemble means of ρ and j (src/compare/distances.ts)
 * and, for the ratio T, up to its O(1/R) bias; with its standard error from the replicas' full
 * covariance of the cells and times it sums (neighbouring cells and times of a field are
 * correlated; T enters by its linearisation, src/compare/estimate-noise.ts). The distance of each field
 * alone is reported too: alignment conserves mass and momentum, so ρ and j feel the collisions
 * only through the flux of momentum, and T, which alignment contracts, carries most of the
 * difference. The orders p in D ≈ C·ε^p and D ≈ C·h^p are fitted by weighted least squares
 * over the resolved points (SE(D) ≤ maxRelativeError·D) with 95 % intervals (./order-fit.ts).
 *
 * What to expect: the particle model differs from (33) in space by O(ε) (collisions take time ε),
 * by the locality of the cell rule (a particle meets every particle of its cell, not those at its
 * own position: O(h²) for cell averages of smooth densities, O(h) at worst), and by finite-N
 * effects, which set the floor the distances reach.
 *
 * @module
 */
import { debiasedSquaredL2, exactNoise, rootOfSquared } from "../compare/distances.js";
import { type FieldCell, fieldEstimate, fieldNoise } from "../compare/estimate-noise.js";
import type { Fields, RunOutput } from "../contract/run-output.js";
import type { ModelConfig } from "../model/config.js";
import { fitOrder, type OrderFit } from "./order-fit.js";
import { isResolved, missingTime, timeIndex } from "./moment-distance.js";
import { ConfigError, IncomparableError } from "../errors.js";

/** Default ε of the ε-sweep. */
export const DEFAULT_SPACE_EPSILONS = [0.2, 0.1, 0.05, 0.025];
/** Default numbers of cells of the h-sweep. */
export const DEFAULT_SPACE_CELLS = [4, 8, 16, 32];
/** Default comparison times. */
export const DEFAULT_SPACE_COMPARE_TIMES = [0.5, 1];

/** One particle ensemble of the study and its distance to the reference. */
export interface SpaceDistanceRow {
  sweep: "epsilon" | "cells";
  epsilon: number;
  cells: number;
  /** Cell size h = L/C. */
  h: number;
  N: number;
  replicas: number;
  distance: number;
  stderr: number;
  /** The squared noise Σ h·SE² the debiasing removed. */
  noise: number;
  /** The debiased D² (may be negative when the true distance is below the noise) and its standard error. */
  squared: number;
  squaredStderr: number;
  /** The distance of each field alone (same definition, one φ). */
  byField: Record<"rho" | "j" | "T", { value: number; stderr: number }>;
  resolved: boolean;
  /** "full": SE from the replicas' covariance of every field cell summed; "independent": cells treated as independent (too small). */
  covariance: "full" | "independent";
  /** Largest |Σ ρ h − M| of the particle fields over the comparison times (a check: 0 up to rounding). */
  massError: number;
}

/** The result of a space study (space-study.json). */
export interface SpaceStudy {
  config: ModelConfig;
  epsilons: number[];
  cells: number[];
  compareTimes: number[];
  reference: string;
  rows: SpaceDistanceRow[];
  orders: { epsilon: OrderFit | null; cellSize: OrderFit | null };
  methods: Record<string, string>;
  warnings: string[];
  wallSeconds: number;
}

/** What {@link runSpaceStudy} needs. */
export interface SpaceStudyOptions {
  epsilons?: number[];
  cells?: number[];
  compareTimes?: number[];
  maxRelativeError?: number;
  /** The particle ensemble of a config. */
  runParticles: (config: ModelConfig) => Promise<RunOutput>;
  /** The kinetic reference of a config (its fields on the config's cells). */
  solveReference: (config: ModelConfig) => RunOutput;
  onProgress?: (message: string) => void;
  /** Receives the particle output and the reference of each point. */
  onPoint?: (row: SpaceDistanceRow, particles: RunOutput, reference: RunOutput) => void;
}

export const SPACE_STUDY_METHODS: Record<string, string> = {
  distance:
    "D² = (1/|𝒯|) Σ_t Σ_cells h·Σ_{φ∈{ρ, j, T}} [(φ_p − φ_k)² − SE(φ_p)²]: noise-debiased L2 distance in x of the mass density, momentum density and velocity variance, particles (p) against the kinetic reference (k) on the same cells; SE(D²)² = 4δᵀWΣ̄Wδ + 2tr((WΣ̄)²), Σ̄ the covariance over replicas of every field cell at every comparison time (T linearised at the ensemble means), computed from the replicas' fields, each term estimated without bias; SE(D) = SE(D²)/(2D); byField: the same for one field",
  resolved: "a distance is resolved when SE(D) ≤ maxRelativeError·D",
  orders: "D ≈ C·ε^p over the ε-sweep at the finest cells and D ≈ C·h^p over the cell sweep at the smallest ε, weighted least squares on the resolved points, 95% CI from Student t",
  reference: "the spatially heterogeneous instantaneous limit ∂ₜf₁ + v∂ₓf₁ = Q₃₃[f₁] (d = 1), Strang splitting (docs/kinetic-space.md)",
};

/** The fields a distance is taken over. */
type FieldName = FieldCell["field"];

/**
 * The distance between the particle fields and the reference's at the comparison times, over
 * the given fields, with its standard error from the replicas' covariance of every field cell
 * it sums (src/compare/estimate-noise.ts).
 *
 * @throws {Error} when a comparison time is missing or the cells differ (a bug of the caller).
 */
export function fieldDistance(
  particles: RunOutput,
  reference: RunOutput,
  compareTimes: number[],
  names: FieldName[] = ["rho", "j", "T"],
): { value: number; stderr: number; noise: number; squared: number; squaredStderr: number; covariance: "full" | "independent" } {
  const p = particles.fields!;
  const k = reference.fields!;
  if (p.cells !== k.cells) throw new IncomparableError("space.cells", String(p.cells), String(k.cells));
  const h = p.length / p.cells;
  const cellsP: FieldCell[] = [];
  const cellsK: FieldCell[] = [];
  for (const t of compareTimes) {
    const ip = timeIndex(particles.summary.times, t);
    const ik = timeIndex(reference.summary.times, t);
    if (ip < 0 || ik < 0) throw missingTime(t, particles, reference);
    for (const field of names) {
      const components = field === "j" ? p.momentum.length : 1;
      for (let component = 0; component < components; component++) {
        for (let cell = 0; cell < p.cells ** p.dimension; cell++) {
          cellsP.push({ field, component, time: ip, cell });
          cellsK.push({ field, component, time: ik, cell });
        }
      }
    }
  }
  const values = (fields: Fields, cells: FieldCell[]) => cells.map((c) => fieldEstimate(fields, c).mean[c.time][c.cell]);
  const w = cellsP.map(() => h / compareTimes.length);
  const squared = debiasedSquaredL2(values(p, cellsP), fieldNoise(particles, cellsP), values(k, cellsK), exactNoise(cellsK.length), w);
  return { ...rootOfSquared(squared), noise: squared.noise, squared: squared.value, squaredStderr: squared.stderr, covariance: squared.covariance };
}

/**
 * The two sweeps of a study's rows: the ε-sweep (at the finest cells) and the cell sweep (at the
 * smallest ε, by increasing h), which share their corner, the smallest ε at the finest cells.
 */
export function sweepRows(rows: SpaceDistanceRow[]): { epsilon: SpaceDistanceRow[]; cells: SpaceDistanceRow[]; corner: SpaceDistanceRow } {
  const epsilon = rows.filter((r) => r.sweep === "epsilon");
  const corner = epsilon.reduce((a, b) => (b.epsilon < a.epsilon ? b : a));
  const cells = [...rows.filter((r) => r.sweep === "cells"), corner].sort((x, y) => x.h - y.h);
  return { epsilon, cells, corner };
}

/** Largest |Σ_cells ρ·h − M| over the times. */
function massError(fields: Fields, mass: number): number {
  const h = fields.length / fields.cells;
  return Math.max(...fields.rho.mean.map((row) => Math.abs(row.reduce((s, r) => s + r * h, 0) - mass)));
}

/**
 * Runs the space study of a d = 1 spatial configuration.
 *
 * @throws {ConfigError} when `base` has no `space` box or d ≠ 1.
 * @example
 * const base = parseConfig({ N: 2000, replicas: 4, times: [0, 0.25], space: { length: 1, cells: 4 } });
 * const study = await runSpaceStudy(base, { epsilons: [0.2, 0.1], cells: [2, 4], compareTimes: [0.25], runParticles: async (c) => simulateEnsemble(c), solveReference: (c) => solveKinetic("instantaneous", c) });
 * study.rows.map((r) => r.cells) // [4, 4, 2]
 */
export async function runSpaceStudy(base: ModelConfig, options: SpaceStudyOptions): Promise<SpaceStudy> {
  const started = performance.now();
  if (!base.space) throw new ConfigError("space", undefined, 'a box {"length": L, "cells": C} (the space study compares the spatial model with its kinetic reference)');
  if (base.dimension !== 1) throw new ConfigError("dimension", base.dimension, "1 (the spatial kinetic reference is available for d = 1)");
  const epsilons = [...(options.epsilons ?? DEFAULT_SPACE_EPSILONS)].sort((x, y) => y - x);
  const cells = [...(options.cells ?? DEFAULT_SPACE_CELLS)].sort((x, y) => x - y);
  const compareTimes = options.compareTimes ?? DEFAULT_SPACE_COMPARE_TIMES;
  const maxRelativeError = options.maxRelativeError ?? 0.25;
  const times = [...new Set([...base.times, ...compareTimes])].sort((x, y) => x - y);
  const finest = cells[cells.length - 1];
  const smallest = epsilons[epsilons.length - 1];
  const points: { sweep: SpaceDistanceRow["sweep"]; epsilon: number; cells: number }[] = [
    ...epsilons.map((epsilon) => ({ sweep: "epsilon" as const, epsilon, cells: finest })),
    ...cells.filter((C) => C !== finest).map((C) => ({ sweep: "cells" as const, epsilon: smallest, cells: C })),
  ];
  const references = new Map<number, RunOutput>();
  const rows: SpaceDistanceRow[] = [];
  for (const point of points) {
    const config: ModelConfig = { ...base, times, epsilon: point.epsilon, space: { ...base.space, cells: point.cells } };
    if (!references.has(point.cells)) references.set(point.cells, options.solveReference(config));
    const reference = references.get(point.cells)!;
    options.onProgress?.(`space study: ε = ${point.epsilon}, C = ${point.cells} (N = ${base.N}, R = ${base.replicas})`);
    const particles = await options.runParticles(config);
    const d = fieldDistance(particles, reference, compareTimes);
    const alone = (name: FieldName) => {
      const { value, stderr } = fieldDistance(particles, reference, compareTimes, [name]);
      return { value, stderr };
    };
    const row: SpaceDistanceRow = {
      sweep: point.sweep,
      epsilon: point.epsilon,
      cells: point.cells,
      h: base.space.length / point.cells,
      N: base.N,
      replicas: particles.summary.replicas,
      distance: d.value,
      stderr: d.stderr,
      noise: d.noise,
      squared: d.squared,
      squaredStderr: d.squaredStderr,
      byField: { rho: alone("rho"), j: alone("j"), T: alone("T") },
      resolved: isResolved(d, maxRelativeError),
      covariance: d.covariance,
      massError: massError(particles.fields!, base.mass),
    };
    rows.push(row);
    options.onPoint?.(row, particles, reference);
  }
  const sweeps = sweepRows(rows);
  const warnings: string[] = [];
  const independent = rows.filter((r) => r.covariance === "independent");
  if (independent.length) warnings.push(`the SE of ${independent.length} of ${rows.length} distances treats the field cells as independent (no replica values at hand); they are correlated, so those SEs are not to be trusted`);
  const fit = (sweep: SpaceDistanceRow[], x: (r: SpaceDistanceRow) => number, what: string): OrderFit | null => {
    const resolved = sweep.filter((r) => r.resolved);
    if (resolved.length < sweep.length) warnings.push(`${what}: ${sweep.length - resolved.length} of ${sweep.length} distances unresolved (SE > ${maxRelativeError}·D), left out of the fit`);
    if (resolved.length < 3) {
      warnings.push(`${what}: fewer than 3 resolved distances, no order fitted`);
      return null;
    }
    return fitOrder(resolved.map((r) => ({ epsilon: x(r), value: r.distance, stderr: r.stderr })));
  };
  return {
    config: base,
    epsilons,
    cells,
    compareTimes,
    reference: "kinetic:instantaneous in space (d = 1)",
    rows,
    orders: { epsilon: fit(sweeps.epsilon, (r) => r.epsilon, "ε-sweep"), cellSize: fit(sweeps.cells, (r) => r.h, "cell sweep") },
    methods: SPACE_STUDY_METHODS,
    warnings,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
