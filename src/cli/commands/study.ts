/**
 * `alignsim study epsilon`: the ε-convergence study (particles against (33), (14) and the moment
 * systems at times of order one, fitted orders with 95% intervals), and `alignsim study n`: the
 * 1/√(N·R) decay of the statistical error. Both write their directory and its report.html.
 *
 * @module
 */
import type { Argv, CommandModule } from "yargs";
import type { CommandBody } from "../commands.js";
import { ConfigError } from "../../errors.js";
import { initialLaw } from "../../model/initial-law.js";
import { writeReport } from "../../report/html.js";
import { formatNStudy, epsilonStudyToDir, nStudyToDir, STUDY_DEFAULT_CONFIG_PATH } from "../../study/run-study.js";
import { DEFAULT_EPSILONS } from "../../study/epsilon.js";
import { formatStudy } from "../../study/write.js";
import { resolveConfig, withConfigOptions, workersOption } from "../config-options.js";

/** A comma list of positive numbers. @throws {ConfigError} */
function positiveList(field: string, text: unknown): number[] {
  const values = String(text).split(",").map((x) => Number(x.trim()));
  if (!values.length || values.some((v) => !(v > 0) || !Number.isFinite(v))) throw new ConfigError(field, text, "a comma-separated list of numbers > 0");
  return values;
}

/** The study's config: the built-in study config unless --config is given, then the overrides. */
function studyConfig(argv: Record<string, unknown>) {
  const config = resolveConfig({ ...argv, config: argv.config ?? STUDY_DEFAULT_CONFIG_PATH });
  initialLaw(config.initial);
  return config;
}

const epsilonCommand: CommandModule<object, Record<string, unknown>> = {
  command: "epsilon",
  describe: "ε-convergence study: distances particles ↔ (33), (14), moment systems, and fitted orders",
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("epsilons", { type: "string", default: DEFAULT_EPSILONS.join(","), describe: "list of ε" })
      .option("compare-times", { type: "string", default: "1,2", describe: "times of order one at which distances are taken" })
      .option("max-relative-error", { type: "number", default: 0.25, describe: "a particle distance is resolved when SE ≤ this × distance" })
      .option("out", { type: "string", default: "results/study-epsilon", describe: "output directory (particle replicas in DIR/particles/)" })
      .option("resume", { type: "boolean", default: false, describe: "keep the particle replicas of an interrupted study with the same config and run only the missing ones" })
      .option("workers", { type: "number", describe: "worker threads for the particle ensembles [default: number of cores]" })
      .example("$0 study epsilon", "built-in study config (src/study/default-config.json)")
      .example("$0 study epsilon --N 1e5 --replicas 100 --out results/big", "more particles"),
  handler: async (argv) => {
    const config = studyConfig(argv);
    const epsilons = positiveList("epsilons", argv.epsilons);
    const compareTimes = positiveList("compare-times", argv["compare-times"]);
    const maxRelativeError = Number(argv["max-relative-error"]);
    if (!(maxRelativeError > 0)) throw new ConfigError("max-relative-error", argv["max-relative-error"], "> 0");
    const out = String(argv.out);
    const study = await epsilonStudyToDir(config, out, { epsilons, compareTimes, maxRelativeError, workers: workersOption(argv), resume: Boolean(argv.resume), onProgress: (m) => console.error(m) });
    console.log(formatStudy(study));
    console.log(`\nwrote ${out}/study.json, distances.csv, orders.csv, validation.csv, figures/ (${study.wallSeconds.toFixed(1)} s)`);
    console.log(`report: ${(await writeReport(out)).path}`);
  },
};

const nCommand: CommandModule<object, Record<string, unknown>> = {
  command: "n",
  describe: "statistical error against N·R (expected slope −1/2)",
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("grid", { type: "string", default: "1000x8,4000x8,16000x8,4000x32,16000x32", describe: "list of N x R" })
      .option("t", { type: "number", default: 1, describe: "time at which standard errors are taken" })
      .option("out", { type: "string", default: "results/study-n", describe: "output directory (particle replicas in DIR/particles/)" })
      .option("workers", { type: "number", describe: "worker threads for the particle ensembles [default: number of cores]" }),
  handler: async (argv) => {
    const config = studyConfig(argv);
    const grid = String(argv.grid)
      .split(",")
      .map((cell) => {
        const [N, R] = cell.split("x").map(Number);
        if (!(Number.isInteger(N) && N > 0 && Number.isInteger(R) && R > 1)) throw new ConfigError("grid", cell, "cells NxR with integers N ≥ 1, R ≥ 2");
        return [N, R] as [number, number];
      });
    const t = Number(argv.t);
    if (!(t >= 0)) throw new ConfigError("t", argv.t, "≥ 0");
    const out = String(argv.out);
    const study = await nStudyToDir(config, out, grid, t, (m) => console.error(m), workersOption(argv));
    console.log(formatNStudy(study));
    console.log(`report: ${(await writeReport(out)).path}`);
  },
};

export const studyCommand: CommandBody = {
  builder: (yargs: Argv) => yargs.command(epsilonCommand).command(nCommand).demandCommand(1, "Name a study: epsilon or n."),
  handler: () => {},
};
