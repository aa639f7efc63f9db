import { recordEntry } from '../src/audit.ts';
import { CommandError, defineFamily, refusing, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { daysBetween, localDate, localDateTime } from '../src/dates.ts';
import {
  DocRequestError, isDocOverdue, isReturnDue, markProvided, markReturned, requestDocs, type DocRequest,
} from '../src/doc-request.ts';
import { docsEn, docsZh } from '../src/i18n/docs.ts';
import { wordFor } from '../src/i18n/index.ts';
import { byRef, deadlineArg, pageOf, unitArg } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import { refOf } from '../src/refs.ts';
import { memberOf } from '../src/team.ts';
import { shorten } from '../src/text.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('docs', { zh: docsZh, en: docsEn });

const PAGE_SIZE = 20;
const WHAT_MAX = 500;
const SHORT = 40;
const TEAM = ['leader', 'deputy', 'member'] as const;
const READERS = ['admin', 'leader', 'deputy', 'member', 'liaison'] as const;

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
  const doc = await byRef(ctx, 'doc', input);
  const own = liaisonUnit(ctx);
  if (own !== undefined && doc.unit !== own) throw new CommandError('FORBIDDEN', ctx.t.docs.otherUnit(refOf('doc', doc.n), own));
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
  ].filter(Boolean).join(ctx.t.sep);
}


/**
 * Move request `n` one step on by `next`, audited as the state it reaches in the same commit; a request
 * no longer in the state the step needs is refused, naming the state it is in.
 */
function advance(ctx: TeamContext, n: number, action: 'provided' | 'returned', next: (d: DocRequest) => DocRequest): Promise<DocRequest> {
  return refusing(ctx.services.docs.update(ctx.team.id, n, next, (d) => [recordEntry(ctx, 'doc', action, d.n)]), DocRequestError, (err) => {
    const refuse = err.needed === 'requested' ? ctx.t.docs.notRequested : ctx.t.docs.notProvided;
    return new CommandError('CONFLICT', refuse(refOf('doc', err.doc.n), ctx.t.docs.states[err.doc.state]));
  });
}

async function card(ctx: TeamContext, doc: DocRequest): Promise<string> {
  const { t } = ctx;
  const tz = ctx.config.timeZone;
  const names = await ctx.services.users.names([doc.requestedBy, ...doc.history.map((h) => h.by)]);
  const who = (user: string) => displayName(user, names);
  const lines = [
    t.docs.cardTitle(refOf('doc', doc.n), marks(ctx, doc)),
    doc.what,
    t.docs.fields(doc.unit, doc.due),
    t.docs.requestedBy(who(doc.requestedBy), localDate(doc.requestedAt, tz)),
  ];
  if (doc.provided) lines.push(t.docs.providedBy(who(doc.provided.by), localDate(doc.provided.at, tz), doc.provided.note));
  if (doc.returned) lines.push(t.docs.returnedBy(who(doc.returned.by), localDate(doc.returned.at, tz)));
  if (doc.history.length) {
    lines.push(t.history.title);
    const state = (v?: string) => (v === undefined ? v : wordFor(t.docs.states, v));
    for (const h of doc.history) lines.push(t.history.line(localDateTime(h.at, tz), who(h.by), wordFor(t.fieldNames, h.field), state(h.from), state(h.to)));
  }
  return lines.join('\n');
}

export const docsCommands: AnyCommand[] = [
  family.command({
    words: ['request'],
    params: { what: param.text(WHAT_MAX).rest(), unit: param.unit().option(), due: param.date().option() },
    access: { scope: 'team', roles: TEAM },
    async run(ctx, args) {
      const { t } = ctx;
      const unit = unitArg(ctx, args.unit);
      const due = deadlineArg(ctx, args.due);
      const { record: doc, repeated } = await ctx.services.docs.addOnce(
        requestDocs({ team: ctx.team.id, what: args.what, unit, due }, ctx.user, ctx.now),
        (d) => [recordEntry(ctx, 'doc', 'request', d.n)],
        ctx.once(),
      );
      const id = refOf('doc', doc.n);
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
  family.command({
    words: ['list'],
    params: { open: param.flag(), overdue: param.flag(), page: param.page() },
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const { t, today } = ctx;
      const own = liaisonUnit(ctx);
      const all = await ctx.services.docs.list(ctx.team.id);
      const shown = all
        .filter((d) => (own === undefined || d.unit === own) && (!args.open || d.state !== 'returned') && (!args.overdue || isDocOverdue(d, today)))
        .sort((a, b) => Number(isDocOverdue(b, today)) - Number(isDocOverdue(a, today)) || a.due.localeCompare(b.due) || a.n - b.n);
      const { page, pages, slice } = pageOf(ctx, shown, args.page, PAGE_SIZE);
      const lines = [own === undefined ? t.docs.listTitle(shown.length, page, pages) : t.docs.unitListTitle(own, shown.length, page, pages)];
      if (slice.length === 0) lines.push(t.docs.none);
      lines.push(...slice.map((d) => t.docs.line(refOf('doc', d.n), marks(ctx, d), d.unit, shorten(d.what, SHORT), d.due)));
      if (page < pages) lines.push([t.docs.nextPage(page + 1), args.open && '--open', args.overdue && '--overdue'].filter(Boolean).join(' '));
      if (ctx.team.period && slice.some((d) => returnDue(ctx, d))) lines.push(t.docs.returnBefore(ctx.team.period.end));
      return reply.chat(lines.join('\n'), [quote.team(ctx.team), ...slice.map(quote.doc)]);
    },
  }),
  family.command({
    words: ['show'],
    params: { ref: param.ref('doc') },
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const doc = await load(ctx, args.ref);
      return reply.chat(await card(ctx, doc), [quote.doc(doc)]);
    },
  }),
  family.command({
    words: ['provided'],
    params: { ref: param.ref('doc'), note: param.text(WHAT_MAX).rest().optional() },
    access: { scope: 'team', roles: [...TEAM, 'liaison'] },
    async run(ctx, args) {
      const doc = await load(ctx, args.ref);
      const after = await advance(ctx, doc.n, 'provided', (d) => markProvided(d, args.note, ctx.user, ctx.now));
      const id = refOf('doc', after.n);
      // Only the team gives documents back; a liaison gets no button it could not use.
      const actions = ctx.role === 'liaison' ? [] : [{ label: ctx.t.docs.returnedButton, command: `/docs returned ${id}` }];
      return reply.chat(ctx.t.docs.provided(id), [quote.ref('doc', after)], actions.length ? { actions } : {});
    },
  }),
  family.command({
    words: ['returned'],
    params: { ref: param.ref('doc') },
    access: { scope: 'team', roles: TEAM },
    async run(ctx, args) {
      const doc = await load(ctx, args.ref);
      const after = await advance(ctx, doc.n, 'returned', (d) => markReturned(d, ctx.user, ctx.now));
      return reply.chat(ctx.t.docs.returned(refOf('doc', after.n), after.unit), [quote.doc(after)]);
    },
  }),
];
