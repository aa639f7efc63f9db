import { teamEntry } from '../src/audit.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { daysBetween } from '../src/dates.ts';
import { requireAdminFor } from '../src/guards.ts';
import { teamEn, teamZh } from '../src/i18n/team.ts';
import { choiceArg, dateArg, unitArg, userArg } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import { fedBack, milestones } from '../src/round.ts';
import { findUnit, memberOf, SUPERVISING_ORGS, TEAM_ROLES, type Member, type Team, type TeamRole } from '../src/team.ts';
import { receiptRefusal, receivedReport, UNIT_REPORT_KINDS, unitReportDue, type UnitReportKind } from '../src/unit-report.ts';
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
  supervisor: 'supervisor', 监督: 'supervisor',
};

/** The unit's plan and report as people name them. */
const REPORT_INPUT: Record<string, UnitReportKind> = {
  plan: 'plan', 方案: 'plan', 整改方案: 'plan',
  report: 'report', 报告: 'report', 整改情况报告: 'report', 整改报告: 'report',
};

/** A member's role as the log and history keep it: role ids, not words of one language (a supervisor's body as typed). */
const roleId = (m?: Pick<Member, 'role' | 'unit' | 'org'>) => (m ? m.role + (m.unit ? `:${m.unit}` : '') + (m.org ? `:${m.org}` : '') : undefined);

/** How a member reads on the card and in replies: their name, and the unit they speak for or the body they come from. */
const placeOf = (m: Pick<Member, 'unit' | 'org'>) => m.unit ?? m.org;

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

/**
 * The team card: name, period, units, members by role. The plan's and the report's deadlines are said
 * once: among the milestones until feedback, then on the lines of what each unit has sent; the note that
 * they are settings, once.
 */
async function teamCard(ctx: TeamContext, team: Team): Promise<string> {
  const { t } = ctx;
  const active = team.members.filter((m) => !m.removedAt);
  const names = await ctx.services.users.names(active.map((m) => m.user));
  const lines = [t.team.title(team.name)];
  lines.push(team.period ? t.team.period(team.period.entry, team.period.end) : t.team.noPeriod);
  const reports = unitReportLines(ctx, team);
  const dated = milestones(team, ctx.config).filter((m) => m.key !== 'entry' && m.key !== 'end' && !(reports.length && (m.key === 'planDue' || m.key === 'reportDue')));
  if (dated.length) lines.push(t.team.milestones(dated.map((m) => t.team.dated(t.team.milestoneNames[m.key], m.date))));
  lines.push(...reports);
  if (team.period?.feedback) lines.push(t.team.dueSpans(ctx.config.round.planDays, ctx.config.round.reportDays));
  lines.push(t.team.units(team.units.map((u) => u.name)));
  for (const role of TEAM_ROLES) {
    const people = active.filter((m) => m.role === role).map((m) => t.team.person(displayName(m.user, names), placeOf(m)));
    if (people.length) lines.push(t.team.roleLine(t.roles[role], people));
  }
  if (active.length === 0) lines.push(t.team.noMembers);
  return lines.join('\n');
}

/** From feedback on, each of the unit's plan and report with its deadline once: who sent it when, who is still to. */
function unitReportLines(ctx: TeamContext, team: Team): string[] {
  const { t } = ctx;
  if (!fedBack(team, ctx.today) || team.units.length === 0) return [];
  return UNIT_REPORT_KINDS.map((kind) => {
    const due = unitReportDue(team, kind, ctx.config)!;
    const parts = team.units.map(({ name }) => {
      const came = receivedReport(team, name, kind);
      return came ? t.team.reportReceived(name, came.date) : t.team.reportAwaited(name, due < ctx.today ? daysBetween(due, ctx.today) : 0);
    });
    return t.team.reportLine(t.team.reportKinds[kind], due, parts);
  });
}

/**
 * What /team period set, date by date; what it cleared that was set before; and the plan's and the
 * report's deadlines that follow from feedback (RECT_PLAN_DAYS, RECT_REPORT_DAYS).
 */
function periodEcho(ctx: TeamContext, team: Team, before: Team['period']): string[] {
  const { t } = ctx;
  const period = team.period!;
  const name = t.team.milestoneNames;
  const given = (['entry', 'onsiteEnd', 'end', 'feedback'] as const).flatMap((k) => (period[k] ? [t.team.dated(name[k], period[k])] : []));
  const lines = [t.team.periodSet(given)];
  const unset = [...(period.onsiteEnd ? [] : [t.team.onsiteEndIsEnd]), ...(period.feedback ? [] : [name.feedback])];
  if (unset.length) lines.push(t.team.periodUnset(unset));
  const cleared = (['onsiteEnd', 'feedback'] as const).flatMap((k) => (before?.[k] && !period[k] ? [t.team.dated(name[k], before[k])] : []));
  if (cleared.length) lines.push(t.team.periodCleared(cleared));
  if (!period.feedback) return [...lines, t.team.periodNoFeedback];
  const due = (kind: 'plan' | 'report') => unitReportDue(team, kind, ctx.config)!;
  return [...lines, t.team.periodDerived(due('plan'), due('report'), ctx.config.round.planDays, ctx.config.round.reportDays)];
}

/** The unit a plan or report is from: as typed, or the team's one unit. */
function reportingUnit(ctx: TeamContext, input: string | undefined): string {
  if (input !== undefined) return unitArg(ctx, input);
  const units = ctx.team.units.map((u) => u.name);
  if (units.length === 1) return units[0]!;
  throw new CommandError('INVALID_ARGS', units.length ? ctx.t.team.errors.whichUnit(units) : ctx.t.team.errors.noUnits, 'unit');
}

export const teamCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: {},
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy', 'member', 'liaison', 'supervisor'] },
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
    params: { user: param.user(), role: param.word(), unit: param.unit().option().optional(), org: param.choice(SUPERVISING_ORGS).listed().option().optional() },
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
      // 纪委 is what people call the commission, here as in a handover.
      const org = args.org === undefined ? undefined : choiceArg(ctx, SUPERVISING_ORGS, args.org.trim() === '纪委' ? '纪委监委' : args.org, '--org');
      if (org && role !== 'supervisor') throw new CommandError('INVALID_ARGS', t.team.orgOnlyForSupervisor, 'org');
      const user = await userArg(ctx, args.user);
      const existing = memberOf(ctx.team, user);
      if (existing) requireAdminFor(ctx, existing.role);
      const who = displayName(user, await ctx.services.users.names([user]));
      const quotes = [quote.team(ctx.team)];
      const place = unit ?? org;
      if (existing?.role === role && existing.unit === unit && existing.org === org) return reply.chat(t.team.unchanged(who, t.team.person(t.roles[role], place)), quotes);
      await requireOneSide(ctx, user, who, role, unit);
      const member: Member = { user, role, unit, org, addedAt: ctx.now, addedBy: ctx.user };
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
            members: [...team.members.filter((m) => m !== current), current ? { ...current, role, unit, org } : member],
            history: [...team.history, { at: ctx.now, by: ctx.user, field: `member ${user}`, from: roleId(current), to: roleId(member) }],
          };
        },
        (before) => {
          const current = memberOf(before, user);
          return [current ? teamEntry(ctx, 'member-role', user, `${roleId(current)}→${roleId(member)}`) : teamEntry(ctx, 'member-add', user, roleId(member))];
        },
      );
      const added = existing ? t.team.roleChanged(who, t.roles[existing.role], t.roles[role]) : t.team.added(who, t.roles[role], place);
      // Said at once: a supervisor added before feedback would otherwise wonder why they see nothing.
      const from = role === 'supervisor' && !fedBack(ctx.team, ctx.today) ? [t.team.supervisorFrom(ctx.team.period?.feedback)] : [];
      return reply.chat([added, ...from].join('\n'), quotes);
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
      let before: Team['period'];
      const team = await ctx.services.teams.update(
        ctx.team.id,
        (current) => {
          before = current.period;
          return { ...current, period, history: [...current.history, { at: ctx.now, by: ctx.user, field: 'period', from: show(current.period), to: show(period) }] };
        },
        () => [teamEntry(ctx, 'period', '', show(period))],
      );
      return reply.chat(periodEcho(ctx, team, before).join('\n'), [quote.team(team)]);
    },
  }),
  family.command({
    words: ['received'],
    params: { kind: param.word(), unit: param.unit().option().optional(), date: param.date().option().optional() },
    access: { scope: 'team', roles: MANAGERS },
    async run(ctx, args) {
      const { t } = ctx;
      // Own keys only, as with roles.
      const key = args.kind.trim().toLowerCase();
      const kind = Object.hasOwn(REPORT_INPUT, key) ? REPORT_INPUT[key] : undefined;
      if (!kind) throw new CommandError('INVALID_ARGS', t.team.errors.reportKind(args.kind), 'kind');
      const unit = reportingUnit(ctx, args.unit);
      const date = args.date === undefined ? ctx.today : dateArg(ctx, args.date, 'date');
      const what = t.team.reportKinds[kind];
      const refuse = (team: Team) => {
        const why = receiptRefusal(team, unit, kind, date, ctx.today);
        if (!why) return;
        const e = t.team.errors;
        if (why === 'already') throw new CommandError('CONFLICT', e.reportAlready(unit, what, receivedReport(team, unit, kind)!.date));
        throw new CommandError(why === 'noFeedback' ? 'CONFLICT' : 'INVALID_ARGS', why === 'noFeedback' ? e.reportNoFeedback : why === 'inFuture' ? e.reportInFuture(date, ctx.today) : e.reportBeforeFeedback(date, team.period!.feedback!), 'date');
      };
      refuse(ctx.team);
      const team = await ctx.services.teams.update(
        ctx.team.id,
        (current) => {
          // Checked again under the lock: the same plan recorded twice at once is recorded once.
          refuse(current);
          return {
            ...current,
            unitReports: [...current.unitReports, { unit, kind, date, at: ctx.now, by: ctx.user }],
            history: [...current.history, { at: ctx.now, by: ctx.user, field: 'unitReport', to: `${kind}:${unit}:${date}` }],
          };
        },
        () => [teamEntry(ctx, 'unit-report', '', `${kind}:${unit}:${date}`)],
      );
      const due = unitReportDue(team, kind, ctx.config)!;
      return reply.chat(t.team.reportRecorded(unit, what, date, due, date > due ? daysBetween(due, date) : 0), [quote.team(team)]);
    },
  }),
];
