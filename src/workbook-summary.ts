/**
 * The export's first sheet, 汇总: the team, the date, the key figures by the definitions /stats uses, and
 * the team's chart as a picture. What a leader reads before any list.
 */
import type { Image, Workbook, Worksheet } from 'exceljs';
import { isDocOverdue, isUnreturned, type DocRequest } from './doc-request.ts';
import type { IsoDate } from './dates.ts';
import type { Messages } from './i18n/index.ts';
import { taskCounts, type Rectification } from './rectification.ts';

/** The team's chart as a PNG, or why there is none: nothing to draw yet, or the renderer failed. */
export type SummaryChart = Uint8Array | 'none' | 'failed';

/** What the summary sheet shows; every figure is a count, never a record's words. */
export interface SummaryInput {
  team: string;
  units: readonly string[];
  findings: ReadonlyArray<{ clue?: unknown }>;
  tasks: ReadonlyArray<Pick<Rectification, 'state' | 'due' | 'immediate' | 'followUps'>>;
  docs: ReadonlyArray<Pick<DocRequest, 'state' | 'due'>>;
  today: IsoDate;
  exportedBy: string;
  /** Local date and time of the export, `YYYY-MM-DD HH:MM:SS`. */
  exportedAt: string;
  chart: SummaryChart;
}

/** A share as a fraction for a percent-formatted cell; a dash when there is nothing to divide, as /stats writes it. */
const rate = (part: number, total: number) => (total === 0 ? '—' : part / total);

/** The key figures, by /stats' definitions: clues a single count, completion over signed-off (销号) tasks only. */
function summaryFigures(input: Pick<SummaryInput, 'findings' | 'tasks' | 'docs' | 'today'>) {
  const { findings, tasks, docs, today } = input;
  const { open, done, verified, overdue } = taskCounts(tasks, today);
  const immediate = tasks.filter((task) => task.immediate);
  const followUps = tasks.flatMap((task) => task.followUps);
  return {
    problems: findings.filter((f) => !f.clue).length,
    clues: findings.filter((f) => f.clue).length,
    tasks: tasks.length,
    verified,
    done,
    open,
    completion: rate(verified, tasks.length),
    overdue,
    overdueRate: rate(overdue, tasks.length),
    immediate: immediate.length,
    immediateVerified: immediate.filter((task) => task.state === 'verified').length,
    followUps: followUps.length,
    relapsed: followUps.filter((f) => f.result === '反弹').length,
    notInPlace: followUps.filter((f) => f.result === '未到位').length,
    docs: docs.length,
    docsOverdue: docs.filter((d) => isDocOverdue(d, today)).length,
    unreturned: docs.filter(isUnreturned).length,
  };
}

/** The width and height of a PNG, from its header (IHDR, always the first chunk). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The picture's width on the sheet, in pixels: a screen's width without scrolling, at 100%. */
const CHART_WIDTH = 640;

/** Add the summary sheet; the caller adds it first, so that it opens first. */
export function addSummarySheet(wb: Workbook, input: SummaryInput, t: Messages): Worksheet {
  const r = t.export;
  const s = r.summary;
  const ws = wb.addWorksheet(r.sheets.summary);
  ws.columns = [{ width: 24 }, { width: 24 }, { width: 48 }];
  const title = ws.addRow([s.title(input.team)]);
  title.font = { bold: true, size: 14 };
  const info: Array<[string, string]> = [
    [s.team, input.team],
    [s.units, input.units.join('、')],
    [s.asOf, input.today],
    [s.exportedBy, input.exportedBy],
    [s.exportedAt, input.exportedAt],
  ];
  for (const [label, value] of info) ws.addRow([label, value]).getCell(1).font = { bold: true };
  ws.addRow([]);

  const f = summaryFigures(input);
  const head = ws.addRow([s.columns.figure, s.columns.value, s.columns.note]);
  head.font = { bold: true };
  // A rate is a number Excel can compute with, shown as a percentage.
  const share = (value: number | string) => ({ share: value });
  const figures: Array<[string, number | { share: number | string }, string?]> = [
    [s.problems, f.problems],
    [s.clues, f.clues, s.cluesNote],
    [s.tasks, f.tasks],
    [s.verified, f.verified],
    [s.done, f.done],
    [s.open, f.open, s.openNote],
    [s.completion, share(f.completion), s.completionNote],
    [s.overdue, f.overdue, s.overdueNote],
    [s.overdueRate, share(f.overdueRate), s.overdueRateNote],
    [s.immediate, f.immediate, s.immediateNote(f.immediateVerified)],
    [s.followUps, f.followUps, s.followUpsNote(f.relapsed, f.notInPlace)],
    [s.docs, f.docs],
    [s.docsOverdue, f.docsOverdue],
    [s.unreturned, f.unreturned, s.unreturnedNote],
  ];
  for (const [label, figure, note] of figures) {
    const value = typeof figure === 'object' ? figure.share : figure;
    const cell = ws.addRow([label, value, note ?? null]).getCell(2);
    cell.alignment = { horizontal: 'right' };
    if (typeof figure === 'object' && typeof value === 'number') cell.numFmt = '0.0%';
  }
  ws.addRow([]);

  ws.addRow([s.chart]).font = { bold: true };
  if (input.chart === 'none' || input.chart === 'failed') {
    ws.addRow([input.chart === 'none' ? s.noChart : s.chartFailed]);
  } else {
    const { width, height } = pngSize(input.chart);
    const image = wb.addImage({ buffer: Buffer.from(input.chart) as unknown as Image['buffer'], extension: 'png' });
    // Under the heading, at the picture's own proportions.
    ws.addImage(image, { tl: { col: 0, row: ws.rowCount }, ext: { width: CHART_WIDTH, height: Math.round((height * CHART_WIDTH) / width) } });
  }
  return ws;
}
