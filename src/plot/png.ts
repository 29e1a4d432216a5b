/**
 * Rasterizing the figures' SVG to PNG for papers and slides, with resvg compiled to WebAssembly
 * (`@resvg/resvg-wasm`: no native addon, no browser). resvg sees no system fonts here: it is given
 * DejaVu Serif and DejaVu Sans (`dejavu-fonts-ttf`, TrueType), which cover the figures' symbols
 * (ε, subscripts ₁₂, superscripts ¹², ∞, the overline of V̄₂), so that a PNG looks the same on
 * every machine.
 *
 * The WebAssembly module is compiled once per process by {@link initRasterizer} (asynchronous);
 * {@link rasterize} is synchronous after it.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initWasm, Resvg } from "@resvg/resvg-wasm";

const require = createRequire(import.meta.url);

/** Pixels per CSS pixel of the PNGs: 300 dpi for a figure printed at its SVG size (96 px per inch). */
export const PNG_ZOOM = 300 / 96;

/** The serif family the figures are set in ({@link BASE_CONFIG}), the one the PNGs embed. */
export const FIGURE_FONT = "DejaVu Serif";

let ready: Promise<void> | undefined;
let fonts: Uint8Array[] | undefined;

/** Compiles resvg's WebAssembly module and reads the fonts, once per process. */
export function initRasterizer(): Promise<void> {
  ready ??= (async () => {
    await initWasm(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    fonts = ["DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${f}`)));
  })();
  return ready;
}

/**
 * An SVG as a PNG, `zoom` pixels per SVG pixel, on white.
 *
 * @throws {Error} before {@link initRasterizer} has resolved.
 * @example
 * await initRasterizer();
 * const png = rasterize('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', 2);
 * png.subarray(1, 4).toString() // "PNG" (20 × 20 pixels)
 */
export function rasterize(svg: string, zoom = PNG_ZOOM): Buffer {
  if (!fonts) throw new Error("rasterize: call `await initRasterizer()` first");
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: zoom },
    background: "white",
    font: { fontBuffers: fonts, defaultFontFamily: FIGURE_FONT, serifFamily: FIGURE_FONT, sansSerifFamily: "DejaVu Sans" },
  });
  try {
    const image = resvg.render();
    try {
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
