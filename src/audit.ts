import { z } from 'zod';
import type { Store } from './store/store.ts';

/** One audit entry: who read or changed which record. Never the record's text. */
export const AuditEntrySchema = z.object({
  at: z.string(),
  user: z.string(),
  action: z.string(),
  ref: z.string(),
  field: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The per-team audit log: an append-only numbered sequence. */
export function createAuditLog(store: Store) {
  return {
    async record(team: string, entry: AuditEntry): Promise<void> {
      await store.append(`seq:audit:${team}`, (n) => [[`audit:${team}:${n}`, entry]]);
    },
    async list(team: string): Promise<AuditEntry[]> {
      const last = await store.counter(`seq:audit:${team}`);
      const keys = Array.from({ length: last }, (_, i) => `audit:${team}:${i + 1}`);
      return (await store.getMany(keys, AuditEntrySchema)).filter((e): e is AuditEntry => e !== undefined);
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
