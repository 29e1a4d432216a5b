import type { ModelConfig } from "../../src/model/config.js";

/**
 * The particle engines that the homogeneous exact-reference tests run over: the compiled
 * homogeneous event loop, and the spatial event loop with one cell of the box (in d = 1), whose
 * cell-local rates are then exactly the homogeneous ones (docs/space.md).
 */
export const ENGINES = [
  { engine: "homogeneous engine", box: {} },
  { engine: "spatial engine with one cell", box: { space: { length: 1, cells: 1 } } },
] as const;

/**
 * Initial states for the conservation tests: two well-separated modes and a fifth of the
 * particles paired, so that merges and splits move much momentum between clusters.
 */
export const SPREAD_INITIAL: ModelConfig["initial"] = { distribution: "bimodal", means: [-3, 5], sd: 0.5, weight: 0.3, pairedFraction: 0.2 };
