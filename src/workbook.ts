import type { Fill, Font, Workbook, Worksheet } from 'exceljs';
import { localDate, type IsoDate } from './dates.ts';
import { handedOverOn, resultDue, type Finding } from './finding.ts';
import type { Messages } from './i18n/index.ts';
import { daysOverdue, isOverdue, type Rectification } from './rectification.ts';
import { refOf } from './refs.ts';
import { describeStep, taskSteps, type TaskStep } from './task-record.ts';
import type { UserId } from './types.ts';
import { displayName } from './users.ts';
import { addSummarySheet, type SummaryInput } from './workbook-summary.ts';

/** What the three lists are built from; who may see what has been decided by the caller. */
export interface WorkbookInput {
  findings: readonly Finding[];
  tasks: readonly Rectification[];
  /** Display names of the people in the records. */
  names: Map<UserId, string>;
  /** Today in the team's time zone: overdue is derived from it. */
  today: IsoDate;
  timeZone: string;
  /** The office's categories, in order: the findings list is grouped by them, then by any a finding was filed under before. */
  categories: readonly string[];
  /** Fill the clue subject column (leader and office only); otherwise it stays empty. */
  withClueSubjects: boolean;
  /**
   * The fourth sheet, the handover register (移交台账), for the leader and the office only, with the
   * days after a handover by which a clue's result is due (CLUE_RESULT_DAYS); absent: three sheets.
   */
  handoverRegister?: { resultDays: number };
  /** When the file is made, for its properties. */
  now: Date;
  /** The summary sheet's own parts: the team, who exports it when, the documents it counts, the chart. */
  summary: Omit<SummaryInput, 'findings' | 'tasks' | 'today'>;
  t: Messages;
}

/** The date format every date cell carries. */
export const DATE_FORMAT = 'yyyy-mm-dd';

// Excel's "bad" style: light red fill, dark red text.
const OVERDUE_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const OVERDUE_FONT: Partial<Font> = { color: { argb: 'FF9C0006' } };

type Value = string | number | Date | undefined;
/** `date` cells get the date format; `long` columns wrap and stay narrow enough to read. */
type Kind = 'plain' | 'date' | 'long';
interface Row {
  values: Value[];
  overdue?: boolean;
}

/**
 * A calendar date as a Date at UTC midnight: exceljs stores dates as UTC serials, so the cell reads
 * as this very date in Excel whatever the time zone of the machine that writes or opens it.
 */
function excelDate(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

// CJK characters take about two columns of Excel's default font.
function textWidth(value: Value): number {
  if (value === undefined) return 0;
  if (value instanceof Date) return DATE_FORMAT.length;
  return Math.max(...String(value).split('\n').map((line) => [...line].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)));
}

/** The most characters an Excel cell holds: a longer text would make Excel repair the file. */
const CELL_MAX = 32_767;
const fit = (value: Value) => (typeof value === 'string' && value.length > CELL_MAX ? `${value.slice(0, CELL_MAX - 1)}…` : value);

function addSheet(wb: Workbook, name: string, columns: ReadonlyArray<{ header: string; kind: Kind }>, rows: readonly Row[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  for (const row of rows) {
    const added = ws.addRow(row.values.map((v) => fit(v) ?? null));
    columns.forEach((col, i) => {
      const cell = added.getCell(i + 1);
      if (col.kind === 'date') cell.numFmt = DATE_FORMAT;
      if (col.kind === 'long') cell.alignment = { wrapText: true, vertical: 'top' };
      if (row.overdue) {
        cell.fill = OVERDUE_FILL;
        cell.font = OVERDUE_FONT;
      }
    });
  }
  columns.forEach((col, i) => {
    const widest = Math.max(textWidth(col.header), ...rows.map((r) => textWidth(r.values[i])));
    ws.getColumn(i + 1).width = Math.min(Math.max(widest + 2, 8), col.kind === 'long' ? 50 : 30);
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** The most characters of the exporter's name in a header or footer. */
const NAME_IN_HEADER = 32;

/** A literal text in a header or footer: there `&` starts a code (&P the page, &12 a font size), `&&` is an ampersand. */
const literal = (text: string) => text.replaceAll('&', '&&');

/**
 * Stamp a sheet with who exported it and when, in the header and footer every printed page carries (仅供 …
 * 查阅 · 导出时间): a copy that travels on paper still says whose it was.
 */
function stamp(ws: Worksheet, input: WorkbookInput): void {
  const w = input.t.export.watermark;
  const { exportedAt, team } = input.summary;
  // Excel refuses a header or footer over 255 characters: a long display name is cut here (whole on 汇总).
  const name = [...input.summary.exportedBy];
  const exportedBy = name.length > NAME_IN_HEADER ? `${name.slice(0, NAME_IN_HEADER - 1).join('')}…` : name.join('');
  ws.headerFooter.oddHeader = `&L${literal(w.reader(exportedBy))}&C${literal(w.material(team))}&R${literal(w.at(exportedAt))}`;
  ws.headerFooter.oddFooter = `&L${literal(w.reader(exportedBy))}&C${w.page('&P', '&N')}&R${literal(w.at(exportedAt))}`;
}

/** Build the workbook (汇总, then the three lists 问题清单, 任务清单, 责任清单) and return its .xlsx bytes. */
export async function buildWorkbook(input: WorkbookInput): Promise<Uint8Array> {
  const { t, names, today, timeZone } = input;
  const r = t.export;
  const yesNo = (b: boolean) => (b ? r.yes : r.no);
  const who = (user: UserId | undefined) => (user === undefined ? undefined : displayName(user, names));
  const dayOf = (instant: string | undefined) => (instant === undefined ? undefined : excelDate(localDate(instant, timeZone)));
  const byRef = <T extends { n: number }>(a: T, b: T) => a.n - b.n;
  const stepLine = (step: TaskStep) => describeStep(step, r.steps, displayName(step.by, names), localDate(step.at, timeZone));

  // Loaded at the first export, not at start-up: exceljs takes about 0.3 s and 10 MB to load.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xuncha';
  wb.created = input.now;
  wb.modified = input.now;
  // First, so that the file opens on it.
  addSummarySheet(wb, { ...input.summary, findings: input.findings, tasks: input.tasks, today }, t);

  const fc = r.findingColumns;
  // 问题清单 grouped by category, as a report to the leading group takes them: the office's order, then
  // categories its file has dropped since, in the order their first finding was filed.
  const filed = [...input.findings].sort(byRef);
  const rank = new Map([...new Set([...input.categories, ...filed.map((f) => f.category)])].map((category, i) => [category, i]));
  // A stable sort: by reference within each category.
  const findings = filed.sort((a, b) => rank.get(a.category)! - rank.get(b.category)!);
  addSheet(
    wb,
    r.sheets.findings,
    [
      { header: fc.ref, kind: 'plain' }, { header: fc.unit, kind: 'plain' }, { header: fc.category, kind: 'plain' },
      { header: fc.tags, kind: 'plain' }, { header: fc.source, kind: 'plain' }, { header: fc.severity, kind: 'plain' },
      { header: fc.state, kind: 'plain' }, { header: fc.text, kind: 'long' }, { header: fc.author, kind: 'plain' },
      { header: fc.createdAt, kind: 'date' }, { header: fc.clue, kind: 'plain' }, { header: fc.subject, kind: 'plain' },
      { header: fc.handoverTo, kind: 'plain' }, { header: fc.handoverAt, kind: 'date' },
    ],
    findings.map((f) => ({
      values: [
        refOf('finding', f.n), f.unit, f.category, f.tags.join('、') || undefined, f.source, f.severity, t.findingStates[f.state], f.text,
        who(f.author), dayOf(f.createdAt), yesNo(f.clue !== undefined), input.withClueSubjects ? f.clue?.subject : undefined,
        f.handover && t.handoverTargets[f.handover.to], dayOf(f.handover?.at),
      ],
    })),
  );

  const tc = r.taskColumns;
  const tasks = [...input.tasks].sort(byRef);
  addSheet(
    wb,
    r.sheets.tasks,
    [
      { header: tc.ref, kind: 'plain' }, { header: tc.finding, kind: 'plain' }, { header: tc.unit, kind: 'plain' },
      { header: tc.measure, kind: 'long' }, { header: tc.owner, kind: 'plain' }, { header: tc.due, kind: 'date' },
      { header: tc.immediate, kind: 'plain' }, { header: tc.state, kind: 'plain' }, { header: tc.overdue, kind: 'plain' },
      { header: tc.daysOverdue, kind: 'plain' }, { header: tc.doneNote, kind: 'long' }, { header: tc.verifiedBy, kind: 'plain' },
      { header: tc.verifiedAt, kind: 'date' }, { header: tc.extensions, kind: 'long' }, { header: tc.progress, kind: 'long' },
      { header: tc.followUps, kind: 'long' },
    ],
    tasks.map((task) => {
      const overdue = isOverdue(task, today);
      const extensions = task.extensions.map((e) => r.extension(localDate(e.at, timeZone), e.from, e.to, e.reason)).join('\n');
      const steps = taskSteps(task).filter((step) => step.kind !== 'created');
      // 进展: what was done and decided after the task was made; 回头看 has a column of its own.
      const progress = steps.filter((step) => step.kind !== 'followUp').map(stepLine).join('\n');
      const followUps = steps.filter((step) => step.kind === 'followUp').map(stepLine).join('\n');
      return {
        overdue,
        values: [
          refOf('task', task.n), refOf('finding', task.finding), task.unit, task.measure, who(task.owner), excelDate(task.due), yesNo(task.immediate),
          t.rectify.states[task.state], yesNo(overdue), overdue ? daysOverdue(task, today) : undefined, task.doneNote?.text,
          who(task.verified?.by), dayOf(task.verified?.at), extensions || undefined, progress || undefined, followUps || undefined,
        ],
      };
    }),
  );

  // Who answers for what by when: grouped by owner, earliest deadline first.
  const dc = r.dutyColumns;
  const duties = tasks
    .map((task) => ({ task, owner: displayName(task.owner, names) }))
    .sort((a, b) => a.owner.localeCompare(b.owner, 'zh-CN') || a.task.owner.localeCompare(b.task.owner) || a.task.due.localeCompare(b.task.due) || a.task.n - b.task.n);
  addSheet(
    wb,
    r.sheets.duties,
    [
      { header: dc.owner, kind: 'plain' }, { header: dc.unit, kind: 'plain' }, { header: dc.ref, kind: 'plain' },
      { header: dc.measure, kind: 'long' }, { header: dc.due, kind: 'date' }, { header: dc.state, kind: 'plain' },
      { header: dc.overdue, kind: 'plain' },
    ],
    duties.map(({ task, owner }) => {
      const overdue = isOverdue(task, today);
      return { overdue, values: [owner, task.unit, refOf('task', task.n), task.measure, excelDate(task.due), t.rectify.states[task.state], yesNo(overdue)] };
    }),
  );

  if (input.handoverRegister) addHandoverRegister(wb, input, findings, input.handoverRegister.resultDays);
  for (const ws of wb.worksheets) stamp(ws, input);

  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * The handover register (移交台账): every finding handed over, with its report to the leading group,
 * its receipt and its result; a clue's result is due `resultDays` after the handover, and a row whose
 * result is overdue is marked.
 */
function addHandoverRegister(wb: Workbook, input: WorkbookInput, findings: readonly Finding[], resultDays: number): void {
  const { t, today, timeZone } = input;
  const r = t.export;
  const hc = r.handoverColumns;
  const dated = (what: string, date: string) => r.dated(what, date);
  addSheet(
    wb,
    r.sheets.handovers,
    [
      { header: hc.ref, kind: 'plain' }, { header: hc.unit, kind: 'plain' }, { header: hc.to, kind: 'plain' },
      { header: hc.reported, kind: 'date' }, { header: hc.handedOver, kind: 'date' }, { header: hc.receipt, kind: 'plain' },
      { header: hc.result, kind: 'long' }, { header: hc.due, kind: 'date' }, { header: hc.overdue, kind: 'plain' },
    ],
    findings.flatMap((f) => {
      const h = f.handover;
      if (!h) return [];
      const on = handedOverOn(h, timeZone);
      // Only a clue's result is followed: a problem handed to the unit is rectified, not disposed of.
      const due = f.clue ? resultDue(on, resultDays) : undefined;
      const overdue = due !== undefined && !h.result && due < today;
      const result = h.result && [dated(h.result.kind, localDate(h.result.at, timeZone)), h.result.note].filter(Boolean).join('\n');
      return [{
        overdue,
        values: [
          refOf('finding', f.n), f.unit, t.handoverTargets[h.to], h.reported === undefined ? undefined : excelDate(h.reported), excelDate(on),
          h.receipt && dated(h.receipt.by, h.receipt.on), result, due === undefined ? undefined : excelDate(due), due === undefined ? undefined : overdue ? r.yes : r.no,
        ],
      }];
    }),
  );
}
