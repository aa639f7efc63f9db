import { z } from 'zod';
import { parseRef } from '../src/args.ts';
import { CommandError, defineCommand, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { daysBetween, localDate, localDateTime, parseDate } from '../src/dates.ts';
import { isDocOverdue, isReturnDue, type DocRequest, type DocState } from '../src/doc-request.ts';
import type { AuditEntry } from '../src/audit.ts';
import { findUnit, memberOf } from '../src/team.ts';
import { shorten } from '../src/text.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const PAGE_SIZE = 20;
const WHAT_MAX = 500;
const SHORT = 40;
const TEAM = ['leader', 'deputy', 'member'] as const;
const READERS = ['admin', 'leader', 'deputy', 'member', 'liaison'] as const;

const ref = z.object({ ref: z.string() });

/**
 * The unit a liaison speaks for: they see and mark only its requests. Undefined for everyone else.
 * A liaison stored without a unit gets '' and so sees nothing rather than everything.
 */
function liaisonUnit(ctx: TeamContext): string | undefined {
  if (ctx.role !== 'liaison') return undefined;
  return memberOf(ctx.team, ctx.user)?.unit ?? '';
}

/** Load a request by reference; a liaison is refused another unit's request without learning what it is. */
async function load(ctx: TeamContext, input: string): Promise<DocRequest> {
  const n = parseRef(input, 'D');
  if (n === undefined) throw new CommandError('INVALID_ARGS', ctx.t.errors.badRef(input, 'D-3'));
  const doc = await ctx.services.docs.get(ctx.team.id, n);
  if (!doc) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownRef(`D-${n}`));
  const own = liaisonUnit(ctx);
  if (own !== undefined && doc.unit !== own) throw new CommandError('FORBIDDEN', ctx.t.docs.otherUnit(`D-${n}`, own));
  return doc;
}

/** Delivered and still held by the team while the round's end is near or past: it must go back. */
function returnDue(ctx: TeamContext, doc: DocRequest): boolean {
  return isReturnDue(doc, ctx.team.period?.end, ctx.today, ctx.config.round.docReturnDays);
}

/** State, then the derived marks: overdue, and 待归还 near the round's end. */
function marks(ctx: TeamContext, doc: DocRequest): string {
  const { t, today } = ctx;
  return [
    t.docs.states[doc.state],
    isDocOverdue(doc, today) ? t.docs.overdueMark(daysBetween(doc.due, today)) : '',
    returnDue(ctx, doc) ? t.docs.unreturnedMark : '',
  ].filter(Boolean).join(ctx.t.markSep);
}


/** The audit entry of a change to request `doc` by the asker. */
function entry(ctx: TeamContext, action: AuditEntry['action'], doc: Pick<DocRequest, 'n'>): AuditEntry {
  return { at: ctx.now, user: ctx.user, action, ref: `D-${doc.n}` };
}

/** Move a request from one state to the next under its lock, audited in the same commit; a refusal names the current state. */
async function advance(
  ctx: TeamContext,
  doc: DocRequest,
  from: DocState,
  to: Extract<DocState, AuditEntry['action']>,
  refuse: (ref: string, state: string) => string,
  record: Partial<DocRequest>,
): Promise<DocRequest> {
  return ctx.services.docs.update(
    ctx.team.id,
    doc.n,
    (d) => {
      if (d.state !== from) throw new CommandError('CONFLICT', refuse(`D-${d.n}`, ctx.t.docs.states[d.state]));
      return { ...d, ...record, state: to, history: [...d.history, { at: ctx.now, by: ctx.user, field: 'state', from, to }] };
    },
    (d) => [entry(ctx, to, d)],
  );
}

async function card(ctx: TeamContext, doc: DocRequest): Promise<string> {
  const { t } = ctx;
  const tz = ctx.config.timeZone;
  const names = await ctx.services.users.names([doc.requestedBy, ...doc.history.map((h) => h.by)]);
  const who = (user: string) => displayName(user, names);
  const lines = [
    t.docs.cardTitle(`D-${doc.n}`, marks(ctx, doc)),
    doc.what,
    t.docs.fields(doc.unit, doc.due),
    t.docs.requestedBy(who(doc.requestedBy), localDate(doc.requestedAt, tz)),
  ];
  if (doc.provided) lines.push(t.docs.providedBy(who(doc.provided.by), localDate(doc.provided.at, tz), doc.provided.note));
  if (doc.returned) lines.push(t.docs.returnedBy(who(doc.returned.by), localDate(doc.returned.at, tz)));
  if (doc.history.length) {
    lines.push(t.history.title);
    const state = (v?: string) => (v === undefined ? v : (t.docs.states[v as DocState] ?? v));
    for (const h of doc.history) lines.push(t.history.line(localDateTime(h.at, tz), who(h.by), t.fieldNames[h.field] ?? h.field, state(h.from), state(h.to)));
  }
  return lines.join('\n');
}

export const docsCommands: AnyCommand[] = [
  defineCommand({
    id: 'docs request',
    family: 'docs',
    words: ['request'],
    spec: { positionals: [{ name: 'what', rest: true }], options: { unit: 'value', due: 'value' } },
    schema: z.object({ what: z.string().trim().min(1).max(WHAT_MAX), unit: z.string(), due: z.string() }),
    access: { scope: 'team', roles: TEAM },
    async run(ctx, args) {
      const { t } = ctx;
      const unit = findUnit(ctx.team, args.unit);
      if (!unit) throw new CommandError('NOT_FOUND', t.errors.unknownUnit(args.unit, ctx.team.units.map((u) => u.name)));
      const due = parseDate(args.due, ctx.today);
      if (!due) throw new CommandError('INVALID_ARGS', t.errors.badDate(args.due));
      if (due < ctx.today) throw new CommandError('INVALID_ARGS', t.docs.dueInPast(due, ctx.today));
      const { record: doc, repeated } = await ctx.services.docs.addOnce({
        team: ctx.team.id,
        what: args.what,
        unit,
        due,
        state: 'requested',
        requestedBy: ctx.user,
        requestedAt: ctx.now,
        history: [],
      }, (d) => [entry(ctx, 'request', d)], ctx.once());
      const id = `D-${doc.n}`;
      const providedAction = { label: t.docs.providedButton, command: `/docs provided ${id}`, style: 'primary' as const };
      if (repeated) return reply.chat(t.repeated(id, localDateTime(doc.requestedAt, ctx.config.timeZone)), [quote.doc(doc)], { actions: [providedAction] });
      const liaisons = ctx.team.members.filter((m) => !m.removedAt && m.role === 'liaison' && m.unit === unit).map((m) => m.user);
      for (const user of liaisons) {
        ctx.notify({ to: { user }, reply: reply.dm(t.docs.notice(ctx.team.name, id, doc.what, due), [quote.doc(doc)], { actions: [providedAction] }) });
      }
      const names = await ctx.services.users.names(liaisons);
      return reply.chat(t.docs.requested(id, unit, due, liaisons.map((u) => displayName(u, names))), [quote.doc(doc)], {
        actions: [providedAction, { label: t.docs.showButton, command: `/docs show ${id}` }],
      });
    },
  }),
  defineCommand({
    id: 'docs list',
    family: 'docs',
    words: ['list'],
    spec: { positionals: [], options: { open: 'flag', overdue: 'flag', page: 'value' } },
    schema: z.object({
      open: z.boolean().optional(),
      overdue: z.boolean().optional(),
      page: z.coerce.number().int().min(1).max(100_000).optional(),
    }),
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const { t, today } = ctx;
      const own = liaisonUnit(ctx);
      const all = await ctx.services.docs.list(ctx.team.id);
      const shown = all
        .filter((d) => (own === undefined || d.unit === own) && (!args.open || d.state !== 'returned') && (!args.overdue || isDocOverdue(d, today)))
        .sort((a, b) => Number(isDocOverdue(b, today)) - Number(isDocOverdue(a, today)) || a.due.localeCompare(b.due) || a.n - b.n);
      const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      const page = Math.min(args.page ?? 1, pages);
      const slice = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      const lines = [own === undefined ? t.docs.listTitle(shown.length, page, pages) : t.docs.unitListTitle(own, shown.length, page, pages)];
      if (slice.length === 0) lines.push(t.docs.none);
      lines.push(...slice.map((d) => t.docs.line(`D-${d.n}`, marks(ctx, d), d.unit, shorten(d.what, SHORT), d.due)));
      if (page < pages) lines.push([t.docs.nextPage(page + 1), args.open && '--open', args.overdue && '--overdue'].filter(Boolean).join(' '));
      if (ctx.team.period && slice.some((d) => returnDue(ctx, d))) lines.push(t.docs.returnBefore(ctx.team.period.end));
      return reply.chat(lines.join('\n'), [quote.team(ctx.team), ...slice.map(quote.doc)]);
    },
  }),
  defineCommand({
    id: 'docs show',
    family: 'docs',
    words: ['show'],
    spec: { positionals: [{ name: 'ref' }], options: {} },
    schema: ref,
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const doc = await load(ctx, args.ref);
      return reply.chat(await card(ctx, doc), [quote.doc(doc)]);
    },
  }),
  defineCommand({
    id: 'docs provided',
    family: 'docs',
    words: ['provided'],
    spec: { positionals: [{ name: 'ref' }, { name: 'note', rest: true }], options: {} },
    schema: z.object({ ref: z.string(), note: z.string().trim().min(1).max(WHAT_MAX).optional() }),
    access: { scope: 'team', roles: [...TEAM, 'liaison'] },
    async run(ctx, args) {
      const doc = await load(ctx, args.ref);
      const after = await advance(ctx, doc, 'requested', 'provided', ctx.t.docs.notRequested, {
        provided: { at: ctx.now, by: ctx.user, note: args.note },
      });
      const id = `D-${after.n}`;
      // Only the team gives documents back; a liaison gets no button it could not use.
      const actions = ctx.role === 'liaison' ? [] : [{ label: ctx.t.docs.returnedButton, command: `/docs returned ${id}` }];
      return reply.chat(ctx.t.docs.provided(id), [quote.ref('doc', after)], actions.length ? { actions } : {});
    },
  }),
  defineCommand({
    id: 'docs returned',
    family: 'docs',
    words: ['returned'],
    spec: { positionals: [{ name: 'ref' }], options: {} },
    schema: ref,
    access: { scope: 'team', roles: TEAM },
    async run(ctx, args) {
      const doc = await load(ctx, args.ref);
      const after = await advance(ctx, doc, 'provided', 'returned', ctx.t.docs.notProvided, {
        returned: { at: ctx.now, by: ctx.user },
      });
      return reply.chat(ctx.t.docs.returned(`D-${after.n}`, after.unit), [quote.doc(after)]);
    },
  }),
];
