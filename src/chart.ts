/**
 * Charts in chat: a reply may carry a chart, described here as data (what the outbox stores and the gate
 * passes like any reply) and drawn to PNG only on its way out. ECharts lays it out as SVG on the server
 * and resvg rasterises it with the Noto Sans CJK font that `npm install` brings, so Chinese labels show
 * whatever fonts the machine has. Both run in a process of their own (src/chart-worker.ts), started on
 * the first chart drawn: a bot that never draws one never pays their memory.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Logger } from './logger.ts';
import type { Reply } from './types.ts';

/** The tones a series may take: one meaning, one colour, on every chart. */
export const TONES = ['signedOff', 'done', 'open', 'overdue', 'neutral'] as const;
const COLOURS: Record<(typeof TONES)[number], string> = {
  signedOff: '#2e7d32',
  done: '#81c784',
  open: '#5b8ff9',
  overdue: '#e8684a',
  neutral: '#5b8ff9',
};

const PanelSchema = z.object({
  title: z.string(),
  /** The bars' names, one per bar, top to bottom: units, categories, teams. */
  categories: z.array(z.string()),
  /** Stacked in this order, each with one value per category. */
  series: z.array(z.object({ name: z.string(), tone: z.enum(TONES), values: z.array(z.number()) })),
  /** Shown when every value is zero, instead of an empty frame. */
  empty: z.string(),
});
export type Panel = z.infer<typeof PanelSchema>;

/** A picture of one or more panels of horizontal bars, stacked one above the other: phones scroll down. */
export const ChartSchema = z.object({
  /** The file's name without extension, and the picture's heading. */
  name: z.string(),
  title: z.string(),
  panels: z.array(PanelSchema).min(1),
});
export type Chart = z.infer<typeof ChartSchema>;

/** The family name inside the font file the renderer loads. */
export const CHART_FONT = 'Noto Sans Hans';

const WIDTH = 800;
const TITLE_HEIGHT = 56;
const PANEL_HEAD = 72;
const BAR_ROW = 34;
const PANEL_FOOT = 36;
/** Labels longer than this are cut: a unit's full name is in the text beside the picture. */
const LABEL_CHARS = 10;

const panelHeight = (p: Panel) => PANEL_HEAD + Math.max(p.categories.length, 1) * BAR_ROW + PANEL_FOOT;

/** The chart's height: every bar a row, so a team of 3 units and an office of 30 teams both read on a phone. */
export const heightOf = (chart: Chart) => TITLE_HEIGHT + chart.panels.reduce((h, p) => h + panelHeight(p), 0);

const cut = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/** The ECharts option of a chart: one grid per panel, categories top to bottom, values along the bottom. */
function optionOf(chart: Chart): Record<string, unknown> {
  const grids: object[] = [];
  const xAxes: object[] = [];
  const yAxes: object[] = [];
  const series: object[] = [];
  const titles: object[] = [{ text: chart.title, left: 16, top: 12, textStyle: { fontSize: 22, fontWeight: 'normal', color: '#222' } }];
  const legends: object[] = [];
  let top = TITLE_HEIGHT;
  chart.panels.forEach((panel, i) => {
    const rows = Math.max(panel.categories.length, 1);
    const empty = panel.series.every((s) => s.values.every((v) => v === 0));
    titles.push({ text: panel.title, left: 16, top, textStyle: { fontSize: 17, fontWeight: 'normal', color: '#333' } });
    if (empty) titles.push({ text: panel.empty, left: 'center', top: top + PANEL_HEAD, textStyle: { fontSize: 15, fontWeight: 'normal', color: '#888' } });
    // A single series needs no key: the panel's title names it.
    if (panel.series.length > 1) legends.push({ top: top + 30, left: 16, itemWidth: 14, itemHeight: 14, textStyle: { fontSize: 14 }, data: panel.series.map((s) => s.name) });
    grids.push({ left: 150, right: 32, top: top + PANEL_HEAD, height: rows * BAR_ROW, containLabel: false });
    xAxes.push({ gridIndex: i, show: !empty, type: 'value', minInterval: 1, axisLabel: { fontSize: 13 }, splitLine: { lineStyle: { color: '#eee' } } });
    // Top to bottom as given: ECharts counts a category axis from the bottom.
    yAxes.push({ gridIndex: i, show: !empty, type: 'category', inverse: true, data: panel.categories.map(cut), axisLabel: { fontSize: 14, color: '#333' }, axisTick: { show: false } });
    for (const s of panel.series) {
      series.push({
        type: 'bar',
        name: s.name,
        stack: `panel${i}`,
        xAxisIndex: i,
        yAxisIndex: i,
        // A zero is no bar and no label: null, not 0, so that the option stays plain data.
        data: s.values.map((v) => v || null),
        barMaxWidth: 22,
        itemStyle: { color: COLOURS[s.tone] },
        label: { show: true, fontSize: 12, color: '#fff' },
      });
    }
    top += panelHeight(panel);
  });
  return { animation: false, backgroundColor: '#fff', textStyle: { fontFamily: CHART_FONT }, title: titles, legend: legends, grid: grids, xAxis: xAxes, yAxis: yAxes, series };
}

/** What the bot asks the renderer: an ECharts option (plain data) and the picture's size. */
export interface DrawRequest {
  id: number;
  option: Record<string, unknown>;
  width: number;
  height: number;
  /** The SVG instead of the PNG: for tests that read the labels. */
  svg?: boolean;
}
export type DrawResult = { id: number; data: Uint8Array } | { id: number; error: string };

/** A picture takes well under a second; one that takes this long is stuck, and its process is ended. */
const DRAW_TIMEOUT_MS = 20_000;
/** The renderer's memory grows with every picture: after this many, or this long idle, it is started afresh. */
const DRAWS_PER_PROCESS = 50;
const IDLE_MS = 60_000;

/** A script run instead of the renderer: set by tests alone, through `rendererSeams`. */
let standInScript: string | undefined;

/**
 * The renderer process, started on the first chart and ended when idle. From the sources (tests, the
 * bench) it runs the TypeScript file through tsx; built, the bundle beside this one.
 */
function startRenderer(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = standInScript ?? fileURLToPath(new URL(fromSource ? './chart-worker.ts' : './chart-worker.js', import.meta.url));
  return fork(script, [], { execArgv: fromSource ? ['--import', 'tsx'] : [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

interface Pending {
  resolve(data: Uint8Array): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Draws charts in the renderer process, one process at a time, restarted after a fault. */
function createDrawer() {
  let child: ChildProcess | undefined;
  let drawn = 0;
  let ids = 0;
  let idle: NodeJS.Timeout | undefined;
  const pending = new Map<number, Pending>();

  function retire(reason: string) {
    const old = child;
    child = undefined;
    drawn = 0;
    clearTimeout(idle);
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
      pending.delete(id);
    }
    if (old && old.exitCode === null) old.kill();
  }

  function renderer(): ChildProcess {
    if (child && drawn < DRAWS_PER_PROCESS) return child;
    if (child && pending.size === 0) retire('recycled');
    if (child) return child;
    const started = startRenderer();
    started.on('message', (result: DrawResult) => {
      const p = pending.get(result.id);
      if (!p) return;
      pending.delete(result.id);
      clearTimeout(p.timer);
      if ('data' in result) p.resolve(result.data);
      else p.reject(new Error(result.error));
      if (pending.size === 0) rest(started);
    });
    started.on('exit', (code, signal) => {
      if (child === started) retire(`the chart renderer stopped (${signal ?? code})`);
    });
    started.on('error', (err) => {
      if (child === started) retire(err.message);
    });
    child = started;
    return started;
  }

  /** Idle: the bot may exit without waiting for it, and it ends after a while. */
  function rest(c: ChildProcess) {
    c.unref();
    (c.channel as { unref?(): void } | undefined)?.unref?.();
    clearTimeout(idle);
    idle = setTimeout(() => child === c && pending.size === 0 && retire('idle'), IDLE_MS);
    idle.unref();
  }

  return {
    draw(request: Omit<DrawRequest, 'id'>): Promise<Uint8Array> {
      const c = renderer();
      c.ref();
      (c.channel as { ref?(): void } | undefined)?.ref?.();
      clearTimeout(idle);
      const id = ++ids;
      drawn++;
      return new Promise<Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (child === c) retire('the chart renderer did not answer in time');
        }, DRAW_TIMEOUT_MS);
        pending.set(id, { resolve, reject, timer });
        c.send({ ...request, id } satisfies DrawRequest);
      });
    },
    /** End the renderer: at the bot's stop, and in tests. */
    close(): void {
      retire('stopped');
    },
    /** The running renderer's process id, if one runs. */
    pid: () => child?.pid,
  };
}

const drawer = createDrawer();

/** A chart drawn to PNG. */
export async function drawChart(chart: Chart): Promise<Uint8Array> {
  return drawer.draw({ option: optionOf(chart), width: WIDTH, height: heightOf(chart) });
}

/** A chart as SVG, as ECharts lays it out (for tests that read its labels). */
export async function chartSvg(chart: Chart): Promise<string> {
  return new TextDecoder().decode(await drawer.draw({ option: optionOf(chart), width: WIDTH, height: heightOf(chart), svg: true }));
}

/** End the renderer process, if one runs. */
export const stopDrawing = () => drawer.close();

/**
 * Seams for the tests of the renderer's faults (test/chart-faults.test.ts) and the bench, used nowhere
 * else: the running renderer's process id, to kill it mid-draw or read its memory; and a script to run as the renderer from now on
 * (one that dies or does not exist; undefined: the real one again), the running renderer ended first.
 */
export const rendererSeams = {
  pid: (): number | undefined => drawer.pid(),
  useScript(script: string | undefined): void {
    drawer.close();
    standInScript = script;
  },
};

/**
 * A reply with its chart drawn: the picture becomes the reply's PNG file. When it cannot be drawn the
 * reply still goes, its text saying so in `failed`: a chart is never worth a lost answer.
 */
export async function pictured(reply: Reply, failed: string, log: Logger): Promise<Reply> {
  if (!reply.chart) return reply;
  const { chart, ...rest } = reply;
  try {
    return { ...rest, file: { name: `${chart.name}.png`, mime: 'image/png', data: await drawChart(chart) } };
  } catch (err) {
    log.warn({ err: { message: (err as Error)?.message } }, 'a chart could not be drawn; its reply goes without it');
    return { ...rest, text: [rest.text, failed].filter(Boolean).join('\n') };
  }
}
