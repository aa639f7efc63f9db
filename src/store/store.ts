import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';

/** A stored record failed validation or the backend failed; the message never carries the value. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: 'STORE_CORRUPT' | 'STORE_UNSUPPORTED' | 'STORE_UNAVAILABLE',
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
  delete(key: string): Promise<void>;
  /** Read, change and write one record with no other update to that key in between. */
  update<T>(key: string, schema: z.ZodType<T>, change: (current: T | undefined) => T | Promise<T>): Promise<T>;
  /** The next value of a counter, never returned twice. */
  increment(key: string): Promise<number>;
  /** Run `task` while holding the lock on `name` (in this process). */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
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

async function openSqlite(url: string): Promise<KeyvSqlite> {
  const file = url.replace(/^sqlite:\/\//, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const adapter = new KeyvSqlite({ uri: url, busyTimeout: 10_000 });
  // WAL lets readers run beside the writer; FULL syncs each commit, so "saved" survives a power loss.
  await adapter.query('PRAGMA journal_mode=WAL');
  await adapter.query('PRAGMA synchronous=FULL');
  return adapter;
}

/** Open the store named by a Keyv connection URL (SQLite for now). */
export async function createStore(url: string, log?: Logger): Promise<Store> {
  if (!url.startsWith('sqlite://')) {
    throw new StoreError('STORE_UNSUPPORTED', `XC_STORE: only sqlite:// stores are supported in this version.`);
  }
  const adapter = await openSqlite(url);
  const keyv = new Keyv({ store: adapter, namespace: 'xc' });
  keyv.on('error', (err: unknown) => log?.error({ err }, 'store error'));
  const withLock = createLocks();

  function validate<T>(key: string, schema: z.ZodType<T>, raw: unknown): T | undefined {
    if (raw === undefined || raw === null) return undefined;
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
      const ok = await keyv.set(key, value);
      if (!ok) throw new StoreError('STORE_UNAVAILABLE', `Could not write ${key}.`);
    },
    async delete(key) {
      await keyv.delete(key);
    },
    update(key, schema, change) {
      return withLock(`key:${key}`, async () => {
        const next = await change(await store.get(key, schema));
        await store.set(key, next);
        return next;
      });
    },
    increment(key) {
      return withLock(`key:${key}`, async () => {
        const current = ((await keyv.get(key)) as number | undefined) ?? 0;
        const next = current + 1;
        await store.set(key, next);
        return next;
      });
    },
    withLock,
    async close() {
      await keyv.disconnect();
    },
  };
  return store;
}
