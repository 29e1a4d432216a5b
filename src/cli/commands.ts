/**
 * The commands of `alignsim`: name, usage and one-line description, and the module that
 * implements each. Only the module of the command being run is loaded, so that `alignsim --help`
 * and light commands start without loading the solvers or the plotting libraries.
 *
 * @module
 */
import type { CommandModule } from "yargs";

/** What a command module exports: how it parses its options and what it does. */
export type CommandBody = Required<Pick<CommandModule<object, Record<string, unknown>>, "builder" | "handler">>;

export interface CommandEntry {
  /** yargs usage: the name and its positionals, e.g. "compare <a> <b>". */
  usage: string;
  describe: string;
  load: () => Promise<CommandBody>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  run: {
    usage: "run",
    describe: "Simulate the particle system (exact Gillespie engine) and write summary.json, f1.csv, f2.csv",
    load: async () => (await import("./commands/run.js")).runCommand,
  },
  merge: {
    usage: "merge <dirs..>",
    describe: "Merge the replicas of shard directories of one ensemble into summary.json, f1.csv, f2.csv",
    load: async () => (await import("./commands/merge.js")).mergeCommand,
  },
  verify: {
    usage: "verify <dir>",
    describe: "Check the replica files of a run directory: checksums, and a byte-for-byte re-simulation of a sample of replicas",
    load: async () => (await import("./commands/verify.js")).verifyCommand,
  },
  kinetic: {
    usage: "kinetic",
    describe: "Solve a kinetic description deterministically and write it in the format of `run`",
    load: async () => (await import("./commands/kinetic.js")).kineticCommand,
  },
  stability: {
    usage: "stability",
    describe: "Check Lemma 3.1 numerically: eigenvalues of the limit matrix of (29) and of the derived system over λ, μ ∈ [0.1, 10], ε ∈ [1e-3, 1]",
    load: async () => (await import("./commands/stability.js")).stabilityCommand,
  },
  compare: {
    usage: "compare <a> <b>",
    describe: "Compare two results of run/kinetic (same times and bins): differences with Student-t p-values, a joint verdict valid at the number of replicas, histogram distances",
    load: async () => (await import("./commands/compare.js")).compareCommand,
  },
  study: {
    usage: "study",
    describe: "Studies: `study epsilon` (ε-convergence against the kinetic descriptions), `study n` (error against N·R), `study space` (the spatial model against its kinetic reference)",
    load: async () => (await import("./commands/study.js")).studyCommand,
  },
  report: {
    usage: "report <dir>",
    describe: "Write DIR/report.html: one self-contained page with the parameters, tables and plots of a result directory",
    load: async () => (await import("./commands/report.js")).reportCommand,
  },
};
