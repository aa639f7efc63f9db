import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { daysBetween, localDate, timeIn, todayIn, type IsoDate } from './dates.ts';
import { isDocOverdue, isReturnDue, type DocSummary } from './doc-request.ts';
import { resultDue, type FindingSummary, type HandoverTarget } from './finding.ts';
import type { Messages } from './i18n/index.ts';
import type { MatterSummary } from './important-matter.ts';
import { completion, daysOverdue, isDueSoon, type TaskSummary } from './rectification.ts';
import { teamChart } from './progress-chart.ts';
import { refOf } from './refs.ts';
import { fedBack, inRound, upcoming } from './round.ts';
import type { Job } from './scheduler.ts';
import { undeclaredMembers } from './recusal.ts';
import { unsignedMembers } from './secrecy.ts';
import { shorten } from './text.ts';
import { keys } from './store/keys.ts';
import type { Team } from './team.ts';
import type { Outgoing, Quote, UserId } from './types.ts';
import { awaitedReports, UNIT_REPORT_KINDS } from './unit-report.ts';
import { displayName } from './users.ts';
import { audienceAccess, matterFacts, quote, taskFacts, type Access, type Audience } from './visibility.ts';

/** The weekday whose digest carries the team's chart when its leader chose none: Monday, the week's start. */
export const WEEKLY_CHART_DAY = 1;

/** What the digest is made of, read once per team per day: the teams' indexes, not every record. */
export interface DigestInput {
  team: Team;
  tasks: TaskSummary[];
  docs: DocSummary[];
  findings: FindingSummary[];
  /** Members who have not signed this round's pledge (names, already resolved). */
  unsigned: string[];
  /** Members who have not declared on conflicts of interest (回避) for every unit of the round (names). */
  undeclared: string[];
  /** Important matters awaiting the leading group's instruction, with the local date each was reported. */
  openMatters: Array<MatterSummary & { reportedOn: IsoDate }>;
  names: Map<UserId, string>;
  today: IsoDate;
  /** The office (XC_ADMINS): who reads everything. */
  admins: ReadonlySet<UserId>;
  /** The office's categories, in order: the weekly chart's rows. */
  categories: readonly string[];
}

/**
 * How many items a section of a digest lists (overdue tasks, late documents, matters …): a phone screen's
 * worth. The rest are counted, with the command that lists them all.
 */
export const SECTION_MAX = 10;

/** The command that lists every item of a section, named in its "and N more" line. */
const LIST_ALL = {
  overdue: '/rectify list --overdue',
  dueSoon: '/rectify list --due-soon',
  mine: '/rectify list --mine',
  docs: '/docs list',
  matters: '/report list --open',
  results: '/finding list --clues',
} as const;

/** At most SECTION_MAX of `items` as lines, then how many more and where to see them all. */
function capped<T>(items: readonly T[], line: (item: T) => string, more: (n: number) => string): string[] {
  const lines = items.slice(0, SECTION_MAX).map(line);
  return items.length > SECTION_MAX ? [...lines, more(items.length - SECTION_MAX)] : lines;
}

/** The settings a digest is built with. */
export type DigestConfig = Pick<Config, 'digest' | 'round' | 'clueResultDays' | 'timeZone'>;

/** The digest as one audience may see it: its text, what it quotes, and whether anything was held back. */
export interface DigestPart {
  text: string;
  allClear: boolean;
  /** Something was shown by its reference alone, or only counted, because this audience may not read it. */
  reduced: boolean;
  quotes: Quote[];
}

/** How much of each task and request `audience` may see, from the indexes' facts. */
function viewFor(input: DigestInput, audience: Audience) {
  const { team, today, admins } = input;
  const findings = new Map(input.findings.map((f) => [f.n, f] as const));
  return {
    task: (task: TaskSummary): Access => audienceAccess(audience, team, taskFacts(task, findings.get(task.finding)), today, admins),
    doc: (d: DocSummary): Access => audienceAccess(audience, team, { kind: 'doc', unit: d.unit }, today, admins),
    matter: (mat: MatterSummary): Access => audienceAccess(audience, team, matterFacts(mat, mat.finding === undefined ? undefined : findings.get(mat.finding)), today, admins),
  };
}

/** A handed-over clue whose result (处置结果) is overdue: its number, recipient, handover day and due date. */
interface LateResult {
  n: number;
  to: HandoverTarget;
  handedOver: IsoDate;
  due: IsoDate;
}

/** Handed-over clues with no result by their due date (CLUE_RESULT_DAYS after the handover), longest overdue first. */
function lateResults(input: DigestInput, config: Pick<Config, 'clueResultDays' | 'timeZone'>): LateResult[] {
  const late: LateResult[] = [];
  for (const f of input.findings) {
    if (!f.clue || !f.handover || f.handover.result) continue;
    const handedOver = localDate(f.handover.at, config.timeZone);
    const due = resultDue(handedOver, config.clueResultDays);
    if (due < input.today) late.push({ n: f.n, to: f.handover.to, handedOver, due });
  }
  return late.sort((a, b) => a.due.localeCompare(b.due) || a.n - b.n);
}

/** Whether `audience` is one of the team's leaders (组长、副组长) alone: who is told of each late result. */
const isLeader = (audience: Audience, team: Team) =>
  audience.kind === 'person' && team.members.some((m) => m.user === audience.user && !m.removedAt && (m.role === 'leader' || m.role === 'deputy'));

/** The open tasks by colour, as supervision sheets use them: red overdue beyond ESCALATE_DAYS, orange overdue, yellow due soon. */
type Colours = ReturnType<typeof colours>;
function colours(input: DigestInput, config: Pick<Config, 'digest'>) {
  const { today } = input;
  const { days, escalateDays } = config.digest;
  const open = input.tasks.filter((task) => task.state === 'open').sort((a, b) => a.due.localeCompare(b.due) || a.n - b.n);
  // Date arithmetic once per task: a province's digest run builds 100,000 task lines.
  const late = new Map(open.map((task) => [task.n, daysOverdue(task, today)]));
  const lateness = (task: TaskSummary) => late.get(task.n)!;
  return {
    open,
    lateness,
    red: open.filter((task) => lateness(task) > escalateDays),
    orange: open.filter((task) => lateness(task) > 0 && lateness(task) <= escalateDays),
    yellow: open.filter((task) => lateness(task) === 0 && isDueSoon(task, today, days)),
  };
}

/**
 * Build a team's digest as `audience` may see it: each task or request in full where every reader may
 * read it, by its reference alone where they may only know it exists, and only counted where it fixes
 * a clue. Three colours as supervision sheets use them; clues appear only as a count.
 */
export function buildDigest(input: DigestInput, config: DigestConfig, t: Messages, audience: Audience, sorted = colours(input, config)): DigestPart {
  const { team, today, names } = input;
  const m = t.digest;
  const { days, escalateDays } = config.digest;
  const who = (u: UserId) => displayName(u, names);
  const view = viewFor(input, audience);
  const { open, lateness, red, orange, yellow } = sorted;
  const quotes: Quote[] = [];
  let hidden = 0;
  let reduced = false;
  /**
   * A section's items as far as the audience may see them, noting what each line quotes: in full, by
   * reference, or only counted with the others it may not read; at most SECTION_MAX lines, then how many more.
   */
  const section = <T extends { n: number }>(kind: 'task' | 'doc', items: readonly T[], access: (item: T) => Access, full: (item: T) => string, listAll: string): string[] => {
    const visible: Array<[T, Access]> = [];
    for (const item of items) {
      const a = access(item);
      if (a !== 'content') reduced = true;
      if (a === 'none') hidden += 1;
      else visible.push([item, a]);
    }
    return capped(
      visible,
      ([item, a]) => {
        if (a === 'content') {
          quotes.push(quote[kind]({ team: team.id, n: item.n }));
          return full(item);
        }
        quotes.push(quote.ref(kind, { team: team.id, n: item.n }));
        return m.bare(refOf(kind, item.n));
      },
      (n) => m.more(n, listAll),
    );
  };
  const taskLine = (task: TaskSummary) =>
    m.task(refOf('task', task.n), task.unit, who(task.owner), task.due, task.measure) + (lateness(task) ? m.overdueBy(lateness(task)) : m.dueIn(daysBetween(today, task.due)));
  const taskLines = (list: TaskSummary[], listAll: string) => section('task', list, view.task, taskLine, listAll);

  const lateDocs = input.docs.filter((d) => isDocOverdue(d, today));
  const unreturned = input.docs.filter((d) => isReturnDue(d, team.period?.end, today, config.round.docReturnDays));
  // From feedback on, the unit's plan and report have lines of their own until they come in.
  const reports = fedBack(team, today);
  const milestones = upcoming(team, config, today, days).filter((ms) => !(reports && (ms.key === 'planDue' || ms.key === 'reportDue')));
  const results = lateResults(input, config);
  const immediateOpen = inRound(team, today) ? open.filter((task) => task.immediate).length : 0;

  const lines = [m.title(team.name, today)];
  if (red.length) lines.push(m.red(escalateDays, red.length), ...taskLines(red, LIST_ALL.overdue));
  if (orange.length) lines.push(m.orange(orange.length), ...taskLines(orange, LIST_ALL.overdue));
  if (yellow.length) lines.push(m.yellow(days, yellow.length), ...taskLines(yellow, LIST_ALL.dueSoon));
  if (lateDocs.length + unreturned.length) {
    // Late ones first, then those to return: one section, so one cap.
    const docLine = (d: DocSummary) =>
      isDocOverdue(d, today) ? m.docOverdue(refOf('doc', d.n), d.unit, d.what, d.due, daysBetween(d.due, today)) : m.docUnreturned(refOf('doc', d.n), d.unit, d.what, team.period!.end);
    lines.push(m.docs(lateDocs.length + unreturned.length), ...section('doc', [...lateDocs, ...unreturned], view.doc, docLine, LIST_ALL.docs));
  }
  if (hidden) lines.push(m.hidden(hidden));
  // The leaders' register: listed to those who may read it, and to a group not even counted.
  const matters = input.openMatters.filter((mat) => view.matter(mat) === 'content');
  if (matters.length < input.openMatters.length) reduced = true;
  if (matters.length) {
    const matterLine = (mat: (typeof matters)[number]) => {
      quotes.push(quote.matter({ team: team.id, n: mat.n }));
      return m.matter(refOf('matter', mat.n), mat.urgent, shorten(mat.text, 40), mat.reportedOn, daysBetween(mat.reportedOn, today));
    };
    lines.push(m.matters(matters.length), ...capped(matters, matterLine, (n) => m.more(n, LIST_ALL.matters)));
  }
  lines.push(...reportLines(input, config, t));
  if (results.length) {
    // Clue-level: each by its reference to the leaders alone (the gate records the read); anyone else a count.
    if (isLeader(audience, team)) {
      const resultLine = (r: LateResult) => {
        quotes.push(quote.finding({ team: team.id, n: r.n }));
        return m.lateResult(refOf('finding', r.n), t.handoverTargets[r.to], r.handedOver, r.due, daysBetween(r.due, today));
      };
      lines.push(m.lateResults(results.length), ...capped(results, resultLine, (n) => m.more(n, LIST_ALL.results)));
    } else {
      reduced = true;
      lines.push(m.lateResultsCount(results.length));
    }
  }
  if (milestones.length) lines.push(m.milestones, ...milestones.map((ms) => m.milestone(ms.date, m.milestoneNames[ms.key], daysBetween(today, ms.date))));
  if (immediateOpen) lines.push(m.immediateOpen(immediateOpen));
  if (input.unsigned.length) lines.push(m.unsigned(input.unsigned));
  if (input.undeclared.length) lines.push(m.undeclared(input.undeclared));
  const allClear = lines.length === 1;
  if (allClear) lines.push(m.allClear);
  const clues = input.findings.filter((f) => f.clue);
  lines.push(
    m.counts({
      tasks: input.tasks.length,
      overdue: red.length + orange.length,
      soon: yellow.length,
      awaiting: input.tasks.filter((task) => task.state === 'done').length,
      verified: completion(input.tasks).verified,
      clues: clues.length,
      handedOver: clues.filter((f) => f.handover).length,
    }, audience.kind !== 'person'),
  );
  // The names of members who have not signed, the milestones: the team's own data.
  quotes.push(quote.team(team));
  return { text: lines.join('\n'), allClear, reduced, quotes };
}

/** The unit's plan and report still awaited, each due or overdue: the team's own data. */
function reportLines(input: DigestInput, config: Pick<Config, 'round'>, t: Messages): string[] {
  const m = t.digest;
  const awaited = awaitedReports(input.team, config, input.today);
  if (awaited.length === 0) return [];
  // Every unit's plan is due the same day (so is every report): one line per kind names the units still owing it.
  const lines: string[] = [];
  for (const kind of UNIT_REPORT_KINDS) {
    const owing = awaited.filter((r) => r.kind === kind);
    if (owing.length === 0) continue;
    const { due, daysLate } = owing[0]!;
    lines.push(m.report(t.team.reportKinds[kind], due, daysLate ? m.overdueBy(daysLate) : m.dueIn(daysBetween(input.today, due)), owing.map((r) => r.unit)));
  }
  return [m.reports, ...lines];
}

/**
 * A supervisor's part of the digest (整改监督), from feedback on: the tasks they may read by colour, the
 * unit's plan and report awaited, and the counts of those tasks with the completion rate. Never a clue,
 * nor a count of what they may not read; undefined on a day with nothing due.
 */
export function supervisorDigest(input: DigestInput, config: Pick<Config, 'digest' | 'round'>, t: Messages, user: UserId): { text: string; quotes: Quote[] } | undefined {
  const m = t.digest;
  const { team, today } = input;
  if (!fedBack(team, today)) return undefined;
  const view = viewFor(input, { kind: 'person', user });
  const tasks = input.tasks.filter((task) => view.task(task) === 'content');
  const mine = { ...input, tasks };
  const { lateness, red, orange, yellow } = colours(mine, config);
  const who = (u: UserId) => displayName(u, input.names);
  const quotes: Quote[] = [quote.team(team)];
  const taskLines = (list: TaskSummary[], listAll: string) =>
    capped(
      list,
      (task) => {
        quotes.push(quote.task({ team: team.id, n: task.n }));
        return m.task(refOf('task', task.n), task.unit, who(task.owner), task.due, task.measure) + (lateness(task) ? m.overdueBy(lateness(task)) : m.dueIn(daysBetween(today, task.due)));
      },
      (n) => m.more(n, listAll),
    );
  const lines = [m.supervisorTitle(team.name, today)];
  if (red.length) lines.push(m.red(config.digest.escalateDays, red.length), ...taskLines(red, LIST_ALL.overdue));
  if (orange.length) lines.push(m.orange(orange.length), ...taskLines(orange, LIST_ALL.overdue));
  if (yellow.length) lines.push(m.yellow(config.digest.days, yellow.length), ...taskLines(yellow, LIST_ALL.dueSoon));
  lines.push(...reportLines(input, config, t));
  if (lines.length === 1) return undefined;
  const done = completion(tasks);
  lines.push(m.taskCounts({ tasks: tasks.length, overdue: red.length + orange.length, soon: yellow.length, awaiting: tasks.filter((task) => task.state === 'done').length, verified: done.verified }));
  return { text: lines.join('\n'), quotes };
}

/** One owner's own items due or overdue (`theirs`), as far as they may read them; undefined when there is none. */
function ownerDigest(input: DigestInput, t: Messages, owner: UserId, theirs: TaskSummary[], { lateness }: Colours): { text: string; quotes: Quote[] } | undefined {
  const m = t.digest;
  const { today, team } = input;
  const view = viewFor(input, { kind: 'person', user: owner });
  // A task on a clue its owner may no longer read (flagged after it was assigned) is not theirs to be told of.
  const mine = theirs.filter((task) => view.task(task) === 'content');
  if (mine.length === 0) return undefined;
  const who = (u: UserId) => displayName(u, input.names);
  const quotes: Quote[] = [];
  const line = (task: TaskSummary) => {
    quotes.push(quote.task({ team: team.id, n: task.n }));
    return m.task(refOf('task', task.n), task.unit, who(task.owner), task.due, task.measure) + (lateness(task) ? m.overdueBy(lateness(task)) : m.dueIn(daysBetween(today, task.due)));
  };
  const lines = capped(mine, line, (n) => m.more(n, LIST_ALL.mine));
  return { text: [m.ownerTitle(team.name, today), ...lines].join('\n'), quotes };
}

/** Tasks overdue beyond ESCALATE_DAYS, for one leader by direct message; undefined when none. */
function escalation(input: DigestInput, config: Pick<Config, 'digest'>, t: Messages, leader: UserId, { lateness, red }: Colours): { text: string; quotes: Quote[] } | undefined {
  const m = t.digest;
  const view = viewFor(input, { kind: 'person', user: leader });
  const mine = red.filter((task) => view.task(task) === 'content');
  if (mine.length === 0) return undefined;
  const who = (u: UserId) => displayName(u, input.names);
  const quotes: Quote[] = [];
  const line = (task: TaskSummary) => {
    quotes.push(quote.task({ team: input.team.id, n: task.n }));
    return m.task(refOf('task', task.n), task.unit, who(task.owner), task.due, task.measure) + m.overdueBy(lateness(task));
  };
  const lines = capped(mine, line, (n) => m.more(n, LIST_ALL.overdue));
  return { text: [m.escalationTitle(input.team.name, config.digest.escalateDays), ...lines].join('\n'), quotes };
}

/** Read what a team's digest needs. */
export async function digestInput(team: Team, today: IsoDate, deps: { services: Services; config: Config }): Promise<DigestInput> {
  const { services } = deps;
  const [tasks, docs, findings, matters] = await Promise.all([
    services.rectifications.summaries(team.id),
    services.docs.summaries(team.id),
    services.findings.summaries(team.id),
    services.matters.summaries(team.id),
  ]);
  const entered = team.period !== undefined && team.period.entry <= today;
  const unsignedIds = entered ? unsignedMembers(team) : [];
  const undeclaredIds = entered ? undeclaredMembers(team) : [];
  const names = await services.users.names([...tasks.map((task) => task.owner), ...unsignedIds, ...undeclaredIds]);
  const unsigned = unsignedIds.map((u) => displayName(u, names));
  const undeclared = undeclaredIds.map((u) => displayName(u, names));
  // Oldest first: the longer a matter waits, the more it needs chasing.
  const openMatters = matters
    .filter((mat) => mat.state === 'open')
    .map((mat) => ({ ...mat, reportedOn: localDate(mat.reportedAt, deps.config.timeZone) }))
    .sort((a, b) => a.n - b.n);
  return { team, tasks, docs, findings, unsigned, undeclared, openMatters, names, today, admins: new Set(deps.config.admins), categories: services.taxonomy.categories };
}

/** Whether today's digest carries the team's chart: on its chosen weekday (Monday unless chosen), in local dates. */
function isChartDay(team: Team, today: IsoDate): boolean {
  const day = team.digest.chartDay === undefined ? WEEKLY_CHART_DAY : team.digest.chartDay;
  return day !== null && new Date(`${today}T00:00:00Z`).getUTCDay() === day;
}

/**
 * The messages of a team's digest: the team's chats get the digest as the whole roster may see it;
 * each owner their own items; and when the group's was held back, the leaders and deputies the whole
 * digest by direct message (which includes what escalation would say), else the leaders the escalation.
 */
export function digestMessages(input: DigestInput, config: DigestConfig, t: Messages): Outgoing[] {
  const { team } = input;
  const out: Outgoing[] = [];
  // Sorted and coloured once: a province's run builds 200 teams' digests for several audiences each.
  const sorted = colours(input, config);
  const group = buildDigest(input, config, t, { kind: 'group', team }, sorted);
  if (!(group.allClear && team.digest.quiet)) {
    // One day a week the group's digest carries the team's chart: counts by unit and category, never a clue.
    const chart = isChartDay(team, input.today) ? teamChart(input, t.chart, input.today, input.today.replaceAll('-', '')) : undefined;
    for (const chat of team.chats) {
      out.push({ to: { chat }, reply: { text: group.text, visibility: 'chat', quotes: group.quotes } });
      if (chart) out.push({ to: { chat }, reply: { text: '', visibility: 'chat', quotes: [quote.team(team)], chart } });
    }
  }
  const active = team.members.filter((m) => !m.removedAt);
  const fullTo = group.reduced ? active.filter((m) => m.role === 'leader' || m.role === 'deputy').map((m) => m.user) : [];
  for (const user of fullTo) {
    const full = buildDigest(input, config, t, { kind: 'person', user }, sorted);
    const text = full.text.replace(t.digest.title(team.name, input.today), t.digest.fullTitle(team.name, input.today));
    out.push({ to: { user }, reply: { text, visibility: 'dm', quotes: full.quotes } });
  }
  const byOwner = new Map<UserId, TaskSummary[]>();
  for (const task of [...sorted.red, ...sorted.orange, ...sorted.yellow]) {
    const theirs = byOwner.get(task.owner);
    if (theirs) theirs.push(task);
    else byOwner.set(task.owner, [task]);
  }
  for (const [owner, theirs] of byOwner) {
    if (fullTo.includes(owner)) continue;
    const own = ownerDigest(input, t, owner, theirs, sorted);
    if (own) out.push({ to: { user: owner }, reply: { text: own.text, visibility: 'dm', quotes: own.quotes } });
  }
  if (!group.reduced) {
    for (const leader of active.filter((m) => m.role === 'leader')) {
      const esc = escalation(input, config, t, leader.user, sorted);
      if (esc) out.push({ to: { user: leader.user }, reply: { text: esc.text, visibility: 'dm', quotes: esc.quotes } });
    }
  }
  for (const supervisor of active.filter((m) => m.role === 'supervisor')) {
    const part = supervisorDigest(input, config, t, supervisor.user);
    if (part) out.push({ to: { user: supervisor.user }, reply: { text: part.text, visibility: 'dm', quotes: part.quotes } });
  }
  return out;
}

/**
 * The daily digest job: once the team's digest time has come in XC_TIMEZONE, enqueue the day's
 * digest under an id naming the team and the date, which the outbox accepts once only.
 */
export function createDigestJob(deps: { services: Services; config: Config; t: Messages }): Job {
  const { services, config } = deps;
  return {
    name: 'digest',
    async run(now) {
      const today = todayIn(now, config.timeZone);
      const time = timeIn(now, config.timeZone);
      for (const team of await services.teams.all()) {
        if (!team.digest.enabled || time < (team.digest.time ?? config.digest.time)) continue;
        const id = keys.digest(team.id, today);
        if (await services.outbox.has(id)) continue;
        const input = await digestInput(team, today, deps);
        await services.outbox.enqueue(id, digestMessages(input, config, deps.t), now.toISOString());
      }
    },
  };
}
