/**
 * `alignsim merge DIR... --out DIR`: merges the replica files of shard (or any run) directories
 * of one ensemble into summary.json, f1.csv and f2.csv — the same bytes as the unsharded run,
 * whatever the order of the directories. Refuses directories whose configs differ (other than
 * in R, the largest recorded being used) and corrupt replica files, writing nothing.
 * `--replicas R` summarises the first R replicas.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { formatControlVariates } from "../../ensemble/control-variates.js";
import { collectSources, summarizeSources } from "../../ensemble/merge.js";
import type { EnsembleSummary } from "../../ensemble/statistics.js";
import { checkManifest, writeManifest } from "../../ensemble/run-dir.js";
import { inOutputDir, writeRunOutput } from "../../output/files.js";
import { printSummaryTable } from "../report-table.js";

export const mergeCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs
      .positional("dirs", { type: "string", array: true, describe: "run directories (each with run.json and replicas/)" })
      .option("out", { type: "string", demandOption: true, describe: "output directory (may be one of the inputs)" })
      .option("replicas", { type: "number", describe: "summarise replicas 0 … R − 1 [default: the largest R recorded in the directories]" })
      .option("control-variates", { type: "boolean", default: false, describe: "also estimate the observables with the initial draw as control variates (as run --control-variates)" })
      .option("quiet", { type: "boolean", default: false, describe: "print nothing on success; errors still go to stderr" })
      .example("$0 merge /tmp/s0 /tmp/s1 /tmp/s2 --out /tmp/all", "three shards of one ensemble")
      .example("$0 merge /tmp/all --replicas 100 --out /tmp/first100", "the first 100 replicas of a larger run"),
  handler: (argv) => {
    const start = performance.now();
    const dirs = (argv.dirs as unknown[]).map(String);
    const out = String(argv.out);
    const sources = collectSources(dirs, argv.replicas === undefined ? undefined : Number(argv.replicas));
    const output = inOutputDir(out, () => {
      const { manifest, write } = checkManifest(out, sources.config, sources.inputs ?? {}); // refuses an output directory that holds another run
      const merged = summarizeSources(sources, (performance.now() - start) / 1000, { controlVariates: Boolean(argv["control-variates"]) });
      if (write) writeManifest(out, manifest);
      writeRunOutput(out, merged);
      return merged;
    });
    if (argv.quiet) return;
    const summary: EnsembleSummary = output.summary;
    printSummaryTable(summary);
    if (summary.controlVariates) console.log(`\n${formatControlVariates(summary.controlVariates, summary.times)}\n`);
    console.log(`merged ${output.summary.replicas} replicas from ${dirs.length} ${dirs.length === 1 ? "directory" : "directories"} into ${out}/summary.json, f1.csv, f2.csv (${output.summary.wallSeconds.toFixed(1)} s)`);
  },
};
