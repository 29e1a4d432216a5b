/**
 * Parallel, sharded, resumable particle ensembles: the library entry points.
 *
 * @module
 */
export { simulateEnsemble } from "./simulate-ensemble.js";
export { runEnsemble, defaultWorkers, type EnsembleOptions, type EnsembleOutcome } from "./run-ensemble.js";
export { mergeRunDirs, collectSources, summarizeSources, missingReplicas, readRunReplica } from "./merge.js";
export { ControlVariateMoments, checkControlVariates, formatControlVariates, CONTROLS, type ControlVariateSummary } from "./control-variates.js";
export { runToTargets, parseTarget, steinReplicas, formatPrecision, type PrecisionTarget, type PrecisionRecord, type PrecisionSummary, type PrecisionOptions } from "./precision.js";
export { verifyRunDir, sampleReplicas, type VerifyOptions, type VerifyReport } from "./verify.js";
export { EnsembleAccumulator, MomentArrays, summarize, tQuantile95, CONFIDENCE, type EnsembleSummary, type StatisticsOptions } from "./statistics.js";
export { studentTQuantile, studentTCdf } from "../stats/distributions.js";
export { parseShard, resolveShard, replicasOfShard, inShard, WHOLE, type Shard } from "./shard.js";
export { encodeReplica, decodeReplica, readReplicaFile, writeReplicaFile, listReplicaFiles, replicaFilePath, moveAsideCorrupt, REPLICA_DIR, CORRUPT_DIR } from "./replica-file.js";
export { recordOfResult, type ReplicaRecord } from "./replica-record.js";
export { configFingerprint, readManifest, checkManifest, writeManifest, ensureManifest, MANIFEST } from "./run-dir.js";
export { startProgress, progressMode, type Progress, type ProgressMode } from "./progress.js";
