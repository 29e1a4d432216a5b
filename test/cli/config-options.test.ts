import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { resolveConfig, workersOption, WORKERS_PER_CORE } from "../../src/cli/config-options.js";
import { ConfigError } from "../../src/errors.js";

describe("config overrides of the command line", () => {
  it("a nested override without a config file is merged onto the built-in default law", () => {
    const config = resolveConfig({ N: "100", "initial.sd": "2" });
    expect(config.initial).toEqual({ distribution: "normal", mean: 0, sd: 2, pairedFraction: 0 });
    expect(resolveConfig({ "histogram.bins": "20" }).histogram).toEqual({ min: -4, max: 4, bins: 20, pairBins: 40 });
  });

  it("a nested override of another law replaces the default distribution", () => {
    expect(resolveConfig({ "initial.distribution": "uniform" }).initial).toMatchObject({ distribution: "uniform", min: -1, max: 1 });
  });

  it("--initial.position without space says that initial.position requires space", () => {
    expect(() => resolveConfig({ "initial.position": '{"distribution":"uniform"}' })).toThrow(ConfigError);
    expect(() => resolveConfig({ "initial.position": '{"distribution":"uniform"}' })).toThrow(/`initial\.position` requires `space`/);
  });
});

describe("--workers", () => {
  const cores = availableParallelism();

  it("is at most R, the replicas that can run at once", () => {
    expect(workersOption({ workers: 3 }, 2)).toBe(2);
    expect(workersOption({ workers: 1 }, 2)).toBe(1);
  });

  it(`is refused above ${WORKERS_PER_CORE} per core, naming the limit`, () => {
    expect(workersOption({ workers: WORKERS_PER_CORE * cores })).toBe(WORKERS_PER_CORE * cores);
    expect(() => workersOption({ workers: 1e9 })).toThrow(`\`--workers\` must be at most ${WORKERS_PER_CORE * cores} (${WORKERS_PER_CORE} per core, ${cores} cores here). Value: \`1000000000\`.`);
    expect(() => workersOption({ workers: WORKERS_PER_CORE * cores + 1 })).toThrow(ConfigError);
  });
});
