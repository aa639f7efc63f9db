import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { daysBetween, timeIn, todayIn, type IsoDate } from './dates.ts';
import { isDocOverdue, isReturnDue, type DocSummary } from './doc-request.ts';
import type { FindingSummary } from './finding.ts';
import type { Messages } from './i18n/index.ts';
import { daysOverdue, isDueSoon, type TaskSummary } from './rectification.ts';
import { inRound, upcoming } from './round.ts';
import type { Job } from './scheduler.ts';
import { unsignedMembers } from './secrecy.ts';
import type { Team } from './team.ts';
import type { Outgoing, UserId } from './types.ts';
import { displayName } from './users.ts';

/** What the digest is made of, read once per team per day: the teams' indexes, not every record. */
export interface DigestInput {
  team: Team;
  tasks: TaskSummary[];
  docs: DocSummary[];
  findings: FindingSummary[];
  /** Members who have not signed this round's pledge (names, already resolved). */
  unsigned: string[];
  names: Map<UserId, string>;
  today: IsoDate;
}

/** The day's digest: the chat message, each owner's own items, and the escalation for the leaders. */
export interface Digest {
  chat: string;
  allClear: boolean;
  owners: Map<UserId, string>;
  /** Tasks overdue beyond ESCALATE_DAYS, for the leaders by direct message; undefined when none. */
  escalation?: string;
}

/**
 * Build a team's digest. Three colours as supervision sheets use them: yellow due soon, orange
 * overdue, red overdue beyond ESCALATE_DAYS. Clues appear only as a count.
 */
export function buildDigest(input: DigestInput, config: Pick<Config, 'digest' | 'round'>, t: Messages): Digest {
  const { team, today, names } = input;
  const m = t.digest;
  const { days, escalateDays } = config.digest;
  const who = (u: UserId) => displayName(u, names);
  const open = input.tasks.filter((task) => task.state === 'open').sort((a, b) => a.due.localeCompare(b.due) || a.n - b.n);
  // Date arithmetic once per task: a province's digest run builds 100,000 task lines.
  const late = new Map(open.map((task) => [task.n, daysOverdue(task, today)]));
  const lateness = (task: TaskSummary) => late.get(task.n)!;
  const red = open.filter((task) => lateness(task) > escalateDays);
  const orange = open.filter((task) => lateness(task) > 0 && lateness(task) <= escalateDays);
  const yellow = open.filter((task) => lateness(task) === 0 && isDueSoon(task, today, days));
  const taskLine = (task: TaskSummary) =>
    m.task(`R-${task.n}`, task.unit, who(task.owner), task.due, task.measure) + (lateness(task) ? m.overdueBy(lateness(task)) : m.dueIn(daysBetween(today, task.due)));

  const lateDocs = input.docs.filter((d) => isDocOverdue(d, today));
  const unreturned = input.docs.filter((d) => isReturnDue(d, team.period?.end, today, config.round.docReturnDays));
  const milestones = upcoming(team, config, today, days);
  const immediateOpen = inRound(team, today) ? open.filter((task) => task.immediate).length : 0;

  const lines = [m.title(team.name, today)];
  if (red.length) lines.push(m.red(escalateDays, red.length), ...red.map(taskLine));
  if (orange.length) lines.push(m.orange(orange.length), ...orange.map(taskLine));
  if (yellow.length) lines.push(m.yellow(days, yellow.length), ...yellow.map(taskLine));
  if (lateDocs.length + unreturned.length) {
    lines.push(m.docs(lateDocs.length + unreturned.length));
    lines.push(...lateDocs.map((d) => m.docOverdue(`D-${d.n}`, d.unit, d.what, d.due, daysBetween(d.due, today))));
    lines.push(...unreturned.map((d) => m.docUnreturned(`D-${d.n}`, d.unit, d.what, team.period!.end)));
  }
  if (milestones.length) lines.push(m.milestones, ...milestones.map((ms) => m.milestone(ms.date, m.milestoneNames[ms.key], daysBetween(today, ms.date))));
  if (immediateOpen) lines.push(m.immediateOpen(immediateOpen));
  if (input.unsigned.length) lines.push(m.unsigned(input.unsigned));
  const allClear = lines.length === 1;
  if (allClear) lines.push(m.allClear);
  const clues = input.findings.filter((f) => f.clue);
  lines.push(
    m.counts({
      tasks: input.tasks.length,
      overdue: red.length + orange.length,
      soon: yellow.length,
      awaiting: input.tasks.filter((task) => task.state === 'done').length,
      verified: input.tasks.filter((task) => task.state === 'verified').length,
      clues: clues.length,
      handedOver: clues.filter((f) => f.state === 'handedOver').length,
    }),
  );

  const owners = new Map<UserId, string>();
  for (const owner of new Set([...red, ...orange, ...yellow].map((task) => task.owner))) {
    const mine = [...red, ...orange, ...yellow].filter((task) => task.owner === owner);
    owners.set(owner, [m.ownerTitle(team.name, today), ...mine.map(taskLine)].join('\n'));
  }
  const escalation = red.length ? [m.escalationTitle(team.name, escalateDays), ...red.map(taskLine)].join('\n') : undefined;
  return { chat: lines.join('\n'), allClear, owners, escalation };
}

/** Read what a team's digest needs and build it. */
export async function digestFor(team: Team, today: IsoDate, deps: { services: Services; config: Config; t: Messages }): Promise<Digest> {
  const { services } = deps;
  const [tasks, docs, findings] = await Promise.all([
    services.rectifications.summaries(team.id),
    services.docs.summaries(team.id),
    services.findings.summaries(team.id),
  ]);
  const unsignedIds = team.period && team.period.entry <= today ? unsignedMembers(team) : [];
  const names = await services.users.names([...tasks.map((task) => task.owner), ...unsignedIds]);
  const unsigned = unsignedIds.map((u) => displayName(u, names));
  return buildDigest({ team, tasks, docs, findings, unsigned, names, today }, deps.config, deps.t);
}

/** The messages of a team's digest: the team's chats, each owner, and the leaders on escalation. */
export function digestMessages(team: Team, digest: Digest): Outgoing[] {
  const out: Outgoing[] = [];
  if (!(digest.allClear && team.digest.quiet)) {
    for (const chat of team.chats) out.push({ to: { chat }, reply: { text: digest.chat, visibility: 'chat' } });
  }
  for (const [user, text] of digest.owners) out.push({ to: { user }, reply: { text, visibility: 'dm' } });
  if (digest.escalation) {
    for (const leader of team.members.filter((m) => m.role === 'leader' && !m.removedAt)) {
      out.push({ to: { user: leader.user }, reply: { text: digest.escalation, visibility: 'dm' } });
    }
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
        const id = `digest:${team.id}:${today}`;
        if (await services.outbox.has(id)) continue;
        const digest = await digestFor(team, today, deps);
        await services.outbox.enqueue(id, digestMessages(team, digest), now.toISOString());
      }
    },
  };
}
