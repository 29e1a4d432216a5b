/**
 * `alignsim kinetic`: a deterministic kinetic description on the same config as `alignsim run`,
 * written in the same format (summary.json, f1.csv and f2.csv where the model resolves them).
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { checkKineticConfig, KINETIC_MODELS, type KineticModelName } from "../../kinetic/index.js";
import { DEFAULT_DEGREE, validateDegree } from "../../kinetic/moment-closure/particle-hierarchy.js";
import { SECOND_MOMENT_SYSTEMS, type SecondMomentSystem } from "../../kinetic/second-moments.js";
import { initialLaw } from "../../model/initial-law.js";
import { prepareOutputDir, runOutputFiles, writeRunOutput } from "../../output/files.js";
import { resolveConfig, withConfigOptions } from "../config-options.js";
import { defaultOutDir, printSummaryTable } from "../report-table.js";

const models = Object.keys(KINETIC_MODELS) as KineticModelName[];

export const kineticCommand: CommandBody = {
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("model", {
        choices: models,
        demandOption: true,
        describe: `kinetic description:\n${models.map((m) => `  ${m}: ${KINETIC_MODELS[m].describe}`).join("\n")}`,
      })
      .option("second-moments", { choices: SECOND_MOMENT_SYSTEMS, default: "derived", describe: "second-moment system of --model moments" })
      .option("degree", { type: "number", default: DEFAULT_DEGREE, describe: "largest total degree of the moment closures (moments-exact, *-moments), an integer ≥ 2" })
      .option("error-estimate", { type: "boolean", default: false, describe: "velocity-resolved models: also solve at 2h, 2dt and report the Richardson error estimate (diagnostics.errorEstimate, f1.error)" })
      .option("out", { type: "string", describe: "output directory [default: results/runs/kinetic-<model>-<time>]" })
      .example("$0 kinetic --model moments-exact --config examples/default.json --out /tmp/k", "the exact moment hierarchy")
      .example("$0 kinetic --model moments-exact --degree 6 --out /tmp/k6", "its joint moments up to degree 6"),
  handler: (argv) => {
    const config = resolveConfig(argv);
    initialLaw(config.initial);
    const model = argv.model as KineticModelName;
    const degree = validateDegree(argv.degree as number);
    checkKineticConfig(model, config);
    const out = String(argv.out ?? defaultOutDir(`kinetic-${model}`, config.seed));
    prepareOutputDir(out);
    const output = KINETIC_MODELS[model].solve(config, { secondMoments: argv["second-moments"] as SecondMomentSystem, degree, errorEstimate: argv["error-estimate"] as boolean });
    writeRunOutput(out, output);
    printSummaryTable(output.summary);
    console.log(`wrote ${out}/${runOutputFiles(output).join(", ")} (${output.summary.wallSeconds.toFixed(2)} s)`);
  },
};
