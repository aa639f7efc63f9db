import { z } from 'zod';
import type { Store } from './store/store.ts';

/**
 * Every action the audit log records, one list: the reads of clue-level data, and every change to a
 * team, a finding, a task or a document request. The catalogs name each in words.
 */
export const AUDIT_ACTIONS = [
  'read-clue',
  'team-create', 'team-bind', 'member-add', 'member-role', 'member-remove', 'member-identity', 'unit-add', 'period', 'digest', 'pledge',
  'finding-add', 'edit', 'confirm', 'flag-clue', 'handover',
  'create', 'progress', 'done', 'verify', 'reopen', 'extend', 'followup',
  'request', 'provided', 'returned',
  'export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One audit entry: who read or changed which record. Never the record's text. `ref` is F-3, R-2 or
 * D-1; for a change to the team itself it is empty, or the member's user id for a change of members.
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

/**
 * A team's audit log as a store log: entries `audit:<team>:1`, `:2` … counted by `seq:audit:<team>`.
 * A change passes its entries to the store's commit under this name, to be written with the change.
 */
export const auditLogName = (team: string) => `audit:${team}`;

/** The per-team audit log: an append-only numbered sequence. */
export function createAuditLog(store: Store) {
  return {
    /** Append entries that record no change of their own (reads of clues): one commit. */
    async recordMany(team: string, entries: readonly AuditEntry[]): Promise<void> {
      if (entries.length) await store.commit({ log: auditLogName(team) }, () => ({ records: [], appended: [...entries] }));
    },
    async list(team: string): Promise<StoredAuditEntry[]> {
      const last = await store.counter(`seq:audit:${team}`);
      const keys = Array.from({ length: last }, (_, i) => `audit:${team}:${i + 1}`);
      return (await store.getMany(keys, AuditEntrySchema)).filter((e) => e !== undefined);
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
