import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { BotError, Bot as Grammy, GrammyError, InputFile, webhookCallback, type Context, type Transformer } from 'grammy';
import type { MessageEntity, UserFromGetMe } from 'grammy/types';
import type { Adapter, AdapterHost, Route } from '../../src/adapter.ts';
import type { Config } from '../../src/config.ts';
import type { FormField, FormValues } from '../../src/forms.ts';
import type { Logger } from '../../src/logger.ts';
import type { Sender } from '../../src/outbox.ts';
import type { Incoming, Outgoing, Reply } from '../../src/types.ts';
import { createDialogueStore, formToKeep, type Dialogue, type DialogueAt, type Origin } from './dialogues.ts';
import { escapeHtml, isPrivate, keyboard, toMessages } from './format.ts';

/** Dialogue buttons carry `xcf:<choice>`; command buttons carry the command line itself. */
const FORM_PREFIX = 'xcf:';

export interface TelegramAdapterOptions {
  bot: AdapterHost;
  telegram: NonNullable<Config['telegram']>;
  log: Logger;
  /** The command families (/team, /finding, …). */
  families: readonly string[];
  /** Tests: the bot's identity, so no getMe call is made. */
  botInfo?: UserFromGetMe;
  /** Tests: transformers installed first (they run last), such as a recorder standing in for Telegram. */
  transformers?: Transformer[];
  /** The throttler keeps to Telegram's rate limits with real timers; tests turn it off. */
  throttle?: boolean;
}

/** What a dialogue button's choice answers for `field`; `invalid` for data no button of it carries. */
function choiceValue(field: FormField, choice: string): string | boolean | undefined | 'invalid' {
  if (choice === 'skip') return field.optional ? undefined : 'invalid';
  if (field.kind === 'flag') return choice === 'yes' ? true : choice === 'no' ? false : 'invalid';
  if (!/^\d+$/.test(choice)) return 'invalid';
  return field.options?.[Number(choice)]?.value ?? 'invalid';
}

/** `values` with `name` set to `value`, or without it for undefined: a field skipped, or sent back to be answered again. */
function withValue(values: FormValues, name: string, value: string | boolean | undefined): FormValues {
  const next = { ...values };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}

/** A command's text with Telegram's text mentions (people without a username) written as their ids. */
function withMentions(text: string, entities: MessageEntity[] = []): string {
  let out = text;
  for (const e of [...entities].sort((a, b) => b.offset - a.offset)) {
    if (e.type === 'text_mention') out = `${out.slice(0, e.offset)}telegram:${e.user.id}${out.slice(e.offset + e.length)}`;
  }
  return out;
}

/**
 * Telegram through grammY: commands in groups and private chats, inline keyboards, step-by-step
 * dialogues for forms (kept in the store, so that a restart does not lose them); HTML messages split
 * at Telegram's limit; private answers by direct message.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions) {
  const { bot: xc, telegram, log } = options;
  const t = xc.t;
  const tg = new Grammy(telegram.token, { botInfo: options.botInfo, client: telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {} });
  for (const transformer of options.transformers ?? []) tg.api.config.use(transformer);
  // Installed after the stand-in so that they run before it: a 429 is retried, never dropped.
  tg.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120 }));
  if (options.throttle !== false) tg.api.config.use(apiThrottler());
  const dialogues = createDialogueStore(xc.records('telegram'), xc.clock);
  const claimed = new Set<string>();

  const nameOf = (from: { id: number; first_name: string; last_name?: string; username?: string }) =>
    [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || String(from.id);

  function origin(ctx: Context): Origin {
    const from = ctx.from!;
    return { chatId: ctx.chat!.id, userId: from.id, userName: nameOf(from), kind: ctx.chat!.type === 'private' ? 'dm' : 'group' };
  }

  /** What the core gets for the update `updateId`: its delivery id lets the core apply a change of it once. */
  function incoming(o: Origin, updateId: number, command: string, text: string, raw?: unknown): Incoming {
    return {
      platform: 'telegram',
      user: `telegram:${o.userId}`,
      userName: o.userName,
      chat: { id: `telegram:${o.chatId}`, kind: o.kind },
      command,
      text,
      raw,
      deliveryId: String(updateId),
    };
  }

  async function sendTo(chatId: number, reply: Reply): Promise<void> {
    if (reply.file) {
      const caption = reply.text.trim() ? toMessages(reply.text, 1024)[0] : undefined;
      const file = new InputFile(Buffer.from(reply.file.data), reply.file.name);
      // A chart is a photo, shown in the chat; anything else (the workbook) a document to download.
      if (reply.file.mime.startsWith('image/')) await tg.api.sendPhoto(chatId, file, { caption, parse_mode: 'HTML' });
      else await tg.api.sendDocument(chatId, file, { caption, parse_mode: 'HTML' });
      return;
    }
    const messages = toMessages(reply.text);
    for (const [i, text] of messages.entries()) {
      const markup = i === messages.length - 1 ? keyboard(reply.actions) : undefined;
      await tg.api.sendMessage(chatId, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(markup && { reply_markup: markup }) });
    }
  }

  /** Telegram refuses to write first to someone who never opened a chat with the bot. */
  function cannotInitiate(err: unknown): boolean {
    return err instanceof GrammyError && (err.error_code === 403 || /chat not found/i.test(err.description));
  }

  /** Nothing secret goes to the group: only a note with a link to open a private chat with the bot. */
  async function openPrivateNote(o: Origin): Promise<void> {
    const link = `https://t.me/${tg.botInfo.username}?start=xc`;
    await tg.api.sendMessage(o.chatId, escapeHtml(t.telegram.openPrivate(o.userName)), {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: t.telegram.openPrivateButton, url: link }]] },
    });
  }

  /** The chat gets what is for the chat; what is for the asker goes to them privately, never to the group. */
  async function deliver(o: Origin, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      if (!isPrivate(reply) || o.kind === 'dm') {
        await sendTo(o.chatId, reply);
        continue;
      }
      try {
        // Nothing goes to the group, not even a note: the private message itself notifies the asker.
        await sendTo(o.userId, reply);
      } catch (err) {
        if (!cannotInitiate(err)) throw err;
        await openPrivateNote(o);
      }
    }
  }

  /**
   * Save the dialogue at its current field, then ask for it, then note the message that asked. Saved
   * first: a crash before the question is sent resumes at this field, never at the one before.
   */
  async function ask(d: Dialogue, before?: string): Promise<void> {
    const unasked: Dialogue = { ...d, questionId: undefined };
    await dialogues.save(unasked);
    const field = d.form.fields[d.index]!;
    const step = escapeHtml([before, t.dialogue.step(d.form.title, d.index + 1, d.form.fields.length, field.label), t.dialogue.typeHint[field.kind]].filter(Boolean).join('\n'));
    let question: { message_id: number };
    if (field.kind === 'select' || field.kind === 'flag') {
      const buttons: Array<{ text: string; callback_data: string }> = [];
      if (field.kind === 'select') (field.options ?? []).slice(0, 30).forEach((o, i) => buttons.push({ text: o.label, callback_data: `${FORM_PREFIX}${i}` }));
      else buttons.push({ text: t.dialogue.yes, callback_data: `${FORM_PREFIX}yes` }, { text: t.dialogue.no, callback_data: `${FORM_PREFIX}no` });
      if (field.optional) buttons.push({ text: t.dialogue.skip, callback_data: `${FORM_PREFIX}skip` });
      buttons.push({ text: t.dialogue.cancel, callback_data: `${FORM_PREFIX}cancel` });
      const rows = Array.from({ length: Math.ceil(buttons.length / 2) }, (_, r) => buttons.slice(r * 2, r * 2 + 2));
      question = await tg.api.sendMessage(d.talk.chatId, step, { parse_mode: 'HTML', reply_markup: { inline_keyboard: rows } });
    } else {
      question = await tg.api.sendMessage(d.talk.chatId, `${step}\n${escapeHtml(t.dialogue.typed(field.optional ?? false))}`, {
        parse_mode: 'HTML',
        reply_markup: { force_reply: true, input_field_placeholder: field.label.slice(0, 64) },
      });
    }
    await dialogues.save({ ...unasked, questionId: question.message_id, firstQuestionId: d.firstQuestionId ?? question.message_id });
  }

  /** Take `value` (undefined: skipped) for the current field, then ask the next one or run the filled form. */
  async function answer(d: Dialogue, value: string | boolean | undefined, updateId: number): Promise<void> {
    const field = d.form.fields[d.index]!;
    const values = withValue(d.values, field.name, value);
    if (d.index + 1 < d.form.fields.length) return ask({ ...d, index: d.index + 1, values });
    // The filled form runs as the typed command would; an error sends the person back to that field.
    const replies = await xc.submit(incoming(d.origin, updateId, '', ''), d.form.command, values);
    const error = replies.find((r) => r.error);
    const at = error?.field ? d.form.fields.findIndex((f) => f.name === error.field) : -1;
    if (error && at >= 0) return ask({ ...d, index: at, values: withValue(values, error.field!, undefined) }, t.dialogue.retry(error.text));
    // Removed once the form has run: a crash before this leaves the last step open, and the person's
    // second press runs the form again, which the core answers with the record it made the first time
    // (the same create by the same person within minutes is made once).
    await dialogues.remove(d.talk);
    await deliver(d.origin, replies);
  }

  /** The person's private chat with the bot, where their dialogue lives (its key, whatever chat they are in). */
  const talkOf = (o: Origin): DialogueAt => ({ chatId: o.userId, userId: o.userId });

  // A repeated update (a webhook retried, a poll replayed after a crash) is processed once.
  tg.use(async (ctx, next) => {
    if (await xc.firstDelivery('telegram', String(ctx.update.update_id))) await next();
  });

  // Someone added as @username before they ever wrote is matched the first time they do. Whoever writes,
  // or is named by a text mention, is remembered by name: cards and lists show names, not numeric ids.
  tg.use(async (ctx, next) => {
    if (ctx.from && !ctx.from.is_bot) await xc.people.remember(`telegram:${ctx.from.id}`, nameOf(ctx.from));
    for (const e of ctx.msg?.entities ?? []) {
      if (e.type === 'text_mention' && !e.user.is_bot) await xc.people.remember(`telegram:${e.user.id}`, nameOf(e.user));
    }
    const username = ctx.from?.username;
    if (username && !claimed.has(username)) {
      await xc.people.claim('telegram', username, `telegram:${ctx.from!.id}`);
      claimed.add(username);
    }
    await next();
  });

  tg.command('start', (ctx) => sendTo(ctx.chat.id, { text: t.telegram.start, visibility: 'chat', quotes: [] }));

  tg.command('cancel', async (ctx) => {
    const o = origin(ctx);
    // A form is filled in private: /cancel typed in the chat it was asked for in cancels it too.
    const talk = talkOf(o);
    const had = await dialogues.exclusive(talk, async () => {
      const open = await dialogues.open(talk);
      if (open) await dialogues.remove(talk);
      return open !== undefined;
    });
    await sendTo(o.chatId, { text: had ? t.dialogue.cancelled : t.dialogue.none, visibility: 'chat', quotes: [] });
  });

  tg.command([...options.families], async (ctx) => {
    const o = origin(ctx);
    const entity = ctx.msg.entities?.[0];
    const full = withMentions(ctx.msg.text ?? '', ctx.msg.entities);
    const command = (ctx.msg.text ?? '').slice(1, entity?.length ?? 1).split('@')[0]!.toLowerCase();
    // After the command entity, whatever the space: people type a full-width one (U+3000) too.
    const text = full.slice(entity?.length ?? 0).replace(/^\s+/, '');
    const msg = incoming(o, ctx.update.update_id, command, text, ctx.update);
    // A form is filled in the private chat, whatever chat it was asked for in: what a person types into
    // it (a finding, a measure) and the records it offers are not for the group.
    const done = await xc.handle(msg, { formShownIn: 'private' });
    if ('replies' in done) return deliver(o, done.replies);
    const talk: Origin = { ...o, chatId: o.userId, kind: 'dm' };
    const d: Dialogue = { form: formToKeep(done.form), index: 0, values: {}, origin: o, talk, lastStepAt: xc.clock.now().toISOString() };
    const started = await dialogues.exclusive(talk, async () => {
      // One dialogue per person: a new form takes the place of one still open, and says so.
      const replaced = await dialogues.open(talk);
      try {
        await ask(d, replaced && t.dialogue.replaced(replaced.form.title));
        return true;
      } catch (err) {
        if (!cannotInitiate(err)) throw err;
        // The private chat cannot be opened: no dialogue (nor the one replaced, which lived there too).
        await dialogues.remove(talk);
        return false;
      }
    });
    if (!started) return openPrivateNote(o);
    if (o.kind === 'group') await sendTo(o.chatId, { text: t.dialogue.inPrivate(o.userName, d.form.title), visibility: 'chat', quotes: [] });
  });

  tg.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery();
    const data = ctx.callbackQuery.data;
    if (!ctx.chat || !ctx.from) return;
    const o = origin(ctx);
    if (data.startsWith(FORM_PREFIX)) {
      // Dialogue questions are asked in the private chat only.
      if (o.kind !== 'dm') return;
      const talk = talkOf(o);
      const pressedOn = ctx.callbackQuery.message?.message_id;
      return dialogues.exclusive(talk, async () => {
        const d = await dialogues.open(talk);
        if (!d) return;
        // The question was never sent (a crash after the step was saved): the button answered the field
        // before, already taken. Ask the question now.
        if (d.questionId === undefined) return ask(d);
        const choice = data.slice(FORM_PREFIX.length);
        // Cancel on any question of this dialogue: a typed question has no button, the one before has.
        if (choice === 'cancel' && pressedOn !== undefined && pressedOn >= (d.firstQuestionId ?? d.questionId)) {
          await dialogues.remove(talk);
          return sendTo(o.chatId, { text: t.dialogue.cancelled, visibility: 'chat', quotes: [] });
        }
        // A button of an earlier question, or of a dialogue since replaced: a second tap, or an old message.
        if (pressedOn !== d.questionId || choice === 'cancel') return;
        const value = choiceValue(d.form.fields[d.index]!, choice);
        if (value !== 'invalid') await answer(d, value, ctx.update.update_id);
      });
    }
    // A button runs its command as the person who pressed it: the core checks their role again.
    const line = /^\/(\S+)\s*(.*)$/s.exec(data);
    if (line) await deliver(o, await xc.dispatch(incoming(o, ctx.update.update_id, line[1]!, line[2]!, ctx.update)));
  });

  // Any other command: answered in a private chat, and in a group when addressed to this bot by name;
  // a command for another bot, or a bare one in a group that may hold other bots, is left alone.
  tg.on('message:entities:bot_command', async (ctx, next) => {
    const entity = ctx.msg.entities[0]!;
    if (entity.offset !== 0 || entity.type !== 'bot_command') return next();
    const [name = '', target] = (ctx.msg.text ?? '').slice(1, entity.length).split('@');
    const ours = target?.toLowerCase() === tg.botInfo.username.toLowerCase();
    if (target && !ours) return;
    const o = origin(ctx);
    if (o.kind === 'group' && !ours) return;
    await deliver(o, await xc.dispatch(incoming(o, ctx.update.update_id, name.toLowerCase(), '', ctx.update)));
  });

  tg.on('message:text', async (ctx) => {
    const o = origin(ctx);
    // Answers are typed in the private chat: a line in a group is never one.
    if (o.kind !== 'dm') return;
    const talk = talkOf(o);
    await dialogues.exclusive(talk, async () => {
      const d = await dialogues.open(talk);
      if (!d) return;
      // The question was never sent (a crash after the step was saved): the line answered the field
      // before, already taken. Ask the question now.
      if (d.questionId === undefined) return ask(d);
      const text = withMentions(ctx.msg.text, ctx.msg.entities);
      const skip = d.form.fields[d.index]!.optional && text.trim() === t.dialogue.skip;
      await answer(d, skip ? undefined : text, ctx.update.update_id);
    });
  });

  /** One line per failed update: its id and the error, never what was typed. */
  function logFailure(err: BotError): void {
    log.error({ update: err.ctx.update.update_id, err: { name: err.error instanceof Error ? err.error.name : 'unknown', message: err.error instanceof Error ? err.error.message : String(err.error) } }, 'telegram handler failed');
  }
  tg.catch(logFailure);

  /**
   * grammY calls `bot.catch` only when it polls: by webhook, a failed update rejects the callback, which
   * would leave the request open until Telegram gives up, and reject with no one to catch it. Logged as
   * when polling, and answered 500: Telegram sends it again, which the record of seen updates drops once
   * it was marked, and processes when the failure came before that (the store out of reach).
   */
  function webhookRoute(url: string): Route {
    const onUpdate = webhookCallback(tg, 'http', { secretToken: telegram.webhookSecret, onTimeout: 'return' });
    return {
      path: new URL(url).pathname,
      handle(req, res) {
        onUpdate(req, res).catch((err: unknown) => {
          if (err instanceof BotError) logFailure(err);
          else log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'telegram webhook request failed');
          if (!res.headersSent) res.writeHead(err instanceof BotError ? 500 : 400).end();
        });
      },
    };
  }

  const menu = () => [
    ...options.families.map((f) => ({ command: f, description: t.families[f] ?? f })),
    { command: 'cancel', description: t.dialogue.cancel },
  ];

  return {
    platform: 'telegram',
    bot: tg,
    /**
     * With a webhook, the route that takes Telegram's updates, refusing any without the secret token. An
     * update still busy after grammY's 10 s (throttled or waiting out a 429) is answered 200 and finishes
     * in the background, rather than leaving the request open and rejecting unhandled.
     */
    route: telegram.webhookUrl ? webhookRoute(telegram.webhookUrl) : undefined,
    /** What the bot sends on its own: to a group, or privately to a person (once they are known). */
    sender: {
      async send(out: Outgoing) {
        const address = 'chat' in out.to ? out.to.chat : out.to.user;
        let id = address.slice('telegram:'.length);
        if (id.startsWith('@')) {
          const known = await xc.people.byHandle('telegram', id.slice(1));
          // Not yet written to the bot: keep it queued until they do.
          if (!known) throw new Error('recipient not yet known to the bot');
          id = known.slice('telegram:'.length);
        }
        // A refusal (someone who never opened a chat with the bot) stays queued: the outbox retries it, backing off.
        await sendTo(Number(id), out.reply);
      },
    } satisfies Sender,
    /** Publish the command menus, then receive updates: by webhook, or by long polling. */
    async start(): Promise<void> {
      await tg.init();
      await tg.api.setMyCommands(menu(), { scope: { type: 'all_group_chats' } });
      await tg.api.setMyCommands(menu(), { scope: { type: 'all_private_chats' } });
      const allowed_updates = ['message', 'callback_query'] as const;
      if (telegram.webhookUrl) {
        await tg.api.setWebhook(telegram.webhookUrl, { secret_token: telegram.webhookSecret, allowed_updates });
      } else {
        void tg.start({ allowed_updates, onStart: () => log.info('telegram polling') });
      }
      log.info({ mode: telegram.webhookUrl ? 'webhook' : 'polling' }, 'telegram started');
    },
    async stop(): Promise<void> {
      if (!telegram.webhookUrl && tg.isRunning()) await tg.stop();
    },
  } satisfies Adapter & Record<string, unknown>;
}
export type TelegramAdapter = ReturnType<typeof createTelegramAdapter>;
