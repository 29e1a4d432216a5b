/**
 * Text widths for Vega's layout in Node, from the advance widths of the font the figures are set
 * in (DejaVu Serif, the TrueType files of `dejavu-fonts-ttf` that the PNGs embed). Without a
 * canvas Vega guesses 0.8 em per character, about 1.5 times too wide for a serif face, which
 * pads the figures and drops axis labels as overlapping; a measured width lays them out as they
 * are drawn. Only the tables a width needs are read: `head` (units per em), `hhea` and `hmtx`
 * (advance widths), and the `cmap` subtable of format 4 (Unicode BMP to glyph; every symbol of the
 * figures is in the BMP).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Advance widths of one face, in em, by UTF-16 code unit. */
export type AdvanceWidths = (code: number) => number;

/**
 * The advance widths of a TrueType font, in em.
 *
 * @throws {Error} when the font has no Unicode BMP cmap of format 4.
 */
export function readAdvanceWidths(font: Buffer): AdvanceWidths {
  const tables = new Map<string, number>();
  for (let i = 0, n = font.readUInt16BE(4); i < n; i++) tables.set(font.toString("latin1", 12 + 16 * i, 16 + 16 * i), font.readUInt32BE(20 + 16 * i));
  const em = font.readUInt16BE(tables.get("head")! + 18);
  const metrics = font.readUInt16BE(tables.get("hhea")! + 34);
  const hmtx = tables.get("hmtx")!;
  const cmap = tables.get("cmap")!;
  let sub = -1;
  for (let i = 0, n = font.readUInt16BE(cmap + 2); i < n; i++) {
    const [platform, encoding, offset] = [font.readUInt16BE(cmap + 4 + 8 * i), font.readUInt16BE(cmap + 6 + 8 * i), font.readUInt32BE(cmap + 8 + 8 * i)];
    if (((platform === 3 && encoding === 1) || platform === 0) && font.readUInt16BE(cmap + offset) === 4) sub = cmap + offset;
  }
  if (sub < 0) throw new Error("font has no Unicode cmap of format 4");
  const segments = font.readUInt16BE(sub + 6) / 2;
  const [ends, starts, deltas, ranges] = [sub + 14, sub + 16 + 2 * segments, sub + 16 + 4 * segments, sub + 16 + 6 * segments];
  const glyph = (code: number): number => {
    for (let i = 0; i < segments; i++) {
      if (font.readUInt16BE(ends + 2 * i) < code) continue;
      const start = font.readUInt16BE(starts + 2 * i);
      if (start > code) return 0;
      const delta = font.readUInt16BE(deltas + 2 * i);
      const range = font.readUInt16BE(ranges + 2 * i);
      if (range === 0) return (code + delta) & 0xffff;
      const g = font.readUInt16BE(ranges + 2 * i + range + 2 * (code - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return (code) => {
    let width = cache.get(code);
    if (width === undefined) {
      const g = Math.min(glyph(code), metrics - 1);
      width = font.readUInt16BE(hmtx + 4 * g) / em;
      cache.set(code, width);
    }
    return width;
  };
}

let faces: { regular: AdvanceWidths; bold: AdvanceWidths } | undefined;

/**
 * The width in pixels of `text` set in DejaVu Serif at `size` pixels, bold when `bold`.
 *
 * @example
 * Math.round(serifTextWidth("ε = 0.1", 10)) // 36
 */
export function serifTextWidth(text: string, size: number, bold = false): number {
  faces ??= {
    regular: readAdvanceWidths(readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSerif.ttf"))),
    bold: readAdvanceWidths(readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf"))),
  };
  const face = bold ? faces.bold : faces.regular;
  let em = 0;
  for (let i = 0; i < text.length; i++) em += face(text.charCodeAt(i));
  return em * size;
}
