import { ENGINES } from "../../src/engine/particle-engine.js";
import type { ModelConfig } from "../../src/model/config.js";

/**
 * The particle engines that the homogeneous exact-reference tests run over: every engine of the
 * registry, the spatial ones with one cell of the box (in d = 1), whose cell-local rates are
 * then exactly the homogeneous ones (docs/space.md). `box` is what the config needs for
 * `runReplica` to pick the engine.
 */
export const ENGINE_CASES = Object.values(ENGINES).map(({ name, traits }) => ({
  engine: name,
  box: traits.spatial ? { space: { length: 1, cells: 1 } } : {},
}));

/**
 * Initial states for the conservation tests: two well-separated modes and a fifth of the
 * particles paired, so that merges and splits move much momentum between clusters.
 */
export const SPREAD_INITIAL: ModelConfig["initial"] = { distribution: "bimodal", means: [-3, 5], sd: 0.5, weight: 0.3, pairedFraction: 0.2 };
