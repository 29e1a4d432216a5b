/**
 * The particle engine's library entry point: one replica of the cluster model, simulated
 * exactly in distribution. Ensembles of replicas live in `src/ensemble`.
 *
 * @module
 */
export { ParticleSystem, type EngineParameters } from "./particle-system.js";
export { runReplica, type ReplicaResult, type SimulationConfig } from "./replica.js";
export { ENGINES, engineFor, type EngineEntry, type EngineName, type EngineTraits, type EventCounts, type ParticleEngine } from "./particle-engine.js";
