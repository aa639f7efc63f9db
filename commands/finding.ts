import { z } from 'zod';
import { parseRef } from '../src/args.ts';
import { CommandError, defineCommand, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import {
  CATEGORIES, CLUE_POSTS, FINDING_STATES, handoverRefusal, HANDOVER_TARGETS, pickFrom, SEVERITIES, SOURCES, TAGS,
  type Finding, type FindingState, type HandoverTarget,
} from '../src/finding.ts';
import type { AuditEntry } from '../src/audit.ts';
import { canReadClue, CLUE_READERS, requireRole } from '../src/guards.ts';
import { localDate, localDateTime, parseDate } from '../src/dates.ts';
import { diff, type Change } from '../src/history.ts';
import type { FormField } from '../src/forms.ts';
import { findUnit } from '../src/team.ts';
import { shorten } from '../src/text.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const PAGE_SIZE = 10;
const TEXT_MAX = 2000;
const WRITERS = ['leader', 'deputy', 'member'] as const;
const READERS = ['admin', 'leader', 'deputy', 'member'] as const;
const EDITORS = ['author', 'leader', 'deputy'] as const;

const text = z.string().trim().min(1).max(TEXT_MAX);
const ref = z.object({ ref: z.string() });

/** The fields a person may set on a finding; each is checked against the team and the taxonomy. */
const fieldOptions = { unit: 'value', cat: 'value', source: 'value', severity: 'value', tag: 'value' } as const;

function unitArg(ctx: TeamContext, input: string): string {
  const unit = findUnit(ctx.team, input);
  if (!unit) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownUnit(input, ctx.team.units.map((u) => u.name)), 'unit');
  return unit;
}

function oneOf<T extends string>(ctx: TeamContext, list: readonly T[], input: string, what: string): T {
  const value = pickFrom(list, input);
  if (!value) throw new CommandError('INVALID_ARGS', ctx.t.errors.notOneOf(what, input, list), what.replace(/^--/, ''));
  return value;
}

/** A select field over fixed values. */
function choice(ctx: TeamContext, name: string, values: readonly string[], optional = false): FormField {
  return { name, kind: 'select', label: ctx.t.fieldLabels[name] ?? name, options: values.map((v) => ({ value: v, label: v })), optional };
}

function tagsArg(ctx: TeamContext, input: string): string[] {
  return input
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => oneOf(ctx, TAGS, s, '--tag'));
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

/** Load a finding by reference, or refuse with a clear reply. */
async function load(ctx: TeamContext, input: string): Promise<Finding> {
  const n = parseRef(input, 'F');
  if (n === undefined) throw new CommandError('INVALID_ARGS', ctx.t.errors.badRef(input, 'F-3'));
  const finding = await ctx.services.findings.get(ctx.team.id, n);
  if (!finding) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownRef(`F-${n}`));
  return finding;
}

/** Load a finding the asker may act on; a clue stays hidden from those who may not read it. */
async function loadVisible(ctx: TeamContext, input: string): Promise<Finding> {
  const finding = await load(ctx, input);
  if (finding.clue && !canReadClue(ctx, finding)) requireRole(ctx, CLUE_READERS, finding.author);
  return finding;
}

/** The audit entry of a change to finding `f` by the asker. */
function entry(ctx: TeamContext, action: AuditEntry['action'], f: Pick<Finding, 'n'>, field?: string): AuditEntry {
  return { at: ctx.now, user: ctx.user, action, ref: `F-${f.n}`, ...(field !== undefined && { field }) };
}

function summaryLine(ctx: TeamContext, f: Finding, names: Map<string, string>): string {
  return ctx.t.finding.line(`F-${f.n}`, marks(ctx, f), `${f.unit}·${f.category}·${f.severity}`, shorten(f.text, 40), displayName(f.author, names), localDate(f.createdAt, ctx.config.timeZone));
}

/** A finding's state, and the clue mark where it is one. */
function marks(ctx: TeamContext, f: Finding): string {
  return [ctx.t.findingStates[f.state], f.clue ? ctx.t.finding.clueMark : ''].filter(Boolean).join(ctx.t.markSep);
}

async function card(ctx: TeamContext, f: Finding): Promise<string> {
  const { t } = ctx;
  const tz = ctx.config.timeZone;
  const people = [f.author, ...f.history.map((h) => h.by), ...(f.handover ? [f.handover.by] : [])];
  const names = await ctx.services.users.names(people);
  const lines = [
    t.finding.cardTitle(`F-${f.n}`, marks(ctx, f)),
    f.text,
    t.finding.fields(f.unit, f.category, f.source, f.severity, f.tags),
    t.finding.authored(displayName(f.author, names), localDate(f.createdAt, tz)),
  ];
  if (f.clue) lines.push(t.finding.clueDetails(f.clue.importance, f.clue.subject, f.clue.post));
  if (f.handover) lines.push(t.finding.handedOver(t.handoverTargets[f.handover.to], localDate(f.handover.at, tz), displayName(f.handover.by, names), f.handover.note));
  if (f.history.length) {
    lines.push(t.history.title);
    for (const h of f.history) {
      const value = (v?: string) => (v !== undefined && h.field === 'state' ? (t.findingStates[v as FindingState] ?? v) : v);
      lines.push(t.history.line(localDateTime(h.at, tz), displayName(h.by, names), t.fieldNames[h.field] ?? h.field, value(h.from), value(h.to)));
    }
  }
  return lines.join('\n');
}

export const findingCommands: AnyCommand[] = [
  defineCommand({
    id: 'finding add',
    family: 'finding',
    words: ['add'],
    spec: { positionals: [{ name: 'text', rest: true }], options: fieldOptions },
    schema: z.object({ text, unit: z.string(), cat: z.string(), source: z.string().optional(), severity: z.string().optional(), tag: z.string().optional() }),
    access: { scope: 'team', roles: WRITERS },
    async form(ctx) {
      return [
        choice(ctx, 'unit', ctx.team.units.map((u) => u.name)),
        choice(ctx, 'cat', CATEGORIES),
        { name: 'text', kind: 'longText', label: ctx.t.fieldLabels.text ?? 'text' },
        choice(ctx, 'source', SOURCES, true),
        choice(ctx, 'severity', SEVERITIES, true),
      ];
    },
    async run(ctx, args) {
      const { record: finding, repeated } = await ctx.services.findings.addOnce(
        {
        team: ctx.team.id,
        text: args.text,
        unit: unitArg(ctx, args.unit),
        category: oneOf(ctx, CATEGORIES, args.cat, '--cat'),
        source: args.source ? oneOf(ctx, SOURCES, args.source, '--source') : '其他',
        severity: args.severity ? oneOf(ctx, SEVERITIES, args.severity, '--severity') : '一般',
        tags: args.tag ? tagsArg(ctx, args.tag) : [],
        state: 'draft',
        author: ctx.user,
        createdAt: ctx.now,
        history: [],
        },
        (f) => [entry(ctx, 'finding-add', f)],
        ctx.once(),
      );
      const ref = `F-${finding.n}`;
      const said = repeated ? ctx.t.repeated(ref, localDateTime(finding.createdAt, ctx.config.timeZone)) : ctx.t.finding.saved(ref, finding.unit, finding.category, finding.severity);
      return reply.chat(said, [quote.finding(finding)], {
        actions: [
          { label: ctx.t.actions.confirm, command: `/finding confirm ${ref}`, style: 'primary' },
          { label: ctx.t.actions.show, command: `/finding show ${ref}` },
        ],
      });
    },
  }),
  defineCommand({
    id: 'finding list',
    family: 'finding',
    words: ['list'],
    spec: { positionals: [], options: { unit: 'value', cat: 'value', status: 'value', clues: 'flag', page: 'value' } },
    schema: z.object({
      unit: z.string().optional(),
      cat: z.string().optional(),
      status: z.string().optional(),
      clues: z.boolean().optional(),
      page: z.coerce.number().int().min(1).max(100_000).optional(),
    }),
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const { t } = ctx;
      const unit = args.unit && unitArg(ctx, args.unit);
      const cat = args.cat && oneOf(ctx, CATEGORIES, args.cat, '--cat');
      const status = args.status && stateArg(ctx, args.status);
      // The index answers the filters and counts; only the page's findings are read in full.
      const all = await ctx.services.findings.summaries(ctx.team.id);
      const matching = all.filter((f) => (!unit || f.unit === unit) && (!cat || f.category === cat) && (!status || f.state === status));
      const clues = matching.filter((f) => f.clue);
      const shown = args.clues ? clues.filter((f) => canReadClue(ctx, f)) : matching.filter((f) => !f.clue);
      if (args.clues && shown.length === 0 && clues.length > 0) requireRole(ctx, CLUE_READERS);
      const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      const page = Math.min(args.page ?? 1, pages);
      const wanted = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((f) => f.n);
      // Checked again on the full record: a finding flagged as a clue since the index was read stays hidden.
      const slice = (await ctx.services.findings.getMany(ctx.team.id, wanted)).filter((f) => (args.clues ? f.clue && canReadClue(ctx, f) : !f.clue));
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
      // The gate keeps it to the asker wherever others may not read it, and audits every clue shown.
      return reply.chat(lines.join('\n'), [quote.team(ctx.team), ...slice.map(quote.finding)]);
    },
  }),
  defineCommand({
    id: 'finding show',
    family: 'finding',
    words: ['show'],
    spec: { positionals: [{ name: 'ref' }], options: {} },
    schema: ref,
    access: { scope: 'team', roles: READERS },
    async run(ctx, args) {
      const finding = await loadVisible(ctx, args.ref);
      return reply.chat(await card(ctx, finding), [quote.finding(finding)]);
    },
  }),
  defineCommand({
    id: 'finding edit',
    family: 'finding',
    words: ['edit'],
    spec: { positionals: [{ name: 'ref' }], options: { text: 'value', ...fieldOptions } },
    schema: z.object({
      ref: z.string(),
      text: text.optional(),
      unit: z.string().optional(),
      cat: z.string().optional(),
      source: z.string().optional(),
      severity: z.string().optional(),
      tag: z.string().optional(),
    }),
    access: { scope: 'team', roles: ['leader', 'deputy', 'member'] },
    async run(ctx, args) {
      const { t } = ctx;
      const before = await loadVisible(ctx, args.ref);
      requireRole(ctx, EDITORS, before.author);
      const changes: Partial<Finding> = {
        ...(args.text !== undefined && { text: args.text }),
        ...(args.unit !== undefined && { unit: unitArg(ctx, args.unit) }),
        ...(args.cat !== undefined && { category: oneOf(ctx, CATEGORIES, args.cat, '--cat') }),
        ...(args.source !== undefined && { source: oneOf(ctx, SOURCES, args.source, '--source') }),
        ...(args.severity !== undefined && { severity: oneOf(ctx, SEVERITIES, args.severity, '--severity') }),
        ...(args.tag !== undefined && { tags: tagsArg(ctx, args.tag) }),
      };
      if (Object.keys(changes).length === 0) throw new CommandError('INVALID_ARGS', t.errors.nothingToChange);
      const fields = ['text', 'unit', 'category', 'source', 'severity', 'tags'] as const;
      let changed: ReturnType<typeof diff<Finding>> = [];
      const after = await ctx.services.findings.update(
        ctx.team.id,
        before.n,
        (f) => {
          const next = { ...f, ...changes };
          changed = diff(f, next, fields, ctx.user, ctx.now);
          return { ...next, history: [...f.history, ...changed] };
        },
        (f) => changed.map((c) => entry(ctx, 'edit', f, c.field)),
      );
      // The text itself is not echoed: the history shows it to those who may read it.
      const list = changed.map((c) => {
        const label = t.fieldNames[c.field] ?? c.field;
        return c.field === 'text' ? label : `${label} ${c.from ?? ''} → ${c.to ?? ''}`;
      });
      return reply.chat(changed.length ? t.finding.edited(`F-${after.n}`, list) : t.finding.unchanged(`F-${after.n}`), [quote.finding(after)]);
    },
  }),
  defineCommand({
    id: 'finding confirm',
    family: 'finding',
    words: ['confirm'],
    spec: { positionals: [{ name: 'ref' }], options: {} },
    schema: ref,
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async run(ctx, args) {
      const found = await loadVisible(ctx, args.ref);
      const after = await ctx.services.findings.update(
        ctx.team.id,
        found.n,
        (f) => {
          if (f.state !== 'draft') throw new CommandError('CONFLICT', ctx.t.errors.notDraft(`F-${f.n}`, ctx.t.findingStates[f.state]));
          return { ...f, state: 'confirmed', history: [...f.history, { at: ctx.now, by: ctx.user, field: 'state', from: 'draft', to: 'confirmed' }] };
        },
        (f) => [entry(ctx, 'confirm', f)],
      );
      return reply.chat(ctx.t.finding.confirmed(`F-${after.n}`), [quote.ref('finding', after)]);
    },
  }),
  defineCommand({
    id: 'finding clue',
    family: 'finding',
    words: ['clue'],
    spec: { positionals: [{ name: 'ref' }], options: { subject: 'value', post: 'value', importance: 'value' } },
    schema: z.object({
      ref: z.string(),
      subject: z.string().trim().min(1).max(200).optional(),
      post: z.string().optional(),
      importance: z.enum(['重要', '一般']).optional(),
    }),
    access: { scope: 'team', roles: ['leader', 'deputy'] },
    async run(ctx, args) {
      // Who a clue is about, typed anywhere but the bot's own DM, would sit in that chat's history.
      if ((args.subject !== undefined || args.post !== undefined) && ctx.incoming.chat.kind !== 'dm') {
        throw new CommandError('WRONG_CHAT', ctx.t.errors.subjectOnlyInDm);
      }
      const post = args.post === undefined ? undefined : oneOf(ctx, CLUE_POSTS, args.post, '--post');
      const found = await load(ctx, args.ref);
      const after = await ctx.services.findings.update(
        ctx.team.id,
        found.n,
        (f) => {
          const clue = {
            flaggedAt: f.clue?.flaggedAt ?? ctx.now,
            flaggedBy: f.clue?.flaggedBy ?? ctx.user,
            subject: args.subject ?? f.clue?.subject,
            post: post ?? f.clue?.post,
            importance: args.importance ?? f.clue?.importance,
          };
          const change: Change = { at: ctx.now, by: ctx.user, field: 'clue', to: clue.importance ?? ctx.t.finding.clueMark };
          return { ...f, clue, history: [...f.history, change] };
        },
        (f) => [entry(ctx, 'flag-clue', f)],
      );
      const lines = [ctx.t.finding.flagged(`F-${after.n}`)];
      // A task owner who may not read clues no longer sees that task: its leader must know to reassign it.
      const tasks = (await ctx.services.rectifications.summaries(ctx.team.id)).filter((task) => task.finding === after.n && task.state !== 'verified');
      const blind = tasks.filter((task) => !canReadClue(ctx, after, task.owner));
      if (blind.length) {
        const names = await ctx.services.users.names(blind.map((task) => task.owner));
        lines.push(ctx.t.finding.ownersBlind(blind.map((task) => `R-${task.n}（${displayName(task.owner, names)}）`)));
      }
      return reply.chat(lines.join('\n'), [quote.ref('finding', after)]);
    },
  }),
  defineCommand({
    id: 'finding handover',
    family: 'finding',
    words: ['handover'],
    spec: { positionals: [{ name: 'ref' }], options: { to: 'value', reported: 'value', note: 'value' } },
    schema: z.object({ ref: z.string(), to: z.string(), reported: z.string().optional(), note: z.string().trim().min(1).max(TEXT_MAX).optional() }),
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const { t } = ctx;
      const to = handoverTarget(args.to, t.handoverTargets);
      if (!to) throw new CommandError('INVALID_ARGS', t.errors.notOneOf('--to', args.to, HANDOVER_TARGETS), 'to');
      const reported = args.reported === undefined ? undefined : parseDate(args.reported, ctx.today);
      if (args.reported !== undefined && !reported) throw new CommandError('INVALID_ARGS', t.errors.badDate(args.reported), 'reported');
      if (reported && reported > ctx.today) throw new CommandError('INVALID_ARGS', t.errors.reportedInFuture(reported, ctx.today), 'reported');
      const found = await load(ctx, args.ref);
      const names = await ctx.services.users.names(found.handover ? [found.handover.by] : []);
      const after = await ctx.services.findings.update(
        ctx.team.id,
        found.n,
        (f) => {
          const ref = `F-${f.n}`;
          // Handed over already: say to whom and when, rather than "confirm it first".
          if (f.handover) throw new CommandError('CONFLICT', `${ref} ${t.finding.handedOver(t.handoverTargets[f.handover.to], localDate(f.handover.at, ctx.config.timeZone), displayName(f.handover.by, names))}`);
          if (f.state !== 'confirmed') throw new CommandError('CONFLICT', t.errors.handoverNeedsConfirmed(ref, t.findingStates[f.state]));
          const refusal = handoverRefusal(f, to, reported);
          if (refusal) throw new CommandError('CONFLICT', t.errors.handover[refusal](ref), refusal === 'notReported' ? 'reported' : 'to');
          return {
            ...f,
            state: 'handedOver',
            handover: { to, at: ctx.now, by: ctx.user, note: args.note, ...(reported && { reported }) },
            history: [...f.history, { at: ctx.now, by: ctx.user, field: 'state', from: 'confirmed', to: 'handedOver' }],
          };
        },
        (f) => [entry(ctx, 'handover', f)],
      );
      return reply.chat(t.finding.handedOverReply(`F-${after.n}`, t.handoverTargets[to], ctx.today), [quote.finding(after)]);
    },
  }),
];
