import { z } from 'zod';
import type { AuditEntry } from '../audit.ts';
import { StoreError } from './errors.ts';
import { keys } from './keys.ts';
import type { Store } from './store.ts';

/** What a repository keeps of each record in its team's index, and how it makes that from a record. */
export interface Summary<T, S> {
  schema: z.ZodObject & z.ZodType<S>;
  of(record: T): S;
  /**
   * Raised when the summary gains a field: the index then lives under new keys, and chunks written
   * before are rebuilt from the records on first use instead of failing their schema.
   */
  version?: number;
}

/** What an add once remembers of its request: the record it made, and when. */
const OnceSchema = z.object({ n: z.number().int().positive(), at: z.string() });

/** Summaries per index record: an add rewrites one of them (a few KB), whatever the team's size. */
const CHUNK = 50;

/** The index record holding number `n`: chunk 0 holds 1–50, chunk 1 holds 51–100 … */
const chunkOf = (n: number) => Math.floor((n - 1) / CHUNK);

/** One index record: the summaries of its numbers in order, complete for every number up to `last`. */
interface Chunk<S> {
  last: number;
  entries: S[];
}

/**
 * A chunk as written: a table, not a list of objects. `fields` name its columns; entry i's value of
 * field j is `values[cells[i * fields.length + j]]` (-1: none), the cells written as one string of
 * numbers ("0,1,2,…", checked here, not element by element by the schema). Each distinct value is
 * written and checked once (a team has a few units, categories, states and authors), so a list reads
 * and parses a quarter of the text the objects took, and checks a few values instead of every entry.
 */
const PackedSchema = z.object({
  last: z.number().int().nonnegative(),
  fields: z.array(z.string()),
  // Checked by each field's own schema as the cells refer to them (unpack).
  values: z.array(z.unknown()),
  cells: z.string(),
});
type Packed = z.infer<typeof PackedSchema>;
/** Chunks written before the table: read as they are, written again as tables. */
const ListedSchema = z.object({ last: z.number().int().nonnegative(), entries: z.array(z.unknown()) });
const StoredChunkSchema = z.union([PackedSchema, ListedSchema]);

/** A chunk's summaries as a table. */
function pack<S>(shape: z.ZodObject, chunk: Chunk<S>): Packed {
  const fields = Object.keys(shape.shape);
  const values: unknown[] = [];
  // Plain values by themselves, objects (a handover) by their JSON: each distinct one written once.
  const known = new Map<unknown, number>();
  const knownObjects = new Map<string, number>();
  const place = <K>(seen: Map<K, number>, key: K, value: unknown) => {
    let at = seen.get(key);
    if (at === undefined) seen.set(key, (at = values.push(value) - 1));
    return at;
  };
  const cells: number[] = [];
  for (const entry of chunk.entries) {
    for (const field of fields) {
      const value = (entry as Record<string, unknown>)[field];
      if (value === undefined) cells.push(-1);
      else cells.push(typeof value === 'object' && value !== null ? place(knownObjects, JSON.stringify(value), value) : place(known, value, value));
    }
  }
  return { last: chunk.last, fields, values, cells: cells.join(',') };
}

/**
 * A function that makes a summary of one row's values as one object literal: built per schema, once,
 * since objects given their keys one by one in a loop cost a list most of its index reading. The code
 * holds only the schema's own field names, quoted by JSON.stringify: nothing stored reaches it.
 */
const makers = new Map<string, (row: unknown[]) => object>();
function rowMaker(names: string[]): (row: unknown[]) => object {
  const id = names.join('\n');
  let make = makers.get(id);
  if (!make) {
    make = new Function('v', `return { ${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')} };`) as (row: unknown[]) => object;
    makers.set(id, make);
  }
  return make;
}

/**
 * A field's checks of plain values, shared by every chunk read: a team's numbers, units, states and
 * authors recur from chunk to chunk and team to team. A check of a plain value depends on nothing else,
 * so its result is kept; objects (a handover) are checked each time. Emptied when it grows past a size.
 */
const checks = new WeakMap<z.ZodType, Map<unknown, { value: unknown } | null>>();
const CHECKS_PER_FIELD = 20_000;
function check(field: z.ZodType, raw: unknown): { value: unknown } | null {
  const plain = raw === undefined || raw === null || typeof raw !== 'object';
  let known = plain ? checks.get(field) : undefined;
  const hit = known?.get(raw);
  if (hit !== undefined) return hit;
  const parsed = field.safeParse(raw);
  const result = parsed.success ? { value: parsed.data } : null;
  if (plain) {
    if (!known) checks.set(field, (known = new Map()));
    if (known.size >= CHECKS_PER_FIELD) known.clear();
    known.set(raw, result);
  }
  return result;
}

/**
 * A stored chunk's summaries, each field checked by the summary's schema once per distinct value;
 * undefined when any value fails it (the chunk is then rebuilt from the records, as a missing one).
 */
function unpack<S>(schema: z.ZodObject, stored: z.infer<typeof StoredChunkSchema>): Chunk<S> | undefined {
  if ('entries' in stored) {
    const entries = z.array(schema).safeParse(stored.entries);
    return entries.success ? { last: stored.last, entries: entries.data as S[] } : undefined;
  }
  const { fields, values } = stored;
  const cells = stored.cells === '' ? [] : stored.cells.split(',').map(Number);
  const shape = schema.shape as Record<string, z.ZodType>;
  const names = Object.keys(shape);
  const width = fields.length;
  if (width === 0 || cells.length % width !== 0) return undefined;
  // Per column of the schema: where it is in a row (-1: not written, read as no value), and each
  // value as checked, by its place in `values` plus one (0: no value), filled as rows need them.
  const column = names.map((name) => fields.indexOf(name));
  const checked = names.map(() => new Array<{ value: unknown } | null | undefined>(values.length + 1));
  const entries: S[] = [];
  const make = rowMaker(names);
  const row: unknown[] = new Array(names.length);
  for (let start = 0; start < cells.length; start += width) {
    for (let j = 0; j < names.length; j++) {
      const at = column[j]! < 0 ? -1 : cells[start + column[j]!]!;
      if (!(Number.isInteger(at) && at >= -1 && at < values.length)) return undefined;
      const seen = checked[j]!;
      let value = seen[at + 1];
      if (value === undefined) seen[at + 1] = value = check(shape[names[j]!]!, at < 0 ? undefined : values[at]);
      if (value === null) return undefined;
      row[j] = value.value;
    }
    entries.push(make(row) as S);
  }
  return { last: stored.last, entries };
}

/** Whether a chunk covers every number of its range that the counter (`last`) has handed out. */
const covers = (chunk: Chunk<unknown>, c: number, last: number) => chunk.last >= Math.min(last, (c + 1) * CHUNK);

/** The index records of a team's records (summaries in number order, counter at `last`), as the repository writes them. */
export function indexRecords<S extends { n: number }>(kind: string, team: string, last: number, summaries: S[], summary: Summary<unknown, S>): Array<[string, Packed]> {
  const chunks = new Map<number, S[]>();
  for (const s of summaries) chunks.set(chunkOf(s.n), [...(chunks.get(chunkOf(s.n)) ?? []), s]);
  return [...chunks].map(([c, entries]) => [keys.index(kind, summary.version, team, c), pack(summary.schema, { last, entries })]);
}

/**
 * Per-team records numbered 1, 2, 3 … by a counter that never hands out a number twice, even under
 * concurrent commands and across restarts: findings (F), rectification tasks (R), document requests (D).
 *
 * Each team also has an index: a summary of every record, in chunks of 50 numbers, written in the same
 * commit as the record it summarises. Lists, counts and the digest read the index (a few records)
 * instead of every record of the team. All writes of a team's records of one kind run under one lock,
 * so the index never misses a change; a chunk that does not cover the counter (a store from before the
 * index, a number taken on Redis by a process that died before writing) is rebuilt from the records.
 */
export function createNumberedRepo<T extends { team: string; n: number }, S extends { n: number }>(
  store: Store,
  kind: string,
  schema: z.ZodType<T>,
  summary: Summary<T, S>,
) {
  const key = (team: string, n: number) => keys.record(kind, team, n);
  const counter = (team: string) => keys.counter(keys.records(kind, team));
  const chunkKey = (team: string, c: number) => keys.index(kind, summary.version, team, c);
  const writing = <R>(team: string, task: () => Promise<R>) => store.withLock(keys.records(kind, team), task);

  async function getMany(team: string, ns: number[]): Promise<T[]> {
    return (await store.getMany(ns.map((n) => key(team, n)), schema)).filter((r): r is Awaited<T> => r !== undefined);
  }

  /** Every record of a team, newest first. */
  async function list(team: string): Promise<T[]> {
    const last = await store.counter(counter(team));
    return getMany(team, Array.from({ length: last }, (_, i) => last - i));
  }

  /** Chunk `c` made afresh from the records, complete up to `last`. */
  async function rebuild(team: string, c: number, last: number): Promise<Chunk<S>> {
    const from = c * CHUNK + 1;
    const records = await getMany(team, Array.from({ length: Math.min(last, from + CHUNK - 1) - from + 1 }, (_, i) => from + i));
    return { last, entries: records.map(summary.of) };
  }

  /** Chunk `c` as stored when it covers the counter, else rebuilt (not written: the caller writes it). */
  async function freshChunk(team: string, c: number, last: number): Promise<Chunk<S>> {
    const chunk = await readChunk(chunkKey(team, c));
    return chunk && covers(chunk, c, last) ? chunk : rebuild(team, c, last);
  }

  async function readChunk(at: string): Promise<Chunk<S> | undefined> {
    const stored = await store.get(at, StoredChunkSchema);
    return stored && unpack<S>(summary.schema, stored);
  }

  /** A chunk as written. */
  const written = (chunk: Chunk<S>) => pack(summary.schema, chunk);

  /** The whole index, newest first; a stale chunk is rebuilt and saved only when `save` (the write lock is held). */
  async function index(team: string, save: boolean): Promise<S[] | undefined> {
    const last = await store.counter(counter(team));
    const count = last === 0 ? 0 : chunkOf(last) + 1;
    const stored = await store.getMany(Array.from({ length: count }, (_, c) => chunkKey(team, c)), StoredChunkSchema);
    const newestFirst: S[] = [];
    for (let c = count - 1; c >= 0; c--) {
      const at = stored[c];
      let chunk = at && unpack<S>(summary.schema, at);
      if (!chunk || !covers(chunk, c, last)) {
        if (!save) return undefined;
        chunk = await rebuild(team, c, last);
        await store.set(chunkKey(team, c), written(chunk));
      }
      for (let i = chunk.entries.length - 1; i >= 0; i--) newestFirst.push(chunk.entries[i]!);
    }
    return newestFirst;
  }

  /**
   * Add under the team's write lock (held by the caller); `extra` records go into the same commit,
   * each with the new record's number.
   */
  async function addUnlocked(draft: Omit<T, 'n'>, audit: ((record: T) => AuditEntry[]) | undefined, extra: Array<[string, { at: string }]>): Promise<T> {
    const last = await store.counter(counter(draft.team));
    const n = last + 1;
    const c = chunkOf(n);
    const chunk = (n - 1) % CHUNK === 0 ? { last, entries: [] } : await freshChunk(draft.team, c, last);
    let record: T | undefined;
    await store.commit({ counter: counter(draft.team), log: keys.auditLog(draft.team) }, (taken) => {
      // Every add holds the team's write lock, so the counter cannot have moved since it was read.
      // Only a lost lease lets it move (another process took the lock): nothing is written then.
      if (taken !== n) throw new StoreError('STORE_CONFLICT', `The ${kind} counter of ${draft.team} moved under its lock.`);
      record = { ...draft, n } as T;
      return {
        records: [
          [key(draft.team, n), record],
          [chunkKey(draft.team, c), written({ last: n, entries: [...chunk.entries, summary.of(record)] })],
          ...extra.map(([k, v]): [string, unknown] => [k, { ...v, n }]),
        ],
        appended: audit?.(record) ?? [],
      };
    });
    return record!;
  }

  return {
    get: (team: string, n: number) => store.get(key(team, n), schema),
    getMany,
    list,
    /** The summary of every record of a team, newest first, from its index. */
    async summaries(team: string): Promise<S[]> {
      return (await index(team, false)) ?? (await writing(team, async () => (await index(team, true))!));
    },
    /**
     * Allocate the next number and save the record with its index entry, and the audit entries `audit`
     * makes of it, in one commit; resolves once it is on disk.
     */
    add(draft: Omit<T, 'n'>, audit?: (record: T) => AuditEntry[]): Promise<T> {
      return writing(draft.team, () => addUnlocked(draft, audit, []));
    },
    /**
     * `add`, once: the same request (`once.key`, made of who asked for what, word for word) seen since
     * `once.since` gives back the record it made then, with `repeated`, instead of a second one. A user
     * who retries after a lost reply, or a platform that delivers a message twice, gets one record.
     */
    addOnce(draft: Omit<T, 'n'>, audit: (record: T) => AuditEntry[], once: { key: string; since: string; at: string }): Promise<{ record: T; repeated: boolean }> {
      const onceKey = keys.once(kind, draft.team, once.key);
      return writing(draft.team, async () => {
        const seen = await store.get(onceKey, OnceSchema);
        const earlier = seen && seen.at >= once.since ? await store.get(key(draft.team, seen.n), schema) : undefined;
        if (earlier) return { record: earlier, repeated: true };
        return { record: await addUnlocked(draft, audit, [[onceKey, { at: once.at }]]), repeated: false };
      });
    },
    /**
     * Change one record and its index entry together, with the audit entries `audit` makes of the change,
     * in one commit; `change` may throw to refuse, leaving everything as it was.
     */
    update(team: string, n: number, change: (record: T) => T, audit?: (before: T, after: T) => AuditEntry[]): Promise<T> {
      return writing(team, async () => {
        const current = await store.get(key(team, n), schema);
        if (!current) throw new Error(`${kind} ${team}/${n} vanished`);
        const next = change(current);
        const chunk = await freshChunk(team, chunkOf(n), await store.counter(counter(team)));
        const entries = chunk.entries.map((e) => (e.n === n ? summary.of(next) : e));
        await store.commit({ log: keys.auditLog(team) }, () => ({
          records: [
            [key(team, n), next],
            [chunkKey(team, chunkOf(n)), written({ ...chunk, entries })],
          ],
          appended: audit?.(current, next) ?? [],
        }));
        return next;
      });
    },
  };
}
export type NumberedRepo<T extends { team: string; n: number }, S extends { n: number }> = ReturnType<typeof createNumberedRepo<T, S>>;
