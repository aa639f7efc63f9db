import type { Config } from './config.ts';
import { addDays, type IsoDate } from './dates.ts';
import type { Team } from './team.ts';

/** The milestones of a round, in the order they fall. */
export const MILESTONES = ['entry', 'onsiteEnd', 'end', 'feedback', 'planDue', 'reportDue'] as const;
export type MilestoneKey = (typeof MILESTONES)[number];

export interface Milestone {
  key: MilestoneKey;
  date: IsoDate;
}

/**
 * The round's dated milestones. The unit's rectification plan and report fall a set span after
 * feedback; the spans are settings (RECT_PLAN_DAYS, RECT_REPORT_DAYS) because local rules differ.
 */
export function milestones(team: Team, config: Pick<Config, 'round'>): Milestone[] {
  const p = team.period;
  if (!p) return [];
  const all: Array<[MilestoneKey, IsoDate | undefined]> = [
    ['entry', p.entry],
    ['onsiteEnd', p.onsiteEnd],
    ['end', p.end],
    ['feedback', p.feedback],
    ['planDue', p.feedback && addDays(p.feedback, config.round.planDays)],
    ['reportDue', p.feedback && addDays(p.feedback, config.round.reportDays)],
  ];
  return all.flatMap(([key, date]) => (date ? [{ key, date }] : [])).sort((a, b) => a.date.localeCompare(b.date));
}

/** Milestones from today up to `days` ahead. */
export function upcoming(team: Team, config: Pick<Config, 'round'>, today: IsoDate, days: number): Milestone[] {
  const last = addDays(today, days);
  return milestones(team, config).filter((m) => m.date >= today && m.date <= last);
}

/** Whether today lies inside the round (entry to end, inclusive). */
export function inRound(team: Team, today: IsoDate): boolean {
  return team.period !== undefined && team.period.entry <= today && today <= team.period.end;
}

/** The unit learns of its problems at feedback: liaisons see rectification tasks only from then on. */
export function fedBack(team: Team, today: IsoDate): boolean {
  return team.period?.feedback !== undefined && team.period.feedback <= today;
}

/** The round a pledge belongs to: named by its entry date, so a new round needs a new pledge. */
export function roundKey(team: Team): string {
  return team.period?.entry ?? 'none';
}

/**
 * The stages of a round as the office follows it, in order: no dates yet, before entry, on site, writing
 * the report (from the end of on-site work to the round's end), awaiting feedback, rectifying (from
 * feedback until the unit's report is due), then supervision of rectification (日常监督).
 */
export const ROUND_STAGES = ['unscheduled', 'preparing', 'onsite', 'reporting', 'awaitingFeedback', 'rectifying', 'supervising'] as const;
export type RoundStage = (typeof ROUND_STAGES)[number];

/** The round's stage today, derived from its dates, never stored: a date changed changes the stage. */
export function roundStage(team: Team, config: Pick<Config, 'round'>, today: IsoDate): RoundStage {
  const p = team.period;
  if (!p) return 'unscheduled';
  if (today < p.entry) return 'preparing';
  // Feedback decides before the on-site dates: a date set out of order still says what the unit knows.
  if (p.feedback !== undefined && p.feedback <= today) return today < addDays(p.feedback, config.round.reportDays) ? 'rectifying' : 'supervising';
  if (today <= (p.onsiteEnd ?? p.end)) return 'onsite';
  if (today <= p.end) return 'reporting';
  return 'awaitingFeedback';
}
