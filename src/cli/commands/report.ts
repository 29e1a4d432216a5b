/**
 * `alignsim report DIR`: a self-contained HTML page (DIR/report.html) with the parameters,
 * tables and plots of a run, a comparison or a study.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Summary } from "../../contract/run-output.js";
import { missingHistogramFiles } from "../../output/files.js";
import { parseJson } from "../../output/json-codec.js";
import { writeReport } from "../../report/html.js";

export const reportCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs.positional("dir", { type: "string", describe: "a directory written by run, kinetic, compare or study" }).example("$0 report results/study-epsilon", "the study of npm start"),
  handler: async (argv) => {
    const dir = String(argv.dir);
    const summaryPath = join(dir, "summary.json");
    if (existsSync(summaryPath)) {
      let summary: Summary | undefined;
      try {
        summary = parseJson(readFileSync(summaryPath, "utf8"));
      } catch {
        summary = undefined; // writeReport names the malformed file
      }
      for (const file of summary ? missingHistogramFiles(dir, summary) : []) console.error(`alignsim: warning: \`${dir}\` has no ${file}, which its run wrote: the report shows no f₁ histograms`);
    }
    const { path, kind, figures } = await writeReport(dir);
    console.log(`wrote ${path} (${kind}, ${figures} figures)`);
  },
};
