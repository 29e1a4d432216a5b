/**
 * Reference ε-study, step 1: run it. The built-in study config (src/study/default-config.json)
 * with N = 10⁵ particles and R = 100 replicas per ε, ε ∈ {0.4, 0.2, 0.1, 0.05, 0.025}, distances at
 * t ∈ {1, 2}; writes results/reference/study-epsilon/ (study.json, CSVs, figures, report.html).
 *
 *   npx tsx scripts/study/1-run.ts [--N 1e5 --replicas 100 --out DIR] [--resume]
 *
 * The replica files stay in results/runs/reference-study-particles (not committed); `--resume`
 * keeps the ones already there, so that a rerun after a change to the kinetic solvers or the
 * distances re-simulates nothing (the files carry the config's fingerprint).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { parseConfig } from "../../src/model/config.js";
import { writeReport } from "../../src/report/html.js";
import { epsilonStudyToDir, STUDY_DEFAULT_CONFIG_PATH } from "../../src/study/run-study.js";
import { formatStudy } from "../../src/study/write.js";

const argv = await yargs(hideBin(process.argv))
  .option("N", { type: "number", default: 100_000 })
  .option("replicas", { type: "number", default: 100 })
  .option("out", { type: "string", default: "results/reference/study-epsilon" })
  .option("resume", { type: "boolean", default: false, describe: "keep the replica files of an earlier run" })
  .parseAsync();
const config = parseConfig({ ...JSON.parse(readFileSync(STUDY_DEFAULT_CONFIG_PATH, "utf8")), N: argv.N, replicas: argv.replicas });
const study = await epsilonStudyToDir(config, argv.out, {
  epsilons: [0.4, 0.2, 0.1, 0.05, 0.025],
  compareTimes: [1, 2],
  particlesDir: "results/runs/reference-study-particles", // replica files: bulk, not committed
  resume: argv.resume,
  onProgress: (m) => console.error(m),
});
console.log(formatStudy(study));
console.log(`report: ${(await writeReport(argv.out)).path}`);
