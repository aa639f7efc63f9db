import { z } from 'zod';
import { daysBetween, type IsoDate } from './dates.ts';
import { ChangeSchema } from './history.ts';
import { createNumberedRepo, type Summary } from './store/numbered.ts';
import type { Store } from './store/store.ts';

export const RECT_STATES = ['open', 'done', 'verified'] as const;
export type RectState = (typeof RECT_STATES)[number];

/** How a follow-up re-check (回头看) found a signed-off task: held, relapsed, or not really done. */
export const FOLLOW_UP_RESULTS = ['巩固', '反弹', '未到位'] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

const Note = z.object({ at: z.string(), by: z.string(), text: z.string() });

export const RectificationSchema = z.object({
  team: z.string(),
  n: z.number().int().positive(),
  /** The finding this task fixes (F-<n>). */
  finding: z.number().int().positive(),
  unit: z.string(),
  measure: z.string(),
  /** 整改责任人: answerable for this task. */
  owner: z.string(),
  due: z.string(),
  /** 立行立改: fixed at once, during the inspection itself. */
  immediate: z.boolean(),
  state: z.enum(RECT_STATES),
  progress: z.array(Note),
  /** The completion note: required for done, the guard against paper-only rectification. */
  doneNote: Note.optional(),
  verified: z.object({ at: z.string(), by: z.string() }).optional(),
  extensions: z.array(z.object({ at: z.string(), by: z.string(), from: z.string(), to: z.string(), reason: z.string() })),
  /** 回头看: each re-check; one that finds 反弹 or 未到位 reopened the task with a new deadline (`due`). */
  followUps: z.array(z.object({ at: z.string(), by: z.string(), result: z.enum(FOLLOW_UP_RESULTS), note: z.string().optional(), due: z.string().optional() })),
  createdAt: z.string(),
  createdBy: z.string(),
  history: z.array(ChangeSchema),
});
export type Rectification = z.infer<typeof RectificationSchema>;

/**
 * Every free text a task holds (its measure, notes and reasons, refused completion notes in its
 * history): what the gate looks for in a reply to know the reply quotes it.
 */
export function taskTexts(r: Rectification): Array<string | undefined> {
  const old = r.history.filter((h) => h.field === 'doneNote' || h.field === 'reopen').flatMap((h) => [h.from, h.to]);
  return [
    r.measure, ...r.progress.map((p) => p.text), r.doneNote?.text, ...r.extensions.map((e) => e.reason),
    ...r.followUps.map((f) => f.note), ...old,
  ];
}

/** Why a change to a task is refused: the rule it breaks, the task as it stood then, and what the change asked for. */
export class TaskError extends Error {
  override name = 'TaskError';
  constructor(
    readonly code: 'notState' | 'onlyOwner' | 'ownerCannotVerify' | 'sameDue' | 'earlierDue' | 'noEvidence' | 'needsDue',
    readonly task: Rectification,
    /** The state the change needs (`notState`), the deadline it asked for (`earlierDue`). */
    readonly wanted: { state?: RectState; due?: IsoDate } = {},
  ) {
    super(code);
  }
}

/** What a leader sets when opening a task. */
export type TaskFields = Pick<Rectification, 'team' | 'finding' | 'unit' | 'measure' | 'owner' | 'due' | 'immediate'>;

/** A new task by `by`: open, its number still to come. */
export function openTask(fields: TaskFields, by: string, at: string): Omit<Rectification, 'n'> {
  return { ...fields, state: 'open', progress: [], extensions: [], followUps: [], createdAt: at, createdBy: by, history: [] };
}

function requireState(r: Rectification, needed: RectState): void {
  if (r.state !== needed) throw new TaskError('notState', r, { state: needed });
}

/** The same progress note by the same person since `since`: a retry, not a second note. */
export function sameNoteSince(r: Rectification, text: string, by: string, since: string) {
  return r.progress.find((p) => p.by === by && p.text === text && p.at >= since);
}

/** A progress note; `r` itself when the same note was made since `since`. */
export function noteProgress(r: Rectification, text: string, by: string, at: string, since: string): Rectification {
  return sameNoteSince(r, text, by, since) ? r : { ...r, progress: [...r.progress, { at, by, text }] };
}

/**
 * How much a completion note must say, in letters and digits (punctuation and spaces not counted): "已完成"
 * or "ok" is paper-only rectification; what was done and what shows it, such as "公开栏已更新，附照片三张",
 * is not. Ten is about the shortest such sentence in Chinese.
 */
export const EVIDENCE_MIN = 10;

/** The letters and digits of a note: what it says, without its punctuation and spaces. */
const substance = (text: string) => [...text.replace(/[\p{P}\p{S}\p{Z}\s]/gu, '')].length;

/** open → done, reported by the owner alone, with what was done and its evidence (no paper-only rectification). */
export function reportDone(r: Rectification, text: string, by: string, at: string): Rectification {
  if (r.owner !== by) throw new TaskError('onlyOwner', r);
  requireState(r, 'open');
  if (substance(text) < EVIDENCE_MIN) throw new TaskError('noEvidence', r);
  return { ...r, state: 'done', doneNote: { at, by, text }, history: [...r.history, { at, by, field: 'state', from: 'open', to: 'done' }] };
}

/** done → verified (销号), by a second person: the one who did the work never signs it off. */
export function verify(r: Rectification, by: string, at: string): Rectification {
  if (r.owner === by) throw new TaskError('ownerCannotVerify', r);
  requireState(r, 'done');
  return { ...r, state: 'verified', verified: { at, by }, history: [...r.history, { at, by, field: 'state', from: 'done', to: 'verified' }] };
}

/** done → open, for `reason`: the refused completion note moves into history, so the next report stands on its own. */
export function reopen(r: Rectification, reason: string, by: string, at: string): Rectification {
  requireState(r, 'done');
  const history = [...r.history, { at, by, field: 'state', from: 'done', to: 'open' }, { at, by, field: 'doneNote', from: r.doneNote?.text }, { at, by, field: 'reopen', to: reason }];
  return { ...r, state: 'open', doneNote: undefined, history };
}

/** A later deadline (延期) for an open task; the old one stays in history. An earlier one would be announced as an extension. */
export function extend(r: Rectification, due: IsoDate, reason: string, by: string, at: string): Rectification {
  requireState(r, 'open');
  if (r.due === due) throw new TaskError('sameDue', r);
  if (due < r.due) throw new TaskError('earlierDue', r, { due });
  return {
    ...r,
    due,
    extensions: [...r.extensions, { at, by, from: r.due, to: due, reason }],
    history: [...r.history, { at, by, field: 'due', from: r.due, to: due }],
  };
}

/** Whether a follow-up with this result finds the task not really fixed: it opens again. */
export const reopens = (result: FollowUpResult) => result !== '巩固';

/**
 * A follow-up re-check (回头看) of a signed-off task. 巩固 leaves it signed off; 反弹 or 未到位 opens it
 * again with a new deadline `due` (required then): its sign-off and completion note move into history,
 * so that it counts as open (and overdue, in time) until it is reported done and signed off anew.
 */
export function followUp(r: Rectification, result: FollowUpResult, note: string | undefined, due: IsoDate | undefined, by: string, at: string): Rectification {
  requireState(r, 'verified');
  const entry = { at, by, field: 'followUp', to: result };
  if (!reopens(result)) return { ...r, followUps: [...r.followUps, { at, by, result, note }], history: [...r.history, entry] };
  if (!due) throw new TaskError('needsDue', r);
  return {
    ...r,
    state: 'open',
    due,
    doneNote: undefined,
    verified: undefined,
    followUps: [...r.followUps, { at, by, result, note, due }],
    history: [
      ...r.history,
      entry,
      { at, by, field: 'state', from: 'verified', to: 'open' },
      { at, by, field: 'doneNote', from: r.doneNote?.text },
      { at, by, field: 'due', from: r.due, to: due },
    ],
  };
}

/** The completion rate's parts: tasks signed off (销号), of all tasks. Reported done is not yet completed. */
export function completion(tasks: ReadonlyArray<Pick<Rectification, 'state'>>): { verified: number; total: number } {
  return { verified: tasks.filter((task) => task.state === 'verified').length, total: tasks.length };
}

/**
 * Tasks counted by state, the way every figure counts them (/stats, /overview, the export's 汇总, the
 * charts): in progress, reported done, signed off (销号), and overdue, which are some of those in progress.
 */
export function taskCounts(tasks: ReadonlyArray<Pick<Rectification, 'state' | 'due'>>, today: IsoDate): { open: number; done: number; verified: number; overdue: number } {
  const counts = { open: 0, done: 0, verified: 0, overdue: 0 };
  for (const task of tasks) {
    counts[task.state]++;
    if (isOverdue(task, today)) counts.overdue++;
  }
  return counts;
}

/** Overdue is derived, never stored: the deadline has passed and the task is still open. */
export function isOverdue(task: Pick<Rectification, 'state' | 'due'>, today: IsoDate): boolean {
  return task.state === 'open' && task.due < today;
}

/** Days past the deadline (0 when not overdue). */
export function daysOverdue(task: Pick<Rectification, 'state' | 'due'>, today: IsoDate): number {
  return isOverdue(task, today) ? daysBetween(task.due, today) : 0;
}

/** Open and due between today and `days` ahead. */
export function isDueSoon(task: Pick<Rectification, 'state' | 'due'>, today: IsoDate, days: number): boolean {
  return task.state === 'open' && task.due >= today && daysBetween(today, task.due) <= days;
}

/** What the digest and the gate need of a task: its line (unit, owner, deadline, measure), its state, the finding it fixes. */
export const TaskSummarySchema = RectificationSchema.pick({ n: true, finding: true, unit: true, measure: true, owner: true, due: true, immediate: true, state: true });
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

export const taskSummary: Summary<Rectification, TaskSummary> = {
  schema: TaskSummarySchema,
  of: (r) => ({ n: r.n, finding: r.finding, unit: r.unit, measure: r.measure, owner: r.owner, due: r.due, immediate: r.immediate, state: r.state }),
  // 2: the finding a task fixes, so that a task on a clue is known for one.
  version: 2,
};

/** Rectification tasks of a team, numbered … */
export function createRectificationRepo(store: Store) {
  return createNumberedRepo(store, 'rect', RectificationSchema, taskSummary);
}
export type RectificationRepo = ReturnType<typeof createRectificationRepo>;
