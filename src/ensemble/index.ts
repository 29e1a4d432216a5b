/**
 * Parallel, sharded, resumable particle ensembles: the library entry points.
 *
 * @module
 */
export { simulateEnsemble } from "./simulate-ensemble.js";
export { runEnsemble, defaultWorkers, type EnsembleOptions, type EnsembleOutcome } from "./run-ensemble.js";
export { mergeRunDirs, collectSources, summarizeSources, missingReplicas } from "./merge.js";
export { EnsembleAccumulator, MomentArrays, summarize, tQuantile95, CONFIDENCE } from "./statistics.js";
export { studentTQuantile, studentTCdf } from "../stats/distributions.js";
export { parseShard, resolveShard, replicasOfShard, inShard, WHOLE, type Shard } from "./shard.js";
export { encodeReplica, decodeReplica, readReplicaFile, writeReplicaFile, listReplicaFiles, replicaFilePath, REPLICA_DIR } from "./replica-file.js";
export { recordOfResult, type ReplicaRecord } from "./replica-record.js";
export { configFingerprint, readManifest, ensureManifest, MANIFEST } from "./run-dir.js";
export { startProgress, progressMode, type Progress, type ProgressMode } from "./progress.js";
