import type { Identities } from '../../src/adapter.ts';

/** Telegram usernames: 5 to 32 letters, digits and underscores. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/**
 * A username is unique on Telegram, but the Bot API cannot look one up: someone added as @name before
 * they ever wrote stands as `telegram:@name` until they write and claim it (AdapterHost.people.claim).
 */
export const telegramIdentities: Identities = {
  placeholder: (handle) => (USERNAME.test(handle) ? `telegram:@${handle.toLowerCase()}` : undefined),
};
