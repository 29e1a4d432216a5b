import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";
import { documents, ROOT } from "../../scripts/docs/tables.js";

/**
 * Every relative link of README.md and docs/*.md points at a file of the repository, and every
 * #anchor into a markdown file at one of its headings (GitHub's heading slugs).
 */

/** The link targets of a markdown text outside fenced code and inline code: [text](target), ![alt](target). */
function linkTargets(text: string): string[] {
  let fenced = false;
  return text.split("\n").flatMap((line) => {
    if (line.startsWith("```")) fenced = !fenced;
    if (fenced) return [];
    return [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  });
}

/** The anchors GitHub gives the headings of a markdown file. */
function anchors(path: string): Set<string> {
  const slugger = new GithubSlugger();
  let fenced = false;
  const headings = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => {
      if (line.startsWith("```")) fenced = !fenced;
      return !fenced && /^#{1,6} /.test(line);
    });
  return new Set(headings.map((h) => slugger.slug(h.replace(/^#+ /, "").replace(/`/g, ""))));
}

describe("relative links in README.md and docs/*.md", () => {
  for (const doc of documents()) {
    it(`${doc}: every relative link resolves to a file, and every anchor to a heading`, () => {
      const broken: string[] = [];
      for (const target of linkTargets(readFileSync(join(ROOT, doc), "utf8"))) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [file, anchor] = target.split("#");
        const path = file === "" ? join(ROOT, doc) : join(ROOT, dirname(doc), decodeURIComponent(file));
        if (!existsSync(path)) broken.push(`${target}: no file ${relative(ROOT, path)}`);
        else if (anchor && statSync(path).isFile() && path.endsWith(".md") && !anchors(path).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
      }
      expect(broken).toEqual([]);
    });
  }
});

describe("docs/README.md", () => {
  it("links every page of docs/", () => {
    const linked = new Set(linkTargets(readFileSync(join(ROOT, "docs/README.md"), "utf8")).map((target) => target.split("#")[0]));
    const pages = documents().filter((doc) => doc.startsWith("docs/") && doc !== "docs/README.md");
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.filter((doc) => !linked.has(basename(doc)))).toEqual([]);
  });
});
