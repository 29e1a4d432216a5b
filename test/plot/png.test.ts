import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { Resvg } from "@resvg/resvg-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { convergenceFigure } from "../../src/plot/figures.js";
import { initRasterizer, PNG_ZOOM, rasterize } from "../../src/plot/png.js";
import { renderFigures } from "../../src/plot/render.js";
import { serifTextWidth } from "../../src/plot/text-metrics.js";
import { writeFigures } from "../../src/plot/write.js";

/** The RGBA pixels of an 8-bit RGBA PNG (IHDR, IDAT chunks inflated and unfiltered, per the PNG spec). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  expect([png[24], png[25]]).toEqual([8, 6]); // 8 bits, RGBA
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 4 * width;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const paeth = () => {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, filter === 4 ? paeth() : 0][filter];
      pixels[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

/** Pixels darker than mid-grey. */
const dark = (pixels: Uint8Array) => {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 128) n++;
  return n;
};

const dir = mkdtempSync(join(tmpdir(), "alignsim-png-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PNG export", () => {
  it("writeFigures writes a 300 dpi PNG of each SVG, listed in figures.json", async () => {
    const points = [0.1, 0.2, 0.4].map((x) => ({ curve: "c", x, value: x * x, stderr: 0 }));
    const figures = await renderFigures([convergenceFigure(points, [], "caption")]);
    const index = writeFigures(dir, figures);
    expect(index[0].png).toBe("figures/convergence.png");
    const { width, height, pixels } = decodePng(readFileSync(join(dir, index[0].png)));
    const [svgWidth, svgHeight] = [/width="(\d+)"/, /height="(\d+)"/].map((re) => Number(figures[0].svg.match(re)![1]));
    expect(width).toBe(Math.round(svgWidth * PNG_ZOOM));
    expect(height).toBe(Math.round(svgHeight * PNG_ZOOM));
    // white background, with axes, points and labels drawn on it
    expect(pixels.slice(0, 4)).toEqual(new Uint8Array([255, 255, 255, 255]));
    expect(dark(pixels)).toBeGreaterThan(width * 2);
  });

  it("text renders with the bundled font: one word draws dark pixels, an empty SVG none", async () => {
    await initRasterizer();
    const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">${body}</svg>`;
    expect(dark(decodePng(rasterize(svg(""))).pixels)).toBe(0);
    expect(dark(decodePng(rasterize(svg('<text x="2" y="15" font-family="DejaVu Serif" font-size="12">ε₁ V̄₂</text>'))).pixels)).toBeGreaterThan(20);
  });

  it("layout widths agree with the advance widths resvg sets the text with (within 0.5 %)", async () => {
    await initRasterizer();
    const require = createRequire(import.meta.url);
    const fontBuffers = [readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSerif.ttf"))];
    // the ink box starts at x + lsb of the first glyph; anchored at its end at X, the text starts
    // at X − advance: the difference of the two boxes' left edges is X − advance
    const inkLeft = (text: string, anchor: string, x: number) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text x="${x}" y="20" text-anchor="${anchor}" font-family="DejaVu Serif" font-size="20">${text}</text></svg>`;
      const resvg = new Resvg(svg, { font: { fontBuffers, defaultFontFamily: "DejaVu Serif" } });
      const box = resvg.getBBox()!;
      resvg.free();
      return box.x;
    };
    for (const text of ["0.025", "distance at t = O(1)", "(49) slip-corrected", "ε¹ M₁ V̄₂"]) {
      const advance = 580 - (inkLeft(text, "end", 580) - inkLeft(text, "start", 0));
      expect(Math.abs(serifTextWidth(text, 20) - advance) / advance).toBeLessThan(0.005);
    }
  });
});
