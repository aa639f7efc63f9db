/**
 * The chart renderer's own process (src/chart.ts starts it): ECharts lays an option out as SVG and resvg
 * rasterises it with the CJK font that `npm install` brings. Apart from the bot because a renderer costs
 * memory the bot must not carry (ECharts some 50 MB, resvg's font caches grow with every picture) and a
 * fault in native code must not take the bot down; the bot recycles this process when idle.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import subsetFont from 'subset-font';
import { use, init } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_FONT, type DrawRequest, type DrawResult } from './chart.ts';

use([BarChart, GridComponent, TitleComponent, LegendComponent, SVGRenderer]);

// The package exports no path to its files: they sit in fonts/ beside its dist/ (its README).
const font = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '../fonts/NotoSansHans-Regular.otf'));
const scratch = mkdtempSync(join(tmpdir(), 'xc-chart-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** The characters a picture shows: its texts' contents, entities decoded, and the digits axes may add. */
function charactersOf(svg: string): string {
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).join('');
  const decoded = texts.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_, dec: string, hex: string, name: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]!);
  return [...new Set(`${decoded}0123456789.,-…`)].join('');
}

/**
 * The font cut down to the picture's characters, as a file. resvg reads a font file afresh for every
 * glyph it lays out: with the whole 8 MB font a chart of 300 glyphs took 400 ms, with its subset of a
 * few kilobytes 30 (measured on this machine). Its fontBuffers option is no way round: given a buffer it
 * falls back to another font and draws boxes.
 */
async function subsetFile(svg: string, id: number): Promise<string> {
  const file = join(scratch, `${id}.ttf`);
  await writeFile(file, await subsetFont(font, charactersOf(svg), { targetFormat: 'truetype' }));
  return file;
}

async function draw(request: DrawRequest): Promise<Uint8Array> {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: request.width, height: request.height });
  let svg: string;
  try {
    chart.setOption(request.option);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  if (request.svg) return new TextEncoder().encode(svg);
  const fontFile = await subsetFile(svg, request.id);
  try {
    // No system fonts: the picture looks the same on every machine, and never falls back to boxes.
    return new Resvg(svg, { font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: CHART_FONT }, background: '#fff' }).render().asPng();
  } finally {
    await unlink(fontFile);
  }
}

process.on('message', (request: DrawRequest) => {
  draw(request).then(
    (data): DrawResult => ({ id: request.id, data }),
    (err: unknown): DrawResult => ({ id: request.id, error: (err as Error)?.message ?? String(err) }),
  ).then((result) => process.send!(result));
});
process.on('disconnect', () => process.exit(0));
