import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { daysBetween, isWorkday, timeIn, todayIn, type IsoDate } from './dates.ts';
import type { Messages } from './i18n/index.ts';
import { inRound, roundKey } from './round.ts';
import type { Rule, RuleIndex } from './rulebook/rulebook.ts';
import type { Job } from './scheduler.ts';
import { keys } from './store/keys.ts';
import type { Team, TeamRole } from './team.ts';
import type { Outgoing, UserId } from './types.ts';
import { displayName } from './users.ts';
import { quote } from './visibility.ts';

/** A confidentiality pledge (保密承诺) as stored on the team. */
export type Pledge = Team['pledges'][number];

/** Who signs the pledge: the inspectors. Liaisons belong to the inspected unit and do not sign. */
export const SIGNERS: readonly TeamRole[] = ['leader', 'deputy', 'member'];

// Day 0 of the rotation; any fixed date works, it only has to stay the same.
const ROTATION_START = '2000-01-01';

/** The user ids of active members who must sign, in the team's order. */
export function signers(team: Team): UserId[] {
  return team.members.filter((m) => !m.removedAt && SIGNERS.includes(m.role)).map((m) => m.user);
}

/** The user's pledge for the team's current round, if signed. */
export function pledgeOf(team: Team, user: UserId): Pledge | undefined {
  const round = roundKey(team);
  return team.pledges.find((p) => p.user === user && p.round === round);
}

/** User ids of active leader, deputy and members without a pledge for the current round. */
export function unsignedMembers(team: Team): string[] {
  return signers(team).filter((user) => !pledgeOf(team, user));
}

/** Today's entry of the rulebook's 保密 category: the same all day, the next one the next day. */
export function reminderFor(rules: RuleIndex, date: IsoDate): Rule | undefined {
  const list = rules.categories().find((group) => group.category === '保密')?.rules ?? [];
  if (list.length === 0) return undefined;
  const n = daysBetween(ROTATION_START, date);
  return list[((n % list.length) + list.length) % list.length];
}

/** The reminder as shown: today's entry with its source, then the checklist. No team data. */
export function reminderText(t: Messages, rules: RuleIndex, date: IsoDate): string {
  const lines = [t.secrecy.title(date)];
  const rule = reminderFor(rules, date);
  // An office rulebook may replace the built-in one and have no 保密 entries; the checklist still stands.
  if (rule) lines.push(t.secrecy.todayRule(rule.id, rule.title), rule.summary, t.rule.source(rule));
  lines.push('', t.secrecy.checklistTitle, ...t.secrecy.checklist.map((item, i) => `${i + 1}. ${item}`));
  return lines.join('\n');
}

/**
 * The daily reminder: on workdays of a team's round, from SECRECY_TIME on, one message to each of
 * the team's chats, naming who has not signed. The outbox id claims the day, so a second tick, a
 * restart or a second instance on the same store sends nothing more.
 */
export function createSecrecyJob(deps: { services: Services; config: Config; t: Messages }): Job {
  const { services, config, t } = deps;
  return {
    name: 'secrecy',
    async run(now) {
      const today = todayIn(now, config.timeZone);
      if (!isWorkday(today) || timeIn(now, config.timeZone) < config.secrecyTime) return;
      for (const team of await services.teams.all()) {
        if (!inRound(team, today) || team.chats.length === 0) continue;
        const id = keys.secrecy(team.id, today);
        if (await services.outbox.has(id)) continue;
        const unsigned = unsignedMembers(team);
        const names = await services.users.names(unsigned);
        const parts = [reminderText(t, services.rules, today)];
        if (unsigned.length) parts.push(t.secrecy.unsignedReminder(unsigned.map((u) => displayName(u, names))));
        const text = parts.join('\n\n');
        // The names of who has not signed are the team's own: its chats may read them.
        const messages: Outgoing[] = team.chats.map((chat) => ({ to: { chat }, reply: { text, visibility: 'chat', quotes: [quote.team(team)] } }));
        await services.outbox.enqueue(id, messages, now.toISOString());
      }
    },
  };
}
