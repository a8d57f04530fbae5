// A PNG reader for the tests: enough to look at the pixels that resvg and
// plotly write (8-bit greyscale, RGB or RGBA, not interlaced).
import { inflateSync } from "node:zlib";

export interface Pixels {
  width: number;
  height: number;
  /** Channels per pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: number;
  data: Uint8Array;
}

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const channelsOfColorType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function isPng(bytes: Uint8Array): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

export function decodePng(bytes: Uint8Array): Pixels {
  if (!isPng(bytes)) throw new Error("not a PNG file");
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  while (offset < view.length) {
    const length = view.readUInt32BE(offset);
    const type = view.toString("latin1", offset + 4, offset + 8);
    const body = view.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = body.subarray(8, 13);
      channels = channelsOfColorType[colorType] ?? 0;
      if (bitDepth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
      }
    } else if (type === "IDAT") {
      compressed.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? data[y * stride + x - channels] : 0;
      const up = y > 0 ? data[(y - 1) * stride + x] : 0;
      const upLeft = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
      data[y * stride + x] = (line[x] + predictor(filter, left, up, upLeft)) & 0xff;
    }
  }
  return { width, height, channels, data };
}

function predictor(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}

/** The pixel at (x, y) as [r, g, b]. */
export function rgbAt(pixels: Pixels, x: number, y: number): [number, number, number] {
  const i = (y * pixels.width + x) * pixels.channels;
  if (pixels.channels < 3) return [pixels.data[i], pixels.data[i], pixels.data[i]];
  return [pixels.data[i], pixels.data[i + 1], pixels.data[i + 2]];
}

/** How many pixels in the box are dark (text, lines) or, with `red`, reddish (the gradients). */
export function countPixels(
  pixels: Pixels,
  test: (rgb: [number, number, number]) => boolean,
  box = { x: 0, y: 0, width: pixels.width, height: pixels.height },
): number {
  let count = 0;
  for (let y = box.y; y < Math.min(pixels.height, box.y + box.height); y++) {
    for (let x = box.x; x < Math.min(pixels.width, box.x + box.width); x++) if (test(rgbAt(pixels, x, y))) count++;
  }
  return count;
}

export const isDark = ([r, g, b]: [number, number, number]): boolean => r + g + b < 200;
/** The gradients' red, #d62728, and its anti-aliased edges. */
export const isRed = ([r, g, b]: [number, number, number]): boolean => r > 150 && g < 110 && b < 110;
