import { inflateSync } from 'node:zlib';

/** A decoded PNG: its size and its pixels as RGBA, row after row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decode an 8-bit, non-interlaced PNG (what resvg writes): the chunks' IDAT inflated and each row
 * unfiltered (PNG spec §9). Enough to compare what two pictures show, pixel by pixel.
 */
export function decodePng(data: Uint8Array): Pixels {
  const buf = Buffer.from(data);
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      colourType = body[9]!;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') idat.push(body);
    pos += 12 + length;
  }
  const channels = colourType === 3 ? 1 : CHANNELS[colourType];
  if (!channels) throw new Error(`colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? rows[y * stride + x - channels]! : 0;
      const b = y > 0 ? rows[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? rows[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predicted === undefined) throw new Error(`filter ${filter}`);
      rows[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = rows.subarray(i * channels, i * channels + channels);
    const [r, g, b, a] =
      colourType === 3 ? [...palette!.subarray(px[0]! * 3, px[0]! * 3 + 3), 255]
      : colourType === 0 ? [px[0]!, px[0]!, px[0]!, 255]
      : colourType === 4 ? [px[0]!, px[0]!, px[0]!, px[1]!]
      : colourType === 2 ? [px[0]!, px[1]!, px[2]!, 255]
      : [px[0]!, px[1]!, px[2]!, px[3]!];
    rgba.set([r!, g!, b!, a!], i * 4);
  }
  return { width, height, rgba };
}

/** How many pixels differ between two pictures of the same size inside a rectangle. */
export function differing(a: Pixels, b: Pixels, box: { x: number; y: number; w: number; h: number }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * a.width + x) * 4;
      if (a.rgba[i] !== b.rgba[i] || a.rgba[i + 1] !== b.rgba[i + 1] || a.rgba[i + 2] !== b.rgba[i + 2]) n++;
    }
  }
  return n;
}

/** How many pixels inside a rectangle are not white: ink. */
export function inked(p: Pixels, box: { x: number; y: number; w: number; h: number }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * p.width + x) * 4;
      if (p.rgba[i]! < 200 || p.rgba[i + 1]! < 200 || p.rgba[i + 2]! < 200) n++;
    }
  }
  return n;
}
