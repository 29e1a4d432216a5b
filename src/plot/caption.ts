/**
 * Captions and titles naming what a figure shows: the model parameters, N, replicas and seed,
 * and which sources (particles, kinetic descriptions) it draws.
 *
 * @module
 */
import { KINETIC_MODELS, type KineticModelName } from "../kinetic/index.js";
import type { ModelConfig } from "../model/config.js";

/** λ_{1,1} = 1, … written with the paper's symbols, for a kernel given as a number or a table. */
function kernelText(symbol: string, kernel: ModelConfig["lambda"]): string {
  if (typeof kernel === "number") return `${symbol} ≡ ${kernel}`;
  return Object.entries(kernel)
    .map(([key, value]) => `${symbol}${subscript(key)} = ${value}`)
    .join(", ");
}

const SUB: Record<string, string> = { "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉", ",": "," };
function subscript(key: string): string {
  return [...key.replace(/\s/g, "")].map((c) => SUB[c] ?? c).join("");
}

function initialText(initial: ModelConfig["initial"]): string {
  const { distribution, pairedFraction, ...rest } = initial as Record<string, unknown> & { distribution: string; pairedFraction: number };
  const params = Object.entries(rest)
    .filter(([k]) => k !== "values" && k !== "position")
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(", ");
  return `f^I: ${distribution}${params ? ` (${params})` : ""}${pairedFraction ? `, paired fraction ${pairedFraction}` : ""}`;
}

/**
 * The model part of a caption (without N and replicas).
 *
 * @param withEpsilon - include ε (false for studies over ε).
 * @param cells - the numbers of cells C the figure's runs use, when they are not the config's
 *   (a sweep over C).
 */
export function modelCaption(config: ModelConfig, withEpsilon = true, cells?: number[]): string {
  return [
    kernelText("λ", config.lambda),
    kernelText("μ", config.mu),
    withEpsilon ? `ε = ${config.epsilon}` : null,
    `M = ${config.mass}`,
    `k_max = ${config.kmax ?? "∞"}`,
    initialText(config.initial),
    config.space ? spaceText(config, cells ?? [config.space.cells]) : null,
  ]
    .filter(Boolean)
    .join(", ");
}

/** "d = 1, box [0, 1) with 32 cells per axis, positions ∝ 1 + 0.5·cos(2πx₁/L)"; "C ∈ {4, 8} cells per axis" over a sweep. */
function spaceText(config: ModelConfig, cells: number[]): string {
  const { dimension, space, initial } = config;
  const position = initial.position;
  const law = !position || position.distribution === "uniform" ? "uniform positions" : position.distribution === "cosine" ? `positions ∝ 1 + ${position.amplitude}·cos(2πx₁/L)` : `positions from ${position.path}`;
  return `d = ${dimension}, box [0, ${space!.length})${dimension > 1 ? `^${dimension}` : ""} with ${cells.length === 1 ? cells[0] : `C ∈ {${cells.join(", ")}}`} cells per axis, ${law}`;
}

/** "particles: N = 10000, R = 10 replicas, seed 1". */
export function particleCaption(config: Pick<ModelConfig, "N" | "replicas" | "seed">): string {
  return `particles: N = ${config.N}, R = ${config.replicas} replicas, seed ${config.seed}`;
}

/** A series of a figure as far as its title is concerned: its label and its source (`particles` or `kinetic:<name>`). */
export interface TitledSeries {
  label: string;
  source: string;
}

/**
 * How a title names a kinetic series: its label with the source "kinetic:<name>" written as the
 * description's name ("B: kinetic:first-order" → "B: (14) first-order system"), with "the" before
 * a bare name that is not an equation number ("the exact moment hierarchy").
 */
function kineticName(s: TitledSeries): string {
  const name = s.source.startsWith("kinetic:") ? (s.source.slice("kinetic:".length) as KineticModelName) : null;
  const label = name && KINETIC_MODELS[name] ? s.label.replace(s.source, KINETIC_MODELS[name].label) : s.label;
  return name && KINETIC_MODELS[name] && label === KINETIC_MODELS[name].label && !label.startsWith("(") ? `the ${label}` : label;
}

/**
 * A figure title naming only the sources it draws: `what`, then the particles with their error
 * band and the kinetic descriptions present (more than three counted, not named).
 *
 * @example
 * sourcesTitle("Moments against time", [{ label: "particles", source: "particles" }, { label: "kinetic:moments-exact", source: "kinetic:moments-exact" }], "mean ± 2 SE")
 * // "Moments against time: particles (mean ± 2 SE) and the exact moment hierarchy"
 */
export function sourcesTitle(what: string, series: TitledSeries[], band = "±2 SE"): string {
  const particles = series.filter((s) => s.source === "particles");
  const kinetic = [...new Set(series.filter((s) => s.source !== "particles").map(kineticName))];
  const parts: string[] = [];
  if (particles.length) parts.push(particles.length === 1 ? `particles (${band})` : `${particles.length} particle ensembles (${band})`);
  if (kinetic.length) parts.push(kinetic.length > 3 ? `${kinetic.length} kinetic descriptions` : kinetic.join(", "));
  return parts.length ? `${what}: ${parts.join(" and ")}` : what;
}
