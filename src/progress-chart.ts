/**
 * The charts the bot draws, as data: a team's (rectification by unit, findings by category) for /stats,
 * the weekly digest and the export; the office's (teams side by side) for /overview. Clues are never a
 * bar: the team's chart counts findings that are not clues and tasks that fix none, like /stats'
 * breakdowns, so no picture in a group tells where a clue was found.
 */
import type { Chart, Panel } from './chart.ts';
import type { IsoDate } from './dates.ts';
import type { Messages } from './i18n/index.ts';
import type { TeamView } from './overview.ts';
import { taskCounts, type TaskSummary } from './rectification.ts';
import type { Team } from './team.ts';

type Words = Messages['chart'];

/** What a team's chart is drawn from: its summaries, or its records (which carry the same fields). */
export interface TeamChartInput {
  team: Pick<Team, 'name' | 'units'>;
  tasks: ReadonlyArray<Pick<TaskSummary, 'finding' | 'unit' | 'state' | 'due'>>;
  /** A finding is a clue when `clue` is set: true in a summary, the clue's details in a record. */
  findings: ReadonlyArray<{ n: number; category: string; clue?: unknown }>;
  /** The office's categories, in their order. */
  categories: readonly string[];
}

interface Progress {
  signedOff: number;
  done: number;
  /** Open and not past the deadline: overdue ones are a bar of their own. */
  open: number;
  overdue: number;
}

/** One stacked bar per row: signed off, done awaiting sign-off, in progress, overdue. */
function progressPanel(title: string, rows: ReadonlyArray<{ name: string } & Progress>, w: Words): Panel {
  return {
    title,
    empty: w.noTasks,
    categories: rows.map((r) => r.name),
    series: [
      { name: w.signedOff, tone: 'signedOff', values: rows.map((r) => r.signedOff) },
      { name: w.done, tone: 'done', values: rows.map((r) => r.done) },
      { name: w.open, tone: 'open', values: rows.map((r) => r.open) },
      { name: w.overdue, tone: 'overdue', values: rows.map((r) => r.overdue) },
    ],
  };
}

/**
 * What a team's chart may draw: findings that are not clues, and tasks that fix no clue. A task on a
 * clue is clue-level: counted by unit, it would tell the group at which unit the clue was found.
 */
function drawable(input: Pick<TeamChartInput, 'tasks' | 'findings'>) {
  const clues = new Set(input.findings.filter((f) => f.clue).map((f) => f.n));
  return { tasks: input.tasks.filter((task) => !clues.has(task.finding)), problems: input.findings.filter((f) => !f.clue) };
}


/**
 * A team's chart: its rectification tasks by unit, and its findings by category, none of them a clue's;
 * none when it has nothing to draw (a chart of two empty panels tells no one anything).
 */
export function teamChart(input: TeamChartInput, w: Words, today: IsoDate, stamp: string): Chart | undefined {
  const { tasks, problems } = drawable(input);
  if (tasks.length === 0 && problems.length === 0) return undefined;
  // Units the team no longer lists still count, after the current ones.
  const units = [...new Set([...input.team.units.map((u) => u.name), ...tasks.map((task) => task.unit)])];
  const rows = units.map((name) => {
    const { open, done, verified, overdue } = taskCounts(tasks.filter((task) => task.unit === name), today);
    return { name, signedOff: verified, done, open: open - overdue, overdue };
  });
  // Only the categories that have findings: eleven empty rows would push the figures off a phone's screen.
  const categories = [...new Set([...input.categories, ...problems.map((f) => f.category)])]
    .map((name) => ({ name, n: problems.filter((f) => f.category === name).length }))
    .filter((c) => c.n > 0);
  return {
    name: w.teamFile(input.team.name, stamp),
    title: w.teamTitle(input.team.name, today),
    panels: [
      progressPanel(w.progressByUnit, rows, w),
      {
        title: w.findingsByCategory,
        empty: w.noFindings,
        categories: categories.map((c) => c.name),
        series: [{ name: w.findings, tone: 'neutral', values: categories.map((c) => c.n) }],
      },
    ],
  };
}

/** The office's chart: the teams of one /overview page side by side, in the page's order (worst first). */
export function officeChart(views: readonly TeamView[], w: Words, today: IsoDate, page: number, pages: number, stamp: string): Chart {
  const rows = views.map(({ team, figures: f }) => ({ name: team.name, signedOff: f.verified, done: f.done, open: f.open - f.overdue, overdue: f.overdue }));
  return { name: w.officeFile(stamp), title: w.officeTitle(today, page, pages), panels: [progressPanel(w.progressByTeam, rows, w)] };
}

/** A file stamp to the minute, from the local date and time: 20261201-0930. */
export const stampOf = (today: IsoDate, time: string) => `${today.replaceAll('-', '')}-${time.replace(':', '')}`;
