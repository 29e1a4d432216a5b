/**
 * The `alignsim` command line. Each command lives in src/cli/commands/; this file wires them
 * and turns user errors ({@link AlignsimError}, unknown options) into one line on stderr and
 * exit status 2 (3 for a precision target out of reach). Any other error is a bug and keeps its stack trace (exit status 1).
 * Loading it runs nothing: bin/alignsim.mjs calls {@link main} with the process's arguments, and
 * the tests call it in their own process.
 *
 * @module
 */
import yargs from "yargs";
import { AlignsimError, PrecisionUnreachableError } from "../errors.js";
import { checkArguments, joinNegativeValues, type DeclaredOptions } from "./arguments.js";
import { COMMANDS } from "./commands.js";

/**
 * Runs the CLI on `args` (without `node alignsim`). The command named in `args` is loaded in
 * full; the others are listed by name and description only.
 */
export async function main(args: string[]): Promise<void> {
  try {
    const named = args.find((a) => !a.startsWith("-"));
    const parsed = joinNegativeValues(args);
    const cli = yargs(parsed)
      .scriptName("alignsim")
      .usage("$0 <command> [options]\n\nExact stochastic particle simulation of collisional kinetic alignment models with non-instantaneous collisions, and the kinetic equations they are compared with.")
      .parserConfiguration({ "dot-notation": false });
    for (const [name, { usage, describe, load }] of Object.entries(COMMANDS)) {
      const unloaded = () => {
        throw new AlignsimError("E_USAGE", `name the command first: alignsim ${name} [options] (see alignsim --help)`);
      };
      cli.command(name === named ? { command: usage, describe, ...(await load()) } : { command: usage, describe, handler: unloaded });
    }
    await cli
      .middleware((argv) => checkArguments(argv, parsed, (cli as unknown as { getOptions(): DeclaredOptions }).getOptions()), true)
      .demandCommand(1, "Name a command.")
      .recommendCommands()
      .strict()
      .fail((message, error) => {
        if (error) throw error;
        throw new AlignsimError("E_USAGE", `${message.replace(/\s*\n\s*/g, " ")} (see alignsim --help)`); // one line, also for yargs' multi-line messages
      })
      .help()
      .wrap(Math.min(110, process.stdout.columns || 110))
      .parseAsync();
  } catch (error) {
    if (error instanceof AlignsimError) {
      console.error(`alignsim: ${error.message}`);
      process.exitCode = error instanceof PrecisionUnreachableError ? PrecisionUnreachableError.exitStatus : 2;
      return;
    }
    throw error;
  }
}
