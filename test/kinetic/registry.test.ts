import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { checkKineticConfig, KINETIC_MODELS, type KineticModelName } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";

const names = Object.keys(KINETIC_MODELS) as KineticModelName[];

describe("kinetic registry checks", () => {
  // Configs a description may refuse; each is small, so that a description that accepts it solves in milliseconds.
  const refusable = {
    "μ₁₁ = 0 with pairs forming": parseConfig({ times: [0, 0.5], mu: { "1,1": 0, "1,2": 1 } }),
    "μ₁₂ = 0 with triples forming": parseConfig({ times: [0, 0.5], mu: { "1,1": 1, "1,2": 0 } }),
    "pairBins incommensurate with bins": parseConfig({ times: [0, 0.5], histogram: { bins: 80, pairBins: 37 } }),
  };

  it.each(names.flatMap((name) => Object.keys(refusable).map((label) => [name, label] as const)))(
    "%s: a config its solve refuses (%s) is refused by its check first",
    (name, label) => {
      const config = refusable[label as keyof typeof refusable];
      let solveError: unknown;
      try {
        KINETIC_MODELS[name].solve(config, {});
      } catch (error) {
        solveError = error;
      }
      if (solveError === undefined) return expect(() => checkKineticConfig(name, config)).not.toThrow();
      expect(solveError).toBeInstanceOf(ConfigError);
      expect(() => checkKineticConfig(name, config)).toThrow((solveError as ConfigError).message);
    },
  );
});
