/**
 * Typed errors of alignsim. Every error a user can cause is an {@link AlignsimError} with a
 * stable `code`, so that the CLI can print it as one line and exit with status 2, while any
 * other error (a bug) keeps its stack trace.
 *
 * @module
 */

/** Base class of every error a user can cause; `code` is stable and greppable. */
export class AlignsimError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A configuration field (config file, CLI option or library argument) is out of its domain.
 *
 * @example
 * new ConfigError("epsilon", 0, "> 0").message
 * // "invalid config. `epsilon` must be > 0. Value: `0`."
 */
export class ConfigError extends AlignsimError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    hint = "",
  ) {
    super(
      "E_CONFIG",
      `invalid config. \`${field}\` must be ${expected}. Value: \`${show(value)}\`.${hint ? ` ${hint}` : ""}`,
    );
  }
}

/** A file or directory could not be read or written (input files, output directories). */
export class IOError extends AlignsimError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super("E_IO", `cannot use \`${path}\`: ${reason}`);
  }
}

/**
 * An invariant of the simulation failed (debug-mode checks: conservation of mass and momentum,
 * class-index consistency). This is a bug, not a user error, but it names the invariant and
 * the state in which it failed, like PartMC's `assert_msg`.
 */
export class InvariantError extends AlignsimError {
  constructor(
    readonly invariant: string,
    readonly state: Record<string, unknown>,
  ) {
    super("E_INVARIANT", `invariant violated: ${invariant}. State: ${show(state)}`);
  }
}

function show(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

/**
 * A replica of an ensemble threw, or the worker running it died. Names the replica and the seed
 * of its stream, so that it can be rerun alone (`runReplica(config, replica)`).
 */
export class ReplicaError extends AlignsimError {
  constructor(
    readonly replica: number,
    readonly seed: number,
    reason: string,
    hint = "",
  ) {
    super("E_REPLICA", `replica ${replica} (master seed ${seed}, stream (${seed}, ${replica})) failed: ${reason.replace(/\.$/, "")}.${hint ? ` ${hint}` : ""}`);
  }
}

/**
 * Two run directories (or a run directory and a command line) describe different ensembles,
 * so their replicas cannot be merged or resumed together.
 */
export class RunMismatchError extends AlignsimError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("E_MISMATCH", message);
  }
}

/**
 * Two outputs cannot be compared cell by cell: they differ in their times or bins.
 *
 * @example
 * new IncomparableError("times", "[0,1]", "[0,2]").message
 * // "cannot compare: the two results differ in `times` ([0,1] vs [0,2]). Rerun one with the other's config."
 */
export class IncomparableError extends AlignsimError {
  constructor(
    readonly field: string,
    readonly a: string,
    readonly b: string,
  ) {
    super("E_INCOMPARABLE", `cannot compare: the two results differ in \`${field}\` (${a} vs ${b}). Rerun one with the other's config.`);
  }
}

/**
 * A replica file is not a whole, intact replica file of the current format: its checksum does
 * not match its bytes (a flipped bit, a truncated or overwritten file), or it was written in a
 * format this version does not read. `alignsim run --resume` moves such a file aside and
 * simulates the replica again; `merge` and `verify` refuse it.
 *
 * @example
 * new CorruptReplicaError("d/replicas/r000003.bin", "checksum mismatch").message
 * // "corrupt replica file `d/replicas/r000003.bin`: checksum mismatch"
 */
export class CorruptReplicaError extends AlignsimError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super("E_CORRUPT", `corrupt replica file \`${path}\`: ${reason}`);
  }
}

/**
 * `alignsim verify` found stored replicas that are missing, corrupt or that differ from a fresh
 * simulation of the same (seed, r).
 */
export class VerificationError extends AlignsimError {
  constructor(
    readonly failures: { replica: number; path: string; reason: string }[],
    checked: number,
  ) {
    super(
      "E_VERIFY",
      `${failures.length} of ${checked} replica files failed verification: ${failures.map((f) => `replica ${f.replica} (\`${f.path}\`: ${f.reason})`).join("; ")}`,
    );
  }
}

/**
 * A precision target (`run --target-stderr`) cannot be met within `--max-replicas` or
 * `--budget`. The CLI exits with status 3 (not 2: the input was valid, the goal is out of reach),
 * and no summary is written.
 */
export class PrecisionUnreachableError extends AlignsimError {
  /** Exit status of the CLI. */
  static readonly exitStatus = 3;

  constructor(reason: string) {
    super("E_UNREACHABLE", `precision target unreachable: ${reason}`);
  }
}
