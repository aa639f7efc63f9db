import { recordEntry } from '../src/audit.ts';
import { CommandError, defineFamily, refusing, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import {
  CLUE_IMPORTANCE, CLUE_POSTS, CLUE_RESULTS, confirm, draftFinding, edit, FINDING_STATES, FindingError, flagClue, handedOverOn, handOver,
  HANDOVER_TARGETS, pickFrom, recordReceipt, recordResult, resultDue, review, SEVERITIES, type Finding, type FindingFields, type FindingState,
  type FindingSummary, type HandoverTarget,
} from '../src/finding.ts';
import { canReadClue, CLUE_READERS, hasRole, requireNotRecused, requireRole } from '../src/guards.ts';
import { daysBetween, localDate, localDateTime } from '../src/dates.ts';
import { findingEn, findingZh } from '../src/i18n/finding.ts';
import { wordFor } from '../src/i18n/index.ts';
import { byRef, choiceArg, dateArg, noSuchRef, pageOf, unitArg } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import { holdersOf } from '../src/team.ts';
import { recusedUnits } from '../src/recusal.ts';
import { refOf } from '../src/refs.ts';
import { shorten } from '../src/text.ts';
import { displayName } from '../src/users.ts';
import type { ReplyAction } from '../src/types.ts';
import { accessOf, findingFacts, quote, readerIn } from '../src/visibility.ts';

const family = defineFamily('finding', { zh: findingZh, en: findingEn });

const PAGE_SIZE = 10;
const TEXT_MAX = 2000;
const SUBJECT_MAX = 200;
const EVIDENCE_MAX = 2000;
const BASIS_MAX = 500;
const RECEIVER_MAX = 100;
const WRITERS = ['leader', 'deputy', 'member'] as const;
const READERS = ['admin', 'leader', 'deputy', 'member'] as const;
/** Who edits a finding: its author (经办人), and the leaders. */
const EDITORS = ['author', 'leader', 'deputy'] as const;
/** Who records a clue's result: the leaders, and the office, which hears from the recipients too. */
const RESULT_RECORDERS = ['leader', 'deputy', 'admin'] as const;
/** Where a finding came from when nobody says. */
const DEFAULT_SOURCE = '其他';

/** The fields a person may file a finding under; each is checked against the team and the office's taxonomy. */
const filing = {
  unit: param.unit().option(),
  cat: param.taxonomy('categories').option(),
  source: param.taxonomy('sources').option().optional(),
  severity: param.choice(SEVERITIES).listed().option().optional(),
  tag: param.word().option().optional(),
};

function tagsArg(ctx: TeamContext, input: string): string[] {
  return input
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => choiceArg(ctx, ctx.services.taxonomy.tags, s, '--tag'));
}

/** The source of a new finding: as typed, else 其他, unless the office's sources leave 其他 out, when it must be typed. */
function sourceArg(ctx: TeamContext, input: string | undefined): string {
  const { sources } = ctx.services.taxonomy;
  if (input !== undefined) return choiceArg(ctx, sources, input, '--source');
  if (sources.includes(DEFAULT_SOURCE)) return DEFAULT_SOURCE;
  throw new CommandError('INVALID_ARGS', ctx.t.finding.errors.sourceNeeded(sources), 'source');
}

/**
 * The category to list: one of the office's, or exactly one a finding of the team was filed under before
 * the office's file dropped it, so those findings can still be listed alone.
 */
function listedCategory(ctx: TeamContext, input: string, filed: readonly FindingSummary[]): string {
  const { categories } = ctx.services.taxonomy;
  const wanted = input.trim();
  const category = pickFrom(categories, wanted) ?? filed.find((f) => f.category === wanted)?.category;
  if (!category) throw new CommandError('INVALID_ARGS', ctx.t.errors.notOneOf('--cat', input, categories), 'cat');
  return category;
}

/**
 * The rulebook entries `input` names (`LJ-03、GZ-01`, `lj3 gz1`), as the rulebook spells their ids; ids
 * not in the rulebook are refused, all of them named.
 */
function basisArg(ctx: TeamContext, input: string): string[] {
  const typed = input.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean);
  const unknown = typed.filter((id) => !ctx.services.rules.byId(id));
  if (unknown.length) throw new CommandError('INVALID_ARGS', ctx.t.finding.errors.unknownBasis(unknown), 'basis');
  return [...new Set(typed.map((id) => ctx.services.rules.byId(id)!.id))];
}

function stateArg(ctx: TeamContext, input: string): FindingState {
  const byName = FINDING_STATES.find((s) => s.toLowerCase() === input.toLowerCase() || ctx.t.findingStates[s] === input);
  if (!byName) throw new CommandError('INVALID_ARGS', ctx.t.errors.notOneOf('--status', input, FINDING_STATES.map((s) => ctx.t.findingStates[s])));
  return byName;
}

/** A recipient as typed: its name, its name in words, or 纪委, as people call the commission. */
function handoverTarget(input: string, words: Record<HandoverTarget, string>): HandoverTarget | undefined {
  const wanted = input.trim() === '纪委' ? '纪委监委' : input.trim();
  return HANDOVER_TARGETS.find((target) => target === wanted || words[target] === wanted);
}

/** Load a finding the asker may act on; a clue stays hidden from those who may not read it. */
async function loadVisible(ctx: TeamContext, input: string): Promise<Finding> {
  const found = await byRef(ctx, 'finding', input);
  if (found.clue && !canReadClue(ctx, found)) requireRole(ctx, CLUE_READERS, found.author);
  return found;
}

/**
 * Load a finding for a supervisor: one a task fixes, by the rule of src/visibility.ts; anything else,
 * a clue above all, is answered as if it did not exist.
 */
async function loadFollowed(ctx: TeamContext, input: string): Promise<Finding> {
  const found = await byRef(ctx, 'finding', input);
  const tasks = await ctx.services.rectifications.summaries(ctx.team.id);
  const facts = findingFacts({ n: found.n, unit: found.unit, author: found.author, clue: found.clue !== undefined }, tasks);
  if (accessOf(readerIn(ctx.team, ctx.user, new Set(ctx.config.admins)), facts, ctx.team, ctx.today) !== 'content') {
    throw noSuchRef(ctx, 'finding', found.n);
  }
  return found;
}

/** A refusal of the finding rules, as the asker reads it. */
function refusal(ctx: TeamContext, err: FindingError, names: Map<string, string> = new Map()): CommandError {
  const { t } = ctx;
  const { finding: f, code } = err;
  const ref = refOf('finding', f.n);
  switch (code) {
    case 'notDraft':
      return new CommandError('CONFLICT', t.errors.notDraft(ref, t.findingStates[f.state]));
    // Handed over already: say to whom and when, rather than "confirm it first".
    case 'handedOver':
      return new CommandError('CONFLICT', `${ref} ${t.finding.handedOver(t.handoverTargets[f.handover!.to], localDate(f.handover!.at, ctx.config.timeZone), displayName(f.handover!.by, names))}`);
    case 'notConfirmed':
      return new CommandError('CONFLICT', t.errors.handoverNeedsConfirmed(ref, t.findingStates[f.state]));
    case 'ownReview':
      return new CommandError('FORBIDDEN', t.finding.errors.ownReview(ref));
    case 'notReviewed':
      return new CommandError('CONFLICT', t.finding.errors.notReviewed(ref, t.findingStates[f.state], f.state === 'draft'));
    case 'noEvidence':
      return new CommandError('CONFLICT', t.finding.errors.noEvidence(ref), 'evidence');
    case 'notHandedOver':
      return new CommandError('CONFLICT', t.finding.errors.notHandedOver(ref));
    case 'received':
      return new CommandError('CONFLICT', t.finding.errors.received(ref, f.handover!.receipt!.by, f.handover!.receipt!.on));
    case 'receiptBeforeHandover':
      return new CommandError('INVALID_ARGS', t.finding.errors.receiptBeforeHandover(ref, handedOverOn(f.handover!, ctx.config.timeZone)), 'date');
    case 'notClue':
      return new CommandError('CONFLICT', t.finding.errors.notClue(ref));
    case 'sameResult':
      return new CommandError('CONFLICT', t.finding.errors.sameResult(ref, f.handover!.result!.kind));
    default:
      return new CommandError('CONFLICT', t.errors.handover[code](ref), code === 'notReported' ? 'reported' : 'to');
  }
}

function summaryLine(ctx: TeamContext, f: Finding, names: Map<string, string>): string {
  return ctx.t.finding.line(refOf('finding', f.n), marks(ctx, f), [f.unit, f.category, f.severity].join(ctx.t.sep), shorten(f.text, 40), displayName(f.author, names), localDate(f.createdAt, ctx.config.timeZone));
}

/** A finding's state, and the clue mark where it is one. */
function marks(ctx: TeamContext, f: Finding): string {
  return [ctx.t.findingStates[f.state], f.clue ? ctx.t.finding.clueMark : ''].filter(Boolean).join(ctx.t.sep);
}

async function card(ctx: TeamContext, f: Finding): Promise<string> {
  const { t } = ctx;
  const tz = ctx.config.timeZone;
  const people = [f.author, ...f.history.map((h) => h.by), ...(f.handover ? [f.handover.by] : [])];
  const names = await ctx.services.users.names(people);
  const lines = [
    t.finding.cardTitle(refOf('finding', f.n), marks(ctx, f)),
    f.text,
    t.finding.fields(f.unit, f.category, f.source, f.severity, f.tags),
    t.finding.authored(displayName(f.author, names), localDate(f.createdAt, tz)),
  ];
  lines.push(f.evidence ? t.finding.evidenceLine(f.evidence) : t.finding.noEvidence);
  if (f.basis?.length) lines.push(t.finding.basisLine(f.basis.map((id) => t.finding.basisRule(id, ctx.services.rules.byId(id)?.title))));
  if (f.clue) lines.push(t.finding.clueDetails(f.clue.importance, f.clue.subject, f.clue.post));
  if (f.handover) {
    const { receipt, result } = f.handover;
    lines.push(t.finding.handedOver(t.handoverTargets[f.handover.to], localDate(f.handover.at, tz), displayName(f.handover.by, names), f.handover.note));
    if (receipt) lines.push(t.finding.receipt(receipt.by, receipt.on));
    if (result) lines.push(t.finding.result(result.kind, localDate(result.at, tz), result.note));
    else if (f.clue) {
      const due = resultDue(handedOverOn(f.handover, tz), ctx.config.clueResultDays);
      lines.push(t.finding.resultDue(due, daysBetween(due, ctx.today)));
    }
  }
  if (f.history.length) {
    lines.push(t.history.title);
    for (const h of f.history) {
      const value = (v?: string) => (v !== undefined && h.field === 'state' ? wordFor(t.findingStates, v) : v);
      lines.push(t.history.line(localDateTime(h.at, tz), displayName(h.by, names), wordFor(t.fieldNames, h.field), value(h.from), value(h.to)));
    }
  }
  return lines.join('\n');
}

/** Who reviews a draft (never its own 经办人) and who signs a reviewed finding: the review and confirm commands' roles. */
const REVIEWERS = ['leader', 'deputy'] as const;
const SIGNERS = ['leader'] as const;

/**
 * The next step a card offers, as buttons: review a draft, confirm a reviewed finding; on a handed-over
 * clue, the result picker for those who record results (a clue's card reaches no one else but its readers).
 * In a group anyone there may be the one to press (pressing is checked like typing); in a direct message
 * the card offers only what its one reader may do.
 */
function cardActions(ctx: TeamContext, f: Finding): ReplyAction[] {
  const { t } = ctx;
  const ref = refOf('finding', f.n);
  const alone = ctx.audience.kind === 'person';
  if (f.state === 'draft') {
    if (alone && (!hasRole(ctx, REVIEWERS) || f.author === ctx.user)) return [];
    return [{ label: t.actions.review, command: `/finding review ${ref}`, style: 'primary' }];
  }
  if (f.state === 'reviewed') return alone && !hasRole(ctx, SIGNERS) ? [] : [{ label: t.actions.confirm, command: `/finding confirm ${ref}`, style: 'primary' }];
  if (f.clue && f.handover && hasRole(ctx, RESULT_RECORDERS)) {
    return CLUE_RESULTS.filter((kind) => kind !== f.handover!.result?.kind).map((kind) => ({ label: kind, command: `/finding result ${ref} ${kind}` }));
  }
  return [];
}

export const findingCommands: AnyCommand[] = [
  family.command({
    words: ['add'],
    params: { text: param.text(TEXT_MAX).rest(), ...filing, evidence: param.text(EVIDENCE_MAX).option().optional() },
    access: { scope: 'team', roles: WRITERS },
    form: ['unit', 'cat', 'text', 'source', 'severity'],
    async run(ctx, args) {
      const fields: FindingFields = {
        text: args.text,
        unit: unitArg(ctx, args.unit),
        category: choiceArg(ctx, ctx.services.taxonomy.categories, args.cat, '--cat'),
        source: sourceArg(ctx, args.source),
        severity: args.severity ? choiceArg(ctx, SEVERITIES, args.severity, '--severity') : '一般',
        tags: args.tag ? tagsArg(ctx, args.tag) : [],
        evidence: args.evidence,
      };
      requireNotRecused(ctx, fields.unit);
      const { record: saved, repeated } = await ctx.services.findings.addOnce(
        draftFinding(ctx.team.id, fields, ctx.user, ctx.now),
        (f) => [recordEntry(ctx, 'finding', 'finding-add', f.n)],
        ctx.once(),
      );
      const ref = refOf('finding', saved.n);
      const said = repeated ? ctx.t.repeated(ref, localDateTime(saved.createdAt, ctx.config.timeZone)) : ctx.t.finding.saved(ref, saved.unit, saved.category, saved.severity);
      return reply.chat(said, [quote.finding(saved)], {
        actions: [
          { label: ctx.t.actions.review, command: `/finding review ${ref}`, style: 'primary' },
          { label: ctx.t.actions.show, command: `/finding show ${ref}` },
        ],
      });
    },
  }),
  family.command({
    words: ['list'],
    params: { unit: param.unit().option().optional(), cat: param.taxonomy('categories').option().optional(), status: param.word().option().optional(), clues: param.flag(), page: param.page() },
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const { t } = ctx;
      const unit = args.unit && unitArg(ctx, args.unit);
      if (unit) requireNotRecused(ctx, unit);
      const recused = recusedUnits(ctx.team, ctx.user);
      // The index answers the filters and counts; only the page's findings are read in full.
      const all = await ctx.services.findings.summaries(ctx.team.id);
      const cat = args.cat && listedCategory(ctx, args.cat, all);
      const status = args.status && stateArg(ctx, args.status);
      const matching = all.filter((f) => (!unit || f.unit === unit) && (!cat || f.category === cat) && (!status || f.state === status));
      const clues = matching.filter((f) => f.clue);
      // The count of clues below stays whole: it must not tell which unit a clue is on.
      const shown = (args.clues ? clues.filter((f) => canReadClue(ctx, f)) : matching.filter((f) => !f.clue)).filter((f) => !recused.includes(f.unit));
      if (args.clues && shown.length === 0 && clues.length > 0) requireRole(ctx, CLUE_READERS);
      const { page, pages, slice: wanted } = pageOf(ctx, shown, args.page, PAGE_SIZE);
      // Checked again on the full record: a finding flagged as a clue since the index was read stays hidden.
      const slice = (await ctx.services.findings.getMany(ctx.team.id, wanted.map((f) => f.n))).filter((f) => (args.clues ? f.clue && canReadClue(ctx, f) : !f.clue));
      const names = await ctx.services.users.names(slice.map((f) => f.author));
      const lines = [args.clues ? t.finding.clueListTitle(shown.length) : t.finding.listTitle(shown.length, page, pages)];
      if (slice.length === 0) lines.push(t.finding.none);
      lines.push(...slice.map((f) => summaryLine(ctx, f, names)));
      if (page < pages) {
        // The hint keeps the filters, so that following it pages through the same list.
        const quoted = (v: string) => (/\s/.test(v) ? `“${v}”` : v);
        const kept = [unit && `--unit ${quoted(unit)}`, cat && `--cat ${cat}`, status && `--status ${status}`, args.clues && '--clues'].filter(Boolean);
        lines.push([t.finding.nextPage(page + 1), ...kept].join(' '));
      }
      if (!args.clues && clues.length > 0) lines.push(t.finding.hiddenClues(clues.length));
      if (recused.length) lines.push(t.recusal.recusedHidden(recused));
      // The gate keeps it to the asker wherever others may not read it, and audits every clue shown.
      // A conflict of the asker's own is not the group's to know: then the list is theirs alone.
      const answer = recused.length ? reply.asker : reply.chat;
      return answer(lines.join('\n'), [quote.team(ctx.team), ...slice.map(quote.finding)]);
    },
  }),
  family.command({
    words: ['show'],
    params: { ref: param.ref('finding') },
    access: { scope: 'team', roles: [...READERS, 'supervisor'] },
    async run(ctx, args) {
      const found = ctx.role === 'supervisor' ? await loadFollowed(ctx, args.ref) : await loadVisible(ctx, args.ref);
      return reply.chat(await card(ctx, found), [quote.finding(found)], { actions: cardActions(ctx, found) });
    },
  }),
  family.command({
    words: ['edit'],
    params: {
      ref: param.ref('finding'),
      text: param.text(TEXT_MAX).option().optional().label('editText'),
      ...filing,
      unit: filing.unit.optional(),
      cat: filing.cat.optional(),
      severity: param.choice(SEVERITIES).option().optional().label('editSeverity'),
      evidence: param.text(EVIDENCE_MAX).option().optional(),
      basis: param.text(BASIS_MAX).option().optional(),
    },
    access: { scope: 'team', roles: EDITORS },
    async run(ctx, args) {
      const { t } = ctx;
      const before = await loadVisible(ctx, args.ref);
      requireRole(ctx, EDITORS, before.author);
      const changes: Partial<FindingFields> = {
        ...(args.text !== undefined && { text: args.text }),
        ...(args.unit !== undefined && { unit: unitArg(ctx, args.unit) }),
        ...(args.cat !== undefined && { category: choiceArg(ctx, ctx.services.taxonomy.categories, args.cat, '--cat') }),
        ...(args.source !== undefined && { source: choiceArg(ctx, ctx.services.taxonomy.sources, args.source, '--source') }),
        ...(args.severity !== undefined && { severity: choiceArg(ctx, SEVERITIES, args.severity, '--severity') }),
        ...(args.tag !== undefined && { tags: tagsArg(ctx, args.tag) }),
        ...(args.evidence !== undefined && { evidence: args.evidence }),
        ...(args.basis !== undefined && { basis: basisArg(ctx, args.basis) }),
      };
      if (Object.keys(changes).length === 0) throw new CommandError('INVALID_ARGS', t.errors.nothingToChange);
      if (changes.unit) requireNotRecused(ctx, changes.unit);
      let changed: ReturnType<typeof edit>['changed'] = [];
      const after = await ctx.services.findings.update(
        ctx.team.id,
        before.n,
        (f) => {
          const edited = edit(f, changes, ctx.user, ctx.now);
          changed = edited.changed;
          return edited.finding;
        },
        (f) => changed.map((c) => recordEntry(ctx, 'finding', 'edit', f.n, c.field)),
      );
      // The text and the evidence are not echoed: the history shows them to those who may read them. A
      // field set for the first time has no old value to show (定性依据 → LJ-03).
      const list = changed.map((c) => {
        const label = wordFor(t.fieldNames, c.field);
        return c.field === 'text' || c.field === 'evidence' ? label : `${label}${c.from === undefined ? '' : ` ${c.from}`} → ${c.to ?? ''}`;
      });
      const ref = refOf('finding', after.n);
      const said = changed.length ? t.finding.edited(ref, list) : t.finding.unchanged(ref);
      // A reviewed finding that changed is a draft again: its review is the next step once more.
      if (before.state === 'reviewed' && after.state === 'draft') {
        return reply.chat(`${said}\n${t.finding.backToDraft(ref)}`, [quote.finding(after)], { actions: cardActions(ctx, after) });
      }
      return reply.chat(said, [quote.finding(after)]);
    },
  }),
  family.command({
    words: ['review'],
    params: { ref: param.ref('finding') },
    access: { scope: 'team', roles: REVIEWERS },
    async run(ctx, args) {
      const { t } = ctx;
      const found = await loadVisible(ctx, args.ref);
      const after = await refusing(
        ctx.services.findings.update(ctx.team.id, found.n, (f) => review(f, ctx.user, ctx.now), (f) => [recordEntry(ctx, 'finding', 'review', f.n)]),
        FindingError,
        (err) => refusal(ctx, err),
      );
      const ref = refOf('finding', after.n);
      const sign = { label: t.actions.confirm, command: `/finding confirm ${ref}`, style: 'primary' } as const;
      // The leader signs: told by direct message, with the button to do it.
      const signers = holdersOf(ctx.team, ['leader']).filter((user) => user !== ctx.user);
      const reviewer = displayName(ctx.user, await ctx.services.users.names([ctx.user]));
      for (const user of signers) {
        ctx.notify({ to: { user }, reply: reply.dm(t.finding.reviewedNotice(ctx.team.name, ref, reviewer), [quote.ref('finding', after)], { actions: [sign, { label: t.actions.show, command: `/finding show ${ref}` }] }) });
      }
      return reply.chat(t.finding.reviewed(ref), [quote.ref('finding', after)], { actions: [sign] });
    },
  }),
  family.command({
    words: ['confirm'],
    params: { ref: param.ref('finding') },
    access: { scope: 'team', roles: SIGNERS },
    async run(ctx, args) {
      const found = await loadVisible(ctx, args.ref);
      const after = await refusing(
        ctx.services.findings.update(ctx.team.id, found.n, (f) => confirm(f, ctx.user, ctx.now), (f) => [recordEntry(ctx, 'finding', 'confirm', f.n)]),
        FindingError,
        (err) => refusal(ctx, err),
      );
      return reply.chat(ctx.t.finding.confirmed(refOf('finding', after.n)), [quote.ref('finding', after)]);
    },
  }),
  family.command({
    words: ['clue'],
    params: {
      ref: param.ref('finding'),
      importance: param.exact(CLUE_IMPORTANCE).listed().option().optional(),
      subject: param.text(SUBJECT_MAX).option().optional(),
      post: param.choice(CLUE_POSTS).listed().option().optional(),
    },
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async run(ctx, args) {
      // Who a clue is about, typed anywhere but the bot's own DM, would sit in that chat's history.
      if ((args.subject !== undefined || args.post !== undefined) && ctx.incoming.chat.kind !== 'dm') {
        throw new CommandError('WRONG_CHAT', ctx.t.errors.subjectOnlyInDm);
      }
      const post = args.post === undefined ? undefined : choiceArg(ctx, CLUE_POSTS, args.post, '--post');
      const found = await byRef(ctx, 'finding', args.ref);
      const details = { subject: args.subject, post, importance: args.importance };
      const after = await ctx.services.findings.update(
        ctx.team.id,
        found.n,
        (f) => flagClue(f, details, ctx.user, ctx.now, ctx.t.finding.clueMark),
        (f) => [recordEntry(ctx, 'finding', 'flag-clue', f.n)],
      );
      const lines = [ctx.t.finding.flagged(refOf('finding', after.n))];
      // A task owner who may not read clues no longer sees that task: its leader must know to reassign it.
      const tasks = (await ctx.services.rectifications.summaries(ctx.team.id)).filter((task) => task.finding === after.n && task.state !== 'verified');
      const blind = tasks.filter((task) => !canReadClue(ctx, after, task.owner));
      if (blind.length) {
        const names = await ctx.services.users.names(blind.map((task) => task.owner));
        lines.push(ctx.t.finding.ownersBlind(blind.map((task) => `${refOf('task', task.n)}（${displayName(task.owner, names)}）`)));
      }
      return reply.chat(lines.join('\n'), [quote.ref('finding', after)]);
    },
  }),
  family.command({
    words: ['handover'],
    params: { ref: param.ref('finding'), to: param.choice(HANDOVER_TARGETS).listed().option(), reported: param.date().option().optional(), note: param.text(TEXT_MAX).option().optional() },
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const { t } = ctx;
      const to = handoverTarget(args.to, t.handoverTargets);
      if (!to) throw new CommandError('INVALID_ARGS', t.errors.notOneOf('--to', args.to, HANDOVER_TARGETS), 'to');
      const reported = args.reported === undefined ? undefined : dateArg(ctx, args.reported, 'reported');
      if (reported && reported > ctx.today) throw new CommandError('INVALID_ARGS', t.errors.reportedInFuture(reported, ctx.today), 'reported');
      const found = await byRef(ctx, 'finding', args.ref);
      const names = await ctx.services.users.names(found.handover ? [found.handover.by] : []);
      const after = await refusing(
        ctx.services.findings.update(ctx.team.id, found.n, (f) => handOver(f, { to, reported, note: args.note }, ctx.user, ctx.now), (f) => [recordEntry(ctx, 'finding', 'handover', f.n)]),
        FindingError,
        (err) => refusal(ctx, err, names),
      );
      return reply.chat(t.finding.handedOverReply(refOf('finding', after.n), t.handoverTargets[to], ctx.today), [quote.finding(after)]);
    },
  }),
  family.command({
    words: ['receipt'],
    params: { ref: param.ref('finding'), by: param.text(RECEIVER_MAX).option(), date: param.date().option().optional() },
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async run(ctx, args) {
      const { t } = ctx;
      const on = args.date === undefined ? ctx.today : dateArg(ctx, args.date, 'date');
      if (on > ctx.today) throw new CommandError('INVALID_ARGS', t.finding.errors.receiptInFuture(on, ctx.today), 'date');
      const found = await loadVisible(ctx, args.ref);
      const after = await refusing(
        ctx.services.findings.update(
          ctx.team.id,
          found.n,
          (f) => recordReceipt(f, { by: args.by, on }, ctx.config.timeZone, ctx.user, ctx.now),
          (f) => [recordEntry(ctx, 'finding', 'receipt', f.n)],
        ),
        FindingError,
        (err) => refusal(ctx, err),
      );
      return reply.chat(t.finding.received(refOf('finding', after.n), args.by, on), [quote.finding(after)], { actions: cardActions(ctx, after) });
    },
  }),
  family.command({
    words: ['result'],
    params: { ref: param.ref('finding'), result: param.choice(CLUE_RESULTS), note: param.text(TEXT_MAX).option().optional() },
    access: { scope: 'team', roles: RESULT_RECORDERS },
    async run(ctx, args) {
      const { t } = ctx;
      const kind = pickFrom(CLUE_RESULTS, args.result);
      if (!kind) throw new CommandError('INVALID_ARGS', t.errors.notOneOf(t.fieldNames.result, args.result, CLUE_RESULTS), 'result');
      const found = await loadVisible(ctx, args.ref);
      const after = await refusing(
        ctx.services.findings.update(ctx.team.id, found.n, (f) => recordResult(f, { kind, note: args.note }, ctx.user, ctx.now), (f) => [recordEntry(ctx, 'finding', 'result', f.n)]),
        FindingError,
        (err) => refusal(ctx, err),
      );
      // What a clue became is clue-level: the gate keeps this reply to the asker.
      return reply.chat(t.finding.resultRecorded(refOf('finding', after.n), kind), [quote.finding(after)]);
    },
  }),
];
