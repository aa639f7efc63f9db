import { z } from 'zod';
import { daysBetween, type IsoDate } from './dates.ts';
import { ChangeSchema } from './history.ts';
import { createNumberedRepo, type Summary } from './store/numbered.ts';
import type { Store } from './store/store.ts';

export const DOC_STATES = ['requested', 'provided', 'returned'] as const;
export type DocState = (typeof DOC_STATES)[number];

export const DocRequestSchema = z.object({
  team: z.string(),
  n: z.number().int().positive(),
  /** What is requested, as typed: e.g. 近三年党委会议记录. */
  what: z.string(),
  unit: z.string(),
  due: z.string(),
  state: z.enum(DOC_STATES),
  requestedBy: z.string(),
  requestedAt: z.string(),
  provided: z.object({ at: z.string(), by: z.string(), note: z.string().optional() }).optional(),
  /** 归还: the team gave the documents back to the unit. */
  returned: z.object({ at: z.string(), by: z.string() }).optional(),
  history: z.array(ChangeSchema),
});
export type DocRequest = z.infer<typeof DocRequestSchema>;

/** Every free text a document request holds: what the gate looks for in a reply to know the reply quotes it. */
export function docTexts(d: DocRequest): Array<string | undefined> {
  return [d.what, d.provided?.note];
}

/** Why a change to a document request is refused: it is not in the state the change needs. */
export class DocRequestError extends Error {
  override name = 'DocRequestError';
  constructor(
    readonly doc: DocRequest,
    readonly needed: DocState,
  ) {
    super('notState');
  }
}

/** A new request by `by`, its number still to come. */
export function requestDocs(fields: Pick<DocRequest, 'team' | 'what' | 'unit' | 'due'>, by: string, at: string): Omit<DocRequest, 'n'> {
  return { ...fields, state: 'requested', requestedBy: by, requestedAt: at, history: [] };
}

/** One step on: `from` → `to`, with what the step records. */
function advance(d: DocRequest, from: DocState, to: DocState, record: Partial<DocRequest>, by: string, at: string): DocRequest {
  if (d.state !== from) throw new DocRequestError(d, from);
  return { ...d, ...record, state: to, history: [...d.history, { at, by, field: 'state', from, to }] };
}

/** requested → provided: the unit delivered the documents. */
export function markProvided(d: DocRequest, note: string | undefined, by: string, at: string): DocRequest {
  return advance(d, 'requested', 'provided', { provided: { at, by, note } }, by, at);
}

/** provided → returned (归还): the team gave them back. */
export function markReturned(d: DocRequest, by: string, at: string): DocRequest {
  return advance(d, 'provided', 'returned', { returned: { at, by } }, by, at);
}

/** Overdue is derived: the due date has passed and nothing was delivered. */
export function isDocOverdue(doc: Pick<DocRequest, 'state' | 'due'>, today: IsoDate): boolean {
  return doc.state === 'requested' && doc.due < today;
}

/** Delivered to the team and not yet given back: must be returned before the round ends. */
export function isUnreturned(doc: Pick<DocRequest, 'state'>): boolean {
  return doc.state === 'provided';
}

/** Not yet returned while the round's end is within `days` or past: it must go back now. */
export function isReturnDue(doc: Pick<DocRequest, 'state'>, roundEnd: IsoDate | undefined, today: IsoDate, days: number): boolean {
  return isUnreturned(doc) && roundEnd !== undefined && daysBetween(today, roundEnd) <= days;
}

/** What the digest needs of a document request: its line and its state. */
export const DocSummarySchema = DocRequestSchema.pick({ n: true, what: true, unit: true, due: true, state: true });
export type DocSummary = z.infer<typeof DocSummarySchema>;

export const docSummary: Summary<DocRequest, DocSummary> = {
  schema: DocSummarySchema,
  of: (d) => ({ n: d.n, what: d.what, unit: d.unit, due: d.due, state: d.state }),
};

/** Document requests (调阅材料) of a team, numbered D-1, D-2 … */
export function createDocRequestRepo(store: Store) {
  return createNumberedRepo(store, 'doc', DocRequestSchema, docSummary);
}
export type DocRequestRepo = ReturnType<typeof createDocRequestRepo>;
