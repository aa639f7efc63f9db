import { z } from 'zod';
import { teamEntry, type AuditEntry } from './audit.ts';
import { oneLine } from './args.ts';
import { ChangeSchema } from './history.ts';
import { RecusalSchema } from './recusal.ts';
import { keys } from './store/keys.ts';
import type { Store } from './store/store.ts';
import type { ChatId, UserId } from './types.ts';

/**
 * Roles inside a team; `admin` (the inspection office) stands above teams and comes from XC_ADMINS.
 * `supervisor` (监督): someone of the discipline commission or the organisation department who follows
 * rectification after feedback; on the roster, but no inspector (src/visibility.ts says what they read).
 */
export const TEAM_ROLES = ['leader', 'deputy', 'member', 'liaison', 'supervisor'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
/** `owner`: not a member, but answerable for a rectification task of the team (整改责任人). */
export type Role = TeamRole | 'admin' | 'owner';

/** The bodies a supervisor comes from (seed 001: they supervise rectification day to day). */
export const SUPERVISING_ORGS = ['纪委监委', '组织部'] as const;
export type SupervisingOrg = (typeof SUPERVISING_ORGS)[number];

export const MemberSchema = z.object({
  user: z.string(),
  role: z.enum(TEAM_ROLES),
  /** The unit a liaison speaks for. */
  unit: z.string().optional(),
  /** The body a supervisor comes from: 纪委监委 or 组织部. */
  org: z.enum(SUPERVISING_ORGS).optional(),
  addedAt: z.string(),
  addedBy: z.string(),
  removedAt: z.string().optional(),
});
export type Member = z.infer<typeof MemberSchema>;

export const UnitSchema = z.object({ name: z.string(), addedAt: z.string() });

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  chats: z.array(z.string()),
  units: z.array(UnitSchema),
  members: z.array(MemberSchema),
  /** The round's dates: entry (进驻), end, and when known the end of on-site work and feedback (反馈). */
  period: z.object({ entry: z.string(), end: z.string(), onsiteEnd: z.string().optional(), feedback: z.string().optional() }).optional(),
  /** The team's daily digest: its own time (else DIGEST_TIME), on or off, and whether an all-clear is sent. */
  digest: z
    .object({
      time: z.string().optional(),
      enabled: z.boolean(),
      quiet: z.boolean(),
      /** The weekday (0 Sunday … 6 Saturday) whose digest carries the team's chart; null for none; unset, Monday. */
      chartDay: z.number().int().min(0).max(6).nullable().optional(),
    })
    .default({ enabled: true, quiet: false }),
  /** Owners of rectification tasks who are not members: they may see and report on their own tasks. */
  owners: z.array(z.string()).default([]),
  /** Confidentiality pledges (保密承诺), one per member per round (the round is named by its entry date). */
  pledges: z.array(z.object({ user: z.string(), round: z.string(), at: z.string() })).default([]),
  /** 回避 declarations (src/recusal.ts): no conflict with the round's units, or a conflict with one, with its reason. */
  recusals: z.array(RecusalSchema).default([]),
  /** The unit's rectification plan (整改方案) and report (整改情况报告) as they came in: src/unit-report.ts. */
  unitReports: z.array(z.object({ unit: z.string(), kind: z.enum(['plan', 'report']), date: z.string(), at: z.string(), by: z.string() })).default([]),
  history: z.array(ChangeSchema),
});
export type Team = z.infer<typeof TeamSchema>;

const TeamIdSchema = z.string();
const TeamIdsSchema = z.array(z.string());

/** A team's name as its index key holds it: names identify whatever their spaces and case. */
const nameKey = (name: string) => keys.teamByName(oneLine(name).toLowerCase());

/** The active membership of a user in a team, if any. */
export function memberOf(team: Team, user: UserId): Member | undefined {
  return team.members.find((m) => m.user === user && !m.removedAt);
}

/** The users who hold one of `roles` in the team now: whom a command tells (its leaders, its deputies). */
export function holdersOf(team: Team, roles: readonly TeamRole[]): UserId[] {
  return team.members.filter((m) => !m.removedAt && roles.includes(m.role)).map((m) => m.user);
}

/** Find a unit by name, ignoring case and how its spaces were typed. */
export function findUnit(team: Team, name: string): string | undefined {
  const wanted = oneLine(name).toLowerCase();
  return team.units.find((u) => oneLine(u.name).toLowerCase() === wanted)?.name;
}

/** Teams and their indexes (by name, by chat, by member). */
export function createTeamRepo(store: Store) {
  async function indexUser(user: UserId, teamId: string) {
    await store.update(keys.teamsOfUser(user), TeamIdsSchema, (ids = []) => (ids.includes(teamId) ? ids : [...ids, teamId]));
  }
  return {
    get: (id: string) => store.get(keys.team(id), TeamSchema),
    async byName(name: string) {
      const id = await store.get(nameKey(name), TeamIdSchema);
      return id ? store.get(keys.team(id), TeamSchema) : undefined;
    },
    async byChat(chat: ChatId) {
      const id = await store.get(keys.teamByChat(chat), TeamIdSchema);
      return id ? store.get(keys.team(id), TeamSchema) : undefined;
    },
    /** The teams a user is a member of, or owns rectification tasks in. */
    async forUser(user: UserId): Promise<Team[]> {
      const ids = (await store.get(keys.teamsOfUser(user), TeamIdsSchema)) ?? [];
      const teams = await store.getMany(ids.map(keys.team), TeamSchema);
      return teams.filter((t): t is Team => t !== undefined && (memberOf(t, user) !== undefined || t.owners.includes(user)));
    },
    async all(): Promise<Team[]> {
      const ids = (await store.get(keys.teams, TeamIdsSchema)) ?? [];
      return (await store.getMany(ids.map(keys.team), TeamSchema)).filter((t): t is Team => t !== undefined);
    },
    /**
     * Create a team with a unique name and bind `chat` to it, in one step so that a refusal leaves
     * nothing behind. Binding operations share one lock: they are rare and must not interleave.
     */
    create(name: string, chat: ChatId, by: UserId, at: string): Promise<{ team: Team } | { nameTaken: true } | { boundTo: Team }> {
      return store.withLock(keys.bindingLock, async () => {
        const bound = await store.get(keys.teamByChat(chat), TeamIdSchema);
        const boundTo = bound && (await store.get(keys.team(bound), TeamSchema));
        if (boundTo) return { boundTo };
        if (await store.get(nameKey(name), TeamIdSchema)) return { nameTaken: true as const };
        const id = `T${await store.increment(keys.counter(keys.teamCount))}`;
        const team: Team = {
          id, name, createdAt: at, createdBy: by, chats: [chat], units: [], members: [],
          history: [{ at, by, field: 'chat', to: chat }],
          digest: { enabled: true, quiet: false }, owners: [], pledges: [], recusals: [], unitReports: [],
        };
        const ids = (await store.get(keys.teams, TeamIdsSchema)) ?? [];
        // The team, its names, its place in the list and its audit entry: one commit.
        await store.commit({ log: keys.auditLog(id) }, () => ({
          records: [[keys.team(id), team], [nameKey(name), id], [keys.teamByChat(chat), id], [keys.teams, [...ids, id]]],
          appended: [teamEntry({ user: by, now: at }, 'team-create')],
        }));
        return { team };
      });
    },
    /** Bind a chat to a team; returns the team already bound to it, if another one is. */
    bindChat(team: Team, chat: ChatId, by: UserId, at: string): Promise<Team | undefined> {
      return store.withLock(keys.bindingLock, async () => {
        const current = await store.get(keys.teamByChat(chat), TeamIdSchema);
        if (current && current !== team.id) return store.get(keys.team(current), TeamSchema);
        await store.withLock(keys.keyLock(keys.team(team.id)), async () => {
          const t = (await store.get(keys.team(team.id), TeamSchema)) ?? team;
          const next = t.chats.includes(chat) ? t : { ...t, chats: [...t.chats, chat], history: [...t.history, { at, by, field: 'chat', to: chat }] };
          await store.commit({ log: keys.auditLog(team.id) }, () => ({
            records: [[keys.teamByChat(chat), team.id], [keys.team(team.id), next]],
            appended: [teamEntry({ user: by, now: at }, 'team-bind')],
          }));
        });
        return undefined;
      });
    },
    /**
     * Change a team under its lock; `change` returns the new team or throws. `audit` names the entries
     * that record the change: written in the same commit, so the log never misses a change or invents one.
     */
    async update(id: string, change: (team: Team) => Team, audit?: (before: Team, after: Team) => AuditEntry[]): Promise<Team> {
      const key = keys.team(id);
      const [before, next] = await store.withLock(keys.keyLock(key), async () => {
        const current = await store.get(key, TeamSchema);
        if (!current) throw new Error(`team ${id} vanished`);
        const changed = change(current);
        await store.commit({ log: keys.auditLog(id) }, () => ({ records: [[key, changed]], appended: audit?.(current, changed) ?? [] }));
        return [current, changed] as const;
      });
      const joined = [
        ...next.members.filter((m) => !m.removedAt && !memberOf(before, m.user)).map((m) => m.user),
        ...next.owners.filter((o) => !before.owners.includes(o)),
      ];
      await Promise.all(joined.map((user) => indexUser(user, id)));
      return next;
    },
  };
}
export type TeamRepo = ReturnType<typeof createTeamRepo>;
