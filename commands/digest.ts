import { teamEntry } from '../src/audit.ts';
import { CommandError, defineFamily, reply, type AnyCommand, type TeamContext } from '../src/command.ts';
import { isClockTime } from '../src/config.ts';
import { buildDigest, digestInput, supervisorDigest, WEEKLY_CHART_DAY } from '../src/digest.ts';
import { digestEn, digestZh } from '../src/i18n/digest.ts';
import { param } from '../src/params.ts';
import { quote } from '../src/visibility.ts';
import type { Team } from '../src/team.ts';

const family = defineFamily('digest', { zh: digestZh, en: digestEn });

/** The weekdays as people type them, Sunday first (Date's numbering), and the word for no chart. */
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;
const NO_CHART = '不发';

/**
 * The chart day as typed: 周三, or 星期三 and 周天 as people also write them; 不发 for none (null).
 * Anything else is refused before it is stored: an index of -1 would leave the team unreadable.
 */
function chartDayOf(ctx: TeamContext, typed: string): number | null {
  const day = typed.trim().replace(/^星期/, '周').replace(/^周天$/, '周日');
  if (day === NO_CHART) return null;
  const n = WEEKDAYS.findIndex((w) => w === day);
  if (n < 0) throw new CommandError('INVALID_ARGS', ctx.t.digest.badDay(typed), 'day');
  return n;
}

function setDigest(ctx: TeamContext, digest: Team['digest']) {
  const chart = (d: Team['digest']) => (d.chartDay === null ? ' chart off' : ` chart ${WEEKDAYS[d.chartDay ?? WEEKLY_CHART_DAY]}`);
  const show = (d: Team['digest']) => `${d.enabled ? 'on' : 'off'}${d.quiet ? ' quiet' : ''} ${d.time ?? ctx.config.digest.time}${chart(d)}`;
  return ctx.services.teams.update(
    ctx.team.id,
    (team) => ({
      ...team,
      digest,
      history: [...team.history, { at: ctx.now, by: ctx.user, field: 'digest', from: show(team.digest), to: show(digest) }],
    }),
    () => [teamEntry(ctx, 'digest', '', show(digest))],
  );
}

export const digestCommands: AnyCommand[] = [
  family.command({
    words: [],
    params: {},
    access: { scope: 'team', roles: ['admin', 'leader', 'deputy', 'member', 'supervisor'] },
    async run(ctx) {
      // As the daily one would be here: the group's version in a group chat, the asker's own in a DM.
      const input = await digestInput(ctx.team, ctx.today, { services: ctx.services, config: ctx.config });
      if (ctx.role === 'supervisor' && ctx.audience.kind === 'person') {
        // A supervisor's own is the task part (整改监督): on a day with nothing due, a short all-clear.
        const part = supervisorDigest(input, ctx.config, ctx.t, ctx.user);
        return part ? reply.chat(part.text, part.quotes) : reply.chat(ctx.t.digest.supervisorAllClear(ctx.team.name, ctx.today), [quote.team(ctx.team)]);
      }
      const digest = buildDigest(input, ctx.config, ctx.t, ctx.audience);
      return reply.chat(digest.text, digest.quotes);
    },
  }),
  family.command({
    words: ['time'],
    params: { time: param.word() },
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      // People type 8:30 and 08：30 as often as 08:30.
      const time = args.time.replace('：', ':').replace(/^(\d):/, '0$1:');
      if (!isClockTime(time)) throw new CommandError('INVALID_ARGS', ctx.t.digest.badTime(args.time));
      await setDigest(ctx, { ...ctx.team.digest, time });
      return reply.chat(ctx.t.digest.timeSet(time), [quote.team(ctx.team)]);
    },
  }),
  family.command({
    words: ['off'],
    params: {},
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx) {
      await setDigest(ctx, { ...ctx.team.digest, enabled: false });
      return reply.chat(ctx.t.digest.off, [quote.team(ctx.team)]);
    },
  }),
  family.command({
    words: ['on'],
    params: { quiet: param.flag() },
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const quiet = args.quiet ?? false;
      await setDigest(ctx, { ...ctx.team.digest, enabled: true, quiet });
      return reply.chat(ctx.t.digest.on(ctx.team.digest.time ?? ctx.config.digest.time, quiet), [quote.team(ctx.team)]);
    },
  }),
  family.command({
    words: ['chart'],
    params: { day: param.choice([...WEEKDAYS, NO_CHART]).listed() },
    access: { scope: 'team', roles: ['leader'] },
    async run(ctx, args) {
      const chartDay = chartDayOf(ctx, args.day);
      await setDigest(ctx, { ...ctx.team.digest, chartDay });
      return reply.chat(ctx.t.digest.chartDay(chartDay === null ? undefined : WEEKDAYS[chartDay]), [quote.team(ctx.team)]);
    },
  }),
];
