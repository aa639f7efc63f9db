import { z } from 'zod';
import { oneLine } from '../src/args.ts';
import { CommandError, defineCommand, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { parseDate } from '../src/dates.ts';
import type { AuditEntry } from '../src/audit.ts';
import { requireAdminFor } from '../src/guards.ts';
import { milestones } from '../src/round.ts';
import { findUnit, memberOf, TEAM_ROLES, type Member, type Team, type TeamRole } from '../src/team.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const name = z.string().transform(oneLine).pipe(z.string().min(1).max(40));
const MANAGERS = ['admin', 'leader'] as const;

/** Role names as people type them, in either language. */
const ROLE_INPUT: Record<string, TeamRole> = {
  leader: 'leader', 组长: 'leader',
  deputy: 'deputy', 副组长: 'deputy',
  member: 'member', 组员: 'member',
  liaison: 'liaison', 联络员: 'liaison',
};

/** The audit entry of a change to the team by the asker: `ref` is the member concerned, if any. */
function entry(ctx: TeamContext, action: AuditEntry['action'], ref = '', field?: string): AuditEntry {
  return { at: ctx.now, user: ctx.user, action, ref, ...(field !== undefined && { field }) };
}

/** A member's role as the log and history keep it: role ids, not words of one language. */
const roleId = (m?: Pick<Member, 'role' | 'unit'>) => (m ? m.role + (m.unit ? `:${m.unit}` : '') : undefined);

/**
 * Refuse what would put someone on both sides of an inspection: a liaison speaks for the inspected
 * unit and never reads findings, so no one turns from liaison into inspector in place or back, nor is
 * an inspector of a team that inspects the unit they speak for elsewhere (or the other way round).
 * Removing first, then adding, stays possible: both steps are on record.
 */
async function requireOneSide(ctx: TeamContext, user: string, who: string, role: TeamRole, unit: string | undefined): Promise<void> {
  const { t } = ctx;
  const existing = memberOf(ctx.team, user);
  if (existing && (existing.role === 'liaison' || role === 'liaison') && roleId(existing) !== roleId({ role, unit })) {
    throw new CommandError('CONFLICT', t.errors.roleSwitch(who, t.team.person(t.roles[existing.role], existing.unit), t.team.person(t.roles[role], unit)));
  }
  for (const other of await ctx.services.teams.forUser(user)) {
    if (other.id === ctx.team.id) continue;
    const there = memberOf(other, user);
    if (!there) continue;
    // Units are named alike in every team of one county: the same name is the same unit.
    if (role !== 'liaison' && there.role === 'liaison' && there.unit && findUnit(ctx.team, there.unit)) {
      throw new CommandError('CONFLICT', t.errors.liaisonElsewhere(who, there.unit, other.name));
    }
    if (role === 'liaison' && there.role !== 'liaison' && unit && findUnit(other, unit)) {
      throw new CommandError('CONFLICT', t.errors.inspectorElsewhere(who, other.name, unit));
    }
  }
}

async function userArg(ctx: TeamContext, token: string) {
  const user = await ctx.resolveUser(token);
  if (!user) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownUser(token));
  return user;
}

/** The team card: name, period, units, members by role. */
async function teamCard(ctx: TeamContext, team: Team): Promise<string> {
  const { t } = ctx;
  const active = team.members.filter((m) => !m.removedAt);
  const names = await ctx.services.users.names(active.map((m) => m.user));
  const lines = [t.team.title(team.name)];
  lines.push(team.period ? t.team.period(team.period.entry, team.period.end) : t.team.noPeriod);
  const dated = milestones(team, ctx.config).filter((m) => m.key !== 'entry' && m.key !== 'end');
  if (dated.length) lines.push(t.team.milestones(dated.map((m) => `${t.digest.milestoneNames[m.key]} ${m.date}`)));
  lines.push(t.team.units(team.units.map((u) => u.name)));
  for (const role of TEAM_ROLES) {
    const people = active.filter((m) => m.role === role).map((m) => t.team.person(displayName(m.user, names), m.unit));
    if (people.length) lines.push(t.team.roleLine(t.roles[role], people));
  }
  if (active.length === 0) lines.push(t.team.noMembers);
  return lines.join('\n');
}

export const teamCommands: AnyCommand[] = [
  defineCommand({
    id: 'team',
    family: 'team',
    words: [],
    spec: { positionals: [], options: {} },
    schema: z.object({}),
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy', 'member', 'liaison'] },
    async run(ctx) {
      return reply.chat(await teamCard(ctx, ctx.team), [quote.team(ctx.team)]);
    },
  }),
  defineCommand({
    id: 'team create',
    family: 'team',
    words: ['create'],
    spec: { positionals: [{ name: 'name', rest: true }], options: {} },
    schema: z.object({ name }),
    access: { scope: 'group', roles: ['admin'] },
    async run(ctx, args) {
      const result = await ctx.services.teams.create(args.name, ctx.incoming.chat.id, ctx.user, ctx.now);
      if ('boundTo' in result) throw new CommandError('CONFLICT', ctx.t.errors.chatBound(result.boundTo.name));
      if ('nameTaken' in result) throw new CommandError('CONFLICT', ctx.t.errors.teamExists(args.name));
      return reply.chat(ctx.t.team.created(result.team.name), [quote.team(result.team)]);
    },
  }),
  defineCommand({
    id: 'team bind',
    family: 'team',
    words: ['bind'],
    spec: { positionals: [{ name: 'name', rest: true }], options: {} },
    schema: z.object({ name }),
    access: { scope: 'group', roles: ['admin'] },
    async run(ctx, args) {
      const { teams } = ctx.services;
      const team = await teams.byName(args.name);
      if (!team) throw new CommandError('NOT_FOUND', ctx.t.errors.unknownTeam(args.name));
      const other = await teams.bindChat(team, ctx.incoming.chat.id, ctx.user, ctx.now);
      if (other) throw new CommandError('CONFLICT', ctx.t.errors.chatBound(other.name));
      return reply.chat(ctx.t.team.bound(team.name), [quote.team(team)]);
    },
  }),
  defineCommand({
    id: 'team add',
    family: 'team',
    words: ['add'],
    spec: { positionals: [{ name: 'user' }, { name: 'role' }], options: { unit: 'value' } },
    schema: z.object({ user: z.string(), role: z.string(), unit: z.string().optional() }),
    access: { scope: 'team', roles: MANAGERS },
    async run(c, args) {
      const { t } = c;
      // Own keys only: `constructor` or `__proto__` would store a function or an object as the role.
      const key = args.role.toLowerCase();
      const role = Object.hasOwn(ROLE_INPUT, key) ? ROLE_INPUT[key] : undefined;
      if (!role) throw new CommandError('INVALID_ARGS', t.errors.unknownRole(args.role));
      requireAdminFor(c, role);
      let unit: string | undefined;
      if (role === 'liaison') {
        if (!args.unit) throw new CommandError('INVALID_ARGS', t.errors.liaisonNeedsUnit);
        unit = findUnit(c.team, args.unit);
        if (!unit) throw new CommandError('NOT_FOUND', t.errors.unknownUnit(args.unit, c.team.units.map((u) => u.name)));
      } else if (args.unit) {
        throw new CommandError('INVALID_ARGS', t.errors.unitOnlyForLiaison);
      }
      const user = await userArg(c, args.user);
      const existing = memberOf(c.team, user);
      if (existing) requireAdminFor(c, existing.role);
      const who = displayName(user, await c.services.users.names([user]));
      const quotes = [quote.team(c.team)];
      if (existing?.role === role && existing.unit === unit) return reply.chat(t.team.unchanged(who, t.team.person(t.roles[role], unit)), quotes);
      await requireOneSide(c, user, who, role, unit);
      const member: Member = { user, role, unit, addedAt: c.now, addedBy: c.user };
      await c.services.teams.update(
        c.team.id,
        (team) => {
          const current = memberOf(team, user);
          // Checked again under the lock: a concurrent add may have made them a liaison meanwhile.
          if (current && (current.role === 'liaison' || role === 'liaison') && roleId(current) !== roleId(member)) {
            throw new CommandError('CONFLICT', t.errors.roleSwitch(who, t.team.person(t.roles[current.role], current.unit), t.team.person(t.roles[role], unit)));
          }
          return {
            ...team,
            members: [...team.members.filter((m) => m !== current), current ? { ...current, role, unit } : member],
            history: [...team.history, { at: c.now, by: c.user, field: `member ${user}`, from: roleId(current), to: roleId(member) }],
          };
        },
        (before) => {
          const current = memberOf(before, user);
          return [current ? entry(c, 'member-role', user, `${roleId(current)}→${roleId(member)}`) : entry(c, 'member-add', user, roleId(member))];
        },
      );
      return reply.chat(existing ? t.team.roleChanged(who, t.roles[existing.role], t.roles[role]) : t.team.added(who, t.roles[role], unit), quotes);
    },
  }),
  defineCommand({
    id: 'team remove',
    family: 'team',
    words: ['remove'],
    spec: { positionals: [{ name: 'user' }], options: {} },
    schema: z.object({ user: z.string() }),
    access: { scope: 'team', roles: MANAGERS },
    async run(c, args) {
      const user = await userArg(c, args.user);
      const member = memberOf(c.team, user);
      if (!member) throw new CommandError('NOT_FOUND', c.t.errors.notMember(args.user));
      requireAdminFor(c, member.role);
      await c.services.teams.update(
        c.team.id,
        (team) => ({
          ...team,
          members: team.members.map((m) => (m.user === user && !m.removedAt ? { ...m, removedAt: c.now } : m)),
          history: [...team.history, { at: c.now, by: c.user, field: `member ${user}`, from: member.role }],
        }),
        () => [entry(c, 'member-remove', user, roleId(member))],
      );
      const who = displayName(user, await c.services.users.names([user]));
      return reply.chat(c.t.team.removed(who), [quote.team(c.team)]);
    },
  }),
  defineCommand({
    id: 'team unit add',
    family: 'team',
    words: ['unit', 'add'],
    spec: { positionals: [{ name: 'unit', rest: true }], options: {} },
    schema: z.object({ unit: z.string().transform(oneLine).pipe(z.string().min(1).max(60)) }),
    access: { scope: 'team', roles: MANAGERS },
    async run(c, args) {
      if (findUnit(c.team, args.unit)) throw new CommandError('CONFLICT', c.t.errors.unitExists(args.unit));
      const team = await c.services.teams.update(
        c.team.id,
        (team) => {
          if (findUnit(team, args.unit)) throw new CommandError('CONFLICT', c.t.errors.unitExists(args.unit));
          return {
            ...team,
            units: [...team.units, { name: args.unit, addedAt: c.now }],
            history: [...team.history, { at: c.now, by: c.user, field: 'unit', to: args.unit }],
          };
        },
        () => [entry(c, 'unit-add', '', args.unit)],
      );
      return reply.chat(c.t.team.unitAdded(args.unit, team.units.map((u) => u.name)), [quote.team(team)]);
    },
  }),
  defineCommand({
    id: 'team period',
    family: 'team',
    words: ['period'],
    spec: { positionals: [{ name: 'entry' }, { name: 'end' }], options: { 'onsite-end': 'value', feedback: 'value' } },
    schema: z.object({ entry: z.string(), end: z.string(), 'onsite-end': z.string().optional(), feedback: z.string().optional() }),
    access: { scope: 'team', roles: MANAGERS },
    async run(c, args) {
      const date = (input: string | undefined) => {
        if (input === undefined) return undefined;
        const parsed = parseDate(input, c.today);
        if (!parsed) throw new CommandError('INVALID_ARGS', c.t.errors.badDate(input));
        return parsed;
      };
      const period = { entry: date(args.entry)!, end: date(args.end)!, onsiteEnd: date(args['onsite-end']), feedback: date(args.feedback) };
      if (period.end < period.entry) throw new CommandError('INVALID_ARGS', c.t.errors.endBeforeEntry(period.entry, period.end));
      if (period.onsiteEnd && (period.onsiteEnd < period.entry || period.onsiteEnd > period.end)) {
        throw new CommandError('INVALID_ARGS', c.t.errors.outsidePeriod(period.onsiteEnd, period.entry, period.end));
      }
      if (period.feedback && period.feedback < period.entry) throw new CommandError('INVALID_ARGS', c.t.errors.feedbackBeforeEntry(period.feedback, period.entry));
      const show = (p?: Team['period']) => p && [p.entry, p.end, p.onsiteEnd, p.feedback].map((d) => d ?? '-').join('~');
      await c.services.teams.update(
        c.team.id,
        (team) => ({
          ...team,
          period,
          history: [...team.history, { at: c.now, by: c.user, field: 'period', from: show(team.period), to: show(period) }],
        }),
        () => [entry(c, 'period', '', show(period))],
      );
      return reply.chat(c.t.team.periodSet(period.entry, period.end), [quote.team(c.team)]);
    },
  }),
];
