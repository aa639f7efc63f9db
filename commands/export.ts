import { CommandError, defineFamily, reply, type AnyCommand } from '../src/command.ts';
import { hasRole } from '../src/guards.ts';
import { exportEn, exportZh } from '../src/i18n/export.ts';
import { recusedUnits } from '../src/recusal.ts';
import { completion } from '../src/rectification.ts';
import { quote } from '../src/visibility.ts';
import { buildWorkbook } from '../src/workbook.ts';

const family = defineFamily('export', { zh: exportZh, en: exportEn });

/** The mime type of an .xlsx file. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who may see a clue's subject in the export (domain.md: "in /export only for leader and admin"), and the handover register. */
const SUBJECT_READERS = ['leader', 'admin'] as const;

/** `xuncha-<team>-<YYYYMMDD>.xlsx`; the team name is made safe as a file name (an adapter may save it to disk). */
export function exportFileName(team: string, today: string): string {
  const safe = team.replace(/[\\/:*?"<>|\u0000-\u001f\s]+/g, '_').replace(/^\.+/, '') || 'team';
  return `xuncha-${safe}-${today.replaceAll('-', '')}.xlsx`;
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
      const [findings, tasks] = await Promise.all([ctx.services.findings.list(team.id), ctx.services.rectifications.list(team.id)]);
      const names = await ctx.services.users.names([
        ...findings.map((f) => f.author),
        ...tasks.flatMap((r) => [r.owner, ...(r.verified ? [r.verified.by] : [])]),
      ]);
      const withClueSubjects = hasRole(ctx, SUBJECT_READERS);
      // The handover register follows each clue to its result: leadership material, like the subjects.
      const handoverRegister = withClueSubjects ? { resultDays: ctx.config.clueResultDays } : undefined;
      const { categories } = ctx.services.taxonomy;
      const data = await buildWorkbook({ findings, tasks, names, today: ctx.today, timeZone: ctx.config.timeZone, categories, withClueSubjects, handoverRegister, now: new Date(ctx.now), t });
      const clues = findings.filter((f) => f.clue);
      const done = completion(tasks);
      const lines = [t.export.exported(team.name, findings.length, tasks.length, tasks.length)];
      if (done.total) lines.push(t.export.completion(done.verified, done.total));
      if (clues.length) lines.push(t.export.cluesIncluded(clues.length, withClueSubjects));
      if (handoverRegister) lines.push(t.export.registerIncluded(findings.filter((f) => f.handover).length));
      lines.push(t.export.secret);
      // Leadership material that may hold clues: only ever to the asker in private, never to the group.
      // The workbook quotes every finding and task of the team; the gate records each clue in it as exported.
      const byNumber = <T extends { n: number }>(list: readonly T[]) => [...list].sort((a, b) => a.n - b.n);
      const quotes = [quote.team(team), ...byNumber(findings).map(quote.finding), ...byNumber(tasks).map(quote.task)];
      return reply.dm(lines.join('\n'), quotes, { file: { name: exportFileName(team.name, ctx.today), mime: XLSX_MIME, data }, clueRead: 'export' });
    },
  }),
];
