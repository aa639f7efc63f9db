/**
 * The office's view across teams (巡察办): each team's figures for /overview and the office's daily
 * digest. Read from the teams' indexes (the summaries the repositories keep beside the records), never
 * from every record, so that a page over hundreds of teams stays a few index reads a team.
 */
import { z } from 'zod';
import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { localDate, type IsoDate } from './dates.ts';
import { isDocOverdue, isUnreturned, type DocSummary } from './doc-request.ts';
import { resultDue, type FindingSummary } from './finding.ts';
import type { MatterSummary } from './important-matter.ts';
import { taskCounts, type TaskSummary } from './rectification.ts';
import { roundStage, type RoundStage } from './round.ts';
import type { Team } from './team.ts';

/** One team's indexes, as read for the office. */
export interface TeamIndexes {
  team: Team;
  findings: FindingSummary[];
  tasks: TaskSummary[];
  docs: DocSummary[];
  matters: MatterSummary[];
}

/**
 * A team's figures: counts only, never what a record says. Clues are counted with the findings and
 * on their own; a clue's result is awaited from its handover on, and overdue CLUE_RESULT_DAYS later.
 */
export const FiguresSchema = z.object({
  findings: z.number().int(),
  clues: z.number().int(),
  /** Clues handed over (移交), and those of them whose result (处置结果) is not yet recorded, and overdue. */
  handedOver: z.number().int(),
  awaitingResult: z.number().int(),
  resultsOverdue: z.number().int(),
  /** Rectification tasks: in progress, reported done and awaiting sign-off, signed off (销号); overdue is open past its deadline. */
  tasks: z.number().int(),
  open: z.number().int(),
  done: z.number().int(),
  verified: z.number().int(),
  overdue: z.number().int(),
  /** Documents provided to the team and not yet returned to the unit; requests past their due date and not provided. */
  docsOut: z.number().int(),
  docsOverdue: z.number().int(),
  /** 请示报告, and those awaiting the leading group's instruction (批示). */
  matters: z.number().int(),
  mattersAwaiting: z.number().int(),
});
export type Figures = z.infer<typeof FiguresSchema>;

/** A team as the office sees it on one day: its round's stage and its figures. */
export interface TeamView {
  team: Team;
  stage: RoundStage;
  figures: Figures;
}

type OverviewConfig = Pick<Config, 'round' | 'clueResultDays' | 'timeZone'>;

/** When a handed-over clue's result is due, by the local day of its handover. */
const resultDueOf = (f: FindingSummary, config: OverviewConfig) => resultDue(localDate(f.handover!.at, config.timeZone), config.clueResultDays);

/** Handed-over clues still awaiting their result. */
const awaiting = (findings: readonly FindingSummary[]) => findings.filter((f) => f.clue && f.handover && !f.handover.result);

/** A team's figures today, from its indexes. */
export function figuresOf(ix: TeamIndexes, config: OverviewConfig, today: IsoDate): Figures {
  const clues = ix.findings.filter((f) => f.clue);
  const waiting = awaiting(clues);
  const { open, done, verified, overdue } = taskCounts(ix.tasks, today);
  return {
    findings: ix.findings.length,
    clues: clues.length,
    handedOver: clues.filter((f) => f.handover).length,
    awaitingResult: waiting.length,
    resultsOverdue: waiting.filter((f) => resultDueOf(f, config) < today).length,
    tasks: ix.tasks.length,
    open,
    done,
    verified,
    overdue,
    docsOut: ix.docs.filter(isUnreturned).length,
    docsOverdue: ix.docs.filter((d) => isDocOverdue(d, today)).length,
    matters: ix.matters.length,
    mattersAwaiting: ix.matters.filter((m) => m.state === 'open').length,
  };
}

/** The figures of several teams added up: the office's totals. */
export function totalOf(all: readonly Figures[]): Figures {
  const total = Object.fromEntries(Object.keys(FiguresSchema.shape).map((k) => [k, 0])) as Figures;
  for (const figures of all) for (const k of Object.keys(total) as Array<keyof Figures>) total[k] += figures[k];
  return total;
}

/**
 * Worst first, in this order: more overdue tasks; more clues whose result is overdue; a lower completion
 * rate (signed-off tasks only; a team with no task has nothing outstanding and counts as complete); more
 * documents overdue or not returned; more 请示报告 awaiting an instruction; then the teams in the order
 * they were created. Overdue work comes first because it is what the office must chase today.
 */
export function worstFirst(a: TeamView, b: TeamView): number {
  const x = a.figures;
  const y = b.figures;
  // Rates compared by cross-multiplying, so that 1/3 and 2/6 tie exactly; no task reads as 1 of 1.
  const rate = (f: Figures) => (f.tasks === 0 ? { part: 1, whole: 1 } : { part: f.verified, whole: f.tasks });
  const [ra, rb] = [rate(x), rate(y)];
  return (
    y.overdue - x.overdue ||
    y.resultsOverdue - x.resultsOverdue ||
    ra.part * rb.whole - rb.part * ra.whole ||
    y.docsOverdue + y.docsOut - (x.docsOverdue + x.docsOut) ||
    y.mattersAwaiting - x.mattersAwaiting ||
    teamNumber(a.team) - teamNumber(b.team)
  );
}

/** T12 → 12: teams are numbered as they were created. */
const teamNumber = (team: Team) => Number(team.id.replace(/\D/g, '')) || 0;

/** Read one team's indexes. */
export async function readIndexes(services: Pick<Services, 'findings' | 'rectifications' | 'docs' | 'matters'>, team: Team): Promise<TeamIndexes> {
  const [findings, tasks, docs, matters] = await Promise.all([
    services.findings.summaries(team.id),
    services.rectifications.summaries(team.id),
    services.docs.summaries(team.id),
    services.matters.summaries(team.id),
  ]);
  return { team, findings, tasks, docs, matters };
}

/** Every team's indexes, one team after another: a page over 500 teams should not hold the store for all at once. */
export async function readAll(services: Pick<Services, 'teams' | 'findings' | 'rectifications' | 'docs' | 'matters'>): Promise<TeamIndexes[]> {
  const all: TeamIndexes[] = [];
  for (const team of await services.teams.all()) all.push(await readIndexes(services, team));
  return all;
}

/** Every team as the office sees it today, worst first. */
export function overviewOf(all: readonly TeamIndexes[], config: OverviewConfig, today: IsoDate): TeamView[] {
  return all.map((ix) => ({ team: ix.team, stage: roundStage(ix.team, config, today), figures: figuresOf(ix, config, today) })).sort(worstFirst);
}

/**
 * The figures of every team on one day, kept for the next day's office digest to compare with: what
 * changed since yesterday is the difference of two such days.
 */
export const SnapshotSchema = z.object({ day: z.string(), teams: z.record(z.string(), FiguresSchema) });
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What changed in one team since the last snapshot: counts only. */
export interface Changes {
  findings: number;
  clues: number;
  handedOver: number;
  /** Clue results recorded (a clue with a result, where it had none). */
  results: number;
  tasks: number;
  /** Signed off (销号), net: negative when signed-off tasks were opened again (回头看). */
  verified: number;
  /** Tasks, clue results and document requests whose deadline passed since then and that are still outstanding. */
  newlyOverdue: number;
  newlyLateResults: number;
  newlyLateDocs: number;
  matters: number;
  /** Instructions (批示) recorded. */
  answered: number;
}

/**
 * What changed in a team between `before` (its figures on `since`; none for a team created since) and
 * today. Counts are differences of the two days' figures; what newly fell overdue is read from the
 * deadlines themselves (between `since` and yesterday, and still outstanding), so a task that fell overdue
 * while another was reported done is not lost in a net figure.
 */
export function changesOf(ix: TeamIndexes, now: Figures, before: Figures | undefined, since: IsoDate, config: OverviewConfig, today: IsoDate): Changes {
  const was = before ?? totalOf([]);
  const fell = (due: IsoDate) => since <= due && due < today;
  const results = (f: Figures) => f.handedOver - f.awaitingResult;
  return {
    findings: now.findings - was.findings,
    clues: now.clues - was.clues,
    handedOver: now.handedOver - was.handedOver,
    results: results(now) - results(was),
    tasks: now.tasks - was.tasks,
    verified: now.verified - was.verified,
    newlyOverdue: ix.tasks.filter((task) => task.state === 'open' && fell(task.due)).length,
    newlyLateResults: awaiting(ix.findings).filter((f) => fell(resultDueOf(f, config))).length,
    newlyLateDocs: ix.docs.filter((d) => d.state === 'requested' && fell(d.due)).length,
    matters: now.matters - was.matters,
    answered: now.matters - now.mattersAwaiting - (was.matters - was.mattersAwaiting),
  };
}

/** Whether anything changed at all. */
export const changed = (c: Changes) => Object.values(c).some((n) => n !== 0);

/** Whether the office must chase a team today: anything overdue. */
export const needsAttention = (f: Figures) => f.overdue + f.resultsOverdue + f.docsOverdue > 0;
