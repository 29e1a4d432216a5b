/**
 * `alignsim study epsilon`: the ε-convergence study (particles against (33), (14) and the moment
 * systems at times of order one, fitted orders with 95% intervals); `alignsim study n`: the
 * 1/√(N·R) decay of the statistical error; `alignsim study space`: the spatial model against its
 * d = 1 kinetic reference as ε and the cell size shrink; `alignsim study coverage`:
 * how often the printed intervals cover the truth. Each writes its directory and its report.html.
 *
 * @module
 */
import type { Argv, CommandModule } from "yargs";
import type { CommandBody } from "../commands.js";
import { ConfigError } from "../../errors.js";
import { checkControlVariates } from "../../ensemble/control-variates.js";
import { initialLaw } from "../../model/initial-law.js";
import { writeReport } from "../../report/html.js";
import { formatNStudy, epsilonStudyToDir, nStudyToDir, STUDY_DEFAULT_CONFIG_PATH } from "../../study/run-study.js";
import { DEFAULT_COMPARE_TIMES, DEFAULT_EPSILONS } from "../../study/epsilon.js";
import type { ResolutionTarget } from "../../study/resolve-particles.js";
import { formatStudy } from "../../study/write.js";
import { groupNotes, notesSummary } from "../../report/notes.js";
import { QUICK_EPSILONS, QUICK_KINETIC_OPTIONS, QUICK_STUDY_CONFIG_PATH } from "../../study/quick-study.js";
import { StudyProgress } from "../../study/study-progress.js";
import { studyVerdict } from "../../study/verdict.js";
import { DEFAULT_SPACE_CELLS, DEFAULT_SPACE_COMPARE_TIMES, DEFAULT_SPACE_EPSILONS } from "../../study/space.js";
import { formatSpaceStudy, spaceStudyToDir, SPACE_STUDY_CONFIG_PATH } from "../../study/space-dir.js";
import { resolveConfig, withConfigOptions, workersOption } from "../config-options.js";
import { progressMode, startProgress } from "../../ensemble/progress.js";
import { KINETIC_MODELS, type KineticModelName } from "../../kinetic/index.js";
import { parseConfig, readConfigFile, type ModelConfig } from "../../model/config.js";
import { DEFAULT_DESCRIPTION, DEFAULT_ENSEMBLES } from "../../study/coverage.js";
import { coverageStudyToDir, formatCoverageStudy } from "../../study/coverage-dir.js";

/** A comma list of positive numbers. @throws {ConfigError} */
function positiveList(field: string, text: unknown): number[] {
  const values = String(text).split(",").map((x) => Number(x.trim()));
  if (!values.length || values.some((v) => !(v > 0) || !Number.isFinite(v))) throw new ConfigError(field, text, "a comma-separated list of numbers > 0");
  return values;
}

/** The study's config: the built-in study config unless --config is given, then the overrides. */
function studyConfig(argv: Record<string, unknown>, builtIn = STUDY_DEFAULT_CONFIG_PATH) {
  const config = resolveConfig({ ...argv, config: argv.config ?? builtIn });
  initialLaw(config.initial);
  return config;
}

/**
 * The resolution target of --target-relative-error, --max-replicas and --budget, or undefined.
 *
 * @throws {ConfigError} naming the field; --max-replicas or --budget without --target-relative-error.
 */
function resolutionTarget(argv: Record<string, unknown>): ResolutionTarget | undefined {
  const relative = argv["target-relative-error"];
  if (relative === undefined) {
    if (argv["max-replicas"] !== undefined || argv.budget !== undefined) throw new ConfigError("--target-relative-error", undefined, "given with --max-replicas or --budget (they limit its growth)");
    return undefined;
  }
  const relativeError = Number(relative);
  if (!(relativeError > 0 && Number.isFinite(relativeError))) throw new ConfigError("--target-relative-error", relative, "a number > 0");
  const maxReplicas = Number(argv["max-replicas"] ?? 10000);
  if (!(Number.isInteger(maxReplicas) && maxReplicas >= 2)) throw new ConfigError("--max-replicas", argv["max-replicas"], "an integer ≥ 2");
  const budget = argv.budget === undefined ? undefined : Number(argv.budget);
  if (budget !== undefined && !(budget > 0 && Number.isFinite(budget))) throw new ConfigError("--budget", argv.budget, "a number of seconds > 0");
  return { relativeError, maxReplicas, budgetSeconds: budget };
}

const epsilonCommand: CommandModule<object, Record<string, unknown>> = {
  command: "epsilon",
  describe: "ε-convergence study: distances particles ↔ (33), (14), moment systems, and fitted orders",
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("quick", { type: "boolean", default: false, describe: `the quick study of \`npm start\` (about a minute on 2 cores): its config (src/study/quick-config.json), ε = ${QUICK_EPSILONS.join(", ")} and velocity grids at h = 0.2; other options override it` })
      .option("epsilons", { type: "string", describe: `list of ε [default: ${DEFAULT_EPSILONS.join(",")}; with --quick ${QUICK_EPSILONS.join(",")}]` })
      .option("compare-times", { type: "string", default: "1,2", describe: "times of order one at which distances are taken" })
      .option("max-relative-error", { type: "number", default: 0.25, describe: "a particle distance is resolved when SE ≤ this × distance" })
      .option("out", { type: "string", default: "results/study-epsilon", describe: "output directory (particle replicas in DIR/particles/)" })
      .option("resume", { type: "boolean", default: false, describe: "keep the particle replicas of an interrupted study with the same config and run only the missing ones" })
      .option("workers", { type: "number", describe: "worker threads for the particle ensembles [default: number of cores]" })
      .option("target-relative-error", {
        type: "number",
        describe: "choose R per ε so that the particles resolve their distance to (14): SE(D) ≤ this × D (a pilot of --replicas and the exact hierarchy decide R once; D comes from a fresh batch of R; replaces --max-relative-error)",
      })
      .option("max-replicas", { type: "number", describe: "with --target-relative-error: the largest fresh batch per ε [default: 10000]" })
      .option("budget", { type: "number", describe: "with --target-relative-error: wall-clock seconds the particles may take over all ε (pilots always run)" })
      .option("control-variates", { type: "boolean", default: false, describe: "estimate the particle moments with the initial draw as control variates (needs --replicas ≥ 4)" })
      .option("quiet", { type: "boolean", default: false, describe: "print nothing on success (no progress, no table, no verdict); errors and warnings still go to stderr" })
      .example("$0 study epsilon --quick", "the quick study of `npm start`")
      .example("$0 study epsilon", "built-in study config (src/study/default-config.json)")
      .example("$0 study epsilon --target-relative-error 0.25 --control-variates --max-replicas 2000 --budget 3600", "R per ε chosen to resolve the distance to (14)")
      .example("$0 study epsilon --N 1e5 --replicas 100 --out results/big", "more particles"),
  handler: async (argv) => {
    const quick = Boolean(argv.quick);
    const quiet = Boolean(argv.quiet);
    const config = studyConfig(argv, quick ? QUICK_STUDY_CONFIG_PATH : STUDY_DEFAULT_CONFIG_PATH);
    const epsilons = positiveList("epsilons", argv.epsilons ?? (quick ? QUICK_EPSILONS : DEFAULT_EPSILONS).join(","));
    const compareTimes = positiveList("compare-times", argv["compare-times"]);
    const maxRelativeError = Number(argv["max-relative-error"]);
    if (!(maxRelativeError > 0)) throw new ConfigError("max-relative-error", argv["max-relative-error"], "> 0");
    if (argv["control-variates"]) checkControlVariates(config.replicas);
    const out = String(argv.out);
    // one line per step on stderr: [k/K · seconds] what; the last step, the report, is announced here
    const progress = new StudyProgress(quiet ? undefined : (line) => console.error(line));
    progress.announce(1);
    const study = await epsilonStudyToDir(config, out, {
      epsilons,
      ...(quick ? { kineticOptions: QUICK_KINETIC_OPTIONS } : {}),
      progress,
      compareTimes,
      maxRelativeError,
      workers: workersOption(argv),
      resume: Boolean(argv.resume),
      controlVariates: Boolean(argv["control-variates"]),
      target: resolutionTarget(argv),
      onProgress: quiet ? undefined : (m) => console.error(m),
      onWarning: (w) => console.error(`alignsim: warning: ${w}`),
    });
    progress.step("report", "report.html");
    const report = (await writeReport(out)).path;
    progress.close();
    if (quiet) return;
    console.error(`time: ${progress.summary()}`);
    console.log(formatStudy(study));
    const notes = groupNotes(study.warnings);
    if (notes.length) console.log(`\n${notesSummary(notes)}; each is listed in the report under Notes and in study.json \`warnings\`.`);
    console.log(`\nwrote ${out}/study.json, distances.csv, orders.csv, validation.csv, figures/`);
    console.log(`\n${studyVerdict(study).join("\n")}`);
    console.log(`\nreport: ${report}`);
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

/** A comma list of positive integers. @throws {ConfigError} */
function integerList(field: string, text: unknown): number[] {
  const values = positiveList(field, text);
  if (values.some((v) => !Number.isInteger(v))) throw new ConfigError(field, text, "a comma-separated list of positive integers");
  return values;
}

const spaceCommand: CommandModule<object, Record<string, unknown>> = {
  command: "space",
  describe: "space study: particles of the spatial model (d = 1) against the kinetic reference (33) in space, as ε and the cell size h = L/C shrink, with fitted orders",
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("epsilons", { type: "string", default: DEFAULT_SPACE_EPSILONS.join(","), describe: "ε of the ε-sweep (at the largest number of cells)" })
      .option("cells", { type: "string", default: DEFAULT_SPACE_CELLS.join(","), describe: "cells C of the cell sweep (at the smallest ε)" })
      .option("compare-times", { type: "string", default: DEFAULT_SPACE_COMPARE_TIMES.join(","), describe: "times at which the fields are compared" })
      .option("max-relative-error", { type: "number", default: 0.25, describe: "a distance is resolved (and fitted) when SE ≤ this × distance" })
      .option("out", { type: "string", default: "results/study-space", describe: "output directory (particle replicas in DIR/particles/)" })
      .option("resume", { type: "boolean", default: false, describe: "keep the particle replicas of an interrupted study with the same config and run only the missing ones" })
      .option("workers", { type: "number", describe: "worker threads for the particle ensembles [default: number of cores]" })
      .example("$0 study space", "built-in config (src/study/space-config.json): two counter-streaming beams over a density wave")
      .example("$0 study space --N 1e5 --replicas 32 --cells 8,16,32,64", "more particles, finer cells"),
  handler: async (argv) => {
    const config = studyConfig(argv, SPACE_STUDY_CONFIG_PATH);
    const maxRelativeError = Number(argv["max-relative-error"]);
    if (!(maxRelativeError > 0)) throw new ConfigError("max-relative-error", argv["max-relative-error"], "> 0");
    const out = String(argv.out);
    const study = await spaceStudyToDir(config, out, {
      epsilons: positiveList("epsilons", argv.epsilons),
      cells: integerList("cells", argv.cells),
      compareTimes: positiveList("compare-times", argv["compare-times"]),
      maxRelativeError,
      workers: workersOption(argv),
      resume: Boolean(argv.resume),
      onProgress: (m) => console.error(m),
    });
    console.log(formatSpaceStudy(study));
    console.log(`\nwrote ${out}/space-study.json, distances.csv, orders.csv, figures/ (${study.wallSeconds.toFixed(1)} s)`);
    console.log(`report: ${(await writeReport(out)).path}`);
  },
};

/** The built-in spatial config of the coverage study's fields: the space study's, on 8 cells. */
const COVERAGE_SPACE = { length: 2, cells: 8 };

/** The spatial config of `study coverage`: --space-config or the built-in one, with the main config's N, ε and seed. */
function coverageSpaceConfig(argv: Record<string, unknown>, main: ModelConfig): ModelConfig | null {
  if (argv.fields === false) return null;
  const path = argv["space-config"];
  const raw = readConfigFile(path === undefined ? SPACE_STUDY_CONFIG_PATH : String(path)) as Record<string, unknown>;
  const builtIn = path === undefined ? { space: COVERAGE_SPACE, N: main.N, epsilon: main.epsilon, seed: main.seed } : {};
  return parseConfig({ ...raw, ...builtIn });
}

const coverageCommand: CommandModule<object, Record<string, unknown>> = {
  command: "coverage",
  describe: "coverage study: K independent ensembles of a config; how often each printed interval (means, control-variate means, distances D ± SE, fields T ± SE) covers the truth, and the validation test's false-alarm rate",
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option("ensembles", { type: "number", default: DEFAULT_ENSEMBLES, describe: "K: independent ensembles of --replicas replicas each" })
      .option("compare-times", { type: "string", default: DEFAULT_COMPARE_TIMES.join(","), describe: "times at which the intervals are checked" })
      .option("description", { type: "string", default: DEFAULT_DESCRIPTION, describe: "kinetic description the distances are taken to (a name of `alignsim kinetic --model`)" })
      .option("fields", { type: "boolean", default: true, describe: "also check the fields' T ± t·SE on a spatial config (--no-fields: skip)" })
      .option("space-config", { type: "string", describe: "spatial config (d = 1) of the fields' check [default: the space study's config on 8 cells, with this N, ε and seed]" })
      .option("out", { type: "string", default: "results/study-coverage", describe: "output directory (particle replicas in DIR/particles/)" })
      .option("resume", { type: "boolean", default: false, describe: "keep the particle replicas of an interrupted study with the same config and run only the missing ones" })
      .option("workers", { type: "number", describe: "worker threads for the particle ensembles [default: number of cores]" })
      .example("$0 study coverage --ensembles 400 --N 2000 --replicas 16", "built-in study config (src/study/default-config.json)")
      .example("$0 study coverage --config my.json --ensembles 100 --no-fields", "your own config"),
  handler: async (argv) => {
    const config = studyConfig({ ...argv, N: argv.N ?? (argv.config ? undefined : 2000), replicas: argv.replicas ?? (argv.config ? undefined : 16) });
    const ensembles = Number(argv.ensembles);
    const description = String(argv.description);
    if (!(description in KINETIC_MODELS)) throw new ConfigError("--description", description, `one of ${Object.keys(KINETIC_MODELS).join(", ")}`);
    const options = {
      ensembles,
      compareTimes: positiveList("compare-times", argv["compare-times"]),
      description: description as KineticModelName,
      space: coverageSpaceConfig(argv, config),
      workers: workersOption(argv),
      resume: Boolean(argv.resume),
      progress: (total: number, already: number) => startProgress(progressMode(false), total, already),
      onProgress: (m: string) => console.error(m),
    };
    const out = String(argv.out);
    const study = await coverageStudyToDir(config, out, options);
    console.log(formatCoverageStudy(study));
    console.log(`\nwrote ${out}/coverage.json, coverage.csv, figures/ (${study.wallSeconds.toFixed(1)} s)`);
    console.log(`report: ${(await writeReport(out)).path}`);
  },
};

export const studyCommand: CommandBody = {
  builder: (yargs: Argv) => yargs.command(epsilonCommand).command(nCommand).command(spaceCommand).command(coverageCommand).demandCommand(1, "Name a study: epsilon, n, space or coverage."),
  handler: () => {},
};
