import type { Adapter, AdapterDeps } from '../../src/adapter.ts';
import type { Sender } from '../../src/outbox.ts';
import type { Incoming, Outgoing, Reply } from '../../src/types.ts';
import { createDingTalkApi, DingTalkApiError } from './api.ts';
import { createCallbackRoute } from './callback.ts';
import { chatOf, commandLineOf, mentionedStaff, PLATFORM, RobotMessageSchema, senderOf, withMentionsAsIds, type RobotMessage } from './message.ts';
import { fileTypeOf, formAsText, toMessages, type DingTalkMessage } from './render.ts';
import { createStreamTransport } from './stream.ts';
import { dingtalkText } from './text.ts';

/**
 * An answer DingTalk held back (a limit, its own failure) is tried again this many times, waiting as
 * DingTalk asked or 1 s, then 2 s; a longer wait is left to the person, who can send the command again.
 * The outbox's messages are not retried here: the outbox retries them, backing off, until delivered.
 */
const QUICK_RETRIES = 2;
const QUICK_RETRY_MAX_MS = 5000;
/**
 * A sessionWebhook is used until this long before it expires (about 90 minutes after the message in
 * every official sample, notes §2.2): a post must not arrive just after. Past it, the send APIs answer.
 */
const SESSION_MARGIN_MS = 60_000;

export interface DingTalkAdapterOptions {
  /** Waits between quick retries (real timers by default; tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** The wall clock in milliseconds, for callback timestamps and sessionWebhook expiry (tests pin it). */
  wallClock?: () => number;
  /** The per-process limit on calls to DingTalk (real timers), or false (tests). */
  throttle?: false | { limit: number; windowMs: number };
}

/** Where a message came from, as much as its answers need: the conversation, the asker, the reply URL. */
interface Origin {
  kind: 'dm' | 'group';
  conversationId: string;
  /** The asker's userId; undefined for someone outside the organisation. */
  staffId?: string;
  name: string;
  session?: { url: string; expiresAt?: number };
}

function originOf(message: RobotMessage): Origin {
  return {
    kind: chatOf(message).kind === 'dm' ? 'dm' : 'group',
    conversationId: message.conversationId,
    staffId: message.senderStaffId || undefined,
    name: message.senderNick ?? '',
    session: message.sessionWebhook ? { url: message.sessionWebhook, expiresAt: message.sessionWebhookExpiredTime } : undefined,
  };
}

const errorFields = (err: unknown) => ({ name: (err as Error)?.name, message: (err as Error)?.message });

/**
 * DingTalk (钉钉): the robot of an internal app, by Stream mode (the official SDK's WebSocket) or by its
 * HTTP callback. Messages that @ the robot in a group, and every message in a one-to-one chat with it,
 * are command lines; answers for the chat go back through the message's sessionWebhook, and what only
 * the asker may see, files, notices and the digest through the robot's send APIs. It translates and
 * transports; every rule lives in the core.
 */
export function createDingTalkAdapter(deps: AdapterDeps, options: DingTalkAdapterOptions = {}) {
  const { bot, config, log } = deps;
  const dingtalk = config.dingtalk;
  if (!dingtalk) throw new Error('the DingTalk adapter needs DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET');
  const { sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)), wallClock = Date.now } = options;
  const dt = dingtalkText(config.lang);
  const api = createDingTalkApi({ ...dingtalk, clock: bot.clock, throttle: options.throttle });
  const inFlight = new Set<Promise<unknown>>();

  /** Keep track of work started after DingTalk was answered, so that tests and shutdown can wait for it. */
  function track(work: Promise<unknown>): void {
    const p = work.catch((err: unknown) => log.error({ err: errorFields(err) }, 'dingtalk handler failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  /** `send`, tried again when DingTalk held it back and asked for a short wait. */
  async function withRetry(send: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (!(err instanceof DingTalkApiError) || !err.retryable || attempt >= QUICK_RETRIES) throw err;
        const wait = err.retryAfterMs ?? 1000 * 2 ** attempt;
        if (wait > QUICK_RETRY_MAX_MS) throw err;
        await sleep(wait);
      }
    }
  }

  /**
   * A message into the conversation the command came from: through its sessionWebhook while that is
   * valid, else (expired, or refused) through the send APIs, to the group or to the asker's one-to-one chat.
   */
  async function intoConversation(origin: Origin, message: DingTalkMessage): Promise<void> {
    const session = origin.session;
    if (session && (session.expiresAt === undefined || wallClock() < session.expiresAt - SESSION_MARGIN_MS)) {
      try {
        return await api.postToSession(session.url, message);
      } catch (err) {
        log.warn({ err: errorFields(err) }, 'dingtalk sessionWebhook refused; sending through the API');
      }
    }
    if (origin.kind === 'group') return withRetry(() => api.sendToGroup(origin.conversationId, message));
    if (!origin.staffId) throw new Error('a one-to-one chat with no userId to send to');
    return withRetry(() => api.sendToUser(origin.staffId!, message));
  }

  /**
   * Something only the asker may see, to their one-to-one chat with the robot. When that fails (they
   * are outside the app's visible range, or DingTalk held it back past the quick retries), the group
   * is told only that a private answer did not arrive: never what it said.
   */
  async function privately(origin: Origin, send: (staffId: string) => Promise<void>): Promise<void> {
    try {
      if (!origin.staffId) throw new Error('no userId to send to');
      await send(origin.staffId);
    } catch (err) {
      log.warn({ err: errorFields(err) }, 'dingtalk: a private answer was not delivered; the chat is told so');
      const note = toMessages({ text: dt.privateUnreachable(origin.name) }, dt, { buttons: false });
      for (const message of note) await intoConversation(origin, message);
    }
  }

  /**
   * A file: DingTalk's sessionWebhook takes no files (the message-type doc's table), so it is uploaded
   * and sent by the send APIs, after the reply's text, to where the reply may go.
   */
  async function sendFile(origin: Origin, reply: Reply, file: NonNullable<Reply['file']>): Promise<void> {
    const inChat = reply.visibility === 'chat' && origin.kind === 'group';
    if (reply.text.trim()) await deliverOne(origin, { ...reply, file: undefined });
    const send = attachment(file);
    if (inChat) return withRetry(() => send({ conversationId: origin.conversationId }));
    return privately(origin, (staffId) => withRetry(() => send({ staffId })));
  }

  /**
   * How a file goes to a group or a person: a picture (a chart) as an image message, anything else as a
   * file of a type DingTalk takes; another type is refused here, before anything is sent.
   */
  function attachment(file: NonNullable<Reply['file']>): (to: { staffId: string } | { conversationId: string }) => Promise<void> {
    if (file.mime.startsWith('image/')) return (to) => api.sendImage(to, file);
    const fileType = fileTypeOf(file.name);
    if (!fileType) throw new Error(`DingTalk sends no ${file.name.split('.').pop()} files`);
    return (to) => api.sendFile(to, file, fileType);
  }

  /** One reply where it may go: the chat's into the conversation; the asker's to them alone, never into a group. */
  async function deliverOne(origin: Origin, reply: Reply): Promise<void> {
    if (reply.file) return sendFile(origin, reply, reply.file);
    if (reply.visibility === 'chat' || origin.kind === 'dm') {
      for (const message of toMessages(reply, dt, { buttons: origin.kind === 'dm' })) await intoConversation(origin, message);
      return;
    }
    // The private message itself tells the asker; nothing goes to the group.
    const messages = toMessages(reply, dt, { buttons: true });
    await privately(origin, async (staffId) => {
      for (const message of messages) await withRetry(() => api.sendToUser(staffId, message));
    });
  }

  async function deliver(origin: Origin, replies: Reply[]): Promise<void> {
    for (const reply of replies) await deliverOne(origin, reply);
  }

  /** What the core gets for a message: the command line, its mention written as an id, the msgId as the delivery's id. */
  async function incomingOf(message: RobotMessage, user: string): Promise<Incoming | undefined> {
    const line = message.msgtype === 'text' && message.text ? commandLineOf(message.text.content) : undefined;
    if (!line) return undefined;
    const { text, named } = withMentionsAsIds(line.text, mentionedStaff(message));
    // The name the mention showed, so that lists show the person before they ever write to the robot.
    if (named) await bot.people.remember(named.user, named.name);
    return { platform: PLATFORM, user, userName: message.senderNick, chat: chatOf(message), command: line.command, text, raw: message, deliveryId: message.msgId };
  }

  /** A robot message, from the callback or the Stream: once per msgId, whoever the transport is. */
  async function receive(data: unknown): Promise<void> {
    const parsed = RobotMessageSchema.safeParse(data);
    if (!parsed.success) {
      log.warn({ issue: parsed.error.issues[0]?.path.join('.') }, 'dingtalk: not a robot message; dropped');
      return;
    }
    const message = parsed.data;
    // A repeat (the Stream pushing again, a callback retried) is dropped before anything is read.
    if (!(await bot.firstDelivery(PLATFORM, message.msgId))) return;
    const origin = originOf(message);
    const user = senderOf(message);
    if (!user) {
      for (const note of toMessages({ text: dt.unidentified }, dt, { buttons: false })) await intoConversation(origin, note);
      return;
    }
    await bot.people.remember(user, message.senderNick);
    const incoming = await incomingOf(message, user);
    // A picture, a file, an empty @: not a command, and nothing is answered.
    if (!incoming) return;
    // A form is shown to the asker alone, whatever chat it was asked for in.
    const done = await bot.handle(incoming, { formShownIn: 'private' });
    await deliver(origin, 'form' in done ? [formAsText(done.form, bot.t, dt)] : done.replies);
  }

  const onMessage = (data: unknown) => track(receive(data));
  const route = dingtalk.mode === 'http' ? createCallbackRoute({ secret: dingtalk.clientSecret, log, now: wallClock, onMessage }) : undefined;
  const stream = dingtalk.mode === 'stream' ? createStreamTransport({ clientId: dingtalk.clientId, clientSecret: dingtalk.clientSecret, apiUrl: dingtalk.apiUrl, log, onMessage }) : undefined;

  /**
   * What the bot sends on its own: to a group, or to a person's one-to-one chat with the robot. A
   * refusal (flow control, a userId DingTalk does not know) throws, and the outbox tries again later.
   */
  const sender: Sender = {
    async send(out: Outgoing) {
      const toUser = !('chat' in out.to);
      const id = ('chat' in out.to ? out.to.chat : out.to.user).slice(`${PLATFORM}:`.length);
      const to = toUser ? { staffId: id } : { conversationId: id };
      const { file, ...reply } = out.reply;
      if (reply.text.trim() || !file) {
        for (const message of toMessages(reply, dt, { buttons: toUser })) {
          if (toUser) await api.sendToUser(id, message);
          else await api.sendToGroup(id, message);
        }
      }
      // The weekly chart: a picture, after its words.
      if (file) await attachment(file)(to);
    },
  };

  async function idle(): Promise<void> {
    while (inFlight.size) await Promise.all([...inFlight]);
  }

  return {
    platform: PLATFORM,
    sender,
    /** In HTTP mode, the robot's callback at /dingtalk/events, each request checked against the app's secret. */
    route,
    /** Stream mode connects out to DingTalk; HTTP mode is served by the shared HTTP server. */
    async start(): Promise<void> {
      await stream?.start();
    },
    /** No more messages (the Stream closed), then the work already taken finishes. */
    async stop(): Promise<void> {
      await stream?.stop();
      await idle();
    },
    /** Wait for the commands taken and not yet answered (tests, shutdown). */
    idle,
    /** Stream mode: whether the WebSocket is open. */
    get connected(): boolean {
      return stream?.connected ?? false;
    },
  } satisfies Adapter & Record<string, unknown>;
}
export type DingTalkAdapter = ReturnType<typeof createDingTalkAdapter>;
