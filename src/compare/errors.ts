/**
 * The error of a comparison between outputs that cannot be compared cell by cell.
 * (Kept beside the comparisons until src/errors.ts gathers it; it is an {@link AlignsimError},
 * so the CLI prints it as one line with exit status 2.)
 *
 * @module
 */
import { AlignsimError } from "../errors.js";

/**
 * Two outputs differ in their times or bins.
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
