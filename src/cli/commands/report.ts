/**
 * `alignsim report DIR`: a self-contained HTML page (DIR/report.html) with the parameters,
 * tables and plots of a run, a comparison or a study.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { writeReport } from "../../report/html.js";

export const reportCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs.positional("dir", { type: "string", describe: "a directory written by run, kinetic, compare or study" }).example("$0 report results/study-epsilon", "the study of npm start"),
  handler: async (argv) => {
    const { path, kind, figures } = await writeReport(String(argv.dir));
    console.log(`wrote ${path} (${kind}, ${figures} figures)`);
  },
};
