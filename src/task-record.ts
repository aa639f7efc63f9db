/**
 * A rectification task's record as steps, oldest first: what /rectify show prints and the export's 进展
 * and 回头看 columns list. Derived from the task's notes, extensions, follow-ups and history, which keep
 * each step in its own place.
 */
import type { FollowUpResult, Rectification } from './rectification.ts';

/** One step of a task's record: who took it, when, and what it said. */
export type TaskStep = { at: string; by: string } & (
  | { kind: 'created'; due: string }
  | { kind: 'note'; text: string }
  | { kind: 'reported'; text: string }
  | { kind: 'sentBack'; reason: string }
  | { kind: 'verified' }
  | { kind: 'extension'; from: string; to: string; reason: string }
  | { kind: 'followUp'; result: FollowUpResult; note?: string; due?: string }
);

/** A catalog's sentence for each kind of step, given the day and who took it: the card's, the export's. */
export interface StepWords {
  created(date: string, who: string, due: string): string;
  note(date: string, who: string, text: string): string;
  reported(date: string, who: string, text: string): string;
  sentBack(date: string, who: string, reason: string): string;
  verified(date: string, who: string): string;
  extension(date: string, who: string, from: string, to: string, reason: string): string;
  followUp(date: string, who: string, result: string, note?: string, due?: string): string;
}

/** A step in a catalog's words. */
export function describeStep(step: TaskStep, words: StepWords, who: string, date: string): string {
  switch (step.kind) {
    case 'created':
      return words.created(date, who, step.due);
    case 'note':
      return words.note(date, who, step.text);
    case 'reported':
      return words.reported(date, who, step.text);
    case 'sentBack':
      return words.sentBack(date, who, step.reason);
    case 'verified':
      return words.verified(date, who);
    case 'extension':
      return words.extension(date, who, step.from, step.to, step.reason);
    case 'followUp':
      return words.followUp(date, who, step.result, step.note, step.due);
  }
}

/**
 * Every step of a task, oldest first: created, progress notes, each completion report (those sent back
 * too, with why), extensions, sign-offs and follow-ups (回头看).
 */
export function taskSteps(task: Rectification): TaskStep[] {
  // Each completion report's note: those sent back moved into history, in order; the standing one last.
  const notes = [...task.history.filter((h) => h.field === 'doneNote').map((h) => h.from), task.doneNote?.text];
  const firstDue = task.history.find((h) => h.field === 'due')?.from ?? task.due;
  const steps: TaskStep[] = [{ kind: 'created', at: task.createdAt, by: task.createdBy, due: firstDue }];
  steps.push(...task.progress.map((p): TaskStep => ({ kind: 'note', at: p.at, by: p.by, text: p.text })));
  let followUps = 0;
  for (const h of task.history) {
    const { at, by } = h;
    if (h.field === 'state' && h.to === 'done') steps.push({ kind: 'reported', at, by, text: notes.shift() ?? '' });
    else if (h.field === 'state' && h.to === 'verified') steps.push({ kind: 'verified', at, by });
    else if (h.field === 'reopen') steps.push({ kind: 'sentBack', at, by, reason: h.to ?? '' });
    else if (h.field === 'followUp') {
      const f = task.followUps[followUps++];
      if (f) steps.push({ kind: 'followUp', at, by, result: f.result, note: f.note, due: f.due });
    } else if (h.field === 'due') {
      // A deadline moved by a follow-up is on the follow-up's step; an extension has its reason.
      const e = task.extensions.find((x) => x.at === h.at && x.to === h.to);
      if (e) steps.push({ kind: 'extension', at, by: e.by, from: e.from, to: e.to, reason: e.reason });
    }
  }
  // Stable: steps of one instant keep the order they were made in.
  return steps.sort((a, b) => a.at.localeCompare(b.at));
}

/** Everyone who took a step of the task, and its owner: whose names a record shows. */
export function peopleOf(task: Rectification): string[] {
  return [...new Set([task.owner, task.createdBy, ...task.progress.map((p) => p.by), ...task.history.map((h) => h.by), ...task.extensions.map((e) => e.by), ...task.followUps.map((f) => f.by)])];
}
