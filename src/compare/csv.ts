/**
 * CSV of a list of flat records (the tables of comparisons and studies): a header from the keys
 * of the first row, numbers in full precision, non-finite numbers as `NaN`/`Inf`/`-Inf`, and
 * strings quoted when they contain a comma, quote or newline.
 *
 * @module
 */

/** One row: column name → number, string, boolean or null. */
export type CsvRow = Record<string, number | string | boolean | null>;

/**
 * @example
 * toCsv([{ t: 1, name: "a,b" }]) // "t,name\n1,\"a,b\"\n"
 */
export function toCsv(rows: CsvRow[]): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]);
  const cell = (x: number | string | boolean | null | undefined) => {
    if (x === null || x === undefined) return "";
    if (typeof x === "number") return Number.isFinite(x) ? String(x) : Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
    const s = String(x);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n")}\n`;
}
