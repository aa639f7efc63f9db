/**
 * Records written without the encryption key, found by the stored text alone (the layout: keys.ts).
 * Counters and Redis leases hold no text and stay plain.
 */
import { REDIS_RECORDS } from './keys.ts';

/** How the stored text of a sealed record begins: Keyv's envelope around `{ $sealed }` (no record has a TTL, so `value` comes first). */
export const SEALED_TEXT = '{"value":{"$sealed":';

/** Keys per SCAN step and per MGET: bounded round trips and bounded memory however large the store. */
const BATCH = 1000;

/** The Redis calls a scan of the records needs (node-redis's client has them). */
export interface RedisRecords {
  scanIterator(options: { MATCH: string; TYPE: string; COUNT: number }): AsyncIterable<string[]>;
  mGet(keys: string[]): Promise<Array<string | null>>;
}

/** Every record's key on Redis, by SCAN; a key SCAN returns twice is listed once. */
export async function redisRecordKeys(client: RedisRecords): Promise<string[]> {
  const keys = new Set<string>();
  for await (const scanned of client.scanIterator({ MATCH: REDIS_RECORDS, TYPE: 'string', COUNT: BATCH })) scanned.forEach((key) => keys.add(key));
  return [...keys];
}

/** The records under `keys`, read by MGET a batch at a time; a key deleted since it was listed is left out. */
export async function* redisRecordBatches(client: RedisRecords, keys: string[]): AsyncGenerator<Array<{ key: string; value: string }>> {
  for (let i = 0; i < keys.length; i += BATCH) {
    const slice = keys.slice(i, i + BATCH);
    const values = await client.mGet(slice);
    yield slice.flatMap((key, j) => (values[j] == null ? [] : [{ key, value: values[j]! }]));
  }
}

/** How many records on Redis are stored in plain text. */
export async function countUnsealedRedis(client: RedisRecords): Promise<number> {
  let plain = 0;
  for await (const rows of redisRecordBatches(client, await redisRecordKeys(client))) plain += rows.filter((row) => !row.value.startsWith(SEALED_TEXT)).length;
  return plain;
}
