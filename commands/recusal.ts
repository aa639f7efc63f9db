import { teamEntry } from '../src/audit.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { localDate } from '../src/dates.ts';
import { recusalEn, recusalZh } from '../src/i18n/recusal.ts';
import { unitArg } from '../src/lookups.ts';
import { param } from '../src/params.ts';
import {
  conflictsOf, declareConflict, declareNoConflict, DECLARERS, declarers, noConflictOf, RecusalError, recusedUnits, undeclaredUnits, type Conflict,
} from '../src/recusal.ts';
import { roundKey } from '../src/round.ts';
import { holdersOf, type Team } from '../src/team.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('recusal', { zh: recusalZh, en: recusalEn });

const REASON_MAX = 500;

/** A refusal of the declaration rules, as the asker reads it. */
function refusal(ctx: TeamContext, err: RecusalError): CommandError {
  const m = ctx.t.recusal;
  switch (err.code) {
    case 'noPeriod':
      return new CommandError('CONFLICT', m.noPeriod);
    case 'noUnits':
      return new CommandError('CONFLICT', m.noUnits);
    case 'allConflicted':
      return new CommandError('CONFLICT', m.allConflicted);
    case 'alreadyConflict':
      return new CommandError('CONFLICT', m.alreadyConflict(err.earlier!.unit, localDate(err.earlier!.at, ctx.config.timeZone)), 'unit');
  }
}

/** Change the team by `change`, audited by `audit` in the same commit; a refusal of the rules becomes the reply. */
async function declaring(ctx: TeamContext, change: (team: Team) => Team, audit: (before: Team, after: Team) => ReturnType<typeof teamEntry>[]): Promise<{ before: Team; after: Team }> {
  let before = ctx.team;
  try {
    const after = await ctx.services.teams.update(ctx.team.id, (team) => ((before = team), change(team)), audit);
    return { before, after };
  } catch (err) {
    throw err instanceof RecusalError ? refusal(ctx, err) : err;
  }
}

/** Who is told of a conflict: the team's leader (not the declarant) and the office. */
function toldOfConflict(ctx: TeamContext): string[] {
  return [...new Set([...holdersOf(ctx.team, ['leader']), ...ctx.config.admins])].filter((user) => user !== ctx.user);
}

export const recusalCommands: AnyCommand[] = [
  family.command({
    words: ['ack'],
    params: {},
    access: { scope: 'team', roles: DECLARERS },
    async run(ctx) {
      const { t } = ctx;
      const { before, after } = await declaring(
        ctx,
        (team) => declareNoConflict(team, ctx.user, ctx.now),
        (was, now) => (now === was ? [] : [teamEntry(ctx, 'recusal-none', '', roundKey(now))]),
      );
      const declared = noConflictOf(after, ctx.user)!;
      if (after === before) return reply.chat(t.recusal.alreadyNoConflict(localDate(declared.at, ctx.config.timeZone), declared.units), [quote.team(after)]);
      const conflicts = recusedUnits(after, ctx.user);
      const said = t.recusal.noConflict(roundKey(after), declared.units, conflicts);
      // A conflict of one's own is not the group's to know: then the answer is the asker's alone.
      return conflicts.length ? reply.asker(said, [quote.team(after)]) : reply.chat(said, [quote.team(after)]);
    },
  }),
  family.command({
    words: ['declare'],
    params: { unit: param.unit().option(), reason: param.text(REASON_MAX).rest() },
    access: { scope: 'team', roles: DECLARERS },
    async run(ctx, args) {
      const { t } = ctx;
      // The reason is personal: typed anywhere but the bot's own DM, it would sit in that chat's history.
      if (ctx.incoming.chat.kind !== 'dm') throw new CommandError('WRONG_CHAT', t.recusal.onlyInDm);
      const unit = unitArg(ctx, args.unit);
      const { after } = await declaring(
        ctx,
        (team) => declareConflict(team, ctx.user, unit, args.reason, ctx.now),
        () => [teamEntry(ctx, 'recusal-conflict', '', unit)],
      );
      const told = toldOfConflict({ ...ctx, team: after });
      const names = await ctx.services.users.names([ctx.user, ...told]);
      const notice = t.recusal.notice(after.name, displayName(ctx.user, names), unit, ctx.today, args.reason);
      for (const user of told) ctx.notify({ to: { user }, reply: reply.dm(notice, [quote.recusal(after)]) });
      const admins = new Set(ctx.config.admins);
      const toldNames = [...told.filter((u) => !admins.has(u)).map((u) => displayName(u, names)), ...(told.some((u) => admins.has(u)) ? [t.roles.admin] : [])];
      return reply.asker(t.recusal.declared(unit, toldNames), [quote.team(after)]);
    },
  }),
  family.command({
    words: ['status'],
    params: {},
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy'] },
    async run(ctx) {
      const { t, team } = ctx;
      const tz = ctx.config.timeZone;
      const everyone = declarers(team);
      const names = await ctx.services.users.names(everyone);
      const who = (user: string) => displayName(user, names);
      const conflicts: Conflict[] = everyone.flatMap((user) => conflictsOf(team, user));
      const none = everyone.flatMap((user) => {
        const declared = noConflictOf(team, user);
        return declared ? [t.recusal.person(who(user), localDate(declared.at, tz))] : [];
      });
      const undeclared = everyone.flatMap((user) => {
        const units = undeclaredUnits(team, user);
        return units.length ? [t.recusal.undeclaredPerson(who(user), units)] : [];
      });
      const lines = [t.recusal.statusTitle(team.period && roundKey(team), everyone.length - undeclared.length, everyone.length)];
      if (conflicts.length) lines.push(t.recusal.conflictsTitle, ...conflicts.map((c) => t.recusal.conflict(who(c.user), c.unit, localDate(c.at, tz), c.reason)));
      lines.push(t.recusal.noConflictLine(none), t.recusal.undeclaredLine(undeclared));
      // Who declared a conflict with which unit, and why: the leaders' and the office's alone, never the group's.
      return reply.asker(lines.join('\n'), [quote.team(team), quote.recusal(team)]);
    },
  }),
];
