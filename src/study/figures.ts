/**
 * The figures of an ε-study: the log–log convergence plot (one colour per description, one marker
 * per source of the distance, one panel per quantity, fitted slopes and reference slopes ε¹, ε²),
 * and for the largest and the smallest ε the moments against time (particles ±2 SE over the ODE
 * curves, which are re-solved on a fine time grid) with their differences to the exact
 * hierarchy, f_1 (when a description resolves it) and f_2.
 *
 * @module
 */
import type { RunOutput } from "../contract/run-output.js";
import { modelCaption, particleCaption } from "../plot/caption.js";
import { type ConvergencePoint, convergenceFigure, f1Figure, f2Figure, type FittedLine, momentsFigure, PALETTE, type Series } from "../plot/figures.js";
import type { Figure } from "../plot/render.js";
import { KINETIC_MODELS, type KineticModelName, solveDense } from "../kinetic/index.js";
import { DISTANCE_SOURCES, type DistanceKind, type DistanceSeries, type EpsilonStudy, REFERENCE } from "./epsilon.js";

/** The outputs at one ε that the figures show. */
export interface EpsilonSnapshot {
  epsilon: number;
  particles: RunOutput;
  exact: RunOutput;
  kinetic: Partial<Record<KineticModelName, RunOutput>>;
}

/** The reference slopes of a convergence plot in ε: first and second order. */
export const EPSILON_SLOPES = [
  { p: 1, label: "ε¹" },
  { p: 2, label: "ε²" },
];

/** The quantity each distance measures: one panel of the convergence plot each. */
const QUANTITIES: Record<DistanceKind, string> = {
  momentsParticles: "f₁ moments (M₁, I₁, V₁)",
  momentsExact: "f₁ moments (M₁, I₁, V₁)",
  momentsExact3: "third central moment C1_3",
  momentsExact4: "fourth central moment C1_4",
  f1Particles: "f₁ histogram, L2",
};

/**
 * The points and fitted lines of the convergence plot: the resolved distances of each
 * description (colour) from each source (marker: particles, exact hierarchy), one panel per
 * quantity.
 */
export function convergenceData(study: EpsilonStudy): [ConvergencePoint[], FittedLine[]] {
  const points: ConvergencePoint[] = [];
  const lines: FittedLine[] = [];
  for (const [name, byKind] of Object.entries(study.distances)) {
    for (const [kind, series] of Object.entries(byKind) as [DistanceKind, DistanceSeries][]) {
      const group = study.descriptions[name].label;
      const curve = `${group} — ${kind}`;
      const where = { group, source: DISTANCE_SOURCES[kind], panel: QUANTITIES[kind] };
      study.epsilons.forEach((x, i) => {
        if (series.resolved[i]) points.push({ curve, ...where, x, value: series.values[i], stderr: series.stderr[i] });
      });
      const fit = study.fits[name]?.[kind];
      if (fit && Number.isFinite(fit.p)) lines.push({ curve, C: fit.C, p: fit.p, ci95: fit.ci95, xMin: Math.min(...study.epsilons), xMax: Math.max(...study.epsilons) });
    }
  }
  return [points, lines];
}

/**
 * The colour of every series of a study's figures, the same in each: particles black, the exact
 * hierarchy next, then the descriptions in the study's order.
 */
export function studyColours(study: EpsilonStudy): Record<string, string> {
  const labels = [KINETIC_MODELS[REFERENCE].label, ...Object.values(study.descriptions).map((d) => d.label)];
  return Object.fromEntries(labels.map((label, i) => [label, PALETTE[(i + 1) % PALETTE.length]]));
}

/** All figures of a study. */
export function studyFigures(study: EpsilonStudy, snapshots: EpsilonSnapshot[]): Figure[] {
  const figures: Figure[] = [];
  const colours = studyColours(study);
  const base = study.config;
  const nr = `N = ${base.N}, R = ${base.replicas} replicas per ε, seeds ${base.seed}…${base.seed + study.epsilons.length - 1}`;
  const caption = `${modelCaption(base, false)}; particles: ${nr}; distances at t ∈ {${study.compareTimes.join(", ")}}. Dashed: fitted C·ε^p (orders in the table); grey: slopes ε¹ and ε². Points from particles carry ±2 SE bars; exact-hierarchy points are deterministic.`;
  figures.push(convergenceFigure(...convergenceData(study), caption, { x: "ε", y: "distance at t = O(1)", title: "Distance between particles and each kinetic description against ε", references: EPSILON_SLOPES, legends: { group: "description", source: "distance to" }, colours }));

  for (const snap of snapshots) {
    const cap = `${modelCaption(snap.particles.summary.config)}; ${particleCaption({ ...snap.particles.summary.config, replicas: snap.particles.summary.replicas })}.`;
    const series: Series[] = [
      { label: `particles (N = ${snap.particles.summary.config.N}, R = ${snap.particles.summary.replicas})`, output: snap.particles, colour: PALETTE[0] },
      { label: KINETIC_MODELS[REFERENCE].label, output: snap.exact },
      ...(Object.entries(snap.kinetic) as [KineticModelName, RunOutput][]).map(([name, out]) => ({ label: KINETIC_MODELS[name].label, output: out })),
    ].map((s) => ({ ...s, colour: s.colour ?? colours[s.label] }));
    const names: KineticModelName[] = [REFERENCE, ...(Object.keys(snap.kinetic) as KineticModelName[])];
    const dense = series.map((s, i) => (i === 0 ? s : { ...s, output: solveDense(names[i - 1], s.output.summary.config) }));
    const differences = `${cap} Under each moment: its difference to the exact hierarchy on a symmetric-log scale (particles with ±2 SE).`;
    figures.push({ ...momentsFigure(dense, differences, ["M1", "M2", "I1", "V1", "V2", "V2bar", "C1_3", "C1_4"], `moments-eps-${snap.epsilon}`), title: `Moments at ε = ${snap.epsilon}` });
    const withF1 = series.filter((s) => s.output.f1);
    if (withF1.length > 1) figures.push({ ...f1Figure(withF1, cap, study.compareTimes, `f1-eps-${snap.epsilon}`), title: `f₁ at ε = ${snap.epsilon}` });
    const withF2 = series.filter((s) => s.output.f2);
    if (withF2.length > 1) figures.push({ ...f2Figure(withF2, cap, study.compareTimes.slice(-1), `f2-eps-${snap.epsilon}`), title: `f₂ at ε = ${snap.epsilon}` });
  }
  return figures;
}
