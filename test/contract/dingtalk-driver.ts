import {
  createDingTalkHarness, dmConversation, DT_USERS, OTHER_GROUP, TEAM_GROUP,
  type DingTalkHarness, type DtChatRef, type DtDelivery,
} from '../helpers/dingtalk-harness.ts';
import {
  expandUsers, LOGICAL_USERS, runDigestJob,
  type AnyChat, type Delivery, type InteractiveDriver, type InteractiveDriverFactory, type LogicalChat, type LogicalUser,
} from './driver.ts';

const CHATS: Record<LogicalChat, DtChatRef> = { team: 'group', other: 'other', dm: 'dm' };

const userOfStaff = (staffId?: string) => LOGICAL_USERS.find((u) => DT_USERS[u].staffId === staffId);
const userOfDm = (conversationId?: string) => LOGICAL_USERS.find((u) => dmConversation(DT_USERS[u].staffId) === conversationId);
const groupOf = (conversationId?: string): LogicalChat | undefined => (conversationId === TEAM_GROUP ? 'team' : conversationId === OTHER_GROUP ? 'other' : undefined);

/**
 * DingTalk's idiom in neutral terms: a group's conversation is for the group; a person's one-to-one chat
 * with the robot (by its sessionWebhook or by the one-to-one send API) is theirs alone.
 */
export function fromDingTalk(d: DtDelivery): Delivery {
  const file = d.file === undefined ? {} : { file: d.file, ...(d.data && { data: d.data }) };
  const buttons = d.buttons && { buttons: d.buttons.map((b) => ({ label: b.title, ...(b.command && { command: b.command }) })) };
  const group = groupOf(d.conversationId);
  if (group) return { to: 'group', chat: group, where: group, text: d.text, ...file, ...buttons };
  const user = d.via === 'batchSend' ? userOfStaff(d.staffId) : userOfDm(d.conversationId);
  return { to: 'private', user, where: 'dm', text: d.text, ...file, ...buttons };
}

/** The HTTP callback: each `say` a robot message signed as DingTalk signs it, posted to /dingtalk/events. */
export const dingtalkDriver: InteractiveDriverFactory = function dingtalkDriver(): InteractiveDriver {
  return dingtalkOver('http');
};

/** Stream mode: each `say` a CALLBACK frame on the WebSocket the official SDK opened to the stand-in gateway. */
export const dingtalkStreamDriver: InteractiveDriverFactory = function dingtalkStreamDriver(): InteractiveDriver {
  return dingtalkOver('stream');
};

/**
 * DingTalk through the adapter: a line typed in a group is a message that @-mentions the robot (DingTalk
 * removes that mention), `{leader}` etc. become @nick mentions listed in atUsers with the person's
 * userId; in a one-to-one chat every message is a command line. What the robot sent is read back from
 * the stand-in's record of sessionWebhook posts and send-API calls. A button sends its command into the
 * chat it sits in, as the person who pressed it (a dtmd:// link), so pressing it is that person typing it.
 */
function dingtalkOver(mode: 'http' | 'stream'): InteractiveDriver {
  let d: DingTalkHarness | undefined;
  const mention = (u: LogicalUser) => `@${DT_USERS[u].nick}`;

  async function typed(user: LogicalUser, chat: AnyChat, line: string): Promise<Delivery[]> {
    if (chat === 'human') throw new Error('DingTalk has no chat between two people that the robot is in');
    const since = d!.api.calls.length;
    await d!.send(user, CHATS[chat], expandUsers(line, mention));
    return d!.deliveries(since).map(fromDingTalk);
  }

  return {
    name: mode === 'http' ? 'dingtalk' : 'dingtalk-stream',
    async setup() {
      d = await createDingTalkHarness({ mode });
    },
    say: typed,
    userId: (user) => `dingtalk:${DT_USERS[user].staffId}`,
    // A robot is in no one-to-one chat between two people: DingTalk has no such place for it.
    extraChats: {},
    sayIn: typed,
    async press(user, on, button) {
      const chat = on.where ?? (on.to === 'group' ? on.chat : 'dm');
      if (!button.command || !chat) return [];
      return typed(user, chat, button.command);
    },
    async digest(at) {
      const since = d!.api.calls.length;
      await runDigestJob(d!.h, at);
      return d!.deliveries(since).map(fromDingTalk);
    },
    store: () => d!.h,
    async close() {
      await d?.close();
    },
  };
}
