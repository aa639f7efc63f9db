import { randomUUID } from 'node:crypto';
import type KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { defaultDeserialize } from '@keyv/serialize';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import { createSeal, isSealed, type Seal } from './seal.ts';
import { SqliteAdapter } from './sqlite.ts';
import { countUnsealedRedis, SEALED_TEXT, SQLITE_COUNTERS, SQLITE_RECORDS, unsealedMessage } from './unsealed.ts';

/** A stored record failed validation or the backend failed; the message never carries the value. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: 'STORE_CORRUPT' | 'STORE_UNSUPPORTED' | 'STORE_UNAVAILABLE' | 'STORE_KEY',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The store port: typed records by key over Keyv. Keyv has no atomic operations, so every
 * read-modify-write goes through `update` or `increment`, serialised per key.
 */
export interface Store {
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  getMany<T>(keys: string[], schema: z.ZodType<T>): Promise<Array<T | undefined>>;
  /** Resolves once the backend has committed the write. */
  set<T>(key: string, value: T): Promise<void>;
  /** Write several records together: one commit on SQLite, one MULTI on Redis. */
  setMany(entries: Array<[string, unknown]>): Promise<void>;
  delete(key: string): Promise<void>;
  /** Read, change and write one record with no other update to that key in between. */
  update<T>(key: string, schema: z.ZodType<T>, change: (current: T | undefined) => T | Promise<T>): Promise<T>;
  /** The next value of a counter, never returned twice, also across processes sharing the store. */
  increment(key: string): Promise<number>;
  /**
   * Take the counter's next value and write the records made with it. On SQLite the counter and the
   * records are one commit (one sync): saved together or not at all.
   */
  append(counter: string, records: (n: number) => Array<[string, unknown]>): Promise<number>;
  /**
   * Write one change in one commit: `build` gets the next value of `counter` (0 without one) and returns
   * the records to write and the entries to append to `log`, a numbered sequence (`<log>:1`, `<log>:2` …,
   * counted by `seq:<log>`) such as a team's audit log. On SQLite it is one transaction with the counters;
   * on Redis the counters are taken first and the records and entries are one MULTI (a crash in between
   * leaves numbers unused, never a change without its entries). Resolves once it is committed.
   */
  commit(options: { counter?: string; log?: string }, build: (n: number) => { records: Array<[string, unknown]>; appended?: unknown[] }): Promise<number>;
  /** A counter's current value (0 before its first increment). */
  counter(key: string): Promise<number>;
  /** Run `task` while holding the lock on `name`: in this process, and on Redis across processes. */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Every record (as stored: sealed ones stay sealed) and every counter, for a backup. */
  snapshot(): Promise<Snapshot>;
  /** Load a snapshot into this store, which must be empty and opened with the snapshot's key. */
  restore(snapshot: Snapshot): Promise<void>;
  close(): Promise<void>;
}

/** A store's whole content, backend-neutral: a SQLite snapshot restores into Redis and back. */
export interface Snapshot {
  records: Array<[string, unknown]>;
  counters: Array<[string, number]>;
}

/** A promise-chain mutex per name: tasks on one name run one after another. */
function createLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    try {
      return await run;
    } finally {
      if (tails.get(name) === tail) tails.delete(name);
    }
  };
}

/**
 * Keyv's own deserializer runs a reviver on every value, which is most of the CPU of reading a list.
 * The reviver only changes strings that Keyv's serializer wrote starting with "::" (an escaped ':')
 * or ":base64:" (a Buffer): text without those reads the same through plain JSON.parse.
 */
export function deserialize<T>(text: string): T {
  return (text.includes('"::') || text.includes('":base64:') ? defaultDeserialize(text) : JSON.parse(text)) as T;
}

/** Keyv over a backend's adapter, as every store opens it: one namespace, the fast deserializer. */
const openKeyv = (store: SqliteAdapter | KeyvRedis<unknown>) => new Keyv({ store, namespace: 'xc', deserialize });

/** Write several records in one go (one commit on SQLite, one MULTI on Redis); throws unless all are written. */
async function writeMany(keyv: Keyv, entries: Array<{ key: string; value: unknown }>): Promise<void> {
  if (entries.length === 0) return;
  // Keyv reports a failed write as false; @keyv/redis's setMany returns nothing when it succeeds.
  const written: boolean[] | undefined = await keyv.setMany(entries);
  if (written?.some((ok) => !ok)) throw new StoreError('STORE_UNAVAILABLE', `Could not write ${entries.map((e) => e.key).join(', ')}.`);
}

type Entries = (n: number) => Array<{ key: string; value: unknown }>;

/** A change as a backend writes it: records (already sealed), and entries for a log, numbered by the backend. */
type Built = { records: Array<{ key: string; value: unknown }>; appended: unknown[] };

/** What differs between backends: the Keyv adapter, counters, and locks that must hold across processes. */
interface Backend {
  keyv: Keyv;
  /** The counter's next value, with the (already sealed) records made with it written. */
  append(key: string, entries: Entries): Promise<number>;
  /** Store.commit, with records and entries already sealed. */
  commit(counter: string | undefined, log: string | undefined, build: (n: number) => Built): Promise<number>;
  counter(key: string): Promise<number>;
  lock<T>(name: string, task: () => Promise<T>): Promise<T>;
  snapshot(): Promise<Snapshot>;
  setCounter(key: string, value: number): Promise<void>;
  /** How many records are stored in plain text (counters, which hold no text, aside). */
  unsealed(): Promise<number>;
  close(): Promise<void>;
}

/** Records per commit when restoring: one transaction on SQLite, one MULTI on Redis, of bounded size. */
const RESTORE_BATCH = 5000;

/** Counters live under `seq:` keys. */
const isCounter = (key: string) => key.startsWith('seq:');

/** Open a SQLite store's file with our adapter; a failure is one sentence naming XC_STORE. */
export function openSqlite(file: string): SqliteAdapter {
  try {
    return new SqliteAdapter(file);
  } catch (err) {
    // A folder without write access, a file that is not a database: the operator's to fix, in one sentence.
    throw new StoreError('STORE_UNAVAILABLE', `XC_STORE: cannot open the SQLite file ${file} (${(err as Error).message}).`);
  }
}

async function sqliteBackend(url: string): Promise<Backend> {
  const adapter = openSqlite(url.replace(/^sqlite:\/\//, ''));
  const keyv = openKeyv(adapter);
  const lock = createLocks();
  const counter = async (key: string) => ((await keyv.get(key)) as number | undefined) ?? 0;
  // One process owns a SQLite file: one in-process lock over every counted write makes each
  // read-then-write of its counters atomic; the write itself is one transaction.
  const commit = (counterKey: string | undefined, log: string | undefined, build: (n: number) => Built) =>
    lock('sqlite-commit', async () => {
      const n = counterKey ? (await counter(counterKey)) + 1 : 0;
      const { records, appended } = build(n);
      const counts: Array<{ key: string; value: unknown }> = counterKey ? [{ key: counterKey, value: n }] : [];
      const logged: Array<{ key: string; value: unknown }> = [];
      if (log && appended.length) {
        const first = (await counter(`seq:${log}`)) + 1;
        counts.push({ key: `seq:${log}`, value: first + appended.length - 1 });
        appended.forEach((value, i) => logged.push({ key: `${log}:${first + i}`, value }));
      }
      await writeMany(keyv, [...counts, ...records, ...logged]);
      return n;
    });
  return {
    keyv,
    counter,
    append: (key, entries) => commit(key, undefined, (n) => ({ records: entries(n), appended: [] })),
    commit,
    lock,
    // One SELECT is one read transaction: the snapshot is consistent even while the bot writes.
    async snapshot() {
      const rows = adapter.rowsWithPrefix('xc:');
      const entries = rows.map((r): [string, unknown] => [r.key.slice('xc:'.length), (JSON.parse(r.value) as { value: unknown }).value]);
      return {
        records: entries.filter(([key]) => !isCounter(key)),
        counters: entries.filter(([key]) => isCounter(key)) as Array<[string, number]>,
      };
    },
    async setCounter(key, value) {
      await keyv.set(key, value);
    },
    // One query over the value's first bytes: about 0.1 s on 200k records (a 200 MB file, cached).
    unsealed: async () => adapter.countNotStartingWith(SQLITE_RECORDS, SQLITE_COUNTERS, SEALED_TEXT),
    close: () => keyv.disconnect(),
  };
}

const LEASE_MS = 15_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

async function redisBackend(url: string): Promise<Backend> {
  // Loaded only for a Redis store: the embedded store should not pay its start-up time and memory.
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
  const client = createClient({ url });
  client.on('error', () => undefined); // reconnects on its own; failures surface on the calls
  await client.connect();
  const keyv = openKeyv(new KeyvRedis(client as never));
  const local = createLocks();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    keyv,
    // INCR never hands a number out twice; a crash before the write only leaves that number unused.
    async append(key, entries) {
      const next = await client.incr(`xc:counter:${key}`);
      await writeMany(keyv, entries(next));
      return next;
    },
    async commit(counterKey, log, build) {
      const n = counterKey ? await client.incr(`xc:counter:${counterKey}`) : 0;
      const { records, appended } = build(n);
      const logged: Array<{ key: string; value: unknown }> = [];
      if (log && appended.length) {
        const last = await client.incrBy(`xc:counter:seq:${log}`, appended.length);
        appended.forEach((value, i) => logged.push({ key: `${log}:${last - appended.length + 1 + i}`, value }));
      }
      await writeMany(keyv, [...records, ...logged]);
      return n;
    },
    counter: async (key) => Number((await client.get(`xc:counter:${key}`)) ?? 0),
    // Several bot processes may share one Redis: a lease (SET NX PX) serialises them, released only by its holder.
    lock: (name, task) =>
      local(name, async () => {
        const key = `xc:lock:${name}`;
        const token = randomUUID();
        while ((await client.set(key, token, { NX: true, PX: LEASE_MS })) !== 'OK') await sleep(10 + Math.random() * 20);
        try {
          return await task();
        } finally {
          await client.eval(RELEASE, { keys: [key], arguments: [token] });
        }
      }),
    // Key by key: take a Redis backup in a quiet hour, or use Redis's own BGSAVE for a point in time.
    async snapshot() {
      const records: Array<[string, unknown]> = [];
      for await (const [key, value] of keyv.iterator!(undefined)) records.push([key as string, value]);
      const counters: Array<[string, number]> = [];
      for await (const keys of client.scanIterator({ MATCH: 'xc:counter:*', COUNT: 1000 })) {
        for (const key of keys) counters.push([key.slice('xc:counter:'.length), Number(await client.get(key))]);
      }
      return { records, counters };
    },
    async setCounter(key, value) {
      await client.set(`xc:counter:${key}`, value);
    },
    unsealed: () => countUnsealedRedis(client),
    async close() {
      await client.quit();
    },
  };
}

/**
 * A store sealed with one key must never be read with another (garbage) or without one (errors later):
 * the key-check record settles it at start-up, with a sentence, before any command runs. With a key,
 * the records themselves are checked too: a store an older version opened with a key has a key-check
 * but kept its earlier records plain, and a key that seals only new writes is encryption half on.
 */
async function checkKey(keyv: Keyv, sealer: Seal | undefined, backend: Backend): Promise<void> {
  const check = await keyv.get(KEY_CHECK);
  const fail = async (message: string) => {
    await backend.close();
    throw new StoreError('STORE_KEY', message);
  };
  if (isSealed(check)) {
    if (!sealer) return fail('This store is encrypted: set XC_ENCRYPTION_KEY to open it.');
    try {
      if (sealer.open(check) !== 'xuncha') throw new Error('mismatch');
    } catch {
      return fail('XC_ENCRYPTION_KEY does not open this store: it was encrypted with another key.');
    }
  }
  if (!sealer) return;
  // Checked before the key-check is written: a refused start leaves a plain store as it was, still
  // open without the key for an operator who decides not to encrypt after all.
  const plain = await backend.unsealed();
  if (plain > 0) return fail(unsealedMessage(plain));
  if (check === undefined) await keyv.set(KEY_CHECK, sealer.seal('xuncha'));
}

/** The record that proves the key: it opens with the right key and with no other. */
export const KEY_CHECK = 'key-check';

/**
 * Open the store named by a Keyv connection URL: sqlite://path (embedded) or redis://host:port. With a
 * key, every record is sealed (AES-256-GCM) before it is written; only counters and keys stay plain.
 */
export async function createStore(url: string, log?: Logger, options: { key?: Buffer } = {}): Promise<Store> {
  const backend = url.startsWith('sqlite://') ? await sqliteBackend(url) : /^rediss?:\/\//.test(url) ? await redisBackend(url) : undefined;
  if (!backend) throw new StoreError('STORE_UNSUPPORTED', `XC_STORE: only sqlite:// and redis:// stores are supported in this version.`);
  const { keyv, lock } = backend;
  keyv.on('error', (err: unknown) => log?.error({ err: { message: (err as Error)?.message } }, 'store error'));
  const sealer = options.key && createSeal(options.key);
  await checkKey(keyv, sealer, backend);

  function validate<T>(key: string, schema: z.ZodType<T>, stored: unknown): T | undefined {
    if (stored === undefined || stored === null) return undefined;
    if (isSealed(stored) && !sealer) throw new StoreError('STORE_KEY', 'This store is encrypted: set XC_ENCRYPTION_KEY to open it.');
    const raw = isSealed(stored) ? sealer!.open(stored) : stored;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new StoreError('STORE_CORRUPT', `Stored record ${key} does not match its schema.`);
    return parsed.data;
  }

  const store: Store = {
    async get(key, schema) {
      return validate(key, schema, await keyv.get(key));
    },
    async getMany(keys, schema) {
      if (keys.length === 0) return [];
      const raws = await keyv.getMany(keys);
      return raws.map((raw, i) => validate(keys[i]!, schema, raw));
    },
    async set(key, value) {
      const ok = await keyv.set(key, sealer ? sealer.seal(value) : value);
      if (!ok) throw new StoreError('STORE_UNAVAILABLE', `Could not write ${key}.`);
    },
    setMany: (entries) => writeMany(keyv, entries.map(([key, value]) => ({ key, value: sealer ? sealer.seal(value) : value }))),
    async delete(key) {
      await keyv.delete(key);
    },
    update(key, schema, change) {
      return lock(`key:${key}`, async () => {
        const next = await change(await store.get(key, schema));
        await store.set(key, next);
        return next;
      });
    },
    increment: (key) => backend.append(key, () => []),
    append: (counter, records) => backend.append(counter, (n) => records(n).map(([key, value]) => ({ key, value: sealer ? sealer.seal(value) : value }))),
    commit: (options, build) =>
      backend.commit(options.counter, options.log, (n) => {
        const { records, appended = [] } = build(n);
        const seal = (value: unknown) => (sealer ? sealer.seal(value) : value);
        return { records: records.map(([key, value]) => ({ key, value: seal(value) })), appended: appended.map(seal) };
      }),
    counter: backend.counter,
    withLock: lock,
    snapshot: backend.snapshot,
    async restore(snapshot) {
      const current = await backend.snapshot();
      if (current.records.some(([key]) => key !== KEY_CHECK) || current.counters.length) {
        throw new StoreError('STORE_UNAVAILABLE', 'Restore needs an empty store: this one holds data.');
      }
      // The snapshot's records were sealed with its key: this store must open them, or every read would fail.
      const check = snapshot.records.find(([key]) => key === KEY_CHECK)?.[1];
      if (isSealed(check) !== Boolean(sealer)) throw new StoreError('STORE_KEY', 'XC_ENCRYPTION_KEY must be the one the backup was made with (or none, for a plain backup).');
      if (isSealed(check)) {
        try {
          sealer!.open(check);
        } catch {
          throw new StoreError('STORE_KEY', 'XC_ENCRYPTION_KEY does not open this backup: it was made with another key.');
        }
      }
      for (let i = 0; i < snapshot.records.length; i += RESTORE_BATCH) {
        await writeMany(keyv, snapshot.records.slice(i, i + RESTORE_BATCH).map(([key, value]) => ({ key, value })));
      }
      for (const [key, value] of snapshot.counters) await backend.setCounter(key, value);
    },
    close: backend.close,
  };
  return store;
}
