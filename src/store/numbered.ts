import { z } from 'zod';
import type { Store } from './store.ts';

/** What a repository keeps of each record in its team's index, and how it makes that from a record. */
export interface Summary<T, S> {
  schema: z.ZodType<S>;
  of(record: T): S;
}

/**
 * Per-team records numbered 1, 2, 3 … by a counter that never hands out a number twice, even under
 * concurrent commands and across restarts: findings (F), rectification tasks (R), document requests (D).
 *
 * Each team also has an index: a summary of every record, newest first, written in the same commit as
 * the record it summarises. Lists, counts and the digest read the index (one record) instead of every
 * record of the team. All writes of a team's records of one kind run under one lock, so the index
 * never misses a change.
 */
export function createNumberedRepo<T extends { team: string; n: number }, S extends { n: number }>(
  store: Store,
  kind: string,
  schema: z.ZodType<T>,
  summary: Summary<T, S>,
) {
  const key = (team: string, n: number) => `${kind}:${team}:${n}`;
  const counter = (team: string) => `seq:${kind}:${team}`;
  const indexKey = (team: string) => `${kind}-index:${team}`;
  const IndexSchema = z.object({ last: z.number().int().nonnegative(), entries: z.array(summary.schema) });
  type Index = { last: number; entries: S[] };
  const writing = <R>(team: string, task: () => Promise<R>) => store.withLock(`${kind}:${team}`, task);

  /** Every record of a team, newest first. */
  async function list(team: string): Promise<T[]> {
    const last = await store.counter(counter(team));
    const found = await store.getMany(Array.from({ length: last }, (_, i) => key(team, last - i)), schema);
    return found.filter((r): r is Awaited<T> => r !== undefined);
  }

  /**
   * The index, when it covers every number handed out. Otherwise (a store from before the index, a
   * number taken on Redis by a process that died before writing) it is rebuilt from the records;
   * `save` writes the rebuilt one back, and is only passed while holding the team's write lock.
   */
  async function readIndex(team: string, save: boolean): Promise<Index | undefined> {
    const [index, last] = await Promise.all([store.get(indexKey(team), IndexSchema), store.counter(counter(team))]);
    if (index?.last === last) return index;
    if (last === 0) return { last, entries: [] };
    if (!save) return undefined;
    const rebuilt = { last, entries: (await list(team)).map(summary.of) };
    await store.set(indexKey(team), rebuilt);
    return rebuilt;
  }

  return {
    get: (team: string, n: number) => store.get(key(team, n), schema),
    getMany: async (team: string, ns: number[]) => (await store.getMany(ns.map((n) => key(team, n)), schema)).filter((r): r is Awaited<T> => r !== undefined),
    list,
    /** The summary of every record of a team, newest first: one read. */
    async summaries(team: string): Promise<S[]> {
      const index = (await readIndex(team, false)) ?? (await writing(team, () => readIndex(team, true)));
      return index!.entries;
    },
    /** Allocate the next number and save the record with its index entry; resolves once it is on disk. */
    add(draft: Omit<T, 'n'>): Promise<T> {
      return writing(draft.team, async () => {
        const index = (await readIndex(draft.team, true))!;
        let record: T | undefined;
        await store.append(counter(draft.team), (n) => {
          record = { ...draft, n } as T;
          return [
            [key(draft.team, n), record],
            [indexKey(draft.team), { last: n, entries: [summary.of(record), ...index.entries] }],
          ];
        });
        return record!;
      });
    },
    /** Change one record and its index entry together; `change` may throw to refuse, leaving both as they were. */
    update(team: string, n: number, change: (record: T) => T): Promise<T> {
      return writing(team, async () => {
        const current = await store.get(key(team, n), schema);
        if (!current) throw new Error(`${kind} ${team}/${n} vanished`);
        const next = change(current);
        const index = (await readIndex(team, true))!;
        const entries = index.entries.map((e) => (e.n === n ? summary.of(next) : e));
        await store.setMany([
          [key(team, n), next],
          [indexKey(team), { ...index, entries }],
        ]);
        return next;
      });
    },
  };
}
export type NumberedRepo<T extends { team: string; n: number }, S extends { n: number }> = ReturnType<typeof createNumberedRepo<T, S>>;
