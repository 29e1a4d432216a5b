import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosticsOf, isGridSolve, type Diagnostics } from "../../src/contract/diagnostics.js";
import { checkKineticConfig, describedBy, KINETIC_MODELS, solveKinetic, type KineticModel, type KineticModelName } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { missingHistogramFiles, readRunOutput, writeRunOutput } from "../../src/output/files.js";

const config = parseConfig({ epsilon: 0.1, times: [0, 1] });

/** What a solver's diagnostics say, read through the union's narrowing (a switch on `solver`). */
function headline(diagnostics: Diagnostics | undefined): string {
  if (!diagnostics?.solver) return "none";
  switch (diagnostics.solver) {
    case "moments":
      return `moments ${diagnostics.secondMoments} with ${diagnostics.integrator.method}`;
    case "moments-exact":
      return `hierarchy of ${diagnostics.sizesKept} sizes`;
    case "scalar":
      return `min f1 ${Math.min(...diagnostics.minF1)}`;
    default:
      return diagnostics.solver;
  }
}

describe("kinetic outputs say what solved them", () => {
  it("narrow their diagnostics by solver", () => {
    const moments = solveKinetic("moments", config, { secondMoments: "printed29" });
    expect(headline(moments.summary.diagnostics)).toBe("moments printed29 with RODAS");
    expect(diagnosticsOf(moments.summary, "moments")?.secondMoments).toBe("printed29");
    expect(diagnosticsOf(moments.summary, "moments-exact")).toBeUndefined();
    expect(isGridSolve(moments.summary.diagnostics)).toBe(false);
    const exact = solveKinetic("moments-exact", config, { degree: 2 });
    expect(headline(exact.summary.diagnostics)).toMatch(/^hierarchy of \d+ sizes$/);
  });

  it("carry the description they were solved with, also when read back from disk, and nothing parses the source", () => {
    const printed = solveKinetic("moments-printed", config);
    expect(printed.summary.source).toBe("kinetic:moments-printed29");
    expect(printed.summary.description).toEqual({ name: "moments-printed", options: {} });
    const exact = solveKinetic("moments-exact", config, { degree: 2 });
    expect(describedBy(exact)).toEqual({ name: "moments-exact", options: { degree: 2 } });
    const dir = mkdtempSync(join(tmpdir(), "alignsim-description-"));
    writeRunOutput(dir, exact);
    expect(describedBy(readRunOutput(dir))).toEqual({ name: "moments-exact", options: { degree: 2 } });
    // The same source without a description (a summary of an earlier version) is not guessed at.
    expect(describedBy({ summary: { ...exact.summary, description: undefined } })).toBeNull();
  });

  it("read as no solver's when written before `solver` existed, and still tell a velocity-resolved run by its lattice", () => {
    const legacy = { ...solveKinetic("moments", config).summary, diagnostics: { lattice: { h: [0.1] } } as unknown as Diagnostics };
    expect(diagnosticsOf(legacy, "moments")).toBeUndefined();
    expect(headline(legacy.diagnostics)).toBe("none");
    expect(missingHistogramFiles("/nonexistent", legacy)).toEqual(["f1.csv"]);
  });

  it("have a spatial version exactly where the registry entry has the `spatial` trait", () => {
    const spatial = parseConfig({ times: [0, 1], space: { length: 1, cells: 4 } });
    for (const name of Object.keys(KINETIC_MODELS) as KineticModelName[]) {
      const check = () => checkKineticConfig(name, spatial);
      if ((KINETIC_MODELS[name] as KineticModel).spatial) expect(check, name).not.toThrow();
      else expect(check, name).toThrow(/`space`/);
    }
  });
});
