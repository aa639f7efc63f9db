import { z } from 'zod';
import type { Store } from './store.ts';

/**
 * Per-team records numbered 1, 2, 3 … by a counter that never hands out a number twice, even under
 * concurrent commands and across restarts: findings (F), rectification tasks (R), document requests (D).
 */
export function createNumberedRepo<T extends { team: string; n: number }>(store: Store, kind: string, schema: z.ZodType<T>) {
  const key = (team: string, n: number) => `${kind}:${team}:${n}`;
  const counter = (team: string) => `seq:${kind}:${team}`;
  return {
    get: (team: string, n: number) => store.get(key(team, n), schema),
    /** Allocate the next number and save the record; resolves once it is on disk. */
    async add(draft: Omit<T, 'n'>): Promise<T> {
      let record: T | undefined;
      await store.append(counter(draft.team), (n) => {
        record = { ...draft, n } as T;
        return [[key(draft.team, n), record]];
      });
      return record!;
    },
    /** Every record of a team, newest first. */
    async list(team: string): Promise<T[]> {
      const last = await store.counter(counter(team));
      const found = await store.getMany(Array.from({ length: last }, (_, i) => key(team, last - i)), schema);
      return found.filter((r): r is Awaited<T> => r !== undefined);
    },
    /** Change one record under its lock; `change` may throw to refuse, leaving it as it was. */
    update(team: string, n: number, change: (record: T) => T): Promise<T> {
      return store.update(key(team, n), schema, (r) => {
        if (!r) throw new Error(`${kind} ${team}/${n} vanished`);
        return change(r);
      });
    },
  };
}
export type NumberedRepo<T extends { team: string; n: number }> = ReturnType<typeof createNumberedRepo<T>>;
