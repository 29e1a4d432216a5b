/**
 * The raw command line before and around yargs: what its parser would otherwise take wrongly.
 * A value that starts with a minus sign (`--times -1,0,1`) is kept as the option's value, not read
 * as short flags; an option given twice that takes one value is refused, naming it (yargs would
 * join the values into a list, and `--out a --out b` would write into `a,b/`); a number option
 * whose text is not a number is refused with the text as typed (yargs turns it into null).
 *
 * @module
 */
import type { Arguments } from "yargs";
import { AlignsimError, ConfigError } from "../errors.js";

/**
 * `args` with every `--name VALUE` whose VALUE starts with a minus sign followed by a digit or a
 * point joined into `--name=VALUE`, so that the parser reads VALUE as the option's value.
 *
 * @example
 * joinNegativeValues(["run", "--times", "-1,0,1"]) // ["run", "--times=-1,0,1"]
 */
export function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (/^--[^=]+$/.test(args[i]) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** The options of a parsed command line as yargs declares them. */
export interface DeclaredOptions {
  /** Options (and variadic positionals) that take a list. */
  array: string[];
  /** Options of type number. */
  number: string[];
}

/**
 * Refuses an option that takes one value but was given more than once, and a number option
 * whose text is not a number.
 *
 * @param argv - the parsed arguments; `args` the command line they were parsed from.
 * @throws {AlignsimError} E_USAGE naming a repeated option; {@link ConfigError} naming a number
 *   option, with its text.
 */
export function checkArguments(argv: Arguments, args: readonly string[], declared: DeclaredOptions): void {
  const lists = new Set(declared.array.flatMap((name) => [name, name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())]));
  for (const [key, value] of Object.entries(argv)) {
    if (key === "_" || key === "$0" || lists.has(key) || !Array.isArray(value)) continue;
    throw new AlignsimError("E_USAGE", `--${key} was given ${value.length} times (${value.join(", ")}); it takes one value (see alignsim --help)`);
  }
  for (const key of declared.number) {
    const value = argv[key];
    if (value === null || (typeof value === "number" && Number.isNaN(value))) throw new ConfigError(`--${key}`, rawValue(args, key), "a number");
  }
}

/** The text given to `--key` on the command line (`--key TEXT` or `--key=TEXT`). */
function rawValue(args: readonly string[], key: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${key}`) return args[i + 1];
    if (args[i].startsWith(`--${key}=`)) return args[i].slice(key.length + 3);
  }
  return undefined;
}
