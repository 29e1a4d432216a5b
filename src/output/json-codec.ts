/**
 * The one JSON codec of alignsim's results (summary.json, study.json, comparison.json, run.json,
 * figures.json, the header of a replica file; docs/file-formats.md).
 *
 * JSON has no NaN or ±∞. A non-finite number is written as the string `"NaN"`, `"Infinity"` or
 * `"-Infinity"` (JavaScript's own spelling, `String(x)`), and {@link parseJson} reads those
 * three strings back as numbers. `null` is never written for a number: it means "none" (a
 * missing commit, a time that never came).
 *
 * Files written before this codec wrote NaN in summary.json as `null`. {@link parseJson} reads a
 * `null` inside an array as NaN (arrays of results hold numbers, never "none"); a `null`
 * outside an array stays `null`.
 *
 * @module
 */

/** The strings that stand for the non-finite numbers. */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };

/**
 * JSON text of `value` with non-finite numbers as `"NaN"`, `"Infinity"`, `"-Infinity"`.
 *
 * @param indent - spaces per level (2, a file's layout), or 0 for one line.
 * @example
 * stringifyJson([1, NaN, -Infinity], 0) // "[1,\"NaN\",\"-Infinity\"]"
 */
export function stringifyJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), indent || undefined);
}

/**
 * The content of a JSON result file: {@link stringifyJson} with two-space indentation and a
 * final newline.
 *
 * @example
 * jsonFile({ x: Infinity }) // '{\n  "x": "Infinity"\n}\n'
 */
export function jsonFile(value: unknown): string {
  return `${stringifyJson(value)}\n`;
}

/**
 * Parses JSON written by {@link stringifyJson} (or by an earlier alignsim), with `"NaN"`,
 * `"Infinity"`, `"-Infinity"` read as numbers and a `null` inside an array read as NaN.
 *
 * @throws {SyntaxError} when `text` is not JSON.
 * @example
 * parseJson('["NaN", null, "-Infinity"]').map(String) // ["NaN", "NaN", "-Infinity"]
 * parseJson('{"kmax": null}') // {"kmax": null}
 */
export function parseJson<T = unknown>(text: string): T {
  return JSON.parse(text, function (this: unknown, _, v: unknown) {
    if (typeof v === "string" && v in NON_FINITE) return NON_FINITE[v];
    if (v === null && Array.isArray(this)) return Number.NaN;
    return v;
  }) as T;
}
