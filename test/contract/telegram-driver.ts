import {
  createTelegramHarness, GROUP_ID, htmlToText, OTHER_GROUP_ID, TG_USERS,
  type TelegramHarness, type TgChatRef, type TgDelivery,
} from '../helpers/telegram-harness.ts';
import type { User } from 'grammy/types';
import {
  DISPLAY_NAMES, expandUsers, LOGICAL_USERS, runDigestJob,
  type AdapterDriver, type Delivery, type DriverFactory, type LogicalChat, type LogicalUser,
} from './driver.ts';

/** The cast as Telegram users: numeric ids 1001…1005, their usernames, and the contract's display names. */
const USERS: Record<LogicalUser, User> = Object.fromEntries(
  LOGICAL_USERS.map((u) => [u, { ...TG_USERS[u], first_name: DISPLAY_NAMES[u] }]),
) as Record<LogicalUser, User>;
const CHATS: Record<LogicalChat, TgChatRef> = { team: 'group', other: 'other', dm: 'dm' };

const userOfId = (id: number) => LOGICAL_USERS.find((u) => USERS[u].id === id);

/** Telegram's idiom in neutral terms: a group message is for the group; a private chat is one person's. */
export function fromTelegram(d: TgDelivery): Delivery {
  const file = d.file === undefined ? {} : { file: d.file };
  const text = htmlToText(d.text);
  if (d.chatId < 0) {
    const chat: LogicalChat | undefined = d.chatId === GROUP_ID ? 'team' : d.chatId === OTHER_GROUP_ID ? 'other' : undefined;
    return { to: 'group', ...(chat && { chat }), text, ...file };
  }
  // A private chat's id is its user's id.
  return { to: 'private', user: userOfId(d.chatId), text, ...file };
}

/**
 * Telegram through a real grammY Bot: each `say` is a real message update (with its bot_command and
 * mention entities) from the user's numeric id in the team's supergroup, the other group, or their
 * private chat; `{leader}` etc. become @usernames. What the bot sent is read back from the recording
 * stand-in for the Bot API. As Telegram requires before a bot may write to someone, every user of the
 * cast has opened a private chat with the bot (/start) during setup.
 */
export const telegramDriver: DriverFactory = function telegramDriver(): AdapterDriver {
  let t: TelegramHarness | undefined;
  const mention = (u: LogicalUser) => `@${USERS[u].username}`;
  return {
    name: 'telegram',
    async setup() {
      t = await createTelegramHarness({ env: { XC_ADMINS: `telegram:${USERS.admin.id}` } });
      for (const u of LOGICAL_USERS) await t.send(USERS[u], 'dm', '/start');
    },
    async say(user, chat, line) {
      const since = t!.calls.length;
      await t!.send(USERS[user], CHATS[chat], expandUsers(line, mention));
      return t!.deliveries(since).map(fromTelegram);
    },
    async digest(at) {
      const since = t!.calls.length;
      await runDigestJob(t!.h, at);
      return t!.deliveries(since).map(fromTelegram);
    },
    store: () => t!.h,
    async close() {
      await t?.close();
    },
  };
};
