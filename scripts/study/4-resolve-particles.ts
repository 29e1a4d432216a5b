/**
 * Reference ε-study with the particles alone against (14): the built-in study config
 * (src/study/default-config.json) with N = 10⁵, ε ∈ {0.4, 0.28, 0.2, 0.14, 0.1}, distances at
 * t ∈ {1, 2}, control variates on, and R chosen per ε so that SE(D) ≤ 0.25·D for the particles'
 * moment distance to (14) (src/study/resolve-particles.ts): a pilot of 40 replicas per ε gives
 * the noise, and the rule sizes a fresh batch, at least as large as the pilot, whose D is the one
 * reported. Writes
 * results/reference/study-epsilon-particles/ (study.json, CSVs incl. replicas.csv, summary.md,
 * figures); the replica files stay in results/runs/study-epsilon-particles/ (not committed) and
 * the script resumes them, so a rerun with a larger --budget or --max-replicas only adds replicas.
 *
 *   npx tsx scripts/study/4-resolve-particles.ts [--budget SECONDS] [--max-replicas R] [--workers W]
 *
 * Going further on a cluster: docs/precision.md (Slurm recipe).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { parseConfig } from "../../src/model/config.js";
import { writeAtomic } from "../../src/output/files.js";
import { jsonFile } from "../../src/output/json-codec.js";
import { epsilonStudyToDir, STUDY_DEFAULT_CONFIG_PATH } from "../../src/study/run-study.js";
import { formatStudy, markdownOrders } from "../../src/study/write.js";

/**
 * Pilot R per ε, also the smallest fresh batch. The pilot only estimates the noise (the replicas'
 * covariance of the moments); the rule sizes the batch from it and the exact hierarchy's predicted
 * distance, aiming at SE(D) ≈ 0.126·D so that the batch resolves D with probability ≈ 0.975.
 */
const PILOTS: Record<number, number> = { 0.4: 40, 0.28: 40, 0.2: 40, 0.14: 40, 0.1: 40 };

const argv = await yargs(hideBin(process.argv))
  .option("budget", { type: "number", describe: "wall-clock seconds for the particle growth over all ε" })
  .option("max-replicas", { type: "number", default: 3000 })
  .option("workers", { type: "number" })
  .option("out", { type: "string", default: "results/reference/study-epsilon-particles" })
  .option("particles", { type: "string", default: "results/runs/study-epsilon-particles/particles" })
  .parseAsync();
const config = parseConfig({ ...JSON.parse(readFileSync(STUDY_DEFAULT_CONFIG_PATH, "utf8")), N: 100_000, replicas: 40 });
const cpuStart = process.cpuUsage();
const study = await epsilonStudyToDir(config, argv.out, {
  epsilons: Object.keys(PILOTS).map(Number),
  compareTimes: [1, 2],
  particlesDir: argv.particles,
  resume: true,
  workers: argv.workers,
  controlVariates: true,
  target: { relativeError: 0.25, description: "first-order", maxReplicas: argv["max-replicas"], budgetSeconds: argv.budget, pilotReplicas: (epsilon) => PILOTS[epsilon] },
  onProgress: (m) => console.error(`${new Date().toISOString().slice(11, 19)} ${m}`),
  onWarning: (w) => console.error(`warning: ${w}`),
});
const cpu = process.cpuUsage(cpuStart);
const precision = study.particlePrecision!;
const compute = {
  events: precision.events,
  eventsRun: precision.eventsRun,
  particleWallSeconds: precision.wallSeconds,
  studyWallSeconds: study.wallSeconds,
  processCpuSeconds: (cpu.user + cpu.system) / 1e6,
};
writeAtomic(`${argv.out}/compute.json`, jsonFile(compute));
console.log(formatStudy(study));
console.log(markdownOrders(study));
console.log(JSON.stringify(compute));
