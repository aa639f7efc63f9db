import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Keyv from 'keyv';
import { defaultDeserialize } from '@keyv/serialize';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { Words } from '../i18n/startup.ts';
import { createSeal, isSealed, type Seal } from './seal.ts';
import { StoreError, storeFailure, withDeadline, type StoreErrorCode } from './errors.ts';
import { claimOwnership } from './owner.ts';
import { heldLeases, RedisAdapter, type Lease, type RedisClient } from './redis.ts';
import { SqliteAdapter } from './sqlite.ts';
import { COUNTER_PREFIX, keys, KEYV_NAMESPACE, redisCounter, redisKey, redisLock, REDIS_COUNTERS, SQLITE_COUNTERS, SQLITE_RECORDS } from './keys.ts';
import { countUnsealedRedis, redisRecordBatches, redisRecordKeys, SEALED_TEXT } from './unsealed.ts';

export { StoreError, storeFailure, withDeadline, STORE_DEADLINE_MS, type StoreErrorCode } from './errors.ts';

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
  /**
   * This store, but every commit made through it also writes `mark`: a platform delivery's mark goes
   * into the very commit of the change it made. A commit that finds the mark left by another run (a
   * re-delivery, whatever became of the first one's reply) is refused with STORE_REDELIVERED. A view,
   * not AsyncLocalStorage: on Node 20 that would put a hook on every promise of the process.
   */
  marked(mark: { key: string; run: string }): Store;
  /** Run `task` while holding the lock on `name`: in this process, and on Redis across processes. */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Every record (as stored: sealed ones stay sealed) and every counter, for a backup. */
  snapshot(): Promise<Snapshot>;
  /** Load a snapshot into this store, which must be empty and opened with the snapshot's key. */
  restore(snapshot: Snapshot): Promise<void>;
  /** Whether the store takes a write now; when not, why (for /healthz and the log). */
  health(): Promise<{ ok: true } | { ok: false; code: StoreErrorCode; detail: string }>;
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

/**
 * Keyv over a backend's adapter, as every store opens it: one namespace, the fast deserializer, and
 * every failure thrown. Keyv's default answers a failed read as "not found": an update would then
 * write a fresh record over the one it could not read.
 */
const openKeyv = (store: SqliteAdapter | RedisAdapter) => new Keyv({ store, namespace: KEYV_NAMESPACE, deserialize, throwOnErrors: true });

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
  /**
   * Whether its calls go over the network and can hang (Redis): they get a deadline. SQLite's run on
   * the main thread and return or throw; a timer could never fire in the middle of one.
   */
  remote: boolean;
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
const isCounter = (key: string) => key.startsWith(COUNTER_PREFIX);

/**
 * The bot's own store, refused when its file or its folder is read-only: the folder counts even when
 * the file exists, since the owner's pid file and SQLite's -wal and -shm files are made in it.
 */
function refuseReadOnly(file: string): void {
  for (const where of [file, dirname(file)]) {
    if (!existsSync(where)) continue;
    try {
      accessSync(where, constants.W_OK);
    } catch {
      throw StoreError.worded('STORE_READONLY', (t) => t.store.readOnly(where, where !== file));
    }
  }
}

/**
 * Open a SQLite store's file with our adapter; a failure is one sentence naming XC_STORE. A read-only
 * file or folder is named as such: the bot would start, then refuse every write.
 */
export function openSqlite(file: string): SqliteAdapter {
  const where = existsSync(file) ? file : dirname(file);
  if (existsSync(where)) {
    try {
      accessSync(where, constants.W_OK);
    } catch {
      throw StoreError.worded('STORE_READONLY', (t) => t.store.readOnly(where, where !== file));
    }
  }
  try {
    return new SqliteAdapter(file);
  } catch (err) {
    // A file that is not a database, a disk that fails: the operator's to fix, in one sentence.
    throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.cannotOpen(file, (err as Error).message));
  }
}

async function sqliteBackend(url: string, shared: boolean): Promise<Backend> {
  const file = url.replace(/^sqlite:\/\//, '');
  // The folder is made on first run; the store's owner is claimed in it, unless this is a backup
  // reading beside the bot (src/store/owner.ts).
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (err) {
    throw StoreError.worded('STORE_READONLY', (t) => t.store.cannotCreateFolder(file, (err as Error).message));
  }
  // Checked before the owner's pid file is written beside the store: on a read-only folder (a read-only
  // mount, where even root cannot write) that write failed first, and the bot stopped with a bare
  // "could not start: EROFS … x.sqlite-xuncha.pid" instead of this sentence (test/fault-suite.test.ts).
  if (!shared && file !== ':memory:') refuseReadOnly(file);
  const release = shared || file === ':memory:' ? () => undefined : claimOwnership(file);
  let adapter: SqliteAdapter;
  try {
    adapter = openSqlite(file);
  } catch (err) {
    release();
    throw err;
  }
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
        const first = (await counter(keys.counter(log))) + 1;
        counts.push({ key: keys.counter(log), value: first + appended.length - 1 });
        appended.forEach((value, i) => logged.push({ key: keys.logEntry(log, first + i), value }));
      }
      await writeMany(keyv, [...counts, ...records, ...logged]);
      return n;
    });
  return {
    keyv,
    remote: false,
    counter,
    append: (key, entries) => commit(key, undefined, (n) => ({ records: entries(n), appended: [] })),
    commit,
    lock,
    // One SELECT is one read transaction: the snapshot is consistent even while the bot writes.
    async snapshot() {
      const rows = adapter.rowsWithPrefix(SQLITE_RECORDS);
      const entries = rows.map((r): [string, unknown] => [r.key.slice(SQLITE_RECORDS.length), (JSON.parse(r.value) as { value: unknown }).value]);
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
    async close() {
      await keyv.disconnect();
      release();
    },
  };
}

/**
 * A lock's lease on Redis: short, so that a lock left by a process that died costs the others at most
 * this long, and renewed every third of it while its holder works. A holder paused past it loses it;
 * its writes are fenced (src/store/redis.ts), so they fail instead of landing over newer ones.
 */
export const LEASE_MS = 5000;
/** How long a command waits for a lock before it gives up: a dead holder's lease runs out well before. */
const LOCK_WAIT_MS = 10_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** How long start-up may try to reach Redis before it stops with a sentence. */
const CONNECT_MS = 5000;

/** A Redis URL for a message: without a password. */
const shown = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** Connect to Redis within CONNECT_MS, or stop with one sentence naming XC_STORE. */
async function connectRedis(url: string): Promise<RedisClient> {
  // Loaded only for a Redis store: the embedded store should not pay its start-up time and memory.
  const { createClient } = await import('@keyv/redis');
  const client = createClient({
    url,
    // A command while the connection is down fails at once (no queue that would run it minutes later,
    // after the user was told nothing was saved); reconnecting goes on by itself, up to every 2 s.
    disableOfflineQueue: true,
    socket: { connectTimeout: 3000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  let last: unknown;
  client.on('error', (err: unknown) => (last = err)); // failures surface on the calls; reconnects on its own
  try {
    await withDeadline(client.connect(), CONNECT_MS);
    return client as unknown as RedisClient;
  } catch (err) {
    client.destroy();
    const cause = (last as Error | undefined)?.message || (err as Error).message;
    throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.redisUnreachable(shown(url), CONNECT_MS / 1000, cause));
  }
}

async function redisBackend(url: string): Promise<Backend> {
  const client = await connectRedis(url);
  const keyv = openKeyv(new RedisAdapter(client));
  const local = createLocks();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Take the lease on `key`, waiting while another holds it, at most LOCK_WAIT_MS. */
  async function acquire(key: string): Promise<Lease> {
    const lease: Lease = { key, token: randomUUID() };
    const until = Date.now() + LOCK_WAIT_MS;
    while ((await withDeadline(client.set(key, lease.token, { NX: true, PX: LEASE_MS }))) !== 'OK') {
      if (Date.now() > until) throw new StoreError('STORE_BUSY', `The lock ${key} stayed taken for ${LOCK_WAIT_MS / 1000} s.`);
      await sleep(10 + Math.random() * 20);
    }
    return lease;
  }

  return {
    keyv,
    remote: true,
    // INCR never hands a number out twice; a crash before the write only leaves that number unused.
    async append(key, entries) {
      const next = await client.incr(redisCounter(key));
      await writeMany(keyv, entries(next));
      return next;
    },
    async commit(counterKey, log, build) {
      const n = counterKey ? await client.incr(redisCounter(counterKey)) : 0;
      const { records, appended } = build(n);
      const logged: Array<{ key: string; value: unknown }> = [];
      if (log && appended.length) {
        const last = await client.incrBy(redisCounter(keys.counter(log)), appended.length);
        appended.forEach((value, i) => logged.push({ key: keys.logEntry(log, last - appended.length + 1 + i), value }));
      }
      await writeMany(keyv, [...records, ...logged]);
      return n;
    },
    counter: async (key) => Number((await client.get(redisCounter(key))) ?? 0),
    // Several bot processes may share one Redis: a lease (SET NX PX) serialises them, renewed while the
    // task runs and released only by its holder; every write the task makes is fenced by it.
    lock: (name, task) =>
      local(name, async () => {
        const lease = await acquire(redisLock(name));
        const renewing = setInterval(() => {
          client.eval(RENEW, { keys: [lease.key], arguments: [lease.token, String(LEASE_MS)] }).then(
            (held) => void (held === 1 || (lease.lost = true)),
            () => undefined, // unreachable now: the lease may run out, and the fence will tell
          );
        }, LEASE_MS / 3);
        try {
          return await heldLeases.run([...(heldLeases.getStore() ?? []), lease], task);
        } finally {
          clearInterval(renewing);
          await client.eval(RELEASE, { keys: [lease.key], arguments: [lease.token] }).catch(() => undefined);
        }
      }),
    // Key by key: take a Redis backup in a quiet hour, or use Redis's own BGSAVE for a point in time.
    async snapshot() {
      const records: Array<[string, unknown]> = [];
      for await (const batch of redisRecordBatches(client, await redisRecordKeys(client))) {
        for (const { key, value } of batch) records.push([key.slice(redisKey('').length), deserialize<{ value: unknown }>(value).value]);
      }
      const counters: Array<[string, number]> = [];
      for await (const found of client.scanIterator({ MATCH: `${REDIS_COUNTERS}*`, COUNT: 1000 })) {
        for (const key of found) counters.push([key.slice(REDIS_COUNTERS.length), Number(await client.get(key))]);
      }
      return { records, counters };
    },
    async setCounter(key, value) {
      await client.set(redisCounter(key), value);
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
  const check = await keyv.get(keys.keyCheck);
  const fail = async (words: Words) => {
    await backend.close();
    throw StoreError.worded('STORE_KEY', words);
  };
  if (isSealed(check)) {
    if (!sealer) return fail((t) => t.store.needsKey);
    try {
      if (sealer.open(check) !== 'xuncha') throw new Error('mismatch');
    } catch {
      return fail((t) => t.store.wrongKey);
    }
  }
  if (!sealer) return;
  // Checked before the key-check is written: a refused start leaves a plain store as it was, still
  // open without the key for an operator who decides not to encrypt after all.
  const plain = await backend.unsealed();
  if (plain > 0) return fail((t) => t.store.unsealed(plain));
  if (check === undefined) await keyv.set(keys.keyCheck, sealer.seal('xuncha'));
}

/** A delivery's mark (Store.marked): when it was written, and by which run. */
const MarkSchema = z.object({ at: z.string(), run: z.string() });

/**
 * Open the store named by a Keyv connection URL: sqlite://path (embedded) or redis://host:port. With a
 * key, every record is sealed (AES-256-GCM) before it is written; only counters and keys stay plain.
 */
export async function createStore(url: string, log?: Logger, options: { key?: Buffer; shared?: boolean } = {}): Promise<Store> {
  const backend = url.startsWith('sqlite://') ? await sqliteBackend(url, options.shared ?? false) : /^rediss?:\/\//.test(url) ? await redisBackend(url) : undefined;
  if (!backend) throw StoreError.worded('STORE_UNSUPPORTED', (t) => t.store.unsupported);
  const { keyv, lock } = backend;
  keyv.on('error', (err: unknown) => log?.error({ err: { message: (err as Error)?.message } }, 'store error'));
  const sealer = options.key && createSeal(options.key);
  await checkKey(keyv, sealer, backend);

  function validate<T>(key: string, schema: z.ZodType<T>, stored: unknown): T | undefined {
    if (stored === undefined || stored === null) return undefined;
    if (isSealed(stored) && !sealer) throw StoreError.worded('STORE_KEY', (t) => t.store.needsKey);
    const raw = isSealed(stored) ? sealer!.open(stored) : stored;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new StoreError('STORE_CORRUPT', `Stored record ${key} does not match its schema.`);
    return parsed.data;
  }

  // Every operation says what failed, and a remote one has a deadline: a command that cannot reach the
  // store answers in seconds with one sentence instead of hanging, and recovers when the store returns.
  const timed = backend.remote ? withDeadline : <T>(work: Promise<T>) => work.catch((err: unknown) => Promise.reject(storeFailure(err)));
  const commitMarked = async (mark: { key: string; run: string } | undefined, ...[options, build]: Parameters<Store['commit']>): Promise<number> => {
    const seen = mark && (await store.get(mark.key, MarkSchema));
    if (mark && seen && seen.run !== mark.run) throw new StoreError('STORE_REDELIVERED', `${mark.key} was done by an earlier delivery.`);
    const extra: Array<[string, unknown]> = mark ? [[mark.key, { at: new Date().toISOString(), run: mark.run }]] : [];
    return timed(
      backend.commit(options.counter, options.log, (n) => {
        const { records, appended = [] } = build(n);
        const seal = (value: unknown) => (sealer ? sealer.seal(value) : value);
        return { records: [...records, ...extra].map(([key, value]) => ({ key, value: seal(value) })), appended: appended.map(seal) };
      }),
    );
  };

  const store: Store = {
    async get(key, schema) {
      return validate(key, schema, await timed(keyv.get(key)));
    },
    async getMany(keys, schema) {
      if (keys.length === 0) return [];
      const raws = await timed(keyv.getMany(keys));
      return raws.map((raw, i) => validate(keys[i]!, schema, raw));
    },
    async set(key, value) {
      const ok = await timed(keyv.set(key, sealer ? sealer.seal(value) : value));
      if (!ok) throw new StoreError('STORE_UNAVAILABLE', `Could not write ${key}.`);
    },
    setMany: (entries) => timed(writeMany(keyv, entries.map(([key, value]) => ({ key, value: sealer ? sealer.seal(value) : value })))),
    async delete(key) {
      await timed(keyv.delete(key));
    },
    update(key, schema, change) {
      return lock(keys.keyLock(key), async () => {
        const next = await change(await store.get(key, schema));
        await store.set(key, next);
        return next;
      });
    },
    increment: (key) => timed(backend.append(key, () => [])),
    append: (counter, records) => timed(backend.append(counter, (n) => records(n).map(([key, value]) => ({ key, value: sealer ? sealer.seal(value) : value })))),
    commit: (options, build) => commitMarked(undefined, options, build),
    marked: (mark) => ({ ...store, commit: (options, build) => commitMarked(mark, options, build) }),
    counter: (key) => timed(backend.counter(key)),
    async health() {
      try {
        // A write, as every saved command needs one: a full disk or a read-only file fails it.
        await store.set(keys.health, { at: new Date().toISOString() });
        return { ok: true };
      } catch (err) {
        const failure = storeFailure(err);
        return { ok: false, code: failure instanceof StoreError ? failure.code : 'STORE_UNAVAILABLE', detail: (failure as Error).message };
      }
    },
    withLock: lock,
    snapshot: backend.snapshot,
    async restore(snapshot) {
      const current = await backend.snapshot();
      if (current.records.some(([key]) => key !== keys.keyCheck && key !== keys.health) || current.counters.length) {
        throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.restoreNotEmpty);
      }
      // The snapshot's records were sealed with its key: this store must open them, or every read would fail.
      const check = snapshot.records.find(([key]) => key === keys.keyCheck)?.[1];
      if (isSealed(check) !== Boolean(sealer)) throw StoreError.worded('STORE_KEY', (t) => t.store.restoreKeyMismatch);
      if (isSealed(check)) {
        try {
          sealer!.open(check);
        } catch {
          throw StoreError.worded('STORE_KEY', (t) => t.store.restoreWrongKey);
        }
      }
      for (let i = 0; i < snapshot.records.length; i += RESTORE_BATCH) {
        await writeMany(keyv, snapshot.records.slice(i, i + RESTORE_BATCH).map(([key, value]) => ({ key, value })));
      }
      for (const [key, value] of snapshot.counters) await backend.setCounter(key, value);
    },
    close: backend.close,
  };
  if (!options.shared) {
    // A store that takes no write (a read-only file, a full disk) is refused now, not at the first command.
    const health = await store.health();
    if (!health.ok) {
      await backend.close();
      throw StoreError.worded(health.code, (t) => t.store.notWritable(health.detail));
    }
  }
  return store;
}
