/**
 * Who may read what: the confidentiality facts of the domain, in one place. The gate on the way out
 * asks them of every reply, notice, digest, form option and file; a command only says what it quotes.
 */
import type { RecordKind } from './refs.ts';
import { recusedUnits } from './recusal.ts';
import { fedBack } from './round.ts';
import { memberOf, type Team, type TeamRole } from './team.ts';
import type { IsoDate } from './dates.ts';
import type { UserId } from './types.ts';

/**
 * What a reply quotes of a team's records: a finding, task, document request or important matter
 * (what it says, or with `ref` only its reference, e.g. F-3), the team's own data (card, units,
 * members, pledges, settings), its audit log, or its 回避 declarations (who declared a conflict with
 * which unit, and why). Anything with no quote is general: help, the rulebook, the secrecy checklist.
 */
export type Quote =
  | { team: string; kind: RecordKind; n: number; ref?: true }
  | { team: string; kind: 'team' | 'audit' | 'recusal' };

/** Quotes of records, made from the records themselves. */
export const quote = {
  finding: (r: { team: string; n: number }): Quote => ({ team: r.team, kind: 'finding', n: r.n }),
  task: (r: { team: string; n: number }): Quote => ({ team: r.team, kind: 'task', n: r.n }),
  doc: (r: { team: string; n: number }): Quote => ({ team: r.team, kind: 'doc', n: r.n }),
  matter: (r: { team: string; n: number }): Quote => ({ team: r.team, kind: 'matter', n: r.n }),
  /** Only the reference of a record, not what it says: e.g. `F-3` in a button or a bare list. */
  ref: (kind: RecordKind, r: { team: string; n: number }): Quote => ({ team: r.team, kind, n: r.n, ref: true }),
  team: (team: { id: string }): Quote => ({ team: team.id, kind: 'team' }),
  audit: (team: { id: string }): Quote => ({ team: team.id, kind: 'audit' }),
  /** The team's 回避 declarations as such: the units of conflicts and their reasons. */
  recusal: (team: { id: string }): Quote => ({ team: team.id, kind: 'recusal' }),
};

/**
 * What decides who may read a quoted record, read by the gate from the team's indexes at the moment
 * it decides (never taken from the command): its unit, whether it is (or fixes) a problem clue, and
 * the people a clue's rule names.
 */
export type Facts =
  /** `fixed`: some task fixes it (a supervisor reads the findings they follow); unknown counts as not. */
  | { kind: 'finding'; unit: string; author: UserId; clue: boolean; fixed?: boolean }
  /** `immediate`: 立行立改, handed to the unit during the round; unknown counts as not. */
  | { kind: 'task'; unit: string; owner: UserId; clue: boolean; clueAuthor: UserId; immediate?: boolean }
  | { kind: 'doc'; unit: string }
  | { kind: 'team' }
  | { kind: 'audit' }
  /** An important matter: clue-level when the finding it cites is a clue; that finding's unit, if any. */
  | { kind: 'matter'; clue: boolean; unit?: string }
  | { kind: 'recusal' };

/**
 * The facts of a task, from its summary and the summary of the finding it fixes. A task whose finding
 * cannot be found is taken for a task on a clue: unknown is treated as most confidential.
 */
export function taskFacts(task: { unit: string; owner: UserId; immediate?: boolean }, fixes: { clue: boolean; author: UserId } | undefined): Facts {
  return { kind: 'task', unit: task.unit, owner: task.owner, clue: fixes?.clue ?? true, clueAuthor: fixes?.author ?? '', immediate: task.immediate ?? false };
}

/** The facts of a finding, and whether any of `tasks` fixes it. */
export function findingFacts(f: { n: number; unit: string; author: UserId; clue: boolean }, tasks: ReadonlyArray<{ finding: number }>): Facts {
  return { kind: 'finding', unit: f.unit, author: f.author, clue: f.clue, fixed: tasks.some((task) => task.finding === f.n) };
}

/** Whether anyone on the team's roster is a supervisor: only then does a finding's `fixed` matter. */
export function hasSupervisor(team: Team): boolean {
  return team.members.some((m) => m.role === 'supervisor' && !m.removedAt);
}

/**
 * The facts of an important matter, from the summary of the finding it cites. A cited finding that
 * cannot be found is taken for a clue: unknown is treated as most confidential.
 */
export function matterFacts(matter: { finding?: number }, cites: { clue: boolean; unit: string } | undefined): Facts {
  if (matter.finding === undefined) return { kind: 'matter', clue: false };
  return { kind: 'matter', clue: cites?.clue ?? true, unit: cites?.unit };
}

/** How much of a record someone may be shown: what it says, only its reference, or nothing at all. */
export type Access = 'content' | 'ref' | 'none';

/** One person, as the rules see them in one team. */
export interface Reader {
  user: UserId;
  isAdmin: boolean;
  /** Their active role in the team, if any. */
  role?: TeamRole;
  /** The unit a liaison speaks for. */
  unit?: string;
  /** Answerable for a task of the team without being a member (整改责任人). */
  owner: boolean;
  /** The units they declared a conflict with (回避): none of those units' findings for them. */
  recused: readonly string[];
}

/** A person as a reader of `team`'s records. */
export function readerIn(team: Team, user: UserId, admins: ReadonlySet<UserId>): Reader {
  const member = memberOf(team, user);
  return { user, isAdmin: admins.has(user), role: member?.role, unit: member?.unit, owner: team.owners.includes(user), recused: recusedUnits(team, user) };
}

const INSPECTORS: readonly TeamRole[] = ['leader', 'deputy', 'member'];
/** Problem clues: the leaders and the office, and whoever logged the finding (its 经办人). */
const CLUE_ROLES: readonly TeamRole[] = ['leader', 'deputy'];
/** 请示报告 and 回避 declarations: the leaders' own registers, with the office. */
const LEADERS: readonly TeamRole[] = ['leader', 'deputy'];
const leads = (r: Reader) => r.isAdmin || (r.role !== undefined && LEADERS.includes(r.role));

/**
 * Whether a declared conflict keeps the reader from a record: a finding on that unit, a task that
 * fixes one, a matter citing one. Even their own: a conflict of interest is about the unit, not the author.
 */
function recusedFrom(r: Reader, facts: Facts): boolean {
  if (r.recused.length === 0) return false;
  const unit = facts.kind === 'finding' || facts.kind === 'task' || facts.kind === 'matter' ? facts.unit : undefined;
  return unit !== undefined && r.recused.includes(unit);
}

/** Whether someone may read a clue (and everything made from it) whose finding `author` logged. */
function readsClue(r: Reader, author: UserId): boolean {
  return r.isAdmin || (r.role !== undefined && CLUE_ROLES.includes(r.role)) || r.user === author;
}

/** Anyone the team knows: the office, its active members (liaisons and supervisors included), its task owners. */
const onTeam = (r: Reader) => r.isAdmin || r.role !== undefined || r.owner;
const inspects = (r: Reader) => r.isAdmin || (r.role !== undefined && INSPECTORS.includes(r.role));

/**
 * A supervisor (纪委监委, 组织部) follows rectification once the unit has been told its problems: from
 * the feedback date they read the tasks and the findings those tasks fix, never a clue; before it,
 * nothing of the team's records, not even a reference.
 */
function supervisorAccess(facts: Facts, team: Team, today: IsoDate): Access {
  if (!fedBack(team, today) || isClueLevel(facts)) return 'none';
  if (facts.kind === 'task' || (facts.kind === 'finding' && facts.fixed === true)) return 'content';
  // A finding without a task and a document request by reference; the audit log and 请示报告 never.
  return facts.kind === 'finding' || facts.kind === 'doc' ? 'ref' : 'none';
}

/**
 * How much of one record a person may see. A clue, and every task that fixes one, is all or nothing:
 * even its reference names a clue. Otherwise those on the team who may not read a record may still
 * be shown its reference (a count in words, a button's target).
 */
export function accessOf(r: Reader, facts: Facts, team: Team, today: IsoDate): Access {
  if (recusedFrom(r, facts)) return 'none';
  // The team card (who is on the team, the round's dates) is theirs too: they are on its roster.
  if (r.role === 'supervisor' && !r.isAdmin && facts.kind !== 'team') return supervisorAccess(facts, team, today);
  switch (facts.kind) {
    case 'finding':
      if (facts.clue) return readsClue(r, facts.author) ? 'content' : 'none';
      return inspects(r) ? 'content' : onTeam(r) ? 'ref' : 'none';
    case 'task':
      if (facts.clue) return readsClue(r, facts.clueAuthor) ? 'content' : 'none';
      if (inspects(r)) return 'content';
      // The unit learns of its problems at feedback, apart from what it must fix at once (立行立改): its
      // liaison sees its tasks from then on, the tasks they own included, and never another unit's.
      if (r.role === 'liaison') return r.unit === facts.unit && (facts.immediate === true || fedBack(team, today)) ? 'content' : 'ref';
      if (r.user === facts.owner) return 'content';
      return onTeam(r) ? 'ref' : 'none';
    case 'doc':
      if (inspects(r) || (r.role === 'liaison' && r.unit === facts.unit)) return 'content';
      return onTeam(r) ? 'ref' : 'none';
    case 'team':
      return r.isAdmin || r.role !== undefined ? 'content' : 'none';
    case 'audit':
      // Who read which clue is itself confidential.
      return r.isAdmin || r.role === 'leader' ? 'content' : 'none';
    case 'matter':
    case 'recusal':
      // Even the reference of a matter says the team asked the leading group about something.
      return leads(r) ? 'content' : 'none';
  }
}

/** Whether the facts are those of a clue, or of a task or matter made from one: never in a group chat, every read audited. */
export function isClueLevel(facts: Facts): boolean {
  return (facts.kind === 'finding' || facts.kind === 'task' || facts.kind === 'matter') && facts.clue;
}

/** Whether the facts may reach only one person at a time: clue-level data, the 请示报告 register, 回避 declarations. */
export function onlyInPrivate(facts: Facts): boolean {
  return isClueLevel(facts) || facts.kind === 'matter' || facts.kind === 'recusal';
}

/**
 * Who will read what is sent somewhere: one person (the bot's own DM with them, an ephemeral reply, a
 * notice); a group chat bound to a team, read by the team's whole roster, liaisons and supervisors
 * included; or a chat
 * bound to no team or a conversation between people, which anyone may be reading.
 */
export type Audience =
  | { kind: 'person'; user: UserId }
  | { kind: 'group'; team: Team }
  | { kind: 'open' };

/** The least access anyone in the audience has to a record of `team` with these facts. */
export function audienceAccess(audience: Audience, team: Team, facts: Facts, today: IsoDate, admins: ReadonlySet<UserId>): Access {
  if (audience.kind === 'open') return 'none';
  if (audience.kind === 'person') return accessOf(readerIn(team, audience.user, admins), facts, team, today);
  // A group chat shows its team's records only, and never a clue: its history outlives any roster.
  if (audience.team.id !== team.id || onlyInPrivate(facts)) return 'none';
  let least: Access = 'content';
  for (const m of team.members) {
    if (m.removedAt) continue;
    const access = accessOf(readerIn(team, m.user, admins), facts, team, today);
    if (access === 'none') return 'none';
    if (access === 'ref') least = 'ref';
  }
  return least;
}

/** Whether an access level covers a quote: a reference needs at least `ref`, what a record says needs `content`. */
export function covers(access: Access, q: Quote): boolean {
  return access === 'content' || (access === 'ref' && 'n' in q && q.ref === true);
}
