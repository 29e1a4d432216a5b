import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The README quotes the headline table of the reference ε-study; scripts/study/2-process.ts writes
 * that table to results/reference/study-epsilon/summary.md from study.json. The two must be the
 * same lines, so that no number in the README drifts from the committed result.
 */
const ROOT = join(__dirname, "../..");

/** The markdown table whose header line starts with `header`, as its lines. */
function tableStartingWith(text: string, header: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && !line.startsWith("|"));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe("numbers the README quotes from committed results", () => {
  it("the README's headline table of the ε-study is the reference's summary.md table, line for line", () => {
    const header = "| description | distance (source) |";
    const reference = tableStartingWith(readFileSync(join(ROOT, "results/reference/study-epsilon/summary.md"), "utf8"), header);
    const readme = tableStartingWith(readFileSync(join(ROOT, "README.md"), "utf8"), header);
    expect(reference.length).toBeGreaterThan(3);
    expect(readme).toEqual(reference);
  });
});
