/**
 * `alignsim kinetic`: a deterministic kinetic description on the same config as `alignsim run`,
 * written in the same format (summary.json, f1.csv and f2.csv where the model resolves them).
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { INITIAL_DATA, type InitialDatum } from "../../kinetic/equations/initial-slip-49.js";
import { checkKineticConfig, checkKineticOptions, KINETIC_MODELS, type KineticModel, type KineticModelName, type KineticOptionName } from "../../kinetic/index.js";
import { DEFAULT_DEGREE, validateDegree } from "../../kinetic/moment-closure/particle-hierarchy.js";
import { SECOND_MOMENT_SYSTEMS, type SecondMomentSystem } from "../../kinetic/equations/second-moments-29-34.js";
import { initialLaw } from "../../model/initial-law.js";
import { prepareOutputDir, runOutputFiles, writeRunOutput } from "../../output/files.js";
import { resolveConfig, withConfigOptions } from "../config-options.js";
import { defaultOutDir, printSummaryTable } from "../report-table.js";

const models = Object.keys(KINETIC_MODELS) as KineticModelName[];

/** The command-line spelling of each option of the descriptions. */
const FLAGS: Record<KineticOptionName, string> = { secondMoments: "--second-moments", degree: "--degree", errorEstimate: "--error-estimate", initialDatum: "--initial-datum" };

/** The descriptions that use an option (their `takes` trait), for the help texts. */
const users = (option: KineticOptionName) => models.filter((m) => (KINETIC_MODELS[m] as KineticModel).takes.includes(option)).join(", ");

export const kineticCommand: CommandBody = {
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("model", {
        choices: models,
        demandOption: true,
        describe: `kinetic description:\n${models.map((m) => `  ${m}: ${KINETIC_MODELS[m].describe}`).join("\n")}`,
      })
      .option("second-moments", { choices: SECOND_MOMENT_SYSTEMS, describe: `second-moment system (--model ${users("secondMoments")}) [default: derived]` })
      .option("degree", { type: "number", describe: `largest total degree of the moment closures, an integer ≥ 2 (--model ${users("degree")}) [default: ${DEFAULT_DEGREE}]` })
      .option("error-estimate", { type: "boolean", describe: `also solve at 2h, 2dt and report the Richardson error estimate (diagnostics.errorEstimate, f1.error) (--model ${users("errorEstimate")})` })
      .option("initial-datum", {
        choices: INITIAL_DATA,
        describe: `initial datum of the scalar model (49) (--model ${users("initialDatum")}): slip = f_1^I corrected by the initial layer of particles that start with no pairs (O(ε²)-accurate); printed = f_1(0) = f_1^I as in [KMS] (O(ε)) [default: slip]`,
      })
      .option("quiet", { type: "boolean", default: false, describe: "print nothing on success (no table, no summary line); errors still go to stderr" })
      .option("out", { type: "string", describe: "output directory [default: results/runs/kinetic-<model>-<seed>-<time>-<pid>.<n>-<random>]" })
      .example("$0 kinetic --model moments-exact --config examples/default.json --out /tmp/k", "the exact moment hierarchy")
      .example("$0 kinetic --model moments-exact --degree 6 --out /tmp/k6", "its joint moments up to degree 6")
      .example("$0 kinetic --model scalar --initial-datum printed --out /tmp/k49", "(49) from the paper's f_1(0) = f_1^I"),
  handler: (argv) => {
    const config = resolveConfig(argv);
    initialLaw(config.initial);
    const model = argv.model as KineticModelName;
    const given = Object.fromEntries(
      (Object.entries(FLAGS) as [KineticOptionName, string][]).filter(([, flag]) => argv[flag.slice(2)] !== undefined && argv[flag.slice(2)] !== false).map(([option, flag]) => [option, { flag, value: argv[flag.slice(2)] }]),
    );
    checkKineticOptions(model, given);
    const degree = validateDegree((argv.degree as number | undefined) ?? DEFAULT_DEGREE);
    const options = {
      secondMoments: (argv["second-moments"] as SecondMomentSystem | undefined) ?? "derived",
      degree,
      errorEstimate: Boolean(argv["error-estimate"]),
      initialDatum: argv["initial-datum"] as InitialDatum | undefined,
    };
    checkKineticConfig(model, config, options);
    const out = String(argv.out ?? defaultOutDir(`kinetic-${model}`, config.seed));
    prepareOutputDir(out);
    const output = KINETIC_MODELS[model].solve(config, options);
    writeRunOutput(out, output);
    if (argv.quiet) return;
    printSummaryTable(output.summary);
    console.log(`wrote ${out}/${runOutputFiles(output).join(", ")} (${output.summary.wallSeconds.toFixed(2)} s)`);
  },
};
