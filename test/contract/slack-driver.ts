import { createSlackHarness, type SlackDelivery, type SlackHarness } from '../helpers/slack-harness.ts';
import {
  DISPLAY_NAMES, expandUsers, LOGICAL_USERS, runDigestJob,
  type AdapterDriver, type Delivery, type DriverFactory, type LogicalChat, type LogicalUser,
} from './driver.ts';

/** Slack user ids of the cast, and their Slack user names (the `|name` Slack puts in an escaped mention). */
const IDS: Record<LogicalUser, string> = { admin: 'UADMIN', leader: 'ULEAD', member: 'UMEMBER', liaison: 'ULIAISON', outsider: 'UOUTSIDER' };
const HANDLES: Record<LogicalUser, string> = { admin: 'zhouzr', leader: 'wangqiang', member: 'lina', liaison: 'zhaomin', outsider: 'chenlu' };
const CHANNELS: Record<Exclude<LogicalChat, 'dm'>, string> = { team: 'CTEAM', other: 'COTHER' };

/** The DM channel the stand-in's conversations.open answers for a user: ULEAD → DLEAD. */
const dmOf = (user: LogicalUser) => `D${IDS[user].slice(1)}`;
const userOfId = (id?: string) => LOGICAL_USERS.find((u) => IDS[u] === id);
const userOfDm = (channel?: string) => LOGICAL_USERS.find((u) => dmOf(u) === channel);
const chatOf = (channel?: string) => (Object.keys(CHANNELS) as Array<keyof typeof CHANNELS>).find((k) => CHANNELS[k] === channel);

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a person sees of Block Kit: the text of its sections (the first, the title, in bold). */
function blockText(blocks: unknown[]): string {
  const texts: string[] = [];
  for (const b of blocks as Array<{ type?: string; text?: { text?: string }; elements?: Array<{ text?: string | { text?: string } }> }>) {
    if (b.text?.text) texts.push(b.text.text);
    else if (b.type === 'context') for (const e of b.elements ?? []) if (typeof e.text === 'string') texts.push(e.text);
  }
  return unescape(texts.join('\n').replace(/^\*(.*)\*(?=\n|$)/, '$1'));
}

/**
 * The message as delivered: its blocks where it has them (what the channel shows), and its `text`
 * (what notifications show) when that says something the blocks do not.
 */
function visible(d: SlackDelivery): string {
  const shown = d.blocks?.length ? blockText(d.blocks) : '';
  if (!shown) return d.text;
  return shown === d.text || !d.text ? shown : `${shown}\n${d.text}`;
}

/** Slack's idiom in neutral terms: a channel message is for the group; ephemeral and DMs for one person. */
export function fromSlack(d: SlackDelivery): Delivery {
  const file = d.file === undefined ? {} : { file: d.file };
  const text = visible(d);
  if (d.where === 'channel') {
    // A message "in the channel" of a DM is still seen by that one person only.
    const inDm = userOfDm(d.channel);
    if (inDm || d.channel?.startsWith('D')) return { to: 'private', user: inDm, text, ...file };
    return { to: 'group', chat: chatOf(d.channel), text, ...file };
  }
  const user = d.where === 'dm' ? (userOfId(d.user) ?? userOfDm(d.channel)) : userOfId(d.user);
  return { to: 'private', user, text, ...file };
}

/**
 * Slack through a real Bolt App on our HTTP server: each `say` is a correctly signed slash command
 * from the user's U… id in CTEAM, COTHER or their D… channel; replies, ephemerals, DMs and uploads
 * are read back from the slash command's HTTP response and the stand-in Web API's record of calls.
 */
export const slackDriver: DriverFactory = function slackDriver(): AdapterDriver {
  let s: SlackHarness | undefined;
  const mention = (u: LogicalUser) => `<@${IDS[u]}|${HANDLES[u]}>`;
  return {
    name: 'slack',
    async setup() {
      s = await createSlackHarness({ env: { XC_ADMINS: `slack:${IDS.admin}` } });
      for (const u of LOGICAL_USERS) s.api.setUser(IDS[u], { name: HANDLES[u], real_name: DISPLAY_NAMES[u], display_name: DISPLAY_NAMES[u] });
    },
    async say(user, chat, line) {
      const since = s!.api.calls.length;
      const channel = chat === 'dm' ? dmOf(user) : CHANNELS[chat];
      const res = await s!.slash(IDS[user], channel, expandUsers(line, mention));
      if (res.status !== 200) throw new Error(`Slack answered ${res.status} ${res.body} to ${line.slice(0, 80)}`);
      return s!.deliveries(since).map(fromSlack);
    },
    async digest(at) {
      const since = s!.api.calls.length;
      await runDigestJob(s!.h, at);
      return s!.deliveries(since).map(fromSlack);
    },
    store: () => s!.h,
    async close() {
      await s?.close();
    },
  };
};
