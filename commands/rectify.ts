import { recordEntry, type ActionOf } from '../src/audit.ts';
import { CommandError, defineFamily, refusing, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { localDate, localDateTime, type IsoDate } from '../src/dates.ts';
import { canReadClue, requireRole } from '../src/guards.ts';
import { rectifyEn, rectifyZh } from '../src/i18n/rectify.ts';
import { byRef, deadlineArg, noSuchRef, pageOf, unitArg, userArg } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import {
  daysOverdue, EVIDENCE_MIN, extend, FOLLOW_UP_RESULTS, followUp, isDueSoon, isOverdue, noteProgress, openTask, reopen, reopens, reportDone, sameNoteSince,
  TaskError, verify, type Rectification,
} from '../src/rectification.ts';
import { parseRef, refOf } from '../src/refs.ts';
import { describeStep, peopleOf, taskSteps } from '../src/task-record.ts';
import { recusedUnits } from '../src/recusal.ts';
import { fedBack } from '../src/round.ts';
import { holdersOf, memberOf } from '../src/team.ts';
import { displayName } from '../src/users.ts';
import { accessOf, quote, readerIn, taskFacts, type Access } from '../src/visibility.ts';

const family = defineFamily('rectify', { zh: rectifyZh, en: rectifyEn });

const PAGE_SIZE = 10;
const NOTE_MAX = 2000;
const TEAM = ['leader', 'deputy', 'member'] as const;
const VIEWERS = ['admin', 'leader', 'deputy', 'member', 'liaison', 'supervisor', 'owner'] as const;
/** Who notes progress on a task: its owner (整改责任人), and the team. */
const NOTERS = [...TEAM, 'owner'] as const;
/** Who records a follow-up (回头看): the team's leaders, and the supervisors who follow rectification. */
const FOLLOWERS = ['leader', 'deputy', 'supervisor'] as const;

type TaskLike = Pick<Rectification, 'unit' | 'owner' | 'finding' | 'immediate'>;

/**
 * How much of each of the team's tasks the asker may read, by the rules of the visibility module: the
 * team and the office; the owner; the liaison of the task's unit after feedback (at once for 立行立改);
 * a supervisor after feedback; a task on a clue only for those who may read the clue.
 */
async function accessTo(ctx: TeamContext): Promise<(task: TaskLike) => Access> {
  const findings = new Map((await ctx.services.findings.summaries(ctx.team.id)).map((f) => [f.n, f] as const));
  const reader = readerIn(ctx.team, ctx.user, new Set(ctx.config.admins));
  return (task) => accessOf(reader, taskFacts(task, findings.get(task.finding)), ctx.team, ctx.today);
}

async function readable(ctx: TeamContext): Promise<(task: TaskLike) => boolean> {
  const access = await accessTo(ctx);
  return (task) => access(task) === 'content';
}

/**
 * Load a task the asker may see. A liaison who owns a task their unit may not see yet is told from
 * when they may. Any other task a liaison may not read, and a number the team has no task under, is
 * answered in one sentence that it is not among their unit's tasks: telling another unit's task from a
 * task on a clue, or from none at all, would tell them which numbers are clue tasks, and clue-level data
 * never reaches a liaison, not even as a count. Anyone else is answered as if it did not exist.
 */
async function load(ctx: TeamContext, input: string): Promise<Rectification> {
  const liaison = ctx.role === 'liaison' ? (memberOf(ctx.team, ctx.user)?.unit ?? '') : undefined;
  const task = await byRef(ctx, 'task', input).catch((err: unknown) => {
    if (liaison !== undefined && err instanceof CommandError && err.code === 'NOT_FOUND') return undefined;
    throw err;
  });
  const access = task ? (await accessTo(ctx))(task) : 'none';
  if (task && access === 'content') return task;
  // byRef read the number already: a task, or one that was not found.
  const ref = refOf('task', task?.n ?? parseRef(input, 'task')!);
  if (task && access === 'ref' && liaison !== undefined && task.owner === ctx.user && !fedBack(ctx.team, ctx.today)) {
    throw new CommandError('FORBIDDEN', ctx.t.rectify.errors.notYetVisible(ref, ctx.team.period?.feedback));
  }
  if (liaison !== undefined) throw new CommandError('FORBIDDEN', ctx.t.rectify.errors.notUnitTask(ref, liaison), 'ref');
  throw noSuchRef(ctx, 'task', task!.n);
}

/** A refusal of the rectification rules, as the asker reads it. */
function refusal(ctx: TeamContext, err: TaskError): CommandError {
  const { states, errors } = ctx.t.rectify;
  const { task, wanted } = err;
  const ref = refOf('task', task.n);
  switch (err.code) {
    case 'notState':
      return new CommandError('CONFLICT', errors.notState(ref, states[task.state], states[wanted.state!]));
    case 'onlyOwner':
      return new CommandError('FORBIDDEN', errors.onlyOwner(ref));
    case 'ownerCannotVerify':
      return new CommandError('FORBIDDEN', errors.ownerCannotVerify(ref));
    case 'sameDue':
      return new CommandError('INVALID_ARGS', errors.sameDue(task.due));
    case 'earlierDue':
      return new CommandError('INVALID_ARGS', errors.earlierDue(task.due, wanted.due!), 'due');
    case 'noEvidence':
      return new CommandError('INVALID_ARGS', errors.noEvidence(ref, EVIDENCE_MIN), 'completion');
    case 'needsDue':
      return new CommandError('INVALID_ARGS', errors.followUpNeedsDue(ref), 'due');
  }
}

/** Change task `n` by `next`, audited as `action` in the same commit; a refusal of the rules becomes the reply. */
function change(ctx: TeamContext, n: number, action: ActionOf<'task'>, next: (r: Rectification) => Rectification): Promise<Rectification> {
  return refusing(
    ctx.services.rectifications.update(ctx.team.id, n, next, (r) => [recordEntry(ctx, 'task', action, r.n)]),
    TaskError,
    (err) => refusal(ctx, err),
  );
}

function marks(ctx: TeamContext, task: Rectification): string {
  const { rectify } = ctx.t;
  const overdue = daysOverdue(task, ctx.today);
  return [rectify.states[task.state], task.immediate ? rectify.immediate : '', overdue ? rectify.overdueMark(overdue) : ''].filter(Boolean).join(ctx.t.sep);
}

/** Overdue first (longest overdue first), then by deadline; signed-off tasks last. */
function byUrgency(today: IsoDate): (a: Rectification, b: Rectification) => number {
  const rank = (t: Rectification) => (isOverdue(t, today) ? 0 : t.state === 'verified' ? 2 : 1);
  return (a, b) => rank(a) - rank(b) || a.due.localeCompare(b.due) || a.n - b.n;
}

/** Every leader of the team: told when a task is reported done. */
function leaders(ctx: TeamContext): string[] {
  return holdersOf(ctx.team, ['leader']);
}

/** Who may sign off a task of `owner` inside the team: its leaders, never the owner (销号 by a second person). */
const signers = (ctx: TeamContext, owner: string) => leaders(ctx).filter((leader) => leader !== owner);

/**
 * Who is asked to sign off a task reported done: the leaders but its owner; when that leaves nobody and
 * the feedback date has come, the office, who may sign off from then on.
 */
function askedToSign(ctx: TeamContext, owner: string): string[] {
  const inTeam = signers(ctx, owner);
  return inTeam.length || !fedBack(ctx.team, ctx.today) ? inTeam : ctx.config.admins.filter((admin) => admin !== owner);
}

/**
 * Refuse an owner who could never see their task: a supervisor follows tasks and answers for none, and a
 * liaison sees their own unit's tasks only.
 */
function requireOwnerCanSee(ctx: TeamContext, owner: string, who: string, unit: string): void {
  const member = memberOf(ctx.team, owner);
  if (member?.role === 'supervisor') throw new CommandError('CONFLICT', ctx.t.rectify.errors.supervisorOwner(who), 'owner');
  if (member?.role === 'liaison' && member.unit !== unit) throw new CommandError('CONFLICT', ctx.t.rectify.errors.liaisonOtherUnit(who, member.unit ?? '', unit), 'owner');
}

/**
 * What a new task's set-up lacks to ever finish, said when it is made: a finding still a draft; nobody
 * on the team who may sign it off; a liaison owner who may not see it before feedback.
 */
function setUpWarnings(ctx: TeamContext, task: Rectification, findingState: string, ownerName: string, liaisonWaits: boolean): string[] {
  const w = ctx.t.rectify.warnings;
  const ref = refOf('task', task.n);
  const finding = refOf('finding', task.finding);
  const out: string[] = [];
  if (findingState === 'draft') out.push(w.draftFinding(finding));
  if (signers(ctx, task.owner).length === 0) out.push(w.noSigner(ref, ownerName, ctx.team.period?.feedback));
  if (liaisonWaits) out.push(w.liaisonWaits(ownerName, ctx.team.period?.feedback));
  return out;
}

/** A task as its card shows it: its line, its measure, and its whole record. */
async function taskCard(ctx: TeamContext, task: Rectification): Promise<string> {
  const c = ctx.t.rectify.card;
  const names = await ctx.services.users.names(peopleOf(task));
  const who = (u: string) => displayName(u, names);
  const lines = [c.title(refOf('task', task.n), marks(ctx, task)), task.measure, c.fields(refOf('finding', task.finding), task.unit, who(task.owner), task.due)];
  lines.push(c.record, ...taskSteps(task).map((step) => describeStep(step, c, who(step.by), localDate(step.at, ctx.config.timeZone))));
  return lines.join('\n');
}

export const rectifyCommands: AnyCommand[] = [
  family.command({
    words: ['add'],
    params: { ref: param.ref('finding'), measure: param.text(NOTE_MAX).rest(), owner: param.user().option(), due: param.date().option(), immediate: param.flag() },
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    form: ['ref', 'measure', 'owner', 'due', 'immediate'],
    async run(ctx, args) {
      const { t } = ctx;
      const finding = await byRef(ctx, 'finding', args.ref);
      const due = deadlineArg(ctx, args.due);
      const owner = await userArg(ctx, args.owner, 'owner');
      // One who declared a conflict with the unit (回避) may not read the finding, nor answer for fixing it.
      if (recusedUnits(ctx.team, owner).includes(finding.unit)) {
        const name = displayName(owner, await ctx.services.users.names([owner]));
        throw new CommandError('CONFLICT', t.recusal.ownerRecused(name, finding.unit), 'owner');
      }
      // A task on a clue is clue-level: its owner must be someone who may read the clue.
      if (finding.clue && !canReadClue(ctx, finding, owner)) throw new CommandError('CONFLICT', t.rectify.errors.clueOwner(refOf('finding', finding.n)), 'owner');
      const ownerName = displayName(owner, await ctx.services.users.names([owner]));
      requireOwnerCanSee(ctx, owner, ownerName, finding.unit);
      if (!memberOf(ctx.team, owner) && !ctx.team.owners.includes(owner)) {
        await ctx.services.teams.update(ctx.team.id, (team) => (team.owners.includes(owner) ? team : { ...team, owners: [...team.owners, owner] }));
      }
      const fields = { team: ctx.team.id, finding: finding.n, unit: finding.unit, measure: args.measure, owner, due, immediate: args.immediate ?? false };
      const { record: task, repeated } = await ctx.services.rectifications.addOnce(openTask(fields, ctx.user, ctx.now), (r) => [recordEntry(ctx, 'task', 'create', r.n)], ctx.once());
      const ref = refOf('task', task.n);
      const show = { label: t.actions.show, command: `/rectify show ${ref}` };
      // Made already by the same request: its owner was told then.
      if (repeated) return reply.chat(t.repeated(ref, localDateTime(task.createdAt, ctx.config.timeZone)), [quote.task(task)], { actions: [show] });
      // A liaison owner may not read the task before feedback (立行立改 apart): told it exists, and from when they may read it.
      const reader = readerIn(ctx.team, owner, new Set(ctx.config.admins));
      const liaisonWaits = memberOf(ctx.team, owner)?.role === 'liaison' && accessOf(reader, taskFacts(task, { clue: Boolean(finding.clue), author: finding.author }), ctx.team, ctx.today) !== 'content';
      const notice = liaisonWaits
        ? reply.dm(t.rectify.assignedLater(ctx.team.name, ref, ctx.team.period?.feedback), [quote.ref('task', task), quote.team(ctx.team)])
        : reply.dm(t.rectify.assigned(ctx.team.name, ref, task.measure, due), [quote.task(task)]);
      ctx.notify({ to: { user: owner }, reply: notice });
      const lines = [t.rectify.created(ref, refOf('finding', finding.n), task.unit, ownerName, due, task.immediate), ...setUpWarnings(ctx, task, finding.state, ownerName, liaisonWaits)];
      return reply.chat(lines.join('\n'), [quote.task(task), quote.ref('finding', finding)], { actions: [show] });
    },
  }),
  family.command({
    words: ['list'],
    params: { overdue: param.flag(), 'due-soon': param.flag(), mine: param.flag(), unit: param.unit().option().optional(), page: param.page() },
    access: { scope: 'team', roles: VIEWERS },
    async run(ctx, args) {
      const { t } = ctx;
      const unit = args.unit && unitArg(ctx, args.unit);
      const days = ctx.config.digest.days;
      const canRead = await readable(ctx);
      const visible = (await ctx.services.rectifications.list(ctx.team.id)).filter(canRead);
      // Before feedback the unit sees only what it must fix at once (立行立改); with none, say from when it sees the rest.
      const liaisonWaits = ctx.role === 'liaison' && !fedBack(ctx.team, ctx.today);
      if (liaisonWaits && visible.length === 0) throw new CommandError('FORBIDDEN', t.rectify.notYetForLiaison(ctx.team.period?.feedback));
      const tasks = visible
        .filter((task) => !args.mine || task.owner === ctx.user)
        .filter((task) => !unit || task.unit === unit)
        .filter((task) => !args.overdue || isOverdue(task, ctx.today))
        .filter((task) => !args['due-soon'] || isDueSoon(task, ctx.today, days))
        .sort(byUrgency(ctx.today));
      const { page, pages, slice } = pageOf(ctx, tasks, args.page, PAGE_SIZE);
      const names = await ctx.services.users.names(slice.map((task) => task.owner));
      const lines = [t.rectify.listTitle(tasks.length, page, pages)];
      if (slice.length === 0) lines.push(t.rectify.none);
      for (const task of slice) {
        lines.push(t.rectify.line(refOf('task', task.n), marks(ctx, task), task.unit, displayName(task.owner, names), task.due, task.measure, refOf('finding', task.finding)));
      }
      if (page < pages) {
        const kept = [args.overdue && '--overdue', args['due-soon'] && '--due-soon', args.mine && '--mine', unit && `--unit ${unit}`].filter(Boolean);
        lines.push(t.rectify.nextPage(['/rectify list', `--page ${page + 1}`, ...kept].join(' ')));
      }
      if (liaisonWaits) lines.push(t.rectify.restFromFeedback(ctx.team.period?.feedback));
      return reply.chat(lines.join('\n'), slice.map(quote.task));
    },
  }),
  family.command({
    words: ['show'],
    params: { ref: param.ref('task') },
    access: { scope: 'team', roles: VIEWERS },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      return reply.chat(await taskCard(ctx, task), [quote.task(task), quote.ref('finding', { team: task.team, n: task.finding })]);
    },
  }),
  family.command({
    words: ['progress'],
    params: { ref: param.ref('task'), progress: param.text(NOTE_MAX).rest() },
    access: { scope: 'team', roles: NOTERS },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      if (task.owner !== ctx.user) requireRole(ctx, NOTERS);
      // The same note from the same person minutes ago is a retry, not a second note.
      const { since } = ctx.once();
      const after = await ctx.services.rectifications.update(
        ctx.team.id,
        task.n,
        (r) => noteProgress(r, args.progress, ctx.user, ctx.now, since),
        (before, r) => (r === before ? [] : [recordEntry(ctx, 'task', 'progress', r.n)]),
      );
      const ref = refOf('task', after.n);
      const repeated = sameNoteSince(task, args.progress, ctx.user, since);
      if (repeated) return reply.chat(ctx.t.repeated(ref, localDateTime(repeated.at, ctx.config.timeZone)), [quote.ref('task', after)]);
      return reply.chat(ctx.t.rectify.progressSaved(ref), [quote.ref('task', after)]);
    },
  }),
  family.command({
    words: ['done'],
    params: { ref: param.ref('task'), completion: param.text(NOTE_MAX).rest() },
    // Its owner alone reports a task done (src/rectification.ts refuses anyone else).
    access: { scope: 'team', roles: ['owner'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      const after = await change(ctx, task.n, 'done', (r) => reportDone(r, args.completion, ctx.user, ctx.now));
      const ref = refOf('task', after.n);
      const who = displayName(ctx.user, await ctx.services.users.names([ctx.user]));
      for (const signer of askedToSign(ctx, after.owner)) ctx.notify({ to: { user: signer }, reply: reply.dm(ctx.t.rectify.doneNotice(ctx.team.name, ref, who), [quote.ref('task', after)]) });
      return reply.chat(ctx.t.rectify.doneSaved(ref), [quote.ref('task', after)], {
        actions: [{ label: ctx.t.actions.verify, command: `/rectify verify ${ref}`, style: 'primary' }],
      });
    },
  }),
  family.command({
    words: ['verify'],
    params: { ref: param.ref('task') },
    access: { scope: 'team', roles: ['leader', 'admin'] },
    async run(ctx, args) {
      // The office signs off (对账销号) once the round has fed back, when the rectification is the unit's to do.
      if (ctx.role !== 'leader' && !fedBack(ctx.team, ctx.today)) throw new CommandError('FORBIDDEN', ctx.t.rectify.errors.officeVerifiesFrom(ctx.team.period?.feedback));
      const task = await load(ctx, args.ref);
      const after = await change(ctx, task.n, 'verify', (r) => verify(r, ctx.user, ctx.now));
      return reply.chat(ctx.t.rectify.verifiedSaved(refOf('task', after.n)), [quote.ref('task', after)]);
    },
  }),
  family.command({
    words: ['reopen'],
    params: { ref: param.ref('task'), reason: param.text(NOTE_MAX).rest() },
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      const after = await change(ctx, task.n, 'reopen', (r) => reopen(r, args.reason, ctx.user, ctx.now));
      const ref = refOf('task', after.n);
      ctx.notify({ to: { user: after.owner }, reply: reply.dm(ctx.t.rectify.reopenedNotice(ctx.team.name, ref, args.reason), [quote.task(after)]) });
      return reply.chat(ctx.t.rectify.reopened(ref), [quote.ref('task', after)]);
    },
  }),
  family.command({
    words: ['extend'],
    params: { ref: param.ref('task'), due: param.date().option(), reason: param.text(NOTE_MAX).option().label('extendReason') },
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const task = await load(ctx, args.ref);
      const due = deadlineArg(ctx, args.due);
      const after = await change(ctx, task.n, 'extend', (r) => extend(r, due, args.reason, ctx.user, ctx.now));
      const ref = refOf('task', after.n);
      ctx.notify({ to: { user: after.owner }, reply: reply.dm(ctx.t.rectify.extendedNotice(ctx.team.name, ref, due, args.reason), [quote.task(after)]) });
      return reply.chat(ctx.t.rectify.extended(ref, task.due, due), [quote.task(after)]);
    },
  }),
  family.command({
    words: ['followup'],
    params: {
      ref: param.ref('task'),
      result: param.choice(FOLLOW_UP_RESULTS).listed().option(),
      due: param.date().option().optional(),
      note: param.text(NOTE_MAX).option().optional(),
    },
    access: { scope: 'team', roles: FOLLOWERS },
    async run(ctx, args) {
      const { t } = ctx;
      const result = FOLLOW_UP_RESULTS.find((r) => r === args.result.trim());
      if (!result) throw new CommandError('INVALID_ARGS', t.rectify.errors.results(args.result, FOLLOW_UP_RESULTS), 'result');
      // A new deadline belongs to a task that opens again: with 巩固 it would be set and never used.
      if (args.due !== undefined && !reopens(result)) throw new CommandError('INVALID_ARGS', t.rectify.errors.dueOnlyIfReopened(result), 'due');
      const due = args.due === undefined ? undefined : deadlineArg(ctx, args.due);
      const task = await load(ctx, args.ref);
      const after = await change(ctx, task.n, 'followup', (r) => followUp(r, result, args.note, due, ctx.user, ctx.now));
      const ref = refOf('task', after.n);
      if (!reopens(result)) return reply.chat(t.rectify.followUpSaved(ref, result), [quote.ref('task', after)]);
      // Open again: its owner has it to do once more, by the new deadline.
      ctx.notify({ to: { user: after.owner }, reply: reply.dm(t.rectify.followUpReopenedNotice(ctx.team.name, ref, result, after.due, args.note), [quote.task(after)]) });
      return reply.chat(t.rectify.followUpReopened(ref, result, after.due), [quote.ref('task', after)]);
    },
  }),
];
