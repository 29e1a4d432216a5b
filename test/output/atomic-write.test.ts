/** A full disk (ENOSPC after a short write) never leaves a truncated file under its final name. */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

let budget = Infinity;
vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  const writeSync = (fd: number, buffer: Uint8Array, offset: number, length: number) => {
    if (budget <= 0) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const n = Math.min(length, budget);
    budget -= n;
    return fs.writeSync(fd, buffer, offset, n);
  };
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});
const { writeAtomic } = await import("../../src/output/files.js");

describe("writeAtomic on a full disk", () => {
  it("a short write then ENOSPC leaves neither the file nor a temporary; with space it writes in full", () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-enospc-"));
    const path = join(dir, "f2.csv");
    budget = 1000;
    expect(() => writeAtomic(path, "x".repeat(5000))).toThrow(/f2\.csv.*ENOSPC/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    budget = Infinity;
    writeAtomic(path, "x".repeat(5000));
    expect(readdirSync(dir)).toEqual(["f2.csv"]);
  });
});
