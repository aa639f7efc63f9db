import {
  createTelegramHarness, GROUP_ID, htmlToText, OTHER_GROUP_ID, TG_USERS,
  type TelegramHarness, type TgChatRef, type TgDelivery,
} from '../helpers/telegram-harness.ts';
import type { User } from 'grammy/types';
import { allCommands } from '../../commands/index.ts';
import { messages } from '../../src/i18n/index.ts';
import { fieldLabel } from '../../src/usage.ts';
import {
  DISPLAY_NAMES, expandUsers, LOGICAL_USERS, runDigestJob,
  type Delivery, type DeliveryButton, type FormAnswers, type InteractiveDriver, type InteractiveDriverFactory,
  type LogicalChat, type LogicalUser,
} from './driver.ts';

/** The cast as Telegram users (test/helpers/telegram-harness.ts TG_USERS), their usernames, and the contract's display names. */
const USERS: Record<LogicalUser, User> = Object.fromEntries(
  LOGICAL_USERS.map((u) => [u, { ...TG_USERS[u], first_name: DISPLAY_NAMES[u] }]),
) as Record<LogicalUser, User>;
const CHATS: Record<LogicalChat, TgChatRef> = { team: 'group', other: 'other', dm: 'dm' };

const userOfId = (id: number) => LOGICAL_USERS.find((u) => USERS[u].id === id);

/** Dialogue buttons carry `xcf:<choice>` (the adapter's own data, not a command line). */
const FORM_DATA = /^xcf:/;
/** A dialogue step names its field as `标题（i/n）\n<label>：`. */
const STEP = /（\d+\/\d+）\n([^\n]+?)：/;
/** A second answer for a typed field whose first was refused: the leader owns it, a week from now. */
const RETRY: FormAnswers = { owner: '{leader}', due: '+7d' };
/** A form field's name by its label as the dialogue shows it (问题描述 → text). */
const FIELD_BY_LABEL = new Map(allCommands.flatMap((def) => (def.form ?? []).map((name) => [fieldLabel(def, name, messages('zh')), name] as const)));

/** The buttons of a message's inline keyboard: a command button runs its data, a dialogue button answers. */
function buttonsOf(d: TgDelivery): DeliveryButton[] | undefined {
  if (!d.keyboard?.length) return undefined;
  return d.keyboard.map((b) => ({ label: b.text, ...(b.data?.startsWith('/') ? { command: b.data } : b.data !== undefined && { data: b.data }) }));
}

/** Telegram's idiom in neutral terms: a group message is for the group; a private chat is one person's. */
export function fromTelegram(d: TgDelivery): Delivery {
  const file = d.file === undefined ? {} : { file: d.file, ...(d.data && { data: d.data }) };
  const text = htmlToText(d.text);
  const buttons = buttonsOf(d);
  const extra = { messageId: d.messageId, ...(buttons && { buttons }), ...(d.keyboard?.some((b) => FORM_DATA.test(b.data ?? '')) && { form: true as const }) };
  if (d.chatId < 0) {
    const chat: LogicalChat | undefined = d.chatId === GROUP_ID ? 'team' : d.chatId === OTHER_GROUP_ID ? 'other' : undefined;
    return { to: 'group', ...(chat && { chat, where: chat }), text, ...file, ...extra };
  }
  // A private chat's id is its user's id.
  return { to: 'private', user: userOfId(d.chatId), text, where: 'dm', ...file, ...extra };
}

/**
 * Telegram through a real grammY Bot: each `say` is a real message update (with its bot_command and
 * mention entities) from the user's numeric id in the team's supergroup, the other group, or their
 * private chat; `{leader}` etc. become @usernames. What the bot sent is read back from the recording
 * stand-in for the Bot API. As Telegram requires before a bot may write to someone, every user of the
 * cast has opened a private chat with the bot (/start) during setup.
 */
export const telegramDriver: InteractiveDriverFactory = function telegramDriver(): InteractiveDriver {
  let t: TelegramHarness | undefined;
  const mention = (u: LogicalUser) => `@${USERS[u].username}`;
  /** The latest question of the dialogue each user has open, wherever it is asked (the group, or their private chat). */
  const questions = new Map<LogicalUser, Delivery>();

  /**
   * Whether a message is a dialogue's question for `user`: option buttons, or a ForceReply that is theirs
   * (in their private chat, or naming them in a group).
   */
  function isQuestion(d: Delivery, raw: TgDelivery, user: LogicalUser): boolean {
    if (d.form) return true;
    const call = t!.calls.find((c) => c.method === 'sendMessage' && (c.result as { message_id?: number } | undefined)?.message_id === raw.messageId);
    const markup = call?.payload.reply_markup as { force_reply?: boolean } | undefined;
    return markup?.force_reply === true && (raw.chatId === USERS[user].id || raw.text.includes(`tg://user?id=${USERS[user].id}`));
  }

  /** What reached Telegram since call `at`; remembers a dialogue question `user` was asked where they typed or in private. */
  function since(at: number, user: LogicalUser, chat: LogicalChat): Delivery[] {
    const raw = t!.deliveries(at);
    const out = raw.map(fromTelegram);
    const places = new Set([t!.chatId(USERS[user], CHATS[chat]), USERS[user].id]);
    raw.forEach((r, i) => {
      if (places.has(r.chatId) && isQuestion(out[i]!, r, user)) questions.set(user, out[i]!);
    });
    return out;
  }

  /** One answer to a dialogue question, where it was asked, as the person gives it: a button pressed, or a reply typed. */
  async function answer(user: LogicalUser, q: Delivery, answers: FormAnswers, tries: number): Promise<Delivery[]> {
    const chat: LogicalChat = q.where === 'team' || q.where === 'other' ? q.where : 'dm';
    const label = STEP.exec(q.text)?.[1]?.trim() ?? '';
    const name = FIELD_BY_LABEL.get(label);
    const wanted = name === undefined ? undefined : answers[name];
    const at = t!.calls.length;
    const buttons = q.buttons ?? [];
    if (buttons.length) {
      const by = (data: string) => buttons.find((b) => b.data === `xcf:${data}`);
      const options = buttons.filter((b) => /^xcf:\d+$/.test(b.data ?? ''));
      const fits = typeof wanted === 'string' ? options.find((b) => b.label === wanted || b.label.startsWith(`${wanted} `)) : undefined;
      // A second try at the same field (the first was refused) takes the next option, so that the dialogue moves on.
      const pick = typeof wanted === 'boolean' ? by(wanted ? 'yes' : 'no') : (tries === 0 && fits) || by('skip') || options[tries % Math.max(1, options.length)] || by('no');
      if (!pick?.data) return [];
      await t!.press(USERS[user], CHATS[chat], pick.data, q.messageId);
    } else {
      const optional = q.text.includes('跳过');
      // Asked again (the answer was refused): what a person would try next.
      const value = tries === 0 ? wanted : name === undefined ? undefined : RETRY[name];
      const typed = typeof value === 'string' ? expandUsers(value, mention) : optional ? '跳过' : '无';
      await t!.send(USERS[user], CHATS[chat], typed, q.messageId === undefined ? {} : { replyTo: q.messageId });
    }
    return since(at, user, chat);
  }

  const driver: InteractiveDriver = {
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
    userId: (user) => `telegram:${USERS[user].id}`,
    // A bot is never in a private chat between two people: Telegram has no such place.
    extraChats: {},
    async sayIn(user, chat, line) {
      if (chat === 'human') throw new Error('Telegram has no chat between two people that a bot is in');
      const at = t!.calls.length;
      await t!.send(USERS[user], CHATS[chat], expandUsers(line, mention));
      return since(at, user, chat);
    },
    async press(user, on, button) {
      const chat = on.where ?? (on.to === 'group' ? on.chat : 'dm');
      const data = button.command ?? button.data;
      if (!data || !chat || chat === 'human') return [];
      const at = t!.calls.length;
      await t!.press(USERS[user], CHATS[chat], data, on.messageId);
      return since(at, user, chat);
    },
    // The dialogue `user` opened last, wherever the bot asks its questions (the group where it was
    // started, or the person's private chat).
    async fill(user, _chat, answers) {
      const out: Delivery[] = [];
      const asked = new Map<string, number>();
      let stuck: Delivery | undefined;
      for (let q = questions.get(user), step = 0; q; q = questions.get(user), step++) {
        const label = STEP.exec(q.text)?.[1] ?? '';
        const tries = asked.get(label) ?? 0;
        asked.set(label, tries + 1);
        if (tries >= 3 || step >= 16) {
          stuck = q;
          break;
        }
        questions.delete(user);
        out.push(...(await answer(user, q, answers, tries)));
      }
      // A dialogue that cannot be completed is cancelled, as a person would.
      if (stuck) {
        questions.delete(user);
        const at = t!.calls.length;
        await t!.send(USERS[user], stuck.where === 'team' || stuck.where === 'other' ? CHATS[stuck.where] : 'dm', '/cancel');
        out.push(...t!.deliveries(at).map(fromTelegram));
      }
      return out;
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
  return driver;
};
