import { existsSync } from 'node:fs';
import { defaultSerialize } from '@keyv/serialize';
import { createSeal, type Seal } from './seal.ts';
import { keys, redisKey, SQLITE_COUNTERS, SQLITE_RECORDS } from './keys.ts';
import { deserialize, openSqlite, StoreError } from './store.ts';
import { countUnsealedRedis, redisRecordBatches, redisRecordKeys, SEALED_TEXT, type RedisRecords } from './unsealed.ts';

/** What `npm run seal` did: records sealed now, records sealed before, and what became of the old text. */
export interface SealReport {
  sealed: number;
  already: number;
  /**
   * `compacted`: the SQLite file was rebuilt and its WAL emptied. On Redis, the append-only file: a
   * rewrite was started (`aof-rewrite`), AOF is off (`aof-off`), or the server would not say (`aof-unknown`).
   */
  oldText: 'compacted' | 'aof-rewrite' | 'aof-off' | 'aof-unknown';
}

type Row = { key: string; value: string };

/** Keyv's envelope of one stored record, as its serializer wrote it. */
function envelope(row: Row): { value: unknown; expires?: number } {
  try {
    return deserialize(row.value);
  } catch {
    throw StoreError.worded('STORE_CORRUPT', (t) => t.store.recordNotJson(row.key));
  }
}

/**
 * The rows to write: every plain record sealed, and the key-check when there is none. The key must open
 * what is sealed already (the key-check, or without one every sealed record), or nothing is written:
 * a store sealed under two keys could never be opened whole.
 */
function planSeal(records: Row[], checkKey: string, sealer: Seal): { writes: Row[]; sealed: number; already: number } {
  const check = records.find((row) => row.key === checkKey);
  const others = records.filter((row) => row !== check);
  const sealedBefore = others.filter((row) => row.value.startsWith(SEALED_TEXT));
  const proofs = check?.value.startsWith(SEALED_TEXT) ? [check] : sealedBefore;
  for (const proof of proofs) {
    let opened: unknown;
    try {
      opened = sealer.open(envelope(proof).value as { $sealed: string });
    } catch {
      throw StoreError.worded('STORE_KEY', (t) => t.store.wrongKey);
    }
    if (proof === check && opened !== 'xuncha') throw StoreError.worded('STORE_KEY', (t) => t.store.wrongKey);
  }
  // Written as Keyv writes a record: the same envelope, so the bot reads it back unchanged.
  const sealText = (value: unknown, expires?: number) => defaultSerialize({ value: sealer.seal(value), expires });
  const writes = others
    .filter((row) => !row.value.startsWith(SEALED_TEXT))
    .map((row) => {
      const { value, expires } = envelope(row);
      return { key: row.key, value: sealText(value, expires) };
    });
  const sealed = writes.length;
  if (!check?.value.startsWith(SEALED_TEXT)) writes.push({ key: checkKey, value: sealText('xuncha') });
  return { writes, sealed, already: sealedBefore.length };
}

async function sealSqlite(file: string, sealer: Seal): Promise<SealReport> {
  // Opening a path that names no store would create an empty one: a mistyped XC_STORE is said, not sealed.
  if (!existsSync(file)) throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.noStore(file));
  const adapter = openSqlite(file);
  try {
    let counts = { sealed: 0, already: 0 };
    adapter.rewrite(SQLITE_RECORDS, (rows) => {
      const plan = planSeal(rows.filter((row) => !row.key.startsWith(SQLITE_COUNTERS)), `${SQLITE_RECORDS}${keys.keyCheck}`, sealer);
      counts = plan;
      return plan.writes;
    });
    // Run every time, also when nothing was left to seal: a second run finishes what a busy first one could not.
    if (!adapter.compact()) {
      throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.walHeld);
    }
    return { sealed: counts.sealed, already: counts.already, oldText: 'compacted' };
  } finally {
    await adapter.disconnect();
  }
}

/** The Redis client calls sealing needs, beyond the scan. */
interface RedisSealer extends RedisRecords {
  watch(keys: string[]): Promise<unknown>;
  unwatch(): Promise<unknown>;
  multi(): { set(key: string, value: string): unknown; exec(): Promise<unknown> };
  configGet(name: string): Promise<Record<string, string>>;
  bgRewriteAof(): Promise<unknown>;
}

/** Ask Redis to rewrite its append-only file, which still holds every plain write; best effort. */
async function rewriteAof(client: RedisSealer): Promise<SealReport['oldText']> {
  try {
    if ((await client.configGet('appendonly')).appendonly !== 'yes') return 'aof-off';
    await client.bgRewriteAof();
    return 'aof-rewrite';
  } catch {
    // A managed Redis may refuse CONFIG: the operator is told to rewrite the file themselves.
    return 'aof-unknown';
  }
}

async function sealRedis(url: string, sealer: Seal): Promise<SealReport> {
  const { createClient } = await import('@keyv/redis');
  const connection = createClient({ url });
  connection.on('error', () => undefined); // failures surface on the calls
  await connection.connect();
  const client: RedisSealer = connection;
  try {
    // WATCH before the read: a bot that writes one of these records before EXEC makes EXEC write
    // nothing, so no change of theirs is overwritten with the older text sealed.
    const recordKeys = await redisRecordKeys(client);
    if (recordKeys.length) await client.watch(recordKeys);
    const rows: Row[] = [];
    for await (const batch of redisRecordBatches(client, recordKeys)) rows.push(...batch);
    const plan = planSeal(rows, redisKey(keys.keyCheck), sealer);
    // One MULTI/EXEC: all records sealed or none; Redis holds the whole queue in memory, which a store
    // of this kind (thousands of records, not millions) affords.
    const multi = client.multi();
    for (const { key, value } of plan.writes) multi.set(key, value);
    try {
      await multi.exec();
    } catch (err) {
      // node-redis's WatchError does not set its name; its class is the one mark it has.
      if ((err as Error)?.constructor?.name !== 'WatchError') throw err;
      throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.changedMeanwhile);
    }
    // A record created after the scan was not watched: whatever is still plain is counted, not ignored.
    const left = await countUnsealedRedis(client);
    if (left > 0) {
      throw StoreError.worded('STORE_UNAVAILABLE', (t) => t.store.writtenPlain(left));
    }
    return { sealed: plan.sealed, already: plan.already, oldText: await rewriteAof(client) };
  } finally {
    await connection.quit();
  }
}

/**
 * Seal every record of the store at `url` that was written without a key, in one transaction, and
 * clear the old text: SQLite is rebuilt (VACUUM) and its WAL emptied; Redis is asked to rewrite its
 * append-only file. Refuses when `key` does not open what is sealed already.
 */
export async function sealStore(url: string, key: Buffer): Promise<SealReport> {
  const sealer = createSeal(key);
  if (url.startsWith('sqlite://')) return sealSqlite(url.replace(/^sqlite:\/\//, ''), sealer);
  if (/^rediss?:\/\//.test(url)) return sealRedis(url, sealer);
  throw StoreError.worded('STORE_UNSUPPORTED', (t) => t.store.unsupported);
}
