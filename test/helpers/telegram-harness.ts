/**
 * The Telegram adapter over a real bot and a real grammY Bot, with only Telegram itself faked: a
 * preset botInfo (no getMe) and a recording API transformer standing in for the Bot API (grammY's own
 * tests do the same). Updates are built from the real update objects in test/fixtures/telegram/ and
 * handed to `bot.handleUpdate`, exactly as long polling or the webhook would.
 *
 * Stable API (the adapter contract driver builds on it):
 * - `send(user, chat, text)` / `press(user, chat, data)`: a user types a line / presses a button.
 * - `calls`: every Bot API call the adapter made, in order; `deliveries(since)`: the messages among them.
 * - `failNext(method, error)`: the stand-in answers the next call of `method` with that error.
 * - `restart()`: the bot and adapter torn down and started again on the same store, facing the same Telegram.
 */
import { readFileSync } from 'node:fs';
import { InputFile, type Transformer } from 'grammy';
import type { InlineKeyboardButton, Message, MessageEntity, ResponseParameters, Update, User, UserFromGetMe } from 'grammy/types';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/telegram.ts';
import { allCommands } from '../../commands/index.ts';
import { createHarness, type Harness } from './harness.ts';

/** A token the config accepts; nothing ever reaches Telegram with it. */
export const TELEGRAM_TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const BOT_USERNAME = 'xuncha_bot';

/** The bot as getMe would describe it; preset, so grammY never calls getMe. */
export const BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: '巡察助手',
  username: BOT_USERNAME,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** The team's supergroup, and a second group bound to no team. */
export const GROUP_ID = -100123;
export const OTHER_GROUP_ID = -100456;
const GROUP_TITLES: Record<number, string> = { [GROUP_ID]: '第一巡察组工作群', [OTHER_GROUP_ID]: '县委办公室闲聊群' };

/** The usual cast, by role: numeric ids 1001…1005, the deputy's 1009 and the supervisor's 1011 (1006 is 李四 of the text-mention fixture, 1010 张三 of the mention tests); a private chat's id equals the user's id. */
export type CastName = 'admin' | 'leader' | 'member' | 'liaison' | 'outsider' | 'deputy' | 'supervisor';
export const TG_USERS: Readonly<Record<CastName, User>> = {
  admin: { id: 1001, is_bot: false, first_name: '周主任', username: 'zhouzr', language_code: 'zh-hans' },
  leader: { id: 1002, is_bot: false, first_name: '王强', username: 'wangqiang', language_code: 'zh-hans' },
  member: { id: 1003, is_bot: false, first_name: '李娜', username: 'lina_xc', language_code: 'zh-hans' },
  liaison: { id: 1004, is_bot: false, first_name: '赵敏', username: 'zhaomin', language_code: 'zh-hans' },
  outsider: { id: 1005, is_bot: false, first_name: '陈路', username: 'chenlu', language_code: 'zh-hans' },
  deputy: { id: 1009, is_bot: false, first_name: '孙丽', username: 'sunli_xc', language_code: 'zh-hans' },
  supervisor: { id: 1011, is_bot: false, first_name: '钱进', username: 'qianjin_xc', language_code: 'zh-hans' },
};

/** Someone from the cast, or any Telegram user (e.g. one without a username). */
export type TgUserRef = CastName | User;
/** 'group' (-100123), 'other' (-100456), 'dm' (the user's private chat), or a chat id. */
export type TgChatRef = 'group' | 'other' | 'dm' | number;

/** An error as the Bot API answers it: `{ ok: false, error_code, description, parameters? }`. */
export interface TgApiError {
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** Ready-made Bot API errors. */
export const TG_ERRORS = {
  cannotInitiate: { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
  blocked: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  tooManyRequests: (retryAfter = 1): TgApiError => ({ error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }),
} as const satisfies Record<string, TgApiError | ((n?: number) => TgApiError)>;

/** One Bot API call as the adapter made it; `failed` when the stand-in answered with an error. */
export interface TgCall {
  method: string;
  payload: Record<string, unknown>;
  result?: unknown;
  failed?: TgApiError;
  /** The file a sendDocument or sendPhoto uploaded: its name and bytes, as grammY would have sent them. */
  upload?: { name?: string; data?: Uint8Array };
}

/** A button of an inline keyboard, flattened: its label and its callback data or URL. */
export interface TgButton {
  text: string;
  data?: string;
  url?: string;
}

/** A message that reached a chat (sendMessage, or sendDocument or sendPhoto with its caption as text). */
export interface TgDelivery {
  /** The chat: GROUP_ID, OTHER_GROUP_ID, or a user id for their private chat. */
  chatId: number;
  /** The message as sent: Telegram HTML (see `htmlToText`). */
  text: string;
  /** The message id the stand-in gave it (for `press`). */
  messageId: number;
  /** The name of an attached document or photo. */
  file?: string;
  /** Its bytes. */
  data?: Uint8Array;
  /** Sent as a photo (shown in the chat), not as a document to download. */
  photo?: true;
  /** Its inline keyboard, flattened row by row. */
  keyboard?: TgButton[];
}

export interface TelegramHarnessOptions {
  /** Extra environment (e.g. TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET); admins default to telegram:1001. */
  env?: Record<string, string>;
  /** The bot's fixed clock (default 2026-11-25T09:00+08:00). */
  now?: string;
  /** Run grammY's throttler (real timers: slow). Default off. */
  throttle?: boolean;
  /** The SQLite file to open (default: a new one in a temp folder, removed on close); a given file is kept. */
  file?: string;
}

export interface BuildOptions {
  /** Users named in `text` by their first name, sent as text_mention entities (people without a username). */
  textMentions?: User[];
  /** The bot message this one replies to (default for plain text: the bot's last message in that chat); false for none. */
  replyTo?: number | false;
  /** Use this update_id instead of a fresh one. */
  updateId?: number;
}

export interface TelegramHarness {
  /** The core harness (bot, store, clock, config, logs). */
  h: Harness;
  adapter: TelegramAdapter;
  /** Every Bot API call, in order (index into it for `deliveries(since)`). */
  calls: TgCall[];
  /** The stand-in answers the next call of `method` (to `chatId`, if given) with `error`. */
  failNext(method: string, error: TgApiError, chatId?: number): void;
  /** Build the update a user typing `text` in `chat` produces: fresh update_id, bot_command/mention entities. */
  build(user: TgUserRef, chat: TgChatRef, text: string, options?: BuildOptions): Update;
  /** Hand an update to the bot (as polling or the webhook would), then deliver the outbox; resolves when idle. */
  handle(update: Update): Promise<void>;
  /** `user` types `text` in `chat`: build + handle. */
  send(user: TgUserRef, chat: TgChatRef, text: string, options?: BuildOptions): Promise<void>;
  /** `user` presses the button carrying `data` on the bot's message `messageId` (default: the last one in `chat` with that button). */
  press(user: TgUserRef, chat: TgChatRef, data: string, messageId?: number): Promise<void>;
  /** The messages sent since `since` (an index into `calls`); failed calls are left out. */
  deliveries(since?: number): TgDelivery[];
  /** The Telegram user of a cast name (or the user itself). */
  user(ref: TgUserRef): User;
  /** The chat id a chat reference stands for, for `user`. */
  chatId(user: TgUserRef, chat: TgChatRef): number;
  /**
   * A restart: this bot is torn down (the adapter stopped, the store closed, its file kept) and a new bot
   * and adapter start on the same file, at the same clock time, facing the same Telegram: `calls`, the
   * messages sent and the update ids go on. Use the harness it returns; closing that one removes the file.
   */
  restart(): Promise<TelegramHarness>;
  close(): Promise<void>;
}

/** Telegram's side, which outlives a restart of the bot: the calls made to it, its messages, its ids. */
interface FakeTelegram {
  calls: TgCall[];
  failures: Array<{ method: string; error: TgApiError; chatId?: number }>;
  sent: Map<string, Message>;
  seq: { message: number; update: number; callback: number };
}

const fixtureDir = new URL('../fixtures/telegram/', import.meta.url);

/** The Bot API methods that put a message in a chat: a text, a document (the workbook), a photo (a chart). */
const SENDS = new Set(['sendMessage', 'sendDocument', 'sendPhoto']);

/** A fresh copy of a fixture in test/fixtures/telegram/ (group-command, private-command, mention, …). */
export function telegramFixture(name: string): Update {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixtureDir), 'utf8')) as Update;
}

/** What a person sees of a Telegram HTML message: tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The entities Telegram attaches to typed text: a leading /command[@bot] and every @username. */
export function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/(?<![A-Za-z0-9_@/])@[A-Za-z0-9_]{5,32}/g)) {
    entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  }
  return entities;
}

function flatKeyboard(markup: unknown): TgButton[] | undefined {
  const rows = (markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard;
  if (!rows) return undefined;
  return rows.flat().map((b) => ({
    text: b.text,
    ...('callback_data' in b && b.callback_data !== undefined && { data: b.callback_data }),
    ...('url' in b && b.url !== undefined && { url: b.url }),
  }));
}

/** Start a bot with the Telegram adapter in front of it and a recording stand-in behind it. */
export function createTelegramHarness(options: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
  return startTelegramHarness(options, { calls: [], failures: [], sent: new Map(), seq: { message: 1000, update: 900_000_000, callback: 0 } });
}

/** A bot and adapter facing `telegram`; `cleanup` runs after this one's own close (what an earlier harness left). */
async function startTelegramHarness(options: TelegramHarnessOptions, telegram: FakeTelegram, cleanup?: () => Promise<void>): Promise<TelegramHarness> {
  const h = await createHarness({
    env: { XC_ADMINS: `telegram:${TG_USERS.admin.id}`, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, ...options.env },
    ...(options.now && { now: options.now }),
    ...(options.file && { file: options.file }),
  });
  if (!h.config.telegram) throw new Error('the harness config has no Telegram settings');
  const { calls, failures, sent, seq } = telegram;
  const date = () => Math.floor(h.clock.now().getTime() / 1000);
  const botUser: User = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };

  function userOf(ref: TgUserRef): User {
    return typeof ref === 'string' ? TG_USERS[ref] : ref;
  }
  function chatIdOf(ref: TgUserRef, chat: TgChatRef): number {
    if (chat === 'group') return GROUP_ID;
    if (chat === 'other') return OTHER_GROUP_ID;
    if (chat === 'dm') return userOf(ref).id;
    return chat;
  }
  function chatObject(id: number, user?: User): Message['chat'] {
    if (id < 0) return { id, title: GROUP_TITLES[id] ?? `群 ${id}`, type: 'supergroup' };
    const who = user?.id === id ? user : Object.values(TG_USERS).find((u) => u.id === id);
    return { id, type: 'private', first_name: who?.first_name ?? String(id), ...(who?.username && { username: who.username }) };
  }

  /** What the stand-in answers for a successful call. */
  function answer(method: string, p: Record<string, unknown>): unknown {
    const chatId = Number(p.chat_id);
    const base = () => ({ message_id: ++seq.message, from: botUser, chat: chatObject(chatId), date: date() });
    switch (method) {
      case 'getMe':
        return BOT_INFO;
      case 'sendMessage':
        return { ...base(), text: String(p.text ?? ''), ...(p.reply_markup !== undefined && { reply_markup: p.reply_markup }) };
      case 'sendDocument': {
        const doc = p.document as { filename?: string } | undefined;
        return {
          ...base(),
          document: { file_id: `BQACAgIAAxk${seq.message}`, file_unique_id: `AgAD${seq.message}`, file_name: doc?.filename ?? 'file' },
          ...(p.caption !== undefined && { caption: String(p.caption) }),
        };
      }
      case 'sendPhoto':
        // Telegram keeps no file name for a photo: it answers with the sizes it made of it.
        return {
          ...base(),
          photo: [{ file_id: `AgACAgIAAxk${seq.message}`, file_unique_id: `AQAD${seq.message}`, width: 800, height: 600 }],
          ...(p.caption !== undefined && { caption: String(p.caption) }),
        };
      case 'getUpdates':
        return [];
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: 0 };
      default:
        // setMyCommands, setWebhook, deleteWebhook, answerCallbackQuery, … all answer true.
        return true;
    }
  }

  /** What a call uploads: the InputFile grammY would stream to Telegram, read as the bytes the adapter gave it. */
  async function uploadOf(p: Record<string, unknown>): Promise<TgCall['upload']> {
    const file = p.document ?? p.photo;
    if (!(file instanceof InputFile)) return undefined;
    const raw = await file.toRaw();
    return { name: file.filename, ...(raw instanceof Uint8Array && { data: raw }) };
  }

  // Installed first, so it runs last: after the throttler and auto-retry, as Telegram itself would.
  const standIn: Transformer = async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    const upload = await uploadOf(p);
    const at = failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === Number(p.chat_id)));
    if (at >= 0) {
      const { error } = failures.splice(at, 1)[0]!;
      calls.push({ method, payload: p, failed: error, ...(upload && { upload }) });
      return { ok: false, ...error } as never;
    }
    const result = answer(method, p);
    calls.push({ method, payload: p, result, ...(upload && { upload }) });
    if (SENDS.has(method)) {
      const m = result as Message;
      sent.set(`${m.chat.id}:${m.message_id}`, m);
    }
    return { ok: true, result } as never;
  };

  const families = [...new Set(allCommands.map((c) => c.family))];
  const adapter = createTelegramAdapter({
    bot: h.bot,
    telegram: h.config.telegram,
    log: h.log,
    families,
    botInfo: BOT_INFO,
    transformers: [standIn],
    throttle: options.throttle ?? false,
  });
  h.bot.connect(adapter);

  /** The bot's latest message in a chat, optionally only one with a button carrying `data`. */
  function lastBotMessage(chatId: number, data?: string): Message | undefined {
    const mine = [...sent.values()].filter((m) => m.chat.id === chatId);
    const fits = data === undefined ? mine : mine.filter((m) => flatKeyboard(m.reply_markup)?.some((b) => b.data === data));
    return fits.at(-1);
  }

  function build(userRef: TgUserRef, chat: TgChatRef, text: string, opts: BuildOptions = {}): Update {
    const from = userOf(userRef);
    const chatId = chatIdOf(userRef, chat);
    const isCommand = text.startsWith('/');
    const template = telegramFixture(isCommand ? (chatId < 0 ? 'group-command' : 'private-command') : 'private-text');
    const entities = entitiesOf(text);
    for (const u of opts.textMentions ?? []) {
      const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
      const offset = text.indexOf(name, entities[0]?.type === 'bot_command' ? entities[0].length : 0);
      if (offset < 0) throw new Error(`text mention: "${name}" is not in ${text}`);
      entities.push({ type: 'text_mention', offset, length: name.length, user: u });
    }
    entities.sort((a, b) => a.offset - b.offset);
    const replyTo = opts.replyTo === false ? undefined : opts.replyTo !== undefined ? sent.get(`${chatId}:${opts.replyTo}`) : isCommand ? undefined : lastBotMessage(chatId);
    const { reply_to_message: _ignored, entities: _old, ...rest } = template.message!;
    const message = {
      ...rest,
      message_id: ++seq.message,
      from,
      chat: chatObject(chatId, from),
      date: date(),
      text,
      ...(entities.length && { entities }),
      ...(replyTo && { reply_to_message: replyTo }),
    } as Message;
    return { update_id: opts.updateId ?? ++seq.update, message } as Update;
  }

  async function handle(update: Update): Promise<void> {
    await adapter.bot.handleUpdate(update);
    // A command may have queued notices (a task owner's); the core flushes them in the background.
    await h.bot.flush();
  }

  let closed = false;
  return {
    h,
    adapter,
    calls,
    failNext(method, error, chatId) {
      failures.push({ method, error, ...(chatId !== undefined && { chatId }) });
    },
    build,
    handle,
    send: (user, chat, text, opts) => handle(build(user, chat, text, opts)),
    async press(userRef, chat, data, messageId) {
      const from = userOf(userRef);
      const chatId = chatIdOf(userRef, chat);
      const message =
        (messageId !== undefined ? sent.get(`${chatId}:${messageId}`) : lastBotMessage(chatId, data)) ??
        ({ message_id: ++seq.message, from: botUser, chat: chatObject(chatId), date: date(), text: '…', reply_markup: { inline_keyboard: [[{ text: data, callback_data: data }]] } } as Message);
      const template = telegramFixture('callback-query');
      const update = {
        update_id: ++seq.update,
        callback_query: {
          ...template.callback_query!,
          id: String(4382905132740196021n + BigInt(++seq.callback)),
          from,
          message,
          chat_instance: String(-5817452196307491832n - BigInt(chatId)),
          data,
        },
      } as Update;
      await handle(update);
    },
    deliveries(since = 0) {
      return calls.slice(since).flatMap((c): TgDelivery[] => {
        if (c.failed || !SENDS.has(c.method)) return [];
        const p = c.payload;
        const keyboard = flatKeyboard(p.reply_markup);
        const file = c.upload?.name;
        return [{
          chatId: Number(p.chat_id),
          text: String((c.method === 'sendMessage' ? p.text : p.caption) ?? ''),
          messageId: (c.result as Message).message_id,
          ...(file !== undefined && { file }),
          ...(c.upload?.data && { data: c.upload.data }),
          ...(c.method === 'sendPhoto' && { photo: true as const }),
          ...(keyboard && { keyboard }),
        }];
      });
    },
    user: userOf,
    chatId: chatIdOf,
    async restart() {
      if (closed) throw new Error('restart: this harness is closed');
      closed = true;
      await h.bot.flush();
      await adapter.stop();
      await h.close();
      const now = h.clock.now().toISOString();
      return startTelegramHarness({ ...options, file: h.file, now }, telegram, async () => {
        await h.dispose();
        await cleanup?.();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await h.bot.flush();
      await adapter.stop();
      await h.dispose();
      await cleanup?.();
    },
  };
}

/**
 * A team set up the Telegram way, by the admin's commands in the team's group: 第一巡察组 with units
 * 城关镇 and 东关村; leader, member and liaison (城关镇) added by @username after each of them has
 * opened a private chat with the bot (/start), as Telegram needs before the bot may write to them.
 */
export async function withTelegramTeam(t: TelegramHarness): Promise<void> {
  for (const who of ['leader', 'member', 'liaison', 'outsider'] as const) await t.send(who, 'dm', '/start');
  const u = (who: CastName) => `@${TG_USERS[who].username}`;
  const setup = [
    '/team create 第一巡察组',
    '/team unit add 城关镇',
    '/team unit add 东关村',
    `/team add ${u('leader')} 组长`,
    `/team add ${u('member')} 组员`,
    `/team add ${u('liaison')} 联络员 --unit 城关镇`,
  ];
  for (const line of setup) {
    const since = t.calls.length;
    await t.send('admin', 'group', line);
    const out = t.deliveries(since);
    if (out.length !== 1 || out[0]!.chatId !== GROUP_ID) throw new Error(`setup failed at ${line}: ${JSON.stringify(out)}`);
  }
}
