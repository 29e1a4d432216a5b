import { describe, expect, it } from "vitest";
import { AlignsimError, ConfigError, IncomparableError } from "../../src/errors.js";
import { collisionMap } from "../../src/kinetic/moment-closure/alignment-flow.js";
import { contractionRule, gaussJacobi } from "../../src/kinetic/lattice/quadrature.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { momentDistance } from "../../src/study/moment-distance.js";

/** The error `f` throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("no error");
}

describe("errors a user can reach are typed AlignsimErrors with a code", () => {
  it("a comparison time missing from an output is an IncomparableError naming `times`", () => {
    const a = solveKinetic("moments-exact", parseConfig({ times: [0, 1] }));
    const b = solveKinetic("moments-exact", parseConfig({ times: [0, 1, 2] }));
    const error = thrown(() => momentDistance(a, b, [2]));
    expect(error).toBeInstanceOf(IncomparableError);
    expect((error as AlignsimError).code).toBe("E_INCOMPARABLE");
    expect((error as IncomparableError).field).toBe("times");
  });

  it.each([
    ["gaussJacobi(0, 0)", () => gaussJacobi(0, 0), "points"],
    ["gaussJacobi(2, -1)", () => gaussJacobi(2, -1), "alpha"],
    ["contractionRule(2, 0, 1)", () => contractionRule(2, 0, 1), "mu"],
    ["collisionMap(2, 2, 0)", () => collisionMap(2, 2, 0), "mu"],
  ])("%s throws a ConfigError naming `%s`", (_, f, field) => {
    const error = thrown(f);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
  });
});
