/**
 * `alignsim run`: a particle ensemble of the cluster model, written as summary.json, f1.csv and
 * f2.csv (the output contract of src/output/summary.ts).
 *
 * @module
 */
import type { Argv, CommandModule } from "yargs";
import { simulateEnsemble } from "../../engine/index.js";
import { initialLaw } from "../../model/initial-law.js";
import { prepareOutputDir, writeRunOutput } from "../../output/files.js";
import { resolveConfig, withConfigOptions } from "../config-options.js";
import { defaultOutDir, printSummaryTable } from "../report-table.js";

export const runCommand: CommandModule<object, Record<string, unknown>> = {
  command: "run",
  describe: "Simulate the particle system (exact Gillespie engine) and write summary.json, f1.csv, f2.csv",
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("out", { type: "string", describe: "output directory [default: results/runs/run-<seed>-<time>]" })
      .option("debug", { type: "boolean", default: false, describe: "check mass and momentum conservation at every event (slow)" })
      .example("$0 run", "built-in defaults (N = 10⁴, ε = 0.1, 10 replicas)")
      .example("$0 run --config examples/default.json --out /tmp/x", "a config file")
      .example("$0 run --N 1e5 --epsilon 0.05 --replicas 40 --seed 7", "overrides"),
  handler: (argv) => {
    const config = resolveConfig(argv);
    initialLaw(config.initial); // reads and checks an initial-law file before any work
    const out = String(argv.out ?? defaultOutDir("run", config.seed));
    prepareOutputDir(out);
    const output = simulateEnsemble(config, Boolean(argv.debug));
    writeRunOutput(out, output);
    printSummaryTable(output.summary);
    console.log(`wrote ${out}/summary.json, f1.csv, f2.csv (${output.summary.wallSeconds.toFixed(1)} s)`);
  },
};
