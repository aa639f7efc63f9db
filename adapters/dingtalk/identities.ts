import type { Identities } from '../../src/adapter.ts';

/**
 * On DingTalk a person is named in a command by @-mentioning them: the adapter writes the mention as
 * their id, `dingtalk:<userId>` (message.ts withMentionsAsIds), which the core takes as an address. A
 * nick is no handle: it is not unique in an organisation, and DingTalk lets a robot look none up, so
 * there is no placeholder for someone named by nick before they write.
 */
export const dingtalkIdentities: Identities = {};
