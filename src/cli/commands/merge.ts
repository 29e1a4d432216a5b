/**
 * `alignsim merge DIR... --out DIR`: merges the replica files of shard (or any run) directories
 * of one ensemble into summary.json, f1.csv and f2.csv — the same bytes as the unsharded run,
 * whatever the order of the directories. Refuses directories whose configs differ.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { collectSources, summarizeSources } from "../../ensemble/merge.js";
import { ensureManifest } from "../../ensemble/run-dir.js";
import { prepareOutputDir, writeRunOutput } from "../../output/files.js";
import { printSummaryTable } from "../report-table.js";

export const mergeCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs
      .positional("dirs", { type: "string", array: true, describe: "run directories (each with run.json and replicas/)" })
      .option("out", { type: "string", demandOption: true, describe: "output directory (may be one of the inputs)" })
      .option("quiet", { type: "boolean", default: false, describe: "print nothing on success; errors still go to stderr" })
      .example("$0 merge /tmp/s0 /tmp/s1 /tmp/s2 --out /tmp/all", "three shards of one ensemble"),
  handler: (argv) => {
    const start = performance.now();
    const dirs = (argv.dirs as unknown[]).map(String);
    const out = String(argv.out);
    const sources = collectSources(dirs);
    prepareOutputDir(out);
    ensureManifest(out, sources.config); // refuses an output directory that holds another run
    const output = summarizeSources(sources, (performance.now() - start) / 1000);
    writeRunOutput(out, output);
    if (argv.quiet) return;
    printSummaryTable(output.summary);
    console.log(`merged ${output.summary.replicas} replicas from ${dirs.length} ${dirs.length === 1 ? "directory" : "directories"} into ${out}/summary.json, f1.csv, f2.csv (${output.summary.wallSeconds.toFixed(1)} s)`);
  },
};
