import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { parseConfig } from "../../src/model/config.js";
import { studyDescriptions, TESTED_DESCRIPTIONS } from "../../src/study/epsilon.js";

describe("the descriptions an ε-study compares", () => {
  it("are all the tested ones, (49) both slip-corrected and as printed, on a config without initial pairs", () => {
    const { names, warnings } = studyDescriptions(parseConfig({}), undefined);
    expect(names).toEqual(TESTED_DESCRIPTIONS);
    expect(names).toEqual(expect.arrayContaining(["scalar", "scalar-printed"]));
    expect(warnings).toEqual([]);
  });

  it("leave out the slip-corrected (49) by default when particles start paired, saying why", () => {
    const config = parseConfig({ initial: { distribution: "normal", pairedFraction: 0.3 } });
    const { names, warnings } = studyDescriptions(config, undefined);
    expect(names).not.toContain("scalar");
    expect(names).toContain("scalar-printed");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\(49\) slip-corrected is left out: .*`initial\.pairedFraction`/);
  });

  it("refuse, before any work, a description asked for whose preconditions fail", () => {
    const config = parseConfig({ initial: { distribution: "normal", pairedFraction: 0.3 } });
    expect(() => studyDescriptions(config, ["instantaneous", "scalar"])).toThrow(ConfigError);
    expect(studyDescriptions(config, ["instantaneous", "scalar-printed"]).names).toEqual(["instantaneous", "scalar-printed"]);
  });
});
