/**
 * The arguments a command reads against its team, each written once: a record by its reference, a
 * unit, a date, a person, one of a list, a page. Each refuses what it cannot read with the reply that
 * says so, naming the argument for a form to show it beside its field.
 */
import { CommandError, type Context, type Services, type TeamContext } from './command.ts';
import { readDeadline, uncoveredYears, type DateProblem, type IsoDate } from './dates.ts';
import type { DocRequest } from './doc-request.ts';
import { pickFrom, type Finding } from './finding.ts';
import { requireNotRecused } from './guards.ts';
import type { ImportantMatter } from './important-matter.ts';
import type { Rectification } from './rectification.ts';
import { parseRef, refOf, type RecordKind } from './refs.ts';
import { findUnit } from './team.ts';
import type { UserId } from './types.ts';

/** The record of each kind, and its repository among the services. */
interface Records {
  finding: Finding;
  task: Rectification;
  doc: DocRequest;
  matter: ImportantMatter;
}
const repoOf = (services: Services, kind: RecordKind) =>
  ({ finding: services.findings, task: services.rectifications, doc: services.docs, matter: services.matters })[kind];

/** The command that lists a kind's records: where to look up a reference that was wrong. */
const LISTS: Record<RecordKind, string> = { finding: '/finding list', task: '/rectify list', doc: '/docs list', matter: '/report list' };

/** The refusal of reference `n` of `kind` that this team does not have (or that the asker is told it does not). */
export function noSuchRef(ctx: Context, kind: RecordKind, n: number, field = 'ref'): CommandError {
  return new CommandError('NOT_FOUND', ctx.t.errors.unknownRef(refOf(kind, n), LISTS[kind]), field);
}

/**
 * The team's record that `input` names (F-3, f3, 3 for a finding); a bad or unknown reference is
 * refused, and so is a finding or task on a unit the asker declared a conflict with (回避).
 */
export async function byRef<K extends RecordKind>(ctx: TeamContext, kind: K, input: string, field = 'ref'): Promise<Records[K]> {
  const n = parseRef(input, kind);
  if (n === undefined) throw new CommandError('INVALID_ARGS', ctx.t.errors.badRef(input, refOf(kind, 3)), field);
  // The compiler cannot pair a kind with its repository's record type: Records states the pairing.
  const record = (await repoOf(ctx.services, kind).get(ctx.team.id, n)) as Records[K] | undefined;
  if (!record) throw noSuchRef(ctx, kind, n, field);
  if (kind === 'finding' || kind === 'task') requireNotRecused(ctx, (record as Finding | Rectification).unit);
  return record;
}

/** The team's unit `input` names, however its spaces and case were typed. */
export function unitArg(ctx: TeamContext, input: string, field = 'unit'): string {
  const unit = findUnit(ctx.team, input);
  if (!unit) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownUnit(input, ctx.team.units.map((u) => u.name)), field);
  return unit;
}

/** Why `input` is not a date, in the asker's words: a day its month lacks (2026年2月没有30日), too far, or unreadable. */
function dateRefusal(ctx: Context, input: string, problem: DateProblem): string {
  const { errors } = ctx.t;
  if (problem.kind === 'noSuchDay') return errors.noSuchDay(problem.year, problem.month, problem.day, problem.last);
  if (problem.kind === 'tooFar') return errors.dateTooFar(input, Math.round(problem.maxDays / 365));
  return errors.badDate(input);
}

/** A date as people type it (2026-12-31, 明天, 昨天, 15工作日), from today in the team's time zone. */
export function dateArg(ctx: Context, input: string, field: string): IsoDate {
  const read = readDeadline(input, ctx.today);
  if ('problem' in read) throw new CommandError('INVALID_ARGS', dateRefusal(ctx, input, read.problem), field);
  // Working days over a year no calendar covers are counted Monday to Friday: the reply says so.
  const uncovered = read.workdays ? uncoveredYears(ctx.today, read.date) : [];
  if (uncovered.length) ctx.caution(ctx.t.calendarUncovered(uncovered));
  return read.date;
}

/** A deadline (整改时限, 调阅期限): a date from today on, refused in the same words wherever one is set. */
export function deadlineArg(ctx: Context, input: string, field = 'due'): IsoDate {
  const due = dateArg(ctx, input, field);
  if (due < ctx.today) throw new CommandError('INVALID_ARGS', ctx.t.errors.dueInPast(due, ctx.today), field);
  return due;
}

/** The person `token` names (a mention, @name, an id). */
export async function userArg(ctx: Context, token: string, field = 'user'): Promise<UserId> {
  const user = await ctx.resolveUser(token);
  if (!user) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownUser(token), field);
  return user;
}

/** One of `list`, by its name or a unique beginning (作风 for 作风建设); `option` names it in the refusal. */
export function choiceArg<T extends string>(ctx: Context, list: readonly T[], input: string, option: `--${string}`): T {
  const value = pickFrom(list, input);
  if (!value) throw new CommandError('INVALID_ARGS', ctx.t.errors.notOneOf(option, input, list), option.slice(2));
  return value;
}

/** Page `wanted` (the first by default) of `items`, `size` to a page; a page past the last is refused, saying how many there are. */
export function pageOf<T>(ctx: Context, items: readonly T[], wanted: number | undefined, size: number): { page: number; pages: number; slice: T[] } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = wanted ?? 1;
  if (page > pages) throw new CommandError('INVALID_ARGS', ctx.t.errors.noSuchPage(page, pages), 'page');
  return { page, pages, slice: items.slice((page - 1) * size, page * size) };
}
