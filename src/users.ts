import { z } from 'zod';
import { cleanText } from './args.ts';
import { shorten } from './text.ts';
import type { Store } from './store/store.ts';
import type { Platform, UserId } from './types.ts';
import { keys } from './store/keys.ts';

const NameSchema = z.string();

/** How many users' stored names one process keeps in mind; beyond it, it starts afresh. */
const KNOWN_NAMES = 10_000;

/** Display names and @-names of users, learnt as they write to the bot or are added by name. */
export function createUserDirectory(store: Store) {
  // Every command remembers its sender's name: a name known to be stored already costs no read.
  const known = new Map<UserId, string>();
  return {
    async remember(user: UserId, given: string | undefined): Promise<void> {
      // A platform's display name is text from outside: no control or direction characters, a sane length.
      const name = given && shorten(cleanText(given).trim(), 64);
      if (!name || known.get(user) === name) return;
      const current = await store.get(keys.userName(user), NameSchema);
      if (current !== name) await store.set(keys.userName(user), name);
      if (known.size >= KNOWN_NAMES) known.clear();
      known.set(user, name);
    },
    name: (user: UserId) => store.get(keys.userName(user), NameSchema),
    async names(users: UserId[]): Promise<Map<UserId, string>> {
      const unique = [...new Set(users)];
      const names = await store.getMany(unique.map(keys.userName), NameSchema);
      return new Map(unique.flatMap((u, i) => (names[i] ? [[u, names[i]] as const] : [])));
    },
    alias: (platform: Platform, handle: string) => store.get(keys.userAlias(platform, handle), NameSchema),
    setAlias: (platform: Platform, handle: string, user: UserId) => store.set(keys.userAlias(platform, handle), user),
  };
}
export type UserDirectory = ReturnType<typeof createUserDirectory>;

/** How a user shows in replies: the remembered name, else the id without its platform prefix. */
export function displayName(user: UserId, names: Map<UserId, string>): string {
  return names.get(user) ?? user.replace(/^[a-z]+:/, '');
}
