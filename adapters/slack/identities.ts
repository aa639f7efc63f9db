import type { Identities } from '../../src/adapter.ts';

/** A user mention as Slack writes it in a command's text, with or without the `|handle` label. */
const MENTION = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/;

/** Slack marks people itself: a mention carries the user's id. A bare @handle cannot be looked up. */
export const slackIdentities: Identities = {
  mention: (token) => {
    const id = MENTION.exec(token)?.[1];
    return id && `slack:${id}`;
  },
};
