import { z } from 'zod';
import { cleanText } from './args.ts';
import { shorten } from './text.ts';
import type { Store } from './store/store.ts';
import type { Platform, UserId } from './types.ts';

const NameSchema = z.string();

/** Display names and @-names of users, learnt as they write to the bot or are added by name. */
export function createUserDirectory(store: Store) {
  return {
    async remember(user: UserId, given: string | undefined): Promise<void> {
      // A platform's display name is text from outside: no control or direction characters, a sane length.
      const name = given && shorten(cleanText(given).trim(), 64);
      if (!name) return;
      const current = await store.get(`user-name:${user}`, NameSchema);
      if (current !== name) await store.set(`user-name:${user}`, name);
    },
    name: (user: UserId) => store.get(`user-name:${user}`, NameSchema),
    async names(users: UserId[]): Promise<Map<UserId, string>> {
      const unique = [...new Set(users)];
      const names = await store.getMany(unique.map((u) => `user-name:${u}`), NameSchema);
      return new Map(unique.flatMap((u, i) => (names[i] ? [[u, names[i]] as const] : [])));
    },
    alias: (platform: Platform, handle: string) => store.get(`user-alias:${platform}:${handle.toLowerCase()}`, NameSchema),
    setAlias: (platform: Platform, handle: string, user: UserId) => store.set(`user-alias:${platform}:${handle.toLowerCase()}`, user),
  };
}
export type UserDirectory = ReturnType<typeof createUserDirectory>;

/** How a user shows in replies: the remembered name, else the id without its platform prefix. */
export function displayName(user: UserId, names: Map<UserId, string>): string {
  return names.get(user) ?? user.replace(/^[a-z]+:/, '');
}
