/**
 * The unit's rectification plan (整改方案) and report (整改情况报告): each due a set span after feedback
 * (RECT_PLAN_DAYS, RECT_REPORT_DAYS: local rules differ, so settings), one of each per inspected unit,
 * recorded when it comes in. Until then it is due, and past its date overdue; both are derived.
 */
import type { Config } from './config.ts';
import { addDays, daysBetween, type IsoDate } from './dates.ts';
import type { Team } from './team.ts';

export const UNIT_REPORT_KINDS = ['plan', 'report'] as const;
export type UnitReportKind = (typeof UNIT_REPORT_KINDS)[number];

/** A plan or report as recorded on the team. */
export type UnitReport = Team['unitReports'][number];

/** When the unit's plan or report is due: the span after feedback; undefined while feedback has no date. */
export function unitReportDue(team: Team, kind: UnitReportKind, config: Pick<Config, 'round'>): IsoDate | undefined {
  const feedback = team.period?.feedback;
  if (!feedback) return undefined;
  return addDays(feedback, kind === 'plan' ? config.round.planDays : config.round.reportDays);
}

/** The unit's plan or report as recorded, if it came in. */
export function receivedReport(team: Team, unit: string, kind: UnitReportKind): UnitReport | undefined {
  return team.unitReports.find((r) => r.unit === unit && r.kind === kind);
}

/** One plan or report still awaited from feedback on: whose, which, due when, and how late (0: not yet). */
export interface AwaitedReport {
  unit: string;
  kind: UnitReportKind;
  due: IsoDate;
  daysLate: number;
}

/** Every plan and report not yet in, from the feedback date on (before it, nothing is asked of the unit), unit by unit. */
export function awaitedReports(team: Team, config: Pick<Config, 'round'>, today: IsoDate): AwaitedReport[] {
  const feedback = team.period?.feedback;
  if (!feedback || feedback > today) return [];
  const out: AwaitedReport[] = [];
  for (const { name: unit } of team.units) {
    for (const kind of UNIT_REPORT_KINDS) {
      if (receivedReport(team, unit, kind)) continue;
      const due = unitReportDue(team, kind, config)!;
      out.push({ unit, kind, due, daysLate: due < today ? daysBetween(due, today) : 0 });
    }
  }
  return out;
}

/** Why recording a plan or report is refused. */
export type UnitReportRefusal = 'noFeedback' | 'beforeFeedback' | 'inFuture' | 'already';

/** Whether `kind` of `unit` may be recorded as received on `date`; undefined when it may. */
export function receiptRefusal(team: Team, unit: string, kind: UnitReportKind, date: IsoDate, today: IsoDate): UnitReportRefusal | undefined {
  const feedback = team.period?.feedback;
  if (!feedback) return 'noFeedback';
  if (date > today) return 'inFuture';
  // The unit answers the feedback: nothing it sent before then is this plan or report.
  if (date < feedback) return 'beforeFeedback';
  if (receivedReport(team, unit, kind)) return 'already';
  return undefined;
}
