import { teamEntry } from '../src/audit.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type Context } from '../src/command.ts';
import { localDate } from '../src/dates.ts';
import { secrecyEn, secrecyZh } from '../src/i18n/secrecy.ts';
import { roundKey } from '../src/round.ts';
import { pledgeOf, reminderText, SIGNERS, signers, unsignedMembers, type Pledge } from '../src/secrecy.ts';
import type { Team } from '../src/team.ts';
import { displayName } from '../src/users.ts';
import { quote } from '../src/visibility.ts';

const family = defineFamily('secrecy', { zh: secrecyZh, en: secrecyEn });

/**
 * The asker's own pledge, one line per team in which they sign: the chat's team in a group (none in
 * an unbound one), their teams in a direct message. Nothing about anyone else.
 */
async function ownPledgeLines(ctx: Context): Promise<{ lines: string[]; teams: Team[] }> {
  const { chat } = ctx.incoming;
  const found = chat.kind === 'group' ? await ctx.services.teams.byChat(chat.id) : undefined;
  const teams: Team[] = chat.kind === 'dm' ? await ctx.services.teams.forUser(ctx.user) : found ? [found] : [];
  const mine = teams.filter((team) => team.period && signers(team).includes(ctx.user));
  const lines = mine.map((team) => {
    const pledge = pledgeOf(team, ctx.user);
    const date = pledge && localDate(pledge.at, ctx.config.timeZone);
    return ctx.t.secrecy.yourPledge(date, mine.length > 1 ? team.name : undefined);
  });
  return { lines, teams: mine };
}

export const secrecyCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: {},
    // General discipline, not team data: it may be read anywhere, even in a chat bound to no team.
    access: { scope: 'anyone' },
    async run(ctx) {
      const own = await ownPledgeLines(ctx);
      // The asker's own pledge, in the chat of a team they sign for: that team's data.
      return reply.chat([reminderText(ctx.t, ctx.services.rules, ctx.today), ...(own.lines.length ? ['', ...own.lines] : [])].join('\n'), own.teams.map(quote.team));
    },
  }),
  family.command({
    words: ['ack'],
    params: {},
    access: { scope: 'team', roles: SIGNERS },
    async run(ctx) {
      const { t } = ctx;
      if (!ctx.team.period) throw new CommandError('CONFLICT', t.secrecy.noPeriod);
      // Read inside the update so that two quick acks record one pledge.
      let earlier = undefined as Pledge | undefined;
      let round = roundKey(ctx.team);
      await ctx.services.teams.update(
        ctx.team.id,
        (team) => {
          if (!team.period) throw new CommandError('CONFLICT', t.secrecy.noPeriod);
          round = roundKey(team);
          earlier = pledgeOf(team, ctx.user);
          if (earlier) return team;
          return {
            ...team,
            pledges: [...team.pledges, { user: ctx.user, round, at: ctx.now }],
            history: [...team.history, { at: ctx.now, by: ctx.user, field: 'pledge', to: round }],
          };
        },
        (before, after) => (after === before ? [] : [teamEntry(ctx, 'pledge', '', round)]),
      );
      if (earlier) return reply.chat(t.secrecy.alreadySigned(localDate(earlier.at, ctx.config.timeZone), round), [quote.team(ctx.team)]);
      return reply.chat(t.secrecy.signed(round, ctx.today), [quote.team(ctx.team)]);
    },
  }),
  family.command({
    words: ['status'],
    params: {},
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy'] },
    async run(ctx) {
      const { t, team } = ctx;
      if (!team.period) throw new CommandError('CONFLICT', t.secrecy.noPeriod);
      const everyone = signers(team);
      const unsigned = unsignedMembers(team);
      const names = await ctx.services.users.names(everyone);
      const signed = everyone.flatMap((user) => {
        const pledge = pledgeOf(team, user);
        return pledge ? [t.secrecy.signedPerson(displayName(user, names), localDate(pledge.at, ctx.config.timeZone))] : [];
      });
      return reply.chat(
        [
          t.secrecy.statusTitle(roundKey(team), signed.length, everyone.length),
          t.secrecy.signedLine(signed),
          t.secrecy.unsignedLine(unsigned.map((user) => displayName(user, names))),
        ].join('\n'),
        [quote.team(team)],
      );
    },
  }),
];
