import { z } from 'zod';
import { parseRef } from '../src/args.ts';
import { CommandError, defineCommand, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { localDate, localDateTime, parseDate, type IsoDate } from '../src/dates.ts';
import type { AuditEntry } from '../src/audit.ts';
import { canReadClue, requireRole } from '../src/guards.ts';
import type { Change } from '../src/history.ts';
import { daysOverdue, FOLLOW_UP_RESULTS, isDueSoon, isOverdue, type Rectification, type RectState } from '../src/rectification.ts';
import { fedBack } from '../src/round.ts';
import { findUnit, memberOf } from '../src/team.ts';
import { shorten } from '../src/text.ts';
import { displayName } from '../src/users.ts';
import { accessOf, quote, readerIn, taskFacts } from '../src/visibility.ts';

const PAGE_SIZE = 10;
const TEAM = ['leader', 'deputy', 'member'] as const;
const VIEWERS = ['admin', 'leader', 'deputy', 'member', 'liaison', 'owner'] as const;
const note = z.string().trim().min(1).max(2000);

/**
 * Which of the team's tasks the asker may read, by the rules of the visibility module: the team and
 * the office, the owner, the liaison of the task's unit after feedback; a task on a clue only for
 * those who may read the clue.
 */
async function readable(ctx: TeamContext): Promise<(task: Pick<Rectification, 'unit' | 'owner' | 'finding'>) => boolean> {
  const findings = new Map((await ctx.services.findings.summaries(ctx.team.id)).map((f) => [f.n, f] as const));
  const reader = readerIn(ctx.team, ctx.user, new Set(ctx.config.admins));
  return (task) => accessOf(reader, taskFacts(task, findings.get(task.finding)), ctx.team, ctx.today) === 'content';
}

/** Load a task the asker may see; one they may not see is answered as if it did not exist. */
async function load(ctx: TeamContext, input: string): Promise<Rectification> {
  const n = parseRef(input, 'R');
  if (n === undefined) throw new CommandError('INVALID_ARGS', ctx.t.errors.badRef(input, 'R-3'));
  const task = await ctx.services.rectifications.get(ctx.team.id, n);
  if (!task || !(await readable(ctx))(task)) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownRef(`R-${n}`));
  return task;
}

/** The audit entry of a change to task `task` by the asker. */
function entry(ctx: TeamContext, action: AuditEntry['action'], task: Pick<Rectification, 'n'>): AuditEntry {
  return { at: ctx.now, user: ctx.user, action, ref: `R-${task.n}` };
}



function dueArg(ctx: TeamContext, input: string): IsoDate {
  const due = parseDate(input, ctx.today);
  if (!due) throw new CommandError('INVALID_ARGS', ctx.t.errors.badDate(input), 'due');
  if (due < ctx.today) throw new CommandError('INVALID_ARGS', ctx.t.rectify.errors.dueBeforeToday(due, ctx.today), 'due');
  return due;
}

function requireState(ctx: TeamContext, task: Rectification, state: RectState): void {
  const s = ctx.t.rectify.states;
  if (task.state !== state) throw new CommandError('CONFLICT', ctx.t.rectify.errors.notState(`R-${task.n}`, s[task.state], s[state]));
}

function marks(ctx: TeamContext, task: Rectification): string {
  const { rectify } = ctx.t;
  const overdue = daysOverdue(task, ctx.today);
  return [rectify.states[task.state], task.immediate ? rectify.immediate : '', overdue ? rectify.overdueMark(overdue) : ''].filter(Boolean).join(ctx.t.markSep);
}

/** Overdue first (longest overdue first), then by deadline; signed-off tasks last. */
function byUrgency(today: IsoDate): (a: Rectification, b: Rectification) => number {
  const rank = (t: Rectification) => (isOverdue(t, today) ? 0 : t.state === 'verified' ? 2 : 1);
  return (a, b) => rank(a) - rank(b) || a.due.localeCompare(b.due) || a.n - b.n;
}

/** Every leader of the team: told when a task is reported done. */
function leaders(ctx: TeamContext): string[] {
  return ctx.team.members.filter((m) => m.role === 'leader' && !m.removedAt).map((m) => m.user);
}

function change(ctx: TeamContext, field: string, from?: string, to?: string): Change {
  return { at: ctx.now, by: ctx.user, field, from, to };
}

export const rectifyCommands: AnyCommand[] = [
  defineCommand({
    id: 'rectify add',
    family: 'rectify',
    words: ['add'],
    spec: { positionals: [{ name: 'ref' }, { name: 'measure', rest: true }], options: { owner: 'value', due: 'value', immediate: 'flag' } },
    schema: z.object({ ref: z.string(), measure: note, owner: z.string(), due: z.string(), immediate: z.boolean().optional() }),
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async form(ctx) {
      const label = (name: string) => ctx.t.fieldLabels[name] ?? name;
      const findings = await ctx.services.findings.list(ctx.team.id);
      // Each option names its finding: the gate shows it in full, as F-7［线索］ at most for a clue, or not at all.
      const options = findings.map((f) => ({
        value: `F-${f.n}`,
        label: `F-${f.n} ${f.unit} ${shorten(f.text, 30)}`,
        refLabel: f.clue ? `F-${f.n}［${ctx.t.finding.clueMark}］` : `F-${f.n}`,
        quotes: [quote.finding(f)],
      }));
      return [
        { name: 'ref', kind: 'select', label: label('ref'), options },
        { name: 'measure', kind: 'longText', label: label('measure') },
        { name: 'owner', kind: 'user', label: label('owner') },
        { name: 'due', kind: 'date', label: label('due') },
        { name: 'immediate', kind: 'flag', label: label('immediate'), optional: true },
      ];
    },
    async run(ctx, args) {
      const { t } = ctx;
      const n = parseRef(args.ref, 'F');
      if (n === undefined) throw new CommandError('INVALID_ARGS', t.errors.badRef(args.ref, 'F-3'), 'ref');
      const finding = await ctx.services.findings.get(ctx.team.id, n);
      if (!finding) throw new CommandError('NOT_FOUND', t.errors.unknownRef(`F-${n}`), 'ref');
      const due = dueArg(ctx, args.due);
      const owner = await ctx.resolveUser(args.owner);
      if (!owner) throw new CommandError('NOT_FOUND', t.errors.unknownUser(args.owner), 'owner');
      // A task on a clue is clue-level: its owner must be someone who may read the clue.
      if (finding.clue && !canReadClue(ctx, finding, owner)) throw new CommandError('CONFLICT', t.rectify.errors.clueOwner(`F-${finding.n}`), 'owner');
      if (!memberOf(ctx.team, owner) && !ctx.team.owners.includes(owner)) {
        await ctx.services.teams.update(ctx.team.id, (team) => (team.owners.includes(owner) ? team : { ...team, owners: [...team.owners, owner] }));
      }
      const { record: task, repeated } = await ctx.services.rectifications.addOnce({
        team: ctx.team.id,
        finding: finding.n,
        unit: finding.unit,
        measure: args.measure,
        owner,
        due,
        immediate: args.immediate ?? false,
        state: 'open',
        progress: [],
        extensions: [],
        followUps: [],
        createdAt: ctx.now,
        createdBy: ctx.user,
        history: [],
      }, (r) => [entry(ctx, 'create', r)], ctx.once());
      const ref = `R-${task.n}`;
      // Made already by the same request: its owner was told then.
      if (repeated) return reply.chat(t.repeated(ref, localDateTime(task.createdAt, ctx.config.timeZone)), [quote.task(task)], { actions: [{ label: t.actions.show, command: `/rectify show ${ref}` }] });
      ctx.notify({ to: { user: owner }, reply: reply.dm(t.rectify.assigned(ctx.team.name, ref, task.measure, due), [quote.task(task)]) });
      const ownerName = displayName(owner, await ctx.services.users.names([owner]));
      return reply.chat(t.rectify.created(ref, `F-${finding.n}`, task.unit, ownerName, due, task.immediate), [quote.task(task), quote.ref('finding', finding)], {
        actions: [{ label: t.actions.show, command: `/rectify show ${ref}` }],
      });
    },
  }),
  defineCommand({
    id: 'rectify list',
    family: 'rectify',
    words: ['list'],
    spec: { positionals: [], options: { overdue: 'flag', 'due-soon': 'flag', mine: 'flag', unit: 'value', page: 'value' } },
    schema: z.object({
      overdue: z.boolean().optional(),
      'due-soon': z.boolean().optional(),
      mine: z.boolean().optional(),
      unit: z.string().optional(),
      page: z.coerce.number().int().min(1).max(100_000).optional(),
    }),
    access: { scope: 'team', roles: VIEWERS },
    async run(ctx, args) {
      const { t } = ctx;
      if (ctx.role === 'liaison' && !fedBack(ctx.team, ctx.today)) throw new CommandError('FORBIDDEN', t.rectify.notYetForLiaison);
      const unit = args.unit && findUnit(ctx.team, args.unit);
      if (args.unit && !unit) throw new CommandError('NOT_FOUND', t.errors.unknownUnit(args.unit, ctx.team.units.map((u) => u.name)));
      const days = ctx.config.digest.days;
      const canRead = await readable(ctx);
      const tasks = (await ctx.services.rectifications.list(ctx.team.id))
        .filter(canRead)
        .filter((task) => !args.mine || task.owner === ctx.user)
        .filter((task) => !unit || task.unit === unit)
        .filter((task) => !args.overdue || isOverdue(task, ctx.today))
        .filter((task) => !args['due-soon'] || isDueSoon(task, ctx.today, days))
        .sort(byUrgency(ctx.today));
      const pages = Math.max(1, Math.ceil(tasks.length / PAGE_SIZE));
      const page = Math.min(args.page ?? 1, pages);
      const slice = tasks.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      const names = await ctx.services.users.names(slice.map((task) => task.owner));
      const lines = [t.rectify.listTitle(tasks.length, page, pages)];
      if (slice.length === 0) lines.push(t.rectify.none);
      for (const task of slice) {
        lines.push(t.rectify.line(`R-${task.n}`, marks(ctx, task), task.unit, displayName(task.owner, names), task.due, task.measure, `F-${task.finding}`));
      }
      if (page < pages) {
        const kept = [args.overdue && '--overdue', args['due-soon'] && '--due-soon', args.mine && '--mine', unit && `--unit ${unit}`].filter(Boolean);
        lines.push(t.rectify.nextPage(['/rectify list', `--page ${page + 1}`, ...kept].join(' ')));
      }
      return reply.chat(lines.join('\n'), slice.map(quote.task));
    },
  }),
  defineCommand({
    id: 'rectify show',
    family: 'rectify',
    words: ['show'],
    spec: { positionals: [{ name: 'ref' }], options: {} },
    schema: z.object({ ref: z.string() }),
    access: { scope: 'team', roles: VIEWERS },
    async run(ctx, args) {
      const { t } = ctx;
      const c = t.rectify.card;
      const task = await load(ctx, args.ref);
      const tz = ctx.config.timeZone;
      const people = [task.owner, ...task.progress.map((p) => p.by), ...task.extensions.map((e) => e.by), ...task.followUps.map((f) => f.by)];
      if (task.doneNote) people.push(task.doneNote.by);
      if (task.verified) people.push(task.verified.by);
      const names = await ctx.services.users.names(people);
      const who = (u: string) => displayName(u, names);
      const lines = [c.title(`R-${task.n}`, marks(ctx, task)), task.measure, c.fields(`F-${task.finding}`, task.unit, who(task.owner), task.due)];
      if (task.progress.length) lines.push(c.progress, ...task.progress.map((p) => c.note(localDate(p.at, tz), who(p.by), p.text)));
      if (task.doneNote) lines.push(c.done(localDate(task.doneNote.at, tz), who(task.doneNote.by), task.doneNote.text));
      if (task.verified) lines.push(c.verified(localDate(task.verified.at, tz), who(task.verified.by)));
      if (task.extensions.length) lines.push(c.extensions, ...task.extensions.map((e) => c.extension(localDate(e.at, tz), who(e.by), e.from, e.to, e.reason)));
      if (task.followUps.length) lines.push(c.followUps, ...task.followUps.map((f) => c.followUp(localDate(f.at, tz), who(f.by), f.result, f.note)));
      return reply.chat(lines.join('\n'), [quote.task(task), quote.ref('finding', { team: task.team, n: task.finding })]);
    },
  }),
  defineCommand({
    id: 'rectify progress',
    family: 'rectify',
    words: ['progress'],
    spec: { positionals: [{ name: 'ref' }, { name: 'progress', rest: true }], options: {} },
    schema: z.object({ ref: z.string(), progress: note }),
    access: { scope: 'team', roles: ['leader', 'deputy', 'member', 'owner', 'liaison'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      if (task.owner !== ctx.user) requireRole(ctx, [...TEAM, 'owner']);
      // The same note from the same person minutes ago is a retry, not a second note.
      const { since } = ctx.once();
      const earlier = (r: Rectification) => r.progress.find((p) => p.by === ctx.user && p.text === args.progress && p.at >= since);
      const after = await ctx.services.rectifications.update(
        ctx.team.id,
        task.n,
        (r) => (earlier(r) ? r : { ...r, progress: [...r.progress, { at: ctx.now, by: ctx.user, text: args.progress }] }),
        (before, r) => (r === before ? [] : [entry(ctx, 'progress', r)]),
      );
      const repeated = earlier(task);
      if (repeated) return reply.chat(ctx.t.repeated(`R-${after.n}`, localDateTime(repeated.at, ctx.config.timeZone)), [quote.ref('task', after)]);
      return reply.chat(ctx.t.rectify.progressSaved(`R-${after.n}`), [quote.ref('task', after)]);
    },
  }),
  defineCommand({
    id: 'rectify done',
    family: 'rectify',
    words: ['done'],
    spec: { positionals: [{ name: 'ref' }, { name: 'completion', rest: true }], options: {} },
    schema: z.object({ ref: z.string(), completion: note }),
    access: { scope: 'team', roles: VIEWERS },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      if (task.owner !== ctx.user) throw new CommandError('FORBIDDEN', ctx.t.rectify.errors.onlyOwner(`R-${task.n}`));
      const after = await ctx.services.rectifications.update(
        ctx.team.id,
        task.n,
        (r) => {
          requireState(ctx, r, 'open');
          return { ...r, state: 'done', doneNote: { at: ctx.now, by: ctx.user, text: args.completion }, history: [...r.history, change(ctx, 'state', 'open', 'done')] };
        },
        (r) => [entry(ctx, 'done', r)],
      );
      const who = displayName(ctx.user, await ctx.services.users.names([ctx.user]));
      for (const leader of leaders(ctx)) ctx.notify({ to: { user: leader }, reply: reply.dm(ctx.t.rectify.doneNotice(ctx.team.name, `R-${after.n}`, who), [quote.ref('task', after)]) });
      return reply.chat(ctx.t.rectify.doneSaved(`R-${after.n}`), [quote.ref('task', after)], {
        actions: [{ label: ctx.t.actions.verify, command: `/rectify verify R-${after.n}`, style: 'primary' }],
      });
    },
  }),
  defineCommand({
    id: 'rectify verify',
    family: 'rectify',
    words: ['verify'],
    spec: { positionals: [{ name: 'ref' }], options: {} },
    schema: z.object({ ref: z.string() }),
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      // 销号 needs a second person: the one who did the work never signs it off.
      if (task.owner === ctx.user) throw new CommandError('FORBIDDEN', ctx.t.rectify.errors.ownerCannotVerify(`R-${task.n}`));
      const after = await ctx.services.rectifications.update(
        ctx.team.id,
        task.n,
        (r) => {
          requireState(ctx, r, 'done');
          return { ...r, state: 'verified', verified: { at: ctx.now, by: ctx.user }, history: [...r.history, change(ctx, 'state', 'done', 'verified')] };
        },
        (r) => [entry(ctx, 'verify', r)],
      );
      return reply.chat(ctx.t.rectify.verifiedSaved(`R-${after.n}`), [quote.ref('task', after)]);
    },
  }),
  defineCommand({
    id: 'rectify reopen',
    family: 'rectify',
    words: ['reopen'],
    spec: { positionals: [{ name: 'ref' }, { name: 'reason', rest: true }], options: {} },
    schema: z.object({ ref: z.string(), reason: note }),
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      const after = await ctx.services.rectifications.update(
        ctx.team.id,
        task.n,
        (r) => {
          requireState(ctx, r, 'done');
          // The refused completion note moves into history, so the next done report stands on its own.
          const history = [...r.history, change(ctx, 'state', 'done', 'open'), change(ctx, 'doneNote', r.doneNote?.text), change(ctx, 'reopen', undefined, args.reason)];
          return { ...r, state: 'open', doneNote: undefined, history };
        },
        (r) => [entry(ctx, 'reopen', r)],
      );
      ctx.notify({ to: { user: after.owner }, reply: reply.dm(ctx.t.rectify.reopenedNotice(ctx.team.name, `R-${after.n}`, args.reason), [quote.task(after)]) });
      return reply.chat(ctx.t.rectify.reopened(`R-${after.n}`), [quote.ref('task', after)]);
    },
  }),
  defineCommand({
    id: 'rectify extend',
    family: 'rectify',
    words: ['extend'],
    spec: { positionals: [{ name: 'ref' }], options: { due: 'value', reason: 'value' } },
    schema: z.object({ ref: z.string(), due: z.string(), reason: note }),
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      const due = dueArg(ctx, args.due);
      const after = await ctx.services.rectifications.update(ctx.team.id, task.n, (r) => {
        requireState(ctx, r, 'open');
        if (r.due === due) throw new CommandError('INVALID_ARGS', ctx.t.rectify.errors.sameDue(due));
        // 延期 moves a deadline later; an earlier one would be recorded and announced as an extension.
        if (due < r.due) throw new CommandError('INVALID_ARGS', ctx.t.rectify.errors.earlierDue(r.due, due), 'due');
        return {
          ...r,
          due,
          extensions: [...r.extensions, { at: ctx.now, by: ctx.user, from: r.due, to: due, reason: args.reason }],
          history: [...r.history, change(ctx, 'due', r.due, due)],
        };
      }, (r) => [entry(ctx, 'extend', r)]);
      ctx.notify({ to: { user: after.owner }, reply: reply.dm(ctx.t.rectify.extendedNotice(ctx.team.name, `R-${after.n}`, due, args.reason), [quote.task(after)]) });
      return reply.chat(ctx.t.rectify.extended(`R-${after.n}`, task.due, due), [quote.task(after)]);
    },
  }),
  defineCommand({
    id: 'rectify followup',
    family: 'rectify',
    words: ['followup'],
    spec: { positionals: [{ name: 'ref' }], options: { result: 'value', note: 'value' } },
    schema: z.object({ ref: z.string(), result: z.string(), note: note.optional() }),
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async run(ctx, args) {
      const result = FOLLOW_UP_RESULTS.find((r) => r === args.result.trim());
      if (!result) throw new CommandError('INVALID_ARGS', ctx.t.rectify.errors.results(args.result, FOLLOW_UP_RESULTS));
      const task = await load(ctx, args.ref);
      const after = await ctx.services.rectifications.update(ctx.team.id, task.n, (r) => {
        requireState(ctx, r, 'verified');
        return {
          ...r,
          followUps: [...r.followUps, { at: ctx.now, by: ctx.user, result, note: args.note }],
          history: [...r.history, change(ctx, 'followUp', undefined, result)],
        };
      }, (r) => [entry(ctx, 'followup', r)]);
      return reply.chat(ctx.t.rectify.followUpSaved(`R-${after.n}`, result), [quote.ref('task', after)]);
    },
  }),
];
