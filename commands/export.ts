import { drawChart } from '../src/chart.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { localDateTime, timeIn } from '../src/dates.ts';
import { hasRole } from '../src/guards.ts';
import { exportEn, exportZh } from '../src/i18n/export.ts';
import { stampOf, teamChart, type TeamChartInput } from '../src/progress-chart.ts';
import { recusedUnits } from '../src/recusal.ts';
import { completion } from '../src/rectification.ts';
import { peopleOf } from '../src/task-record.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';
import { buildWorkbook } from '../src/workbook.ts';
import type { SummaryChart } from '../src/workbook-summary.ts';

const family = defineFamily('export', { zh: exportZh, en: exportEn });

/** The mime type of an .xlsx file. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who may see a clue's subject in the export (domain.md: "in /export only for leader and admin"), and the handover register. */
const SUBJECT_READERS = ['leader', 'admin'] as const;

/**
 * `xuncha-<team>-<YYYYMMDD>-<HHMMSS>.xlsx` from the export's local `YYYY-MM-DD HH:MM:SS`, to the second: each export a file of its own, the
 * morning's not overwritten by the afternoon's (the console adds a counter should two share a second).
 * The team name is made safe as a file name (an adapter may save it to disk).
 */
export function exportFileName(team: string, at: string): string {
  const safe = team.replace(/[\\/:*?"<>|\u0000-\u001f\s]+/g, '_').replace(/^\.+/, '') || 'team';
  return `xuncha-${safe}-${at.replace(/[-:]/g, '').replace(' ', '-')}.xlsx`;
}

/** The local date and time of the export to the second, `YYYY-MM-DD HH:MM:SS`. */
function exportedAt(ctx: TeamContext): string {
  // Seconds are the same in every zone of today's world (offsets are whole minutes): taken from UTC.
  const seconds = String(new Date(ctx.now).getUTCSeconds()).padStart(2, '0');
  return `${localDateTime(ctx.now, ctx.config.timeZone)}:${seconds}`;
}

/**
 * The team's chart for the summary sheet, drawn now: the picture goes inside the file, not after the
 * reply. A renderer that fails costs the picture, never the export.
 */
async function summaryChart(ctx: TeamContext, input: TeamChartInput): Promise<SummaryChart> {
  const chart = teamChart(input, ctx.t.chart, ctx.today, stampOf(ctx.today, timeIn(new Date(ctx.now), ctx.config.timeZone)));
  if (!chart) return 'none';
  try {
    return await drawChart(chart);
  } catch (err) {
    ctx.log.warn({ err: { message: (err as Error)?.message } }, 'the export\'s chart could not be drawn; the workbook goes without it');
    return 'failed';
  }
}

export const exportCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: {},
    access: { scope: 'team', roles: ['leader', 'deputy', 'admin'] },
    async run(ctx) {
      const { t, team } = ctx;
      // The workbook is whole or nothing: one who declared a conflict with a unit that has findings gets none (回避).
      const recused = recusedUnits(team, ctx.user);
      if (recused.length) {
        const units = new Set((await ctx.services.findings.summaries(team.id)).map((f) => f.unit));
        const closed = recused.filter((unit) => units.has(unit));
        if (closed.length) throw new CommandError('FORBIDDEN', t.recusal.noExport(closed));
      }
      const [findings, tasks, docs] = await Promise.all([
        ctx.services.findings.list(team.id),
        ctx.services.rectifications.list(team.id),
        ctx.services.docs.list(team.id),
      ]);
      const names = await ctx.services.users.names([...new Set([ctx.user, ...findings.map((f) => f.author), ...tasks.flatMap(peopleOf)])]);
      const withClueSubjects = hasRole(ctx, SUBJECT_READERS);
      // The handover register follows each clue to its result: leadership material, like the subjects.
      const handoverRegister = withClueSubjects ? { resultDays: ctx.config.clueResultDays } : undefined;
      const { categories } = ctx.services.taxonomy;
      const at = exportedAt(ctx);
      // The chart counts findings that are not clues, as in a group's /stats; the summary gives clues as one count.
      const chart = await summaryChart(ctx, { team, tasks, findings, categories });
      const summary = { team: team.name, units: team.units.map((u) => u.name), docs, exportedBy: displayName(ctx.user, names), exportedAt: at, chart };
      const data = await buildWorkbook({ findings, tasks, names, today: ctx.today, timeZone: ctx.config.timeZone, categories, withClueSubjects, handoverRegister, now: new Date(ctx.now), summary, t });
      const clues = findings.filter((f) => f.clue);
      const done = completion(tasks);
      const lines = [t.export.exported(team.name, findings.length, tasks.length, tasks.length)];
      if (done.total) lines.push(t.export.completion(done.verified, done.total));
      if (clues.length) lines.push(t.export.cluesIncluded(clues.length, withClueSubjects));
      if (handoverRegister) lines.push(t.export.registerIncluded(findings.filter((f) => f.handover).length));
      if (chart === 'failed') lines.push(t.export.chartFailed);
      lines.push(t.export.secret);
      // Leadership material that may hold clues: only ever to the asker in private, never to the group.
      // The workbook quotes every finding and task of the team; the gate records each clue in it as exported.
      const byNumber = <T extends { n: number }>(list: readonly T[]) => [...list].sort((a, b) => a.n - b.n);
      const quotes = [quote.team(team), ...byNumber(findings).map(quote.finding), ...byNumber(tasks).map(quote.task)];
      return reply.dm(lines.join('\n'), quotes, { file: { name: exportFileName(team.name, at), mime: XLSX_MIME, data }, clueRead: 'export' });
    },
  }),
];
