/** Small procedural images and a box-filter resize, all on straight RGBA pixels. */
import type { Rgba } from "./png.ts";

export type Color = [r: number, g: number, b: number];

/** "#rrggbb" (or "rrggbb") as a colour. */
export function parseHex(hex: string): Color {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`"${hex}" is not a #rrggbb colour`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function paint(width: number, height: number, color: (x: number, y: number) => Color): Rgba {
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = color(x, y);
      pixels.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, pixels };
}

const mix = (a: Color, b: Color, t: number): Color => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

export function gradient(width: number, height: number, from: Color, to: Color, direction: "horizontal" | "vertical" | "diagonal"): Rgba {
  const t = (x: number, y: number) => {
    const fx = width > 1 ? x / (width - 1) : 0;
    const fy = height > 1 ? y / (height - 1) : 0;
    return direction === "horizontal" ? fx : direction === "vertical" ? fy : (fx + fy) / 2;
  };
  return paint(width, height, (x, y) => mix(from, to, t(x, y)));
}

export function checkerboard(width: number, height: number, cell: number, a: Color, b: Color): Rgba {
  return paint(width, height, (x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? a : b));
}

export function rings(width: number, height: number, inner: Color, outer: Color): Rgba {
  const cx = (width - 1) / 2,
    cy = (height - 1) / 2,
    max = Math.hypot(cx, cy) || 1;
  return paint(width, height, (x, y) => {
    const d = Math.hypot(x - cx, y - cy) / max;
    return mix(inner, outer, (Math.sin(d * Math.PI * 6) + 1) / 2);
  });
}

/** Scales to fit within `maxSize` on its longer side (never up), averaging the source pixels each target pixel covers. */
export function thumbnail(source: Rgba, maxSize: number): Rgba {
  const scale = Math.min(1, maxSize / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * source.height) / height),
      y1 = Math.max(y0 + 1, Math.floor(((y + 1) * source.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * source.width) / width),
        x1 = Math.max(x0 + 1, Math.floor(((x + 1) * source.width) / width));
      const sum = [0, 0, 0, 0];
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * source.width + sx) * 4;
          for (let c = 0; c < 4; c++) sum[c] += source.pixels[i + c];
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) pixels[(y * width + x) * 4 + c] = Math.round(sum[c] / count);
    }
  }
  return { width, height, pixels };
}
