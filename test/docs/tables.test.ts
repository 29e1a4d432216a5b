import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { documents, fillTables, ROOT, TABLES, tableRegions } from "../../scripts/docs/tables.js";

/**
 * The tables README.md and docs/*.md quote from results/reference/ are generated into marked
 * regions by scripts/docs/tables.ts (`npm run docs:tables`). Committed regions must be what the
 * script writes, and the README may quote a result only inside such a region.
 */
const text = (doc: string) => readFileSync(join(ROOT, doc), "utf8");

/** The lines of a document outside its marked regions and outside fenced code blocks. */
function prose(doc: string): string[] {
  const lines = text(doc).split("\n");
  const inRegion = new Set(tableRegions(text(doc)).flatMap((r) => Array.from({ length: r.close - r.open + 1 }, (_, i) => r.open + i)));
  let fenced = false;
  return lines.filter((line, i) => {
    if (line.startsWith("```")) fenced = !fenced;
    return !fenced && !inRegion.has(i) && !line.startsWith("```");
  });
}

/** Numeric tokens of a text: 0.127, 3.9e-4, 1.88, 2000. */
const numbers = (s: string) => s.match(/\d+(?:\.\d+)?(?:e[-+]?\d+)?/g) ?? [];

/** A number quoted to three or more significant digits, or in e-notation: a measured value, not a parameter such as ε = 0.025. */
function looksMeasured(token: string): boolean {
  if (/e/.test(token)) return true;
  if (!token.includes(".")) return false;
  return token.replace(".", "").replace(/^0+/, "").length >= 3;
}

describe("generated tables in README.md and docs/*.md", () => {
  let generated: Record<string, string>;
  beforeAll(() => {
    generated = Object.fromEntries(Object.entries(TABLES).map(([name, table]) => [name, table()]));
  });

  for (const doc of documents()) {
    it(`${doc}: every marked region is what npm run docs:tables writes`, () => {
      expect(fillTables(text(doc), Object.fromEntries(Object.keys(TABLES).map((name) => [name, () => generated[name]])))).toBe(text(doc));
    });
  }

  for (const doc of ["README.md", "docs/studies.md"]) {
    it(`${doc} quotes the headline orders of the reference ε-study as results/reference/study-epsilon/summary.md has them`, () => {
      expect(tableRegions(text(doc)).map((r) => r.name)).toContain("headline-orders");
      const table = generated["headline-orders"].split("\n");
      expect(table[0]).toMatch(/^\| description \| distance \(source\) \|/);
      expect(table.length).toBeGreaterThan(3);
      const summary = readFileSync(join(ROOT, "results/reference/study-epsilon/summary.md"), "utf8").split("\n");
      expect(summary.slice(0, table.length)).toEqual(table);
    });
  }

  it("every generated table is used by some document", () => {
    const used = new Set(documents().flatMap((doc) => tableRegions(text(doc)).map((r) => r.name)));
    expect(Object.keys(TABLES).filter((name) => !used.has(name))).toEqual([]);
  });

  it("the README quotes no measured number outside a generated region", () => {
    const quoted = new Set(Object.values(generated).flatMap((table) => numbers(table.split("\n").slice(2).join("\n")).filter(looksMeasured)));
    expect(quoted.size).toBeGreaterThan(20);
    const outside = prose("README.md").flatMap((line) => numbers(line).filter((n) => looksMeasured(n) || quoted.has(n)).map((n) => `${n} in: ${line.trim()}`));
    expect(outside).toEqual([]);
    expect(prose("README.md").filter((line) => line.includes("±"))).toEqual([]);
  });
});

describe("fillTables", () => {
  const tables = { a: () => "| x |\n|---|\n| 1 |" };

  it("replaces a region's lines by the table, with a blank line on each side, and leaves the rest", () => {
    const doc = "intro\n<!-- table:a -->\n| stale |\n<!-- /table -->\nafter";
    expect(fillTables(doc, tables)).toBe("intro\n<!-- table:a -->\n\n| x |\n|---|\n| 1 |\n\n<!-- /table -->\nafter");
    expect(fillTables(fillTables(doc, tables), tables)).toBe(fillTables(doc, tables));
  });

  it("refuses a region naming no table, a region never closed and a stray close", () => {
    expect(() => fillTables("<!-- table:b -->\n<!-- /table -->", tables)).toThrow(/no table named "b"/);
    expect(() => fillTables("<!-- table:a -->\n| x |", tables)).toThrow(/never closed/);
    expect(() => fillTables("<!-- /table -->", tables)).toThrow(/without an open region/);
  });
});
