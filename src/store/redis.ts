/**
 * Keyv's Redis store, our own, over node-redis: the stored layout of @keyv/redis (keys `xc::<keyv key>`,
 * Keyv's serialized text), so stores written by earlier versions open unchanged, and two guarantees
 * @keyv/redis cannot give. Every failure is thrown, never swallowed into "not found". And every write
 * made while holding leases (the cross-process locks) is fenced: one Lua script checks that each lease
 * is still this process's and writes only then, so a process that was paused (SIGSTOP, a long GC, a
 * frozen VM) past its lease, while another took it and wrote, can never write its stale records over
 * the other's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { createClient } from '@keyv/redis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { REDIS_PREFIX } from './keys.ts';

/** The node-redis client, as @keyv/redis builds it. */
export type RedisClient = ReturnType<typeof createClient>;

/** A lease held on a lock: its key and the token only its holder knows. */
export interface Lease {
  key: string;
  token: string;
  /** Set once renewing it found it gone: every fenced write fails from then on. */
  lost?: boolean;
}

/** A fenced write found one of its leases gone (or taken by another process): nothing was written. */
export class FenceError extends Error {
  override name = 'FenceError';
}

/** The leases held by the task running now: set by the Redis backend's lock, read by every write it makes. */
export const heldLeases = new AsyncLocalStorage<readonly Lease[]>();

/**
 * Check every lease (KEYS[1..n] hold ARGV[2..n+1]), then SET the records (KEYS[n+1..], ARGV[n+2..]).
 * One script is one atomic step: nothing runs between the check and the writes.
 */
const FENCED_SET = `
local n = tonumber(ARGV[1])
for i = 1, n do
  if redis.call('get', KEYS[i]) ~= ARGV[i + 1] then return 0 end
end
for j = n + 1, #KEYS do
  redis.call('set', KEYS[j], ARGV[j + 1])
end
return 1`;


export class RedisAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'redis' };
  namespace?: string;

  constructor(private readonly client: RedisClient) {
    super();
  }

  async get<Value>(key: string): Promise<StoredData<Value>> {
    return ((await this.client.get(REDIS_PREFIX + key)) ?? undefined) as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    if (keys.length === 0) return [];
    return (await this.client.mGet(keys.map((k) => REDIS_PREFIX + k))).map((v) => (v ?? undefined) as Value | undefined);
  }

  async set(key: string, value: string): Promise<boolean> {
    await this.setMany([{ key, value }]);
    return true;
  }

  /** All records together, fenced by the leases held now: one MULTI without leases, one script with them. */
  async setMany(entries: Array<{ key: string; value: string }>): Promise<void> {
    if (entries.length === 0) return;
    const leases = heldLeases.getStore() ?? [];
    if (leases.length === 0) {
      const multi = this.client.multi();
      for (const { key, value } of entries) multi.set(REDIS_PREFIX + key, value);
      await multi.exec();
      return;
    }
    if (leases.some((l) => l.lost)) throw new FenceError('a lease this write depends on was lost');
    const ok = await this.client.eval(FENCED_SET, {
      keys: [...leases.map((l) => l.key), ...entries.map((e) => REDIS_PREFIX + e.key)],
      arguments: [String(leases.length), ...leases.map((l) => l.token), ...entries.map((e) => e.value)],
    });
    if (ok !== 1) throw new FenceError('a lease this write depends on was lost');
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(REDIS_PREFIX + key)) > 0;
  }

  /** Keyv's adapter contract; the bot never clears its store. */
  async clear(): Promise<void> {
    throw new Error('clearing a Redis store is not supported');
  }

  async disconnect(): Promise<void> {
    await this.client.quit();
  }
}
