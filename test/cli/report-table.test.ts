import { describe, expect, it } from "vitest";
import { defaultOutDir } from "../../src/cli/report-table.js";

describe("default output directories", () => {
  it("two runs started at the same moment get different directories, named by kind, seed and time", () => {
    const names = Array.from({ length: 50 }, () => defaultOutDir("run", 7));
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(/^results\/runs\/run-7-\d{8}T\d{9}Z-\d+\.\d+-[0-9a-f]{4}$/);
  });
});
