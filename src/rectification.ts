import { z } from 'zod';
import { daysBetween, type IsoDate } from './dates.ts';
import { ChangeSchema } from './history.ts';
import { createNumberedRepo, type Summary } from './store/numbered.ts';
import type { Store } from './store/store.ts';

export const RECT_STATES = ['open', 'done', 'verified'] as const;
export type RectState = (typeof RECT_STATES)[number];

/** How a follow-up re-check (回头看) found a signed-off task: held, relapsed, or not really done. */
export const FOLLOW_UP_RESULTS = ['巩固', '反弹', '未到位'] as const;

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
  followUps: z.array(z.object({ at: z.string(), by: z.string(), result: z.enum(FOLLOW_UP_RESULTS), note: z.string().optional() })),
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
