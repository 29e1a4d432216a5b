/**
 * Writing rendered figures into an output directory: `figures/<name>.svg` and
 * `figures/<name>.png` (300 dpi, ./png.js) for each, and `figures/figures.json`, the index (name,
 * title, caption, files) that the report reads. Every file goes through the one atomic write path.
 *
 * @module
 */
import { join } from "node:path";
import { prepareOutputDir, writeAtomic } from "../output/files.js";
import { rasterize } from "./png.js";
import { jsonFile } from "../output/json-codec.js";
import type { RenderedFigure } from "./render.js";

/** One entry of figures/figures.json. */
export interface FigureIndexEntry {
  name: string;
  title: string;
  caption: string;
  /** The SVG, relative to the output directory. */
  file: string;
  /** The PNG at 300 dpi, relative to the output directory. */
  png: string;
}

/** Writes the SVGs, their PNGs and the index; returns the index. */
export function writeFigures(dir: string, figures: RenderedFigure[]): FigureIndexEntry[] {
  const folder = join(dir, "figures");
  prepareOutputDir(folder);
  const index = figures.map((f) => ({ name: f.name, title: f.title, caption: f.caption, file: `figures/${f.name}.svg`, png: `figures/${f.name}.png` }));
  for (const f of figures) {
    writeAtomic(join(folder, `${f.name}.svg`), f.svg);
    writeAtomic(join(folder, `${f.name}.png`), rasterize(f.svg));
  }
  writeAtomic(join(folder, "figures.json"), jsonFile(index));
  return index;
}
