import { z } from 'zod';
import { ChangeSchema } from './history.ts';
import type { Store } from './store/store.ts';
import type { ChatId, UserId } from './types.ts';

/** Roles inside a team; `admin` (the inspection office) stands above teams and comes from XC_ADMINS. */
export const TEAM_ROLES = ['leader', 'deputy', 'member', 'liaison'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export type Role = TeamRole | 'admin';

export const MemberSchema = z.object({
  user: z.string(),
  role: z.enum(TEAM_ROLES),
  /** The unit a liaison speaks for. */
  unit: z.string().optional(),
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
  /** The round's dates: entry (进驻) and end. */
  period: z.object({ entry: z.string(), end: z.string() }).optional(),
  history: z.array(ChangeSchema),
});
export type Team = z.infer<typeof TeamSchema>;

const TeamIdSchema = z.string();
const TeamIdsSchema = z.array(z.string());

const keys = {
  team: (id: string) => `team:${id}`,
  byName: (name: string) => `team-name:${name.trim().toLowerCase()}`,
  byChat: (chat: ChatId) => `chat:${chat}`,
  byUser: (user: UserId) => `user-teams:${user}`,
  all: 'teams',
};

/** The active membership of a user in a team, if any. */
export function memberOf(team: Team, user: UserId): Member | undefined {
  return team.members.find((m) => m.user === user && !m.removedAt);
}

/** Find a unit by name, ignoring case and surrounding spaces. */
export function findUnit(team: Team, name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  return team.units.find((u) => u.name.toLowerCase() === wanted)?.name;
}

/** Teams and their indexes (by name, by chat, by member). */
export function createTeamRepo(store: Store) {
  async function indexUser(user: UserId, teamId: string) {
    await store.update(keys.byUser(user), TeamIdsSchema, (ids = []) => (ids.includes(teamId) ? ids : [...ids, teamId]));
  }
  return {
    get: (id: string) => store.get(keys.team(id), TeamSchema),
    async byName(name: string) {
      const id = await store.get(keys.byName(name), TeamIdSchema);
      return id ? store.get(keys.team(id), TeamSchema) : undefined;
    },
    async byChat(chat: ChatId) {
      const id = await store.get(keys.byChat(chat), TeamIdSchema);
      return id ? store.get(keys.team(id), TeamSchema) : undefined;
    },
    async forUser(user: UserId): Promise<Team[]> {
      const ids = (await store.get(keys.byUser(user), TeamIdsSchema)) ?? [];
      const teams = await store.getMany(ids.map(keys.team), TeamSchema);
      return teams.filter((t): t is Team => t !== undefined && memberOf(t, user) !== undefined);
    },
    async all(): Promise<Team[]> {
      const ids = (await store.get(keys.all, TeamIdsSchema)) ?? [];
      return (await store.getMany(ids.map(keys.team), TeamSchema)).filter((t): t is Team => t !== undefined);
    },
    /** Create a team with a unique name; undefined when the name is taken. */
    create(name: string, by: UserId, at: string): Promise<Team | undefined> {
      return store.withLock('team-create', async () => {
        if (await store.get(keys.byName(name), TeamIdSchema)) return undefined;
        const id = `T${await store.increment('seq:team')}`;
        const team: Team = { id, name, createdAt: at, createdBy: by, chats: [], units: [], members: [], history: [] };
        await store.set(keys.team(id), team);
        await store.set(keys.byName(name), id);
        await store.update(keys.all, TeamIdsSchema, (ids = []) => [...ids, id]);
        return team;
      });
    },
    /** Bind a chat to a team; returns the team already bound to it, if another one is. */
    bindChat(team: Team, chat: ChatId, by: UserId, at: string): Promise<Team | undefined> {
      return store.withLock(keys.byChat(chat), async () => {
        const current = await store.get(keys.byChat(chat), TeamIdSchema);
        if (current && current !== team.id) return store.get(keys.team(current), TeamSchema);
        await store.set(keys.byChat(chat), team.id);
        await store.update(keys.team(team.id), TeamSchema, (t = team) =>
          t.chats.includes(chat) ? t : { ...t, chats: [...t.chats, chat], history: [...t.history, { at, by, field: 'chat', to: chat }] },
        );
        return undefined;
      });
    },
    /** Change a team under its lock; `change` returns the new team or throws. */
    async update(id: string, change: (team: Team) => Team): Promise<Team> {
      let before: Team | undefined;
      const next = await store.update(keys.team(id), TeamSchema, (t) => {
        if (!t) throw new Error(`team ${id} vanished`);
        before = t;
        return change(t);
      });
      const joined = next.members.filter((m) => !m.removedAt && !memberOf(before!, m.user));
      await Promise.all(joined.map((m) => indexUser(m.user, id)));
      return next;
    },
  };
}
export type TeamRepo = ReturnType<typeof createTeamRepo>;
