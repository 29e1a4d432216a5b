/**
 * `alignsim compare A B`: two outputs of `run` or `kinetic` on the same times and bins, compared
 * per observable and time (difference, SE, z, the SE's degrees of freedom and a Student-t
 * p-value) and per time for f_1 and f_2 (L1 with its noise floor, noise-debiased squared L2 with
 * its SE, χ² test), printed and written as JSON and CSV. The verdict is a joint test at level
 * 0.001 (Hotelling's T² or Bonferroni over Student t), or "too few replicas to test" below the R
 * at which it has power.
 * A run directory that holds its replica files gives the f₁ distances' errors from the bins'
 * covariance over replicas; without them the comparison notes that it treated bins as independent.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { compareRuns } from "../../compare/compare.js";
import { formatComparison } from "../../compare/format.js";
import { writeComparison } from "../../compare/write.js";
import { readRunWithReplicas } from "../../ensemble/merge.js";
import { missingHistogramFiles, prepareOutputDir } from "../../output/files.js";
import { defaultOutDir } from "../report-table.js";

export const compareCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs
      .positional("a", { type: "string", describe: "result directory A (summary.json, f1.csv, f2.csv)" })
      .positional("b", { type: "string", describe: "result directory B" })
      .option("out", { type: "string", describe: "output directory [default: results/runs/compare-<seed>-<time>-<pid>.<n>-<random>]" })
      .option("label-a", { type: "string", describe: "label of A in tables and plots [default: its source]" })
      .option("label-b", { type: "string", describe: "label of B [default: its source]" })
      .option("cdf-points", { type: "string", default: "-2,-1,0,1,2", describe: "points where the CDFs of f_1 are compared (snapped to bin edges)" })
      .option("frequencies", { type: "string", default: "0.5,1,2", describe: "frequencies where the characteristic functions of f_1 are compared" })
      .example("$0 compare results/runs/p1 results/runs/k14 --out /tmp/cmp", "particles against a kinetic solution")
      .epilog(
        "Verdict: every z = (A − B)/SE is a Student statistic with the SE's degrees of freedom (R − 1 against an exact side, Welch's for two ensembles). " +
          "A and B agree or disagree by a joint test of all of them at level 0.001: Hotelling's T² when one side is exact and the other's replica files give the covariance, else Bonferroni over Student t. " +
          "Below the R at which that test would catch a 10-SE difference, it says e.g. \"R = 4 is too few replicas to test\" instead. " +
          "It also counts the quantities outside their 95 % intervals against the m·0.05 chance alone puts there. See docs/studies.md.",
      ),
  handler: async (argv) => {
    const a = readRunWithReplicas(String(argv.a));
    const b = readRunWithReplicas(String(argv.b));
    for (const [dir, run] of [[String(argv.a), a], [String(argv.b), b]] as const) {
      for (const file of missingHistogramFiles(dir, run.summary)) console.error(`alignsim: warning: \`${dir}\` has no ${file}, which its run wrote: the comparison has no f₁ distances`);
    }
    const list = (s: unknown) => String(s).split(",").map(Number).filter(Number.isFinite);
    const labels = argv["label-a"] || argv["label-b"] ? ([String(argv["label-a"] ?? a.summary.source), String(argv["label-b"] ?? b.summary.source)] as [string, string]) : undefined;
    const comparison = compareRuns(a, b, { labels, cdfPoints: list(argv["cdf-points"]), frequencies: list(argv.frequencies) });
    const out = String(argv.out ?? defaultOutDir("compare", a.summary.config.seed));
    prepareOutputDir(out);
    await writeComparison(out, comparison, a, b);
    console.log(formatComparison(comparison));
    console.log(`wrote ${out}/comparison.json, observables.csv, distances.csv, functionals.csv, figures/ (report: alignsim report ${out})`);
  },
};
