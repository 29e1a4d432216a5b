import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The package as a user gets it: `npm pack`, then installed from the tarball into an empty
 * project (dependencies from the npm registry), where the `alignsim` command runs and
 * `import … from "alignsim"` works, with types. Runs the build that `npm test` made.
 */
const exec = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

describe("the packed tarball installed in an empty project", () => {
  const project = mkdtempSync(join(tmpdir(), "alignsim-install-"));

  beforeAll(async () => {
    const { stdout } = await exec("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", project], { cwd: ROOT });
    const [{ filename, files }] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((f) => f.path);
    expect(paths).toContain("dist/index.js");
    expect(paths).toContain("dist/index.d.ts");
    expect(paths).toContain("dist/config.schema.json");
    expect(paths).toContain("dist/space.wasm");
    expect(paths.some((p) => p.startsWith("src/") || p.startsWith("test/"))).toBe(false);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", version: "1.0.0", type: "module", private: true }));
    await exec("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", join(project, filename)], { cwd: project });
  }, 300_000);

  it("npx alignsim runs an ensemble and writes its summary", async () => {
    const out = join(project, "run");
    await exec("npx", ["alignsim", "run", "--N", "300", "--replicas", "3", "--times", "0,1", "--quiet", "--out", out], { cwd: project });
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.replicas).toBe(3);
    expect(summary.observables.M1.mean[0]).toBe(1);
    expect(summary.provenance.gitCommit).toBeNull(); // an installed package names no commit
  }, 120_000);

  it("a script imports the API from the package root", async () => {
    writeFileSync(
      join(project, "check.mjs"),
      [
        'import { parseConfig, simulateEnsemble, solveKinetic, compareRuns, KINETIC_MODELS } from "alignsim";',
        "const config = parseConfig({ N: 500, replicas: 4, times: [0, 1] });",
        "const c = compareRuns(simulateEnsemble(config), solveKinetic('moments-exact', config));",
        "console.log(JSON.stringify({ rows: c.observables.length, models: Object.keys(KINETIC_MODELS) }));",
      ].join("\n"),
    );
    const { stdout } = await exec(process.execPath, ["check.mjs"], { cwd: project });
    const result = JSON.parse(stdout);
    expect(result.rows).toBeGreaterThan(0);
    expect(result.models).toContain("first-order");
  }, 120_000);

  it("TypeScript sees the package's types, without @types/node and with its declarations checked (and rejects misuses)", async () => {
    // skipLibCheck false: the package's own .d.ts files must compile for a consumer without Node's types.
    // One compiler run over a file of correct uses and one file per misuse, each misuse's error found by its file name.
    const files: Record<string, string> = {
      "typed.ts":
        'import { parseConfig, type ModelConfig, type RunOutput, simulateEnsemble } from "alignsim";\nconst config: ModelConfig = parseConfig({ N: 100 });\nconst out: RunOutput = simulateEnsemble(config);\nexport const m1: number[] = out.summary.observables.M1.mean;\nexport const kernel = parseConfig({ kmax: 4, lambda: (i: number, j: number) => 1 / (i * j) });\n',
      "wrong-output.ts": 'import { parseConfig } from "alignsim";\nexport const n: string = parseConfig({}).N;\n',
      "wrong-input.ts": 'import { parseConfig } from "alignsim";\nexport const c = parseConfig({ N: "x" });\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: Object.keys(files) }));
    const failed = await exec(process.execPath, [TSC, "-p", project], { cwd: project }).then(
      () => ({ stdout: "" }),
      (error: { stdout: string }) => error,
    );
    const errors = failed.stdout.split("\n").filter((line) => /error TS/.test(line));
    expect(errors.filter((line) => !line.startsWith("wrong-")), failed.stdout).toEqual([]);
    expect(errors.filter((line) => line.startsWith("wrong-output.ts(2,"))).toEqual([expect.stringContaining("TS2322")]);
    expect(errors.filter((line) => line.startsWith("wrong-input.ts(2,"))).toEqual([expect.stringMatching(/TS2322: Type 'string' is not assignable to type 'number'/)]);
  }, 120_000);
});
