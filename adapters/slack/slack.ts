import { App, LogLevel, SocketModeReceiver, type AckFn, type Logger as BoltLogger, type Context, type RespondArguments, type RespondFn, type SlashCommand } from '@slack/bolt';
import type { Adapter, AdapterHost, Route } from '../../src/adapter.ts';
import type { Config } from '../../src/config.ts';
import type { Form } from '../../src/forms.ts';
import type { Logger } from '../../src/logger.ts';
import type { Sender } from '../../src/outbox.ts';
import type { ChatRef, Incoming, Outgoing, Reply } from '../../src/types.ts';
import { SlackReceiver } from './receiver.ts';
import { formValues, toBlocks, toModal, type FormMetadata } from './render.ts';

/** Display names from users.info are kept this long. */
const NAME_TTL_MS = 60 * 60 * 1000;
const MENTION = /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g;
/**
 * How long a slash command may work before its HTTP response must go: an answer ready by then goes in
 * the response itself (no second request to response_url). Slack gives up after 3 s; the rest is
 * margin for the network and a busy event loop.
 */
const ACK_BUDGET_MS = 2000;
/**
 * How long stop() waits for the WebSocket to close. Slack may leave the TCP connection open after the
 * close handshake, and @slack/socket-mode 3.1 then waits for its pong watchdog (5 s) before it calls the
 * socket closed (fixed in 3.2, #2752); the close frame has long been sent by then, and the bot's whole
 * shutdown has 10 s.
 */
const SOCKET_CLOSE_WAIT_MS = 1000;

export interface SlackAdapterOptions {
  bot: AdapterHost;
  slack: NonNullable<Config['slack']>;
  log: Logger;
  /** The command families to register as slash commands (/team, /finding, …). */
  families: readonly string[];
  /** How long a slash command may take to be answered in its acknowledgement (tests shorten it). */
  ackBudgetMs?: number;
  /**
   * Socket Mode: how long the SDK waits for a pong, which is also its wait before reconnecting after
   * Slack's `disconnect` (the SDK's default, 5 s, unless set; tests shorten it).
   */
  clientPingTimeoutMs?: number;
}

/** What a slash command comes to: the core's replies, or a form to open as a modal. */
type Outcome = { replies: Reply[] } | { form: Form };

/** Where a reply to one interaction may go: its response_url, and the channel and user it came from. */
interface Origin {
  respond?: RespondFn;
  channel: string;
  user: string;
}

/** Bolt's logger interface over ours, so Bolt's own messages land in the structured log. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (...m: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](m.map(String).join(' '));
    };
  return {
    // Dropped whatever LOG_LEVEL says: at debug Bolt logs each incoming request body and its WebClient
    // each outgoing one, i.e. the text of commands, findings and clues, which our log must never hold.
    // (Bolt's logger has no trace level; its debug is the one that carries bodies.)
    debug: () => undefined,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

/** `work`'s result when it succeeds within `ms`, else undefined; it runs on either way. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A reply that a slash command's acknowledgement can carry: a message in the channel or for the asker, without a file. */
function fitsAck(reply: Reply): boolean {
  return !reply.file && (reply.visibility === 'chat' || reply.visibility === 'asker');
}

/** The first reply that fits in the acknowledgement, and the others in their order. */
function splitForAck(replies: Reply[]): { now?: Reply; later: Reply[] } {
  const at = replies.findIndex(fitsAck);
  return at < 0 ? { later: replies } : { now: replies[at], later: replies.filter((_, i) => i !== at) };
}

/**
 * A reply as a slash command's immediate answer. Slack shows an in_channel one below the command as
 * typed, visible to the channel; an ephemeral one, and the command, to the asker alone.
 */
function ackMessage(reply: Reply): RespondArguments {
  return { response_type: reply.visibility === 'chat' ? 'in_channel' : 'ephemeral', ...toBlocks(reply) };
}

/**
 * The id of one delivery, the same when Slack delivers it again: the user action's trigger_id (Slack
 * makes one per command typed, button pressed or form submitted), else, in Socket Mode, the envelope's id.
 */
function deliveryIdOf(payload: object, context: Context): string | undefined {
  const triggerId = 'trigger_id' in payload ? payload.trigger_id : undefined;
  if (typeof triggerId === 'string' && triggerId) return triggerId;
  return typeof context.envelopeId === 'string' && context.envelopeId ? context.envelopeId : undefined;
}

/**
 * Socket Mode's transport, built here rather than by App, for two reasons.
 * - Its WebSocket client calls apps.connections.open (to start, and on every reconnect) through a
 *   WebClient of its own. App would give it the bot client's options, three quick retries included; past
 *   them a network or HTTP failure ends the reconnect in a rejection nobody handles, which stops the
 *   process. Left to itself it retries 100 times, ever slower, so it is given only the API's base URL.
 * - The envelope_id reaches the listeners only through a customPropertiesExtractor, as `context.envelopeId`.
 */
function socketModeReceiver(slack: NonNullable<Config['slack']>, logger: BoltLogger, clientPingTimeoutMs?: number): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: slack.appToken!,
    logger,
    ...(clientPingTimeoutMs !== undefined && { clientPingTimeout: clientPingTimeoutMs }),
    installerOptions: { clientOptions: slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {} },
    customPropertiesExtractor: (event: { envelope_id?: unknown }) => (typeof event.envelope_id === 'string' ? { envelopeId: event.envelope_id } : {}),
  });
}


/**
 * Slack through Bolt: slash commands, buttons and modals in; Block Kit, ephemeral messages, direct
 * messages and file uploads out. It translates and transports; every rule lives in the core.
 */
export function createSlackAdapter(options: SlackAdapterOptions) {
  const { bot, slack, log, ackBudgetMs = ACK_BUDGET_MS } = options;
  const logger = boltLogger(log);
  const receiver = slack.appToken ? undefined : new SlackReceiver({ signingSecret: slack.signingSecret!, log });
  const socket = slack.appToken ? socketModeReceiver(slack, logger, options.clientPingTimeoutMs) : undefined;
  const app = new App({
    token: slack.botToken,
    receiver: socket ?? receiver,
    // A few quick retries (and rate-limit waits); the outbox retries what still fails a minute later.
    clientOptions: { ...(slack.apiUrl && { slackApiUrl: slack.apiUrl }), retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 } },
    // No conversation state is kept in Bolt; its default store fails each lookup with a new Error.
    convoStore: false,
    // It drops messages the bot itself posted; this app subscribes to no message events, only commands and interactions.
    ignoreSelf: false,
    logger,
  });
  const client = app.client;
  const names = new Map<string, { name?: string; at: number }>();
  const dmChannels = new Map<string, string>();
  const inFlight = new Set<Promise<unknown>>();

  /** Keep track of work after the ack, so that tests (and shutdown) can wait for it. */
  function track(work: Promise<unknown>): Promise<unknown> {
    const p = work.catch((err: unknown) => log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'slack handler failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  }

  async function nameOf(user: string): Promise<string | undefined> {
    const cached = names.get(user);
    if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached.name;
    try {
      const info = await client.users.info({ user });
      const name = info.user?.profile?.display_name || info.user?.profile?.real_name || info.user?.name || undefined;
      names.set(user, { name, at: Date.now() });
      return name;
    } catch (err) {
      log.warn({ user, err: { message: (err as Error)?.message } }, 'users.info failed');
      return undefined;
    }
  }

  /**
   * Learn the names of users mentioned as <@U123|handle>, so replies show names rather than ids: the
   * display name from users.info, the mention's label only when users.info fails. The label is then
   * dropped from the text, so the core does not overwrite the display name with the handle.
   */
  async function withMentionsLearnt(text: string): Promise<string> {
    if (!text.includes('<@')) return text;
    for (const [, id, label] of text.matchAll(MENTION)) {
      await bot.people.remember(`slack:${id}`, (await nameOf(id!)) ?? label);
    }
    return text.replace(MENTION, '<@$1>');
  }

  /**
   * What kind of chat a channel is. A `D…` channel is the bot's own DM with the user only when it is
   * the conversation conversations.open gives for them: a slash command typed in a DM between two
   * people arrives with that DM's id too, and whatever the bot posts there the other person reads.
   * When Slack cannot say, the chat is taken for one between people: it then sees no team data.
   */
  async function chatRef(user: string, channel: string): Promise<ChatRef> {
    if (!channel.startsWith('D')) return { id: `slack:${channel}`, kind: 'group' };
    const own = await dmChannel(user).catch((err: unknown) => {
      log.warn({ user, err: { message: (err as Error)?.message } }, 'conversations.open failed; the DM is treated as between people');
      return undefined;
    });
    return { id: `slack:${channel}`, kind: own === channel ? 'dm' : 'unbound' };
  }

  async function incoming(user: string, channel: string, command: string, text: string, raw: unknown, deliveryId: string | undefined): Promise<Incoming> {
    const plain = await withMentionsLearnt(text);
    return {
      platform: 'slack',
      user: `slack:${user}`,
      userName: await nameOf(user),
      chat: await chatRef(user, channel),
      command,
      text: plain,
      raw,
      ...(deliveryId && { deliveryId }),
    };
  }

  async function dmChannel(user: string): Promise<string> {
    const known = dmChannels.get(user);
    if (known) return known;
    const opened = await client.conversations.open({ users: user });
    const id = opened.channel!.id!;
    dmChannels.set(user, id);
    return id;
  }

  async function post(channel: string, reply: Reply): Promise<void> {
    if (reply.file) {
      // The comment is mrkdwn like a message: escaped like the blocks, so typed text cannot ping anyone.
      await client.files.uploadV2({ channel_id: channel, file: Buffer.from(reply.file.data), filename: reply.file.name, title: reply.file.name, ...(reply.text.trim() && { initial_comment: toBlocks(reply).text }) });
      return;
    }
    await client.chat.postMessage({ channel, ...toBlocks(reply) });
  }

  /** Post in the channel; where the bot may not post (a private channel it is not in), the asker gets it by DM. */
  async function postOrDm(origin: Origin, reply: Reply): Promise<void> {
    try {
      await post(origin.channel, reply);
    } catch (err) {
      log.warn({ channel: origin.channel, err: { message: (err as Error)?.message } }, 'cannot post in the channel; sending to the asker');
      await post(await dmChannel(origin.user), reply);
    }
  }

  /** Deliver the core's replies: chat → the channel, asker → ephemeral, dm → the user's DM with the bot. */
  async function deliver(replies: Reply[], origin: Origin): Promise<void> {
    for (const reply of replies) {
      // An ephemeral message cannot carry a file: a file for the asker alone goes to their DM.
      const visibility = reply.file && reply.visibility === 'asker' ? 'dm' : reply.visibility;
      if (visibility === 'dm') await post(await dmChannel(origin.user), reply);
      else if (visibility === 'chat' && (reply.file || !origin.respond)) await postOrDm(origin, reply);
      // A button's answer is a new message: it never replaces the card that was clicked.
      else if (visibility === 'chat') await origin.respond!({ response_type: 'in_channel', replace_original: false, ...toBlocks(reply) });
      else if (origin.respond) await origin.respond({ response_type: 'ephemeral', replace_original: false, ...toBlocks(reply) });
      else await client.chat.postEphemeral({ channel: origin.channel, user: origin.user, ...toBlocks(reply) });
    }
  }

  async function outcome(command: SlashCommand, deliveryId: string | undefined): Promise<Outcome> {
    const msg = await incoming(command.user_id, command.channel_id, command.command.slice(1), command.text, command, deliveryId);
    return bot.handle(msg);
  }

  /** After the acknowledgement: open the modal, or deliver the replies through response_url and the Web API. */
  async function finish(done: Outcome, command: SlashCommand, respond: RespondFn): Promise<void> {
    if ('replies' in done) {
      await deliver(done.replies, { respond, channel: command.channel_id, user: command.user_id });
      return;
    }
    const meta: FormMetadata = { command: done.form.command, channel: command.channel_id };
    await client.views.open({ trigger_id: command.trigger_id, view: toModal(done.form, meta, bot.t.forms) as never });
  }

  /**
   * Answer in the acknowledgement when the core is quick (Slack's advice, and one HTTP request fewer),
   * the other replies after it; a modal, or a slow or failed command, is acknowledged empty first.
   */
  async function answer(command: SlashCommand, ack: AckFn<string | RespondArguments>, respond: RespondFn, deliveryId: string | undefined): Promise<void> {
    const work = outcome(command, deliveryId);
    const early = await within(work, ackBudgetMs);
    if (early && 'replies' in early) {
      const { now, later } = splitForAck(early.replies);
      await ack(now && ackMessage(now));
      await finish({ replies: later }, command, respond);
      return;
    }
    await ack();
    await finish(early ?? (await work), command, respond);
  }

  app.command(new RegExp(`^/(${options.families.join('|')})$`), async ({ command, ack, respond, context }) => {
    await track(answer(command, ack, respond, deliveryIdOf(command, context)));
  });

  // A button runs the command it carries, as the person who pressed it: the core checks their role again.
  app.action(/^xc_action_\d+$/, async ({ ack, body, action, respond, context }) => {
    await ack();
    await track(
      (async () => {
        const value = 'value' in action ? String(action.value) : '';
        const line = /^\/(\S+)\s*(.*)$/s.exec(value);
        const channel = 'channel' in body && body.channel ? body.channel.id : '';
        if (!line || !channel) return;
        const msg = await incoming(body.user.id, channel, line[1]!, line[2]!, body, deliveryIdOf(body, context));
        await deliver(await bot.dispatch(msg), { respond, channel, user: body.user.id });
      })(),
    );
  });

  // A modal is validated exactly like the typed command; its errors are shown beside the field.
  app.view('xc_form', async ({ ack, body, view, context }) => {
    const meta = JSON.parse(view.private_metadata) as FormMetadata;
    const values = formValues(view.state.values as never);
    // A users_select comes back as a mention: learn that user's display name as for a typed one.
    for (const [name, value] of Object.entries(values)) if (typeof value === 'string') values[name] = await withMentionsLearnt(value);
    const msg = await incoming(body.user.id, meta.channel, '', '', body, deliveryIdOf(body, context));
    const replies = await bot.submit(msg, meta.command, values);
    const error = replies.find((r) => r.error);
    if (error) {
      const blocks = Object.keys(view.state.values);
      const block = error.field && blocks.includes(error.field) ? error.field : blocks[0]!;
      await ack({ response_action: 'errors', errors: { [block]: error.text.slice(0, 1900) } });
      return;
    }
    await ack();
    await track(deliver(replies, { channel: meta.channel, user: body.user.id }));
  });

  app.error(async (err) => {
    log.error({ err: { name: err.name, message: err.message, code: (err as { code?: string }).code } }, 'slack error');
  });

  /** Wait for the work started after acknowledging (tests, shutdown). */
  async function idle(): Promise<void> {
    while (inFlight.size) await Promise.all([...inFlight]);
  }

  /** Socket Mode: close the WebSocket, and wait a moment for it to be closed (the receiver's stop does not wait). */
  async function closeSocket(mode: SocketModeReceiver): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const closed = new Promise<void>((resolve) => {
      mode.client.once('disconnected', () => resolve());
      timer = setTimeout(resolve, SOCKET_CLOSE_WAIT_MS);
    });
    try {
      await app.stop();
      await closed;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    platform: 'slack',
    app,
    /** In HTTP mode, the route that serves Slack's requests (verified with the signing secret). */
    route: receiver ? ({ path: '/slack/events', handle: receiver.requestListener } satisfies Route) : undefined,
    /** What the bot sends on its own: to a channel, or to a user's DM with the bot. */
    sender: {
      async send(out: Outgoing) {
        const address = 'chat' in out.to ? out.to.chat : out.to.user;
        const id = address.slice('slack:'.length);
        await post('chat' in out.to ? id : await dmChannel(id), out.reply);
      },
    } satisfies Sender,
    idle,
    /** Socket Mode connects out to Slack (resolved once Slack's `hello` came); HTTP mode is served by the shared HTTP server. */
    async start(): Promise<void> {
      if (socket) await app.start();
      log.info({ mode: socket ? 'socket' : 'http' }, 'slack started');
    },
    /** No more envelopes (Socket Mode), then the work already acknowledged finishes. */
    async stop(): Promise<void> {
      if (socket) await closeSocket(socket);
      await idle();
    },
  } satisfies Adapter & Record<string, unknown>;
}
export type SlackAdapter = ReturnType<typeof createSlackAdapter>;
