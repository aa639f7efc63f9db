/**
 * The bot's side of the platform seam, beyond running commands: people as platforms show them,
 * deliveries seen, and the small records an adapter keeps. Adapters reach the store only through these.
 */
import { z } from 'zod';
import type { AdapterHost, AdapterRecords, Identities } from './adapter.ts';
import type { Clock } from './clock.ts';
import type { Services } from './command.ts';
import { claimHandle } from './identity.ts';
import type { Logger } from './logger.ts';
import { StoreError, type Store } from './store/store.ts';
import type { Platform } from './types.ts';

/** How many recent delivery ids each platform's record keeps: re-deliveries come within minutes. */
const SEEN_DELIVERIES = 1000;
const SeenSchema = z.array(z.string());

/** The store keys of an adapter's own records: its platform's name first, so no two adapters share one. */
const recordKey = (platform: Platform, key: string) => `${platform}:${key}`;

/** An adapter's records: an unreadable one (another version's, damaged) is removed and counts as none. */
function adapterRecords(store: Store, log: Logger, platform: Platform): AdapterRecords {
  return {
    async get(key, schema) {
      try {
        return await store.get(recordKey(platform, key), schema);
      } catch (err) {
        if (!(err instanceof StoreError && err.code === 'STORE_CORRUPT')) throw err;
        // The key names a chat or a person, never what was typed.
        log.warn({ key: recordKey(platform, key) }, 'adapter record unreadable; removed');
        await store.delete(recordKey(platform, key));
        return undefined;
      }
    },
    set: (key, value) => store.set(recordKey(platform, key), value),
    delete: (key) => store.delete(recordKey(platform, key)),
    // The lock's name is the key itself, not the `key:` name the store's own `update` takes on it.
    exclusive: (key, task) => store.withLock(recordKey(platform, key), task),
  };
}

/** What the bot offers adapters besides commands, over its services and the platforms' identity rules. */
export function createHost(
  services: Pick<Services, 'store' | 'users' | 'teams' | 'rectifications' | 'outbox'>,
  identities: Readonly<Record<Platform, Identities>>,
  clock: Clock,
  log: Logger,
): Pick<AdapterHost, 'people' | 'firstDelivery' | 'records'> {
  const { store, users } = services;
  return {
    people: {
      remember: (user, name) => users.remember(user, name),
      byHandle: (platform, handle) => users.alias(platform, handle),
      claim: (platform, handle, user) => claimHandle(services, platform, handle, user, clock.now().toISOString(), identities[platform]?.placeholder?.(handle)),
    },
    firstDelivery(platform, id) {
      const key = `deliveries:${platform}`;
      return store.withLock(key, async () => {
        const seen = (await store.get(key, SeenSchema)) ?? [];
        if (seen.includes(id)) return false;
        await store.set(key, [...seen, id].slice(-SEEN_DELIVERIES));
        return true;
      });
    },
    records: (platform) => adapterRecords(store, log, platform),
  };
}
