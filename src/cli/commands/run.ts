/**
 * `alignsim run`: a particle ensemble of the cluster model on a pool of worker threads, written
 * as DIR/replicas/r*.bin as replicas finish, then summary.json, f1.csv and f2.csv (the output
 * contract of src/contract/run-output.ts). `--shard I/K` runs one shard only (merge the shards with
 * `alignsim merge`); `--resume` continues a run that was stopped or killed, or grows a run to a
 * larger `--replicas`. `--target-stderr OBS@T=VALUE` runs until standard errors reach targets
 * (src/ensemble/precision.ts; exit status 3 when out of reach).
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { ConfigError } from "../../errors.js";
import { formatPrecision, parseTarget, runToTargets, type PrecisionSummary } from "../../ensemble/precision.js";
import { defaultWorkers, runEnsemble, type EnsembleOptions } from "../../ensemble/run-ensemble.js";
import { formatControlVariates } from "../../ensemble/control-variates.js";
import { progressMode, startProgress } from "../../ensemble/progress.js";
import { resolveShard } from "../../ensemble/shard.js";
import type { EnsembleSummary } from "../../ensemble/statistics.js";
import { initialLaw } from "../../model/initial-law.js";
import { initialPositions } from "../../model/position-law.js";
import { runOutputFiles } from "../../output/files.js";
import { resolveConfig, withConfigOptions, workersOption } from "../config-options.js";
import { defaultOutDir, printSummaryTable } from "../report-table.js";

export const runCommand: CommandBody = {
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("out", { type: "string", describe: "output directory [default: results/runs/run-<seed>-<time>-<pid>.<n>-<random>]" })
      .option("workers", { type: "number", describe: `worker threads, at most 4 per core and R [default: the number of cores, here ${defaultWorkers()}]` })
      .option("shard", { type: "string", describe: "run only shard I/K: the replicas r with r mod K = I [default: from SLURM_ARRAY_TASK_* or JOB_COMPLETION_INDEX, else 0/1]" })
      .option("shard-count", { type: "number", describe: "K when the shard index comes from JOB_COMPLETION_INDEX (the Indexed Job's completions)" })
      .option("resume", {
        type: "boolean",
        default: false,
        describe:
          "continue the run in --out, or grow it to a larger --replicas: skip the replicas already finished there (verified first; a corrupt file is moved to replicas/corrupt/ and simulated again)",
      })
      .option("control-variates", {
        type: "boolean",
        default: false,
        describe: "also estimate every observable with the initial mean and second moment of each replica's states as control variates (summary.json controlVariates)",
      })
      .option("target-stderr", {
        type: "string",
        array: true,
        describe: "run until SE(OBS at time T) ≤ VALUE, e.g. V1@1=0.002 or V1@1=1% (of the mean); repeatable. --replicas is then the pilot (Stein's two-stage procedure)",
      })
      .option("max-replicas", { type: "number", describe: "with --target-stderr: the most replicas the run may grow to (exit status 3 beyond) [default: 10000]" })
      .option("budget", { type: "number", describe: "with --target-stderr: wall-clock seconds the run may take (exit status 3 beyond)" })
      .option("quiet", { type: "boolean", default: false, describe: "print nothing on success (no progress, no table, no summary line); errors and warnings still go to stderr" })
      .option("progress-interval", { type: "number", default: 5, describe: "seconds between progress lines when stderr is not a terminal" })
      .option("debug", { type: "boolean", default: false, describe: "check mass and momentum conservation at every event (slow)" })
      .example("$0 run", "built-in defaults (N = 10⁴, ε = 0.1, 10 replicas) on every core")
      .example("$0 run --config examples/default.json --out /tmp/x", "a config file")
      .example("$0 run --N 1e5 --epsilon 0.05 --replicas 40 --seed 7 --workers 2", "overrides, two workers")
      .example("$0 run --replicas 300 --shard 1/3 --out /tmp/s1", "one shard; merge with alignsim merge")
      .example("$0 run --replicas 300 --out /tmp/x --resume", "continue an interrupted run")
      .example("$0 run --replicas 40 --control-variates", "standard errors reduced with the initial draw as control variates")
      .example("$0 run --replicas 10 --target-stderr V1@1=1% --max-replicas 2000 --budget 600", "pilot of 10, then as many replicas as SE(V1 at t = 1) ≤ 1 % of V1 needs")
      .example("$0 run --replicas 600 --out /tmp/x --resume", "grow a finished run of 300 replicas to 600 (same bytes as 600 from the start)"),
  handler: async (argv) => {
    const config = resolveConfig(argv);
    initialLaw(config.initial); // reads and checks an initial-law file before any work
    if (config.space) initialPositions(config.initial.position, config.space, config.dimension); // and a file of positions
    const shard = resolveShard(argv.shard === undefined ? undefined : String(argv.shard), argv["shard-count"] as number | undefined);
    if (argv.resume && argv.out === undefined) throw new ConfigError("--out", undefined, "given with --resume (the directory of the run to continue)");
    const workers = workersOption(argv, argv["target-stderr"] ? undefined : config.replicas); // a precision target grows R beyond the pilot
    const out = String(argv.out ?? defaultOutDir("run", config.seed));
    const quiet = Boolean(argv.quiet);
    const interval = Number(argv["progress-interval"]);
    if (!(interval > 0)) throw new ConfigError("--progress-interval", argv["progress-interval"], "a number of seconds > 0");

    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    };
    process.on("SIGINT", onSigint);
    const targets = ((argv["target-stderr"] as unknown[] | undefined) ?? []).map((t) => parseTarget(String(t), config.times));
    if (!targets.length && (argv.budget !== undefined || argv["max-replicas"] !== undefined)) {
      throw new ConfigError("--target-stderr", undefined, "given with --budget or --max-replicas (they limit a run to precision targets)");
    }
    const options: EnsembleOptions = {
      config,
      outDir: out,
      workers,
      shard,
      resume: Boolean(argv.resume),
      debug: Boolean(argv.debug),
      controlVariates: Boolean(argv["control-variates"]),
      progress: (total, already) => startProgress(progressMode(quiet), total, already, interval * 1000),
      signal: controller.signal,
      notice: (message) => console.error(`alignsim: ${message}`),
    };
    const outcome = await (
      targets.length
        ? runToTargets({ ...options, targets, maxReplicas: Number(argv["max-replicas"] ?? 10000), budgetSeconds: argv.budget === undefined ? undefined : Number(argv.budget) })
        : runEnsemble(options)
    ).finally(() => process.off("SIGINT", onSigint));

    const shardText = shard.count > 1 ? `shard ${shard.index}/${shard.count}` : "the run";
    if (outcome.status === "interrupted") {
      console.error(
        `alignsim: interrupted. ${outcome.finished} of ${outcome.shardReplicas} replicas of ${shardText} are finished and kept in ${out}/replicas.\n` +
          `Resume with:\n  ${resumeCommand(out)}`,
      );
      process.exitCode = 130;
      return;
    }
    if (outcome.status === "shard-complete") {
      if (quiet) return;
      console.log(
        `shard ${shard.index}/${shard.count}: ${outcome.finished} replicas (r mod ${shard.count} = ${shard.index}) in ${out}/replicas ` +
          `(${outcome.ran} run now, ${outcome.skipped} resumed). When every shard is done: alignsim merge DIR... --out DIR`,
      );
      return;
    }
    const summary: EnsembleSummary & Partial<PrecisionSummary> = outcome.output!.summary;
    if (quiet) return;
    printSummaryTable(summary);
    if (summary.controlVariates) console.log(`\n${formatControlVariates(summary.controlVariates, summary.times)}\n`);
    if (summary.precision) console.log(formatPrecision(summary.precision));
    console.log(`wrote ${out}/${runOutputFiles(outcome.output!).join(", ")} (${summary.replicas} replicas, ${outcome.ran} run now on ${workers} workers, ${summary.wallSeconds.toFixed(1)} s)`);
  },
};

/** The command line of this process with `--resume` (and the output directory) added. */
function resumeCommand(out: string): string {
  const args = process.argv.slice(2);
  if (!args.includes("--out") && !args.some((a) => a.startsWith("--out="))) args.push("--out", out);
  if (!args.includes("--resume")) args.push("--resume");
  return ["alignsim", ...args.map(shellQuote)].join(" ");
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
