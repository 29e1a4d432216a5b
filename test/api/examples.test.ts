import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * Every function of the public API (the package root, dist/index.js) has an @example in its doc
 * comment, and every example runs against the compiled package. A line `expression // value`
 * whose value is JSON is checked (numbers to 1e-9 relative); `// ≈ value` and prose comments are
 * only evaluated.
 */
const ROOT = resolve(__dirname, "../..");
const DIST = pathToFileURL(join(ROOT, "dist/index.js")).href;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** The @example of `export function name` (or `export async function name`) in src/, or null. */
function exampleOf(name: string, files: string[]): string | null {
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async )?function ${name}\\b`).exec(text);
    if (!match) continue;
    const example = /@example\s*\n([\s\S]*?)(?=\n\s*\*\s*@|\s*$)/.exec(match[1]);
    return example ? example[1].split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n").trim() : null;
  }
  return null;
}

/** An example as a module: its imports hoisted, the package's API imported, value comments checked. */
function exampleModule(name: string, example: string, api: string[]): string {
  const imports: string[] = [];
  const body: string[] = [];
  for (const line of example.split("\n")) {
    if (/^import /.test(line)) {
      imports.push(line);
      continue;
    }
    const m = /^(.*?)\s*\/\/\s*(.+)$/.exec(line);
    const code = m?.[1].trim() ?? "";
    let expected: unknown;
    let isValue = false;
    if (m && code && !/^(const|let|for|if|import)\b/.test(code) && !code.endsWith(";") && !m[2].startsWith("≈")) {
      try {
        expected = JSON.parse(m[2]);
        isValue = true;
      } catch {
        // a prose comment: the line is only evaluated
      }
    }
    body.push(isValue ? `__check(${code}, ${JSON.stringify(expected)}, ${JSON.stringify(line)});` : line);
  }
  return [
    ...imports,
    `import { ${api.join(", ")} } from ${JSON.stringify(DIST)};`,
    `import { isDeepStrictEqual } from "node:util";`,
    `function __close(a, b) { return typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => __close(x, b[i])) : isDeepStrictEqual(a, b); }`,
    `function __check(actual, expected, line) { if (!__close(actual, expected)) throw new Error(\`example of ${name}: \${line} gave \${JSON.stringify(actual)}\`); }`,
    ...body,
  ].join("\n");
}

describe("the public API", async () => {
  const api: Record<string, unknown> = await import(DIST);
  const names = Object.keys(api);
  const functions = names.filter((n) => typeof api[n] === "function" && !/^class\b/.test(String(api[n])));
  const files = sources(join(ROOT, "src"));

  it("exports the entry points a user scripts", () => {
    for (const name of ["parseConfig", "runReplica", "simulateEnsemble", "runEnsemble", "mergeRunDirs", "solveKinetic", "compareRuns", "runEpsilonStudy", "writeReport"]) {
      expect(functions).toContain(name);
    }
  });

  it("every exported function has an @example", () => {
    expect(functions.length).toBeGreaterThan(15);
    expect(functions.filter((n) => !exampleOf(n, files))).toEqual([]);
  });

  it.each(functions)("the @example of %s runs and gives the values it states", async (name) => {
    const example = exampleOf(name, files);
    expect(example).toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), "alignsim-example-"));
    const path = join(dir, `${name}.mjs`);
    writeFileSync(path, exampleModule(name, example!, names));
    await promisify(execFile)(process.execPath, [path], { timeout: 120_000 });
  });
});
