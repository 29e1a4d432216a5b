/**
 * Writing rendered figures into an output directory: `figures/<name>.svg` for each, and
 * `figures/figures.json`, the index (name, title, caption, file) that the report reads.
 *
 * @module
 */
import { join } from "node:path";
import { prepareOutputDir, writeAtomic } from "../output/files.js";
import { jsonFile } from "../output/json-codec.js";
import type { RenderedFigure } from "./render.js";

/** One entry of figures/figures.json. */
export interface FigureIndexEntry {
  name: string;
  title: string;
  caption: string;
  file: string;
}

/** Writes the SVGs and their index; returns the index. */
export function writeFigures(dir: string, figures: RenderedFigure[]): FigureIndexEntry[] {
  const folder = join(dir, "figures");
  prepareOutputDir(folder);
  const index = figures.map((f) => ({ name: f.name, title: f.title, caption: f.caption, file: `figures/${f.name}.svg` }));
  for (const f of figures) writeAtomic(join(folder, `${f.name}.svg`), f.svg);
  writeAtomic(join(folder, "figures.json"), jsonFile(index));
  return index;
}
