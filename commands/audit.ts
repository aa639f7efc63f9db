import { actionWords, type StoredAuditEntry } from '../src/audit.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { addDays, localDate, localDateTime } from '../src/dates.ts';
import { auditEn, auditZh } from '../src/i18n/audit.ts';
import { wordFor } from '../src/i18n/index.ts';
import { pageOf } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import { readRef, refOf } from '../src/refs.ts';
import type { UserId } from '../src/types.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('audit', { zh: auditZh, en: auditEn });

const PAGE_SIZE = 20;
const MAX_DAYS = 3650;

/**
 * `F-3`, `f3`, `r-2`, `D－1` → the reference as the log records it (`F-3`); undefined for anything else.
 * A prefix is required: the log mixes findings, tasks and requests, so a bare "3" would be ambiguous.
 */
function auditRef(input: string): string | undefined {
  const ref = readRef(input);
  return ref && refOf(ref.kind, ref.n);
}

/** `7`, `７`, `7天` or `7d` → 7, within 1–3650; undefined otherwise. */
function auditDays(input: string): number | undefined {
  const s = input.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  const m = /^(\d{1,4})\s*(?:天|d)?$/i.exec(s);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= MAX_DAYS ? n : undefined;
}

/** A member change names the member by user id; everything else names a record (F-3) or nothing (the team). */
const isUserId = (ref: string) => /^[a-z]+:/.test(ref);
const refWords = (ref: string, who: (u: UserId) => string) => (isUserId(ref) ? who(ref) : ref);

/** What an entry's field says in words: roles for a member change (`deputy→leader:城关镇`), field names otherwise. */
function fieldWords(ctx: TeamContext, e: StoredAuditEntry): string | undefined {
  if (e.field === undefined) return undefined;
  // The stand-in an account was added as before they wrote: `telegram:@name` shows as @name.
  if (e.action === 'member-identity') return e.field.replace(/^[a-z]+:/, '');
  if (!e.action.startsWith('member-')) return wordFor(ctx.t.fieldNames, e.field);
  return e.field
    .split('→')
    .map((part) => {
      const [role = '', unit] = part.split(':');
      return ctx.t.team.person(wordFor(ctx.t.roles, role), unit);
    })
    .join(' → ');
}

/** Everyone the log could be filtered by: the team's members past and present, task owners, the office, and whoever is in the log. */
function knownUsers(ctx: TeamContext, entries: readonly StoredAuditEntry[]): Set<UserId> {
  const { team, config } = ctx;
  return new Set([...team.members.map((m) => m.user), ...team.owners, ...config.admins, ...entries.map((e) => e.user)]);
}

export const auditCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: { ref: param.word(40).option().optional(), user: param.word(200).option().optional(), days: param.word(40).option().optional(), page: param.page() },
    // Who read a clue is itself confidential: only the leader and the office may see it.
    access: { scope: 'team', roles: ['leader', 'admin'] },
    async run(ctx, args) {
      const { t, team } = ctx;
      const a = t.audit;
      const tz = ctx.config.timeZone;
      // Check every argument before reading anything, so bad input costs nothing.
      const ref = args.ref === undefined ? undefined : auditRef(args.ref);
      if (args.ref !== undefined && ref === undefined) throw new CommandError('INVALID_ARGS', a.badRef(args.ref), 'ref');
      const days = args.days === undefined ? undefined : auditDays(args.days);
      if (args.days !== undefined && days === undefined) throw new CommandError('INVALID_ARGS', a.badDays(args.days), 'days');

      // Reading the audit log is not itself audited: the log records access to inspection records,
      // and a leader checking it would otherwise bury those entries under their own reads.
      const entries = await ctx.services.audit.list(team.id);
      let user: UserId | undefined;
      if (args.user !== undefined) {
        user = await ctx.resolveUser(args.user);
        if (!user || !knownUsers(ctx, entries).has(user)) throw new CommandError('NOT_FOUND', a.unknownUser(args.user), 'user');
      }
      const since = days === undefined ? undefined : addDays(ctx.today, -(days - 1));

      // The log is in write order; newest first means reversed, with the timestamp as the final word.
      const shown = entries
        .map((e, seq) => ({ e, seq }))
        .filter(({ e }) => (ref === undefined || e.ref === ref) && (user === undefined || e.user === user) && (since === undefined || localDate(e.at, tz) >= since))
        .sort((x, y) => y.e.at.localeCompare(x.e.at) || y.seq - x.seq)
        .map(({ e }) => e);
      const { page, pages, slice } = pageOf(ctx, shown, args.page, PAGE_SIZE);

      const names = await ctx.services.users.names([...slice.flatMap((e) => [e.user, ...(isUserId(e.ref) ? [e.ref] : [])]), ...(user ? [user] : [])]);
      const who = (u: UserId) => displayName(u, names);
      const filters = [ref && a.byRef(ref), user && a.byUser(who(user)), since && a.byDays(days!, since)].filter((f): f is string => Boolean(f));
      const lines = [a.title(shown.length, page, pages)];
      if (filters.length) lines.push(a.filters(filters));
      if (slice.length === 0) lines.push(a.none);
      for (const e of slice) lines.push(a.line(localDateTime(e.at, tz), who(e.user), actionWords(a.actions, e), refWords(e.ref, who), fieldWords(ctx, e)));
      if (page < pages) {
        const more = [ref && `--ref ${ref}`, args.user !== undefined && `--user ${args.user}`, days && `--days ${days}`].filter(Boolean);
        lines.push([a.nextPage(page + 1), ...more].join(' '));
      }
      // Never to the group: the log shows who looked at which clue.
      return reply.asker(lines.join('\n'), [quote.audit(team)]);
    },
  }),
];
