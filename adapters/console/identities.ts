import type { Identities } from '../../src/adapter.ts';

/** On the console a name is the account: `/as 组长` types as console:组长, shown without the prefix. */
export const consoleIdentities: Identities = {
  byName: (name) => `console:${name}`,
};
