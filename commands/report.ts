import { recordEntry } from '../src/audit.ts';
import { CommandError, defineFamily, refusing, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { daysBetween, localDate, localDateTime } from '../src/dates.ts';
import { reportEn, reportZh } from '../src/i18n/report.ts';
import { answerMatter, MatterError, reportMatter, type ImportantMatter, type MatterSummary } from '../src/important-matter.ts';
import { byRef, noSuchRef, pageOf } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import { holdersOf } from '../src/team.ts';
import { recusedUnits } from '../src/recusal.ts';
import { refOf } from '../src/refs.ts';
import { shorten } from '../src/text.ts';
import { displayName } from '../src/users.ts';
import { accessOf, matterFacts, quote, readerIn } from '../src/visibility.ts';

const family = defineFamily('report', { zh: reportZh, en: reportEn });

const PAGE_SIZE = 10;
const TEXT_MAX = 2000;
/** The register is the leaders' and the office's: members report through their leader. */
const REGISTER = ['admin', 'leader', 'deputy'] as const;

/** Whether `user` may read a matter, by the rules of the visibility module (a declared conflict included). */
async function readable(ctx: TeamContext): Promise<(m: Pick<MatterSummary, 'finding'>, user?: string) => boolean> {
  const findings = new Map((await ctx.services.findings.summaries(ctx.team.id)).map((f) => [f.n, f] as const));
  const admins = new Set(ctx.config.admins);
  return (m, user = ctx.user) =>
    accessOf(readerIn(ctx.team, user, admins), matterFacts(m, m.finding === undefined ? undefined : findings.get(m.finding)), ctx.team, ctx.today) === 'content';
}

/** A matter the asker may read; one they may not is answered as if it did not exist. */
async function load(ctx: TeamContext, input: string): Promise<ImportantMatter> {
  const matter = await byRef(ctx, 'matter', input);
  const may = await readable(ctx);
  if (!may(matter)) throw noSuchRef(ctx, 'matter', matter.n);
  return matter;
}

/** A matter's state, and the urgent mark where it is urgent. */
function marks(ctx: TeamContext, m: Pick<ImportantMatter, 'state' | 'urgent'>): string {
  const { report } = ctx.t;
  return [report.states[m.state], m.urgent ? report.urgentMark : ''].filter(Boolean).join(ctx.t.sep);
}

/** The team's leader and deputies: the leading group's instruction is theirs to carry out. */
function leaders(ctx: TeamContext): string[] {
  return holdersOf(ctx.team, ['leader', 'deputy']);
}

async function card(ctx: TeamContext, m: ImportantMatter): Promise<string> {
  const { t } = ctx;
  const tz = ctx.config.timeZone;
  const names = await ctx.services.users.names([m.reportedBy, ...(m.instruction ? [m.instruction.by] : [])]);
  const lines = [t.report.cardTitle(refOf('matter', m.n), marks(ctx, m)), m.text, t.report.reported(displayName(m.reportedBy, names), localDateTime(m.reportedAt, tz))];
  if (m.finding !== undefined) lines.push(t.report.concerns(refOf('finding', m.finding)));
  if (m.instruction) lines.push(t.report.instruction(m.instruction.text, displayName(m.instruction.by, names), localDateTime(m.instruction.at, tz)));
  else lines.push(t.report.awaiting(daysBetween(localDate(m.reportedAt, tz), ctx.today)));
  return lines.join('\n');
}

/** Quotes of a matter and of the finding it cites, by reference: a clue's reference is the clue's. */
const quotesOf = (m: ImportantMatter) => [quote.matter(m), ...(m.finding === undefined ? [] : [quote.ref('finding', { team: m.team, n: m.finding })])];

export const reportCommands: AnyCommand[] = [
  family.command({
    words: ['add'],
    params: { text: param.text(TEXT_MAX).rest(), finding: param.ref('finding').option().optional(), urgent: param.flag() },
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async run(ctx, args) {
      const { t } = ctx;
      // The leaders read every clue; a finding on a unit they declared a conflict with is refused by its lookup.
      const cites = args.finding === undefined ? undefined : await byRef(ctx, 'finding', args.finding, 'finding');
      const { record: saved, repeated } = await ctx.services.matters.addOnce(
        reportMatter({ team: ctx.team.id, text: args.text, finding: cites?.n, urgent: args.urgent ?? false }, ctx.user, ctx.now),
        (m) => [recordEntry(ctx, 'matter', 'report', m.n)],
        ctx.once(),
      );
      const ref = refOf('matter', saved.n);
      const finding = saved.finding === undefined ? undefined : refOf('finding', saved.finding);
      if (repeated) return reply.asker(t.repeated(ref, localDateTime(saved.reportedAt, ctx.config.timeZone)), quotesOf(saved));
      // The office carries the matter to the leading group: told at once, each by direct message.
      const office = ctx.config.admins.filter((admin) => admin !== ctx.user);
      const who = displayName(ctx.user, await ctx.services.users.names([ctx.user]));
      for (const admin of office) {
        ctx.notify({ to: { user: admin }, reply: reply.dm(t.report.newNotice(ctx.team.name, ref, saved.urgent, saved.text, who, finding), quotesOf(saved)) });
      }
      return reply.asker(t.report.saved(ref, saved.urgent, office.length > 0, finding), quotesOf(saved), {
        actions: [{ label: t.report.showButton, command: `/report show ${ref}` }],
      });
    },
  }),
  family.command({
    words: ['list'],
    params: { open: param.flag(), page: param.page() },
    access: { scope: 'team', roles: REGISTER },
    async run(ctx, args) {
      const { t } = ctx;
      const may = await readable(ctx);
      const all = (await ctx.services.matters.summaries(ctx.team.id)).filter((m) => !args.open || m.state === 'open');
      const shown = all.filter((m) => may(m));
      // Awaiting an instruction first; newest first within each.
      const ordered = [...shown].sort((a, b) => Number(a.state === 'answered') - Number(b.state === 'answered') || b.n - a.n);
      const { page, pages, slice } = pageOf(ctx, ordered, args.page, PAGE_SIZE);
      const names = await ctx.services.users.names(slice.map((m) => m.reportedBy));
      const open = shown.filter((m) => m.state === 'open').length;
      const lines = [args.open ? t.report.openListTitle(shown.length, page, pages) : t.report.listTitle(shown.length, open, page, pages)];
      if (slice.length === 0) lines.push(t.report.none);
      for (const m of slice) {
        lines.push(t.report.line(refOf('matter', m.n), marks(ctx, m), shorten(m.text, 40), displayName(m.reportedBy, names), localDate(m.reportedAt, ctx.config.timeZone)));
      }
      if (page < pages) lines.push(t.report.nextPage(page + 1, args.open ?? false));
      if (shown.length < all.length && recusedUnits(ctx.team, ctx.user).length) lines.push(t.report.recusedHidden);
      // The register is answered to the asker alone, wherever it is asked; the gate audits each clue-level matter shown.
      return reply.asker(lines.join('\n'), [quote.team(ctx.team), ...slice.map((m) => quote.matter({ team: ctx.team.id, n: m.n }))]);
    },
  }),
  family.command({
    words: ['show'],
    params: { ref: param.ref('matter') },
    access: { scope: 'team', roles: REGISTER },
    async run(ctx, args) {
      const m = await load(ctx, args.ref);
      return reply.asker(await card(ctx, m), quotesOf(m));
    },
  }),
  family.command({
    words: ['answer'],
    params: { ref: param.ref('matter'), instruction: param.text(TEXT_MAX).rest() },
    access: { scope: 'team', roles: ['admin'] },
    async run(ctx, args) {
      const { t } = ctx;
      const found = await load(ctx, args.ref);
      const ref = refOf('matter', found.n);
      const answered = found.instruction ? await ctx.services.users.names([found.instruction.by]) : new Map<string, string>();
      const after = await refusing(
        ctx.services.matters.update(ctx.team.id, found.n, (m) => answerMatter(m, args.instruction, ctx.user, ctx.now), (m) => [recordEntry(ctx, 'matter', 'answer', m.n)]),
        MatterError,
        (err) => new CommandError('CONFLICT', t.report.alreadyAnswered(ref, localDate(err.matter.instruction!.at, ctx.config.timeZone), displayName(err.matter.instruction!.by, answered))),
      );
      // A leader who declared a conflict with the unit of the finding it cites is not told what it says.
      const may = await readable(ctx);
      const told = leaders(ctx).filter((user) => may(after, user));
      for (const user of told) {
        ctx.notify({ to: { user }, reply: reply.dm(t.report.answeredNotice(ctx.team.name, ref, after.text, after.instruction!.text), quotesOf(after)) });
      }
      const names = await ctx.services.users.names(told);
      return reply.asker(t.report.answered(ref, told.map((u) => displayName(u, names))), quotesOf(after));
    },
  }),
];
