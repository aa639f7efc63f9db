import { z } from 'zod';
import { readRef, refOf, type RecordKind } from './refs.ts';
import { keys } from './store/keys.ts';
import type { Store } from './store/store.ts';

/**
 * Every action the audit log records, by what it is about: the team itself (or one of its members), a
 * finding, a task, a document request or an important matter (请示报告). One stored name may serve two subjects (a clue read, of a
 * finding or of a task on it); the catalogs word each action per subject, so `create` of a task never
 * reads as the creation of anything else.
 */
export const AUDIT_ACTIONS = {
  team: ['team-create', 'team-bind', 'member-add', 'member-role', 'member-remove', 'member-identity', 'unit-add', 'period', 'digest', 'pledge', 'recusal-none', 'recusal-conflict', 'unit-report'],
  finding: ['finding-add', 'edit', 'confirm', 'flag-clue', 'handover', 'read-clue', 'export', 'review', 'receipt', 'result'],
  task: ['create', 'progress', 'done', 'verify', 'reopen', 'extend', 'followup', 'member-identity', 'read-clue', 'export'],
  doc: ['request', 'provided', 'returned'],
  matter: ['report', 'answer', 'read-clue'],
} as const;
/** What an audit entry is about: the team, or a record by its kind. */
export type AuditSubject = keyof typeof AUDIT_ACTIONS;
/** The actions recorded about `S`. */
export type ActionOf<S extends AuditSubject> = (typeof AUDIT_ACTIONS)[S][number];
export type AuditAction = ActionOf<AuditSubject>;
/** Each action in words, per subject: what the catalogs must hold, every key checked. */
export type ActionWords = { readonly [S in AuditSubject]: Readonly<Record<ActionOf<S>, string>> };

/**
 * One audit entry: who read or changed which record. Never the record's text. `ref` is F-3, R-2, D-1
 * or M-1; for a change to the team itself it is empty, or the member's user id for a change of members.
 */
export const AuditEntrySchema = z.object({
  at: z.string(),
  user: z.string(),
  // Read as stored: entries written before an action was renamed still show, under their old name.
  action: z.string(),
  ref: z.string(),
  field: z.string().optional(),
});
/** An entry as stored, its action as it was named then. */
export type StoredAuditEntry = z.infer<typeof AuditEntrySchema>;
/** An entry to write: its action from the one list. */
export type AuditEntry = StoredAuditEntry & { action: AuditAction };

/** Who did it and when: the asker of a command, at its instant. */
export interface Actor {
  user: string;
  now: string;
}

/** The entry of `action` on record `n` (a finding, a task, a document request), by `actor`. */
export function recordEntry<K extends RecordKind>(actor: Actor, kind: K, action: ActionOf<K>, n: number, field?: string): AuditEntry {
  return { at: actor.now, user: actor.user, action, ref: refOf(kind, n), ...(field !== undefined && { field }) };
}

/** The entry of `action` on the team itself (`ref` empty) or on one of its members (`ref`: their user id), by `actor`. */
export function teamEntry(actor: Actor, action: ActionOf<'team'>, ref = '', field?: string): AuditEntry {
  return { at: actor.now, user: actor.user, action, ref, ...(field !== undefined && { field }) };
}

/** An entry as stored, in words: its action as the catalog words it for what the entry is about, else as recorded. */
export function actionWords(words: ActionWords, entry: Pick<StoredAuditEntry, 'action' | 'ref'>): string {
  const subject: AuditSubject = readRef(entry.ref)?.kind ?? 'team';
  const known: Readonly<Record<string, string>> = words[subject];
  return Object.hasOwn(known, entry.action) ? known[entry.action]! : entry.action;
}


/** The per-team audit log: an append-only numbered sequence. */
export function createAuditLog(store: Store) {
  return {
    /** Append entries that record no change of their own (reads of clues): one commit. */
    async recordMany(team: string, entries: readonly AuditEntry[]): Promise<void> {
      if (entries.length) await store.commit({ log: keys.auditLog(team) }, () => ({ records: [], appended: [...entries] }));
    },
    async list(team: string): Promise<StoredAuditEntry[]> {
      const last = await store.counter(keys.counter(keys.auditLog(team)));
      const entries = Array.from({ length: last }, (_, i) => keys.logEntry(keys.auditLog(team), i + 1));
      return (await store.getMany(entries, AuditEntrySchema)).filter((e) => e !== undefined);
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
