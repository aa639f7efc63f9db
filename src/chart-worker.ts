/**
 * The chart renderer's own process (src/chart.ts starts it): ECharts lays an option out as SVG and resvg
 * rasterises it with the CJK font that `npm install` brings. Apart from the bot because a renderer costs
 * memory the bot must not carry (ECharts some 50 MB, resvg's font caches grow with every picture) and a
 * fault in native code must not take the bot down; the bot recycles this process when idle.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import { use, init } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_FONT, type DrawRequest, type DrawResult } from './chart.ts';

use([BarChart, GridComponent, TitleComponent, LegendComponent, SVGRenderer]);

// The package exports no path to its files: they sit in fonts/ beside its dist/ (its README).
const fontFile = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '../fonts/NotoSansHans-Regular.otf');

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
  // No system fonts: the picture looks the same on every machine, and never falls back to boxes.
  const image = await renderAsync(svg, { font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: CHART_FONT }, background: '#fff' });
  return image.asPng();
}

process.on('message', (request: DrawRequest) => {
  draw(request).then(
    (data): DrawResult => ({ id: request.id, data }),
    (err: unknown): DrawResult => ({ id: request.id, error: (err as Error)?.message ?? String(err) }),
  ).then((result) => process.send!(result));
});
process.on('disconnect', () => process.exit(0));
