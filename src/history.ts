import { z } from 'zod';

/** One change of one field: who, when, old → new. Values are kept as display strings. */
export const ChangeSchema = z.object({
  at: z.string(),
  by: z.string(),
  field: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

/** The changes between two versions of a record, one entry per field that differs. */
export function diff<T extends object>(
  before: T,
  after: T,
  fields: ReadonlyArray<keyof T & string>,
  by: string,
  at: string,
): Change[] {
  const show = (v: unknown) => (v === undefined || (Array.isArray(v) && v.length === 0) ? undefined : Array.isArray(v) ? v.join('、') : String(v));
  return fields
    .filter((f) => show(before[f]) !== show(after[f]))
    .map((f) => ({ at, by, field: f, from: show(before[f]), to: show(after[f]) }));
}
