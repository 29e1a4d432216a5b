import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { DEFAULT_CONFIG, parseConfig, readConfigFile, validateConfig } from "../../src/model/config.js";
import { initialLaw } from "../../src/model/initial-law.js";

/** The ConfigError thrown by parseConfig(raw). */
function errorOf(raw: unknown): ConfigError {
  try {
    validateConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(raw)}`);
}

describe("config validation", () => {
  it("fills in the documented defaults", () => {
    expect(DEFAULT_CONFIG).toMatchObject({ N: 10000, epsilon: 0.1, mass: 1, kmax: 3, replicas: 10, seed: 1, times: [0, 0.5, 1, 2] });
    expect(DEFAULT_CONFIG.histogram).toEqual({ min: -4, max: 4, bins: 80, pairBins: 40 });
  });

  it.each([
    [{ lambda: { "1,1": -1 } }, "lambda.1,1", "≥ 0"],
    [{ mu: "fast" }, "mu", "a number ≥ 0 or a table"],
    [{ lambda: { "2,1": 1 } }, "lambda.2,1", "i ≤ j"],
    [{ epsilon: 0 }, "epsilon", "> 0"],
    [{ epsilon: -0.1 }, "epsilon", "> 0"],
    [{ N: 10.5 }, "N", "positive integer"],
    [{ N: 0 }, "N", "positive integer"],
    [{ kmax: 0 }, "kmax", "positive integer"],
    [{ times: [0, 2, 1] }, "times.2", "strictly increasing"],
    [{ times: [-1, 0] }, "times.0", "≥ 0"],
    [{ times: [] }, "times", "non-empty"],
    [{ initial: { distribution: "gaussian" } }, "initial.distribution", '"normal"'],
    [{ initial: { distribution: "normal", sd: 0 } }, "initial.sd", "> 0"],
    [{ initial: { distribution: "normal", pairedFraction: 2 } }, "initial.pairedFraction", "[0, 1]"],
    [{ histogram: { min: 1, max: 0 } }, "histogram.max", "greater than"],
    [{ replicas: 0 }, "replicas", "positive integer"],
  ])("rejects %j naming the field and its range", (raw, field, expected) => {
    const error = errorOf(raw);
    expect(error.field).toBe(field);
    expect(error.message).toContain(expected);
    expect(error.message).toMatch(/^invalid config\. `.+` must be .+\. Value: `.*`\./);
  });

  it("rejects an unknown field and suggests the closest name", () => {
    const error = errorOf({ epsilom: 0.1 });
    expect(error.field).toBe("epsilom");
    expect(error.message).toContain("Did you mean `epsilon`?");
  });

  it("accepts kmax = null (unbounded) and kernel tables", () => {
    const config = parseConfig({ kmax: null, lambda: { "1,1": 2 }, mu: 0.5 });
    expect(config.kmax).toBeNull();
    expect(config.lambda).toEqual({ "1,1": 2 });
  });
});

describe("paths in a config file", () => {
  it("a relative initial.path or initial.position.path is resolved against the config file's directory, whatever the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-config-"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "states.txt"), "-1\n0\n1\n");
    const file = join(dir, "run.json");
    writeFileSync(
      file,
      JSON.stringify({ initial: { distribution: "file", path: "data/states.txt", position: { distribution: "file", path: "./data/x.txt" } }, space: { length: 1, cells: 4 } }),
    );
    const config = validateConfig(readConfigFile(file));
    expect(config.initial.distribution === "file" && config.initial.path).toBe(join(dir, "data", "states.txt"));
    expect(config.initial.position).toEqual({ distribution: "file", path: join(dir, "data", "x.txt") });
    expect(initialLaw(config.initial).sample).toBeTypeOf("function");
  });

  it("an absolute path is kept as written", () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-config-"));
    const file = join(dir, "run.json");
    writeFileSync(file, JSON.stringify({ initial: { distribution: "file", path: "/elsewhere/states.txt" } }));
    expect(readConfigFile(file)).toEqual({ initial: { distribution: "file", path: "/elsewhere/states.txt" } });
  });
});

describe("function kernels", () => {
  it("a function kernel is tabulated on the sizes that can meet, i ≤ j with i + j ≤ kmax", () => {
    const config = parseConfig({ kmax: 4, lambda: (i, j) => 1 / (i * j), mu: (i, j) => i + j });
    expect(config.lambda).toEqual({ "1,1": 1, "1,2": 0.5, "1,3": 1 / 3, "2,2": 0.25 });
    expect(config.mu).toEqual({ "1,1": 2, "1,2": 3, "1,3": 4, "2,2": 4 });
    expect(parseConfig({ kmax: 1, lambda: () => 1 }).lambda).toEqual({});
  });

  it("the resolved config is plain data: it survives JSON, so outputs record the kernel that made them", () => {
    const config = parseConfig({ kmax: 3, lambda: (i, j) => 1 / (i * j) });
    expect(JSON.parse(JSON.stringify(config)).lambda).toEqual({ "1,1": 1, "1,2": 0.5 });
  });

  it("a negative value names the table entry; kmax null is refused naming the kernel", () => {
    expect(() => parseConfig({ lambda: (_, j) => (j === 2 ? -1 : 1) })).toThrow("`lambda.1,2` must be ≥ 0. Value: `-1`.");
    expect(() => parseConfig({ kmax: null, mu: () => 1 })).toThrow(/`mu` must be a number or a table when `kmax` is null/);
    expect(() => parseConfig({ N: -1, mu: () => 1 })).toThrow(/`N`/);
  });
});

describe("wording of config errors", () => {
  it.each([
    [{ space: "x" }, "`space` must be a JSON object {…}. Value: `x`. A string was given."],
    [{ N: "2000" }, "`N` must be a positive integer. Value: `2000`. A string was given."],
    [{ initial: { distribution: "samples", values: "x" } }, "`initial.values` must be a list […]. Value: `x`. A string was given."],
    [{ initial: { distribution: "bimodal", means: [1] } }, "`initial.means` must be a list of at least 2 entries. Value: `[1]`."],
    [{ space: { length: 1 } }, "`space.cells` must be given (it has no default). Value: `undefined`."],
    [[1], "`(config)` must be a JSON object {…}. Value: `[1]`. An array was given."],
  ])("%j: %s", (raw, message) => {
    const error = errorOf(raw);
    expect(error.message).toBe(`invalid config. ${message}`);
    expect(error.message).not.toMatch(/Expected|received|Required/);
  });
});
