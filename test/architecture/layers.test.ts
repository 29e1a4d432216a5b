import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The rooms of src/, bottom to top. A module may import from its own room and from rooms of a
 * lower layer only, so dependencies point one way and no two rooms import each other. The module
 * map in docs/architecture.md is this table.
 */
const LAYERS: string[][] = [
  ["errors", "rng", "stats"],
  ["model"],
  ["contract"],
  ["observables", "output"],
  ["engine", "kinetic"],
  ["ensemble", "plot"],
  ["compare"],
  ["study"],
  ["report"],
  ["cli"],
  ["index"],
];
const layerOf = new Map(LAYERS.flatMap((rooms, layer) => rooms.map((room) => [room, layer] as const)));

const SRC = resolve(__dirname, "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

/** The room of a path under src/: its first folder, or the file's name for top-level files. */
function roomOf(path: string): string {
  return relative(SRC, path).split("/")[0].replace(/\.(ts|js|json)$/, "");
}

/** Every relative import and re-export of a source file, resolved to a path under src/. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
  return specifiers.map((s) => resolve(dirname(file), s));
}

describe("layering of src/", () => {
  const files = sources(SRC);

  it("every room of src/ has a layer", () => {
    expect(files.length).toBeGreaterThan(50);
    const unknown = [...new Set(files.map(roomOf))].filter((room) => !layerOf.has(room));
    expect(unknown).toEqual([]);
  });

  it("imports point only down the layers (or within a room)", () => {
    const upward: string[] = [];
    let checked = 0;
    for (const file of files) {
      const from = roomOf(file);
      for (const target of imports(file)) {
        const to = roomOf(target);
        checked++;
        if (to !== from && !(layerOf.get(to)! < layerOf.get(from)!)) upward.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(upward).toEqual([]);
  });
});
