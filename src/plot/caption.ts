/**
 * Captions naming what a figure shows: the model parameters, N, replicas and seed.
 *
 * @module
 */
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
 */
export function modelCaption(config: ModelConfig, withEpsilon = true): string {
  return [
    kernelText("λ", config.lambda),
    kernelText("μ", config.mu),
    withEpsilon ? `ε = ${config.epsilon}` : null,
    `M = ${config.mass}`,
    `k_max = ${config.kmax ?? "∞"}`,
    initialText(config.initial),
    config.space ? spaceText(config) : null,
  ]
    .filter(Boolean)
    .join(", ");
}

/** "d = 1, box [0, 1) with 32 cells, positions 1 + 0.5·cos(2πx₁/L)". */
function spaceText(config: ModelConfig): string {
  const { dimension, space, initial } = config;
  const position = initial.position;
  const law = !position || position.distribution === "uniform" ? "uniform positions" : position.distribution === "cosine" ? `positions ∝ 1 + ${position.amplitude}·cos(2πx₁/L)` : `positions from ${position.path}`;
  return `d = ${dimension}, box [0, ${space!.length})${dimension > 1 ? `^${dimension}` : ""} with ${space!.cells} cells per axis, ${law}`;
}

/** "particles: N = 10000, R = 10 replicas, seed 1". */
export function particleCaption(config: Pick<ModelConfig, "N" | "replicas" | "seed">): string {
  return `particles: N = ${config.N}, R = ${config.replicas} replicas, seed ${config.seed}`;
}
