/**
 * `alignsim verify DIR [--sample K] [--seed S]`: checks every replica file's checksum, then
 * simulates K randomly chosen replicas again and compares them byte for byte with the stored
 * files. Exit status 0 when everything matches, 2 naming the replicas that do not.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { ConfigError, VerificationError } from "../../errors.js";
import { verifyRunDir } from "../../ensemble/verify.js";
import { workersOption } from "../config-options.js";

export const verifyCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs
      .positional("dir", { type: "string", describe: "run directory (with run.json and replicas/)" })
      .option("sample", { type: "number", describe: "replicas to simulate again, chosen at random [default: all]" })
      .option("seed", { type: "number", describe: "seed of the random choice [default: from the clock, printed]" })
      .option("workers", { type: "number", describe: "worker threads of the re-simulation [default: the number of cores]" })
      .example("$0 verify /tmp/x", "re-simulate every replica")
      .example("$0 verify /tmp/x --sample 20 --seed 1", "checksums of all, re-simulation of 20"),
  handler: async (argv) => {
    const dir = String(argv.dir);
    const seed = argv.seed === undefined ? Date.now() % 2 ** 31 : Number(argv.seed);
    if (!(Number.isInteger(seed) && seed >= 0)) throw new ConfigError("--seed", argv.seed, "an integer ≥ 0");
    const sample = argv.sample === undefined ? undefined : Number(argv.sample);
    const report = await verifyRunDir(dir, { sample, seed, workers: workersOption(argv) });
    if (report.failures.length) throw new VerificationError(report.failures, report.files);
    const sampled = report.resimulated.length === report.files ? "all of them" : `${report.resimulated.length} chosen with --seed ${seed}`;
    console.log(`verified ${dir}: ${report.files} replica files (of R = ${report.replicas}) have intact checksums; ${sampled} simulated again are byte-identical`);
  },
};
