/**
 * `alignsim verify DIR [--sample K] [--seed S] [--shard I/K]`: checks that every replica of the
 * run (or of the shard) has a file and every file's checksum, then simulates K randomly chosen
 * replicas again and compares them byte for byte with the stored files. Exit status 0 when
 * everything matches, 2 naming the replicas that are missing or do not match; 2 for a directory
 * without replica files (a merge output).
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { ConfigError, VerificationError } from "../../errors.js";
import { parseShard, WHOLE } from "../../ensemble/shard.js";
import { verifyRunDir } from "../../ensemble/verify.js";
import { workersOption } from "../config-options.js";

export const verifyCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs
      .positional("dir", { type: "string", describe: "run directory (with run.json and replicas/)" })
      .option("sample", { type: "number", describe: "replicas to simulate again, chosen at random [default: all]" })
      .option("seed", { type: "number", describe: "seed of the random choice [default: from the clock, printed]" })
      .option("workers", { type: "number", describe: "worker threads of the re-simulation [default: the number of cores]" })
      .option("shard", { type: "string", describe: "the directory holds shard I/K: expect the replicas r with r mod K = I [default: 0/1, every replica 0 … R − 1]" })
      .example("$0 verify /tmp/x", "re-simulate every replica")
      .example("$0 verify /tmp/s1 --shard 1/3", "a shard directory of run --shard 1/3")
      .example("$0 verify /tmp/x --sample 20 --seed 1", "checksums of all, re-simulation of 20"),
  handler: async (argv) => {
    const dir = String(argv.dir);
    const seed = argv.seed === undefined ? Date.now() % 2 ** 31 : Number(argv.seed);
    if (!(Number.isInteger(seed) && seed >= 0)) throw new ConfigError("--seed", argv.seed, "an integer ≥ 0");
    const sample = argv.sample === undefined ? undefined : Number(argv.sample);
    const shard = argv.shard === undefined ? WHOLE : parseShard(String(argv.shard));
    const report = await verifyRunDir(dir, { sample, seed, workers: workersOption(argv), shard });
    if (report.failures.length) throw new VerificationError(report.failures, Math.max(report.files, report.expected));
    const sampled = report.resimulated.length === report.files ? "all of them" : `${report.resimulated.length} chosen with --seed ${seed}`;
    const of = shard.count > 1 ? `all ${report.expected} of shard ${shard.index}/${shard.count} of R = ${report.replicas}` : `all of R = ${report.replicas}`;
    console.log(`verified ${dir}: ${report.files} replica files (${of}) have intact checksums; ${sampled} simulated again are byte-identical`);
  },
};
