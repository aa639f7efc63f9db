import { teamEntry } from '../src/audit.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { requireAdminFor } from '../src/guards.ts';
import { teamEn, teamZh } from '../src/i18n/team.ts';
import { dateArg, unitArg, userArg } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import { milestones } from '../src/round.ts';
import { findUnit, memberOf, TEAM_ROLES, type Member, type Team, type TeamRole } from '../src/team.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('team', { zh: teamZh, en: teamEn });
const MANAGERS = ['admin', 'leader'] as const;
const NAME_MAX = 40;
const UNIT_MAX = 60;

/** Role names as people type them, in either language. */
const ROLE_INPUT: Record<string, TeamRole> = {
  leader: 'leader', 组长: 'leader',
  deputy: 'deputy', 副组长: 'deputy',
  member: 'member', 组员: 'member',
  liaison: 'liaison', 联络员: 'liaison',
};

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
  family.command({
    words: [],
    params: {},
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy', 'member', 'liaison'] },
    async run(ctx) {
      return reply.chat(await teamCard(ctx, ctx.team), [quote.team(ctx.team)]);
    },
  }),
  family.command({
    words: ['create'],
    params: { name: param.name(NAME_MAX).rest() },
    access: { scope: 'group', roles: ['admin'] },
    async run(ctx, args) {
      const result = await ctx.services.teams.create(args.name, ctx.incoming.chat.id, ctx.user, ctx.now);
      if ('boundTo' in result) throw new CommandError('CONFLICT', ctx.t.errors.chatBound(result.boundTo.name));
      if ('nameTaken' in result) throw new CommandError('CONFLICT', ctx.t.errors.teamExists(args.name));
      return reply.chat(ctx.t.team.created(result.team.name), [quote.team(result.team)]);
    },
  }),
  family.command({
    words: ['bind'],
    params: { name: param.name(NAME_MAX).rest() },
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
  family.command({
    words: ['add'],
    params: { user: param.user(), role: param.word(), unit: param.unit().option().optional() },
    access: { scope: 'team', roles: MANAGERS },
    async run(ctx, args) {
      const { t } = ctx;
      // Own keys only: `constructor` or `__proto__` would store a function or an object as the role.
      const key = args.role.toLowerCase();
      const role = Object.hasOwn(ROLE_INPUT, key) ? ROLE_INPUT[key] : undefined;
      if (!role) throw new CommandError('INVALID_ARGS', t.errors.unknownRole(args.role));
      requireAdminFor(ctx, role);
      let unit: string | undefined;
      if (role === 'liaison') {
        if (!args.unit) throw new CommandError('INVALID_ARGS', t.errors.liaisonNeedsUnit);
        unit = unitArg(ctx, args.unit);
      } else if (args.unit) {
        throw new CommandError('INVALID_ARGS', t.errors.unitOnlyForLiaison);
      }
      const user = await userArg(ctx, args.user);
      const existing = memberOf(ctx.team, user);
      if (existing) requireAdminFor(ctx, existing.role);
      const who = displayName(user, await ctx.services.users.names([user]));
      const quotes = [quote.team(ctx.team)];
      if (existing?.role === role && existing.unit === unit) return reply.chat(t.team.unchanged(who, t.team.person(t.roles[role], unit)), quotes);
      await requireOneSide(ctx, user, who, role, unit);
      const member: Member = { user, role, unit, addedAt: ctx.now, addedBy: ctx.user };
      await ctx.services.teams.update(
        ctx.team.id,
        (team) => {
          const current = memberOf(team, user);
          // Checked again under the lock: a concurrent add may have made them a liaison meanwhile.
          if (current && (current.role === 'liaison' || role === 'liaison') && roleId(current) !== roleId(member)) {
            throw new CommandError('CONFLICT', t.errors.roleSwitch(who, t.team.person(t.roles[current.role], current.unit), t.team.person(t.roles[role], unit)));
          }
          return {
            ...team,
            members: [...team.members.filter((m) => m !== current), current ? { ...current, role, unit } : member],
            history: [...team.history, { at: ctx.now, by: ctx.user, field: `member ${user}`, from: roleId(current), to: roleId(member) }],
          };
        },
        (before) => {
          const current = memberOf(before, user);
          return [current ? teamEntry(ctx, 'member-role', user, `${roleId(current)}→${roleId(member)}`) : teamEntry(ctx, 'member-add', user, roleId(member))];
        },
      );
      return reply.chat(existing ? t.team.roleChanged(who, t.roles[existing.role], t.roles[role]) : t.team.added(who, t.roles[role], unit), quotes);
    },
  }),
  family.command({
    words: ['remove'],
    params: { user: param.user() },
    access: { scope: 'team', roles: MANAGERS },
    async run(ctx, args) {
      const user = await userArg(ctx, args.user);
      const member = memberOf(ctx.team, user);
      if (!member) throw new CommandError('NOT_FOUND', ctx.t.errors.notMember(args.user));
      requireAdminFor(ctx, member.role);
      await ctx.services.teams.update(
        ctx.team.id,
        (team) => ({
          ...team,
          members: team.members.map((m) => (m.user === user && !m.removedAt ? { ...m, removedAt: ctx.now } : m)),
          history: [...team.history, { at: ctx.now, by: ctx.user, field: `member ${user}`, from: member.role }],
        }),
        () => [teamEntry(ctx, 'member-remove', user, roleId(member))],
      );
      const who = displayName(user, await ctx.services.users.names([user]));
      return reply.chat(ctx.t.team.removed(who), [quote.team(ctx.team)]);
    },
  }),
  family.command({
    words: ['unit', 'add'],
    params: { unit: param.name(UNIT_MAX).rest().label('unit') },
    access: { scope: 'team', roles: MANAGERS },
    async run(ctx, args) {
      if (findUnit(ctx.team, args.unit)) throw new CommandError('CONFLICT', ctx.t.errors.unitExists(args.unit));
      const team = await ctx.services.teams.update(
        ctx.team.id,
        (team) => {
          if (findUnit(team, args.unit)) throw new CommandError('CONFLICT', ctx.t.errors.unitExists(args.unit));
          return {
            ...team,
            units: [...team.units, { name: args.unit, addedAt: ctx.now }],
            history: [...team.history, { at: ctx.now, by: ctx.user, field: 'unit', to: args.unit }],
          };
        },
        () => [teamEntry(ctx, 'unit-add', '', args.unit)],
      );
      return reply.chat(ctx.t.team.unitAdded(args.unit, team.units.map((u) => u.name)), [quote.team(team)]);
    },
  }),
  family.command({
    words: ['period'],
    params: { entry: param.date(), end: param.date(), 'onsite-end': param.date().option().optional(), feedback: param.date().option().optional() },
    access: { scope: 'team', roles: MANAGERS },
    async run(ctx, args) {
      const date = (input: string | undefined, field: string) => (input === undefined ? undefined : dateArg(ctx, input, field));
      const period = { entry: dateArg(ctx, args.entry, 'entry'), end: dateArg(ctx, args.end, 'end'), onsiteEnd: date(args['onsite-end'], 'onsite-end'), feedback: date(args.feedback, 'feedback') };
      if (period.end < period.entry) throw new CommandError('INVALID_ARGS', ctx.t.errors.endBeforeEntry(period.entry, period.end));
      if (period.onsiteEnd && (period.onsiteEnd < period.entry || period.onsiteEnd > period.end)) {
        throw new CommandError('INVALID_ARGS', ctx.t.errors.outsidePeriod(period.onsiteEnd, period.entry, period.end));
      }
      if (period.feedback && period.feedback < period.entry) throw new CommandError('INVALID_ARGS', ctx.t.errors.feedbackBeforeEntry(period.feedback, period.entry));
      const show = (p?: Team['period']) => p && [p.entry, p.end, p.onsiteEnd, p.feedback].map((d) => d ?? '-').join('~');
      await ctx.services.teams.update(
        ctx.team.id,
        (team) => ({
          ...team,
          period,
          history: [...team.history, { at: ctx.now, by: ctx.user, field: 'period', from: show(team.period), to: show(period) }],
        }),
        () => [teamEntry(ctx, 'period', '', show(period))],
      );
      return reply.chat(ctx.t.team.periodSet(period.entry, period.end), [quote.team(ctx.team)]);
    },
  }),
];
