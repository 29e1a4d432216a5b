/**
 * The HTML pieces of a report: escaping, table cells (integers as integers, a measured number
 * with its standard error), tables of rows.
 *
 * @module
 */
import { fmt } from "../compare/format.js";

/** Text escaped for HTML. */
export const esc = (s: unknown) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A table cell: text as it is, numbers by {@link fmt} (integers as integers), booleans yes/no, absent "–". */
export function cell(x: unknown): string {
  if (x === null || x === undefined || x === "") return "–";
  if (typeof x === "boolean") return x ? "yes" : "no";
  if (typeof x === "number") return fmt(x);
  return esc(x);
}

/** Words (left-aligned), as opposed to numbers, "0.12 ± 0.01", "[0.9, 1.1]" or "< 0.02" (right-aligned). */
const isText = (x: unknown) => typeof x === "string" && !/^[-−+<\[\d.∞–]/.test(x);

/**
 * An HTML table of flat rows (all columns of the first row, or the given ones), with a caption.
 *
 * @example
 * table([{ N: 500, "SE(M₁)": "0.012 ± 0.004" }], undefined, "Standard errors") // "<table><caption>Standard errors</caption>…<td>500</td>…"
 */
export function table(rows: Record<string, unknown>[], columns?: string[], caption?: string, id?: string): string {
  if (!rows.length) return "";
  const cols = columns ?? Object.keys(rows[0]);
  return `<table${id ? ` id="${esc(id)}"` : ""}>${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td${isText(r[c]) ? ' class="text"' : ""}>${cell(r[c])}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** A definition list of how the numbers are obtained. */
export function methods(m: Record<string, string>): string {
  return `<section id="methods"><h2>How the numbers are obtained</h2><dl>${Object.entries(m)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join("")}</dl></section>`;
}
