/**
 * The DingTalk adapter over a real bot, with only DingTalk faked: the stand-in (dingtalk-api.ts) for its
 * APIs, sessionWebhooks and Stream gateway. Messages are robot messages as DingTalk sends them, delivered
 * by a signed HTTP callback to our HTTP server (mode 'http') or as CALLBACK frames on the WebSocket the
 * adapter opened through the official SDK (mode 'stream').
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../adapters/http.ts';
import { createDingTalkAdapter, type DingTalkAdapter, type DingTalkAdapterOptions } from '../../adapters/dingtalk/dingtalk.ts';
import { callbackSignature } from '../../adapters/dingtalk/sign.ts';
import { allCommands } from '../../commands/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { startDingTalkStandIn, type DingTalkCall, type DingTalkStandIn, type UploadedMedia } from './dingtalk-api.ts';

/** The usual cast, by role: userIds (staffIds) and nicks. */
export type DtCastName = 'admin' | 'leader' | 'member' | 'liaison' | 'outsider' | 'deputy' | 'supervisor';
export const DT_USERS: Readonly<Record<DtCastName, { staffId: string; nick: string }>> = {
  admin: { staffId: 'manager0001', nick: '周主任' },
  leader: { staffId: 'staff0002', nick: '王强' },
  member: { staffId: 'staff0003', nick: '李娜' },
  liaison: { staffId: 'staff0004', nick: '赵敏' },
  outsider: { staffId: 'staff0005', nick: '陈路' },
  deputy: { staffId: 'staff0009', nick: '孙丽' },
  supervisor: { staffId: 'staff0010', nick: '钱进' },
};
/** The team's group, and a group bound to no team. */
export const TEAM_GROUP = 'cidTEAMgroup1==';
export const OTHER_GROUP = 'cidOTHERgroup2==';
/** The robot's own encrypted id, as it appears among a group message's atUsers. */
export const ROBOT_ID = '$:LWCP_v1:$robot';
/** Each person's one-to-one chat with the robot. */
export const dmConversation = (staffId: string) => `cidDM${staffId}==`;

/** 'group' (the team's), 'other', 'dm' (the person's chat with the robot), or a conversationId of a group. */
export type DtChatRef = 'group' | 'other' | 'dm' | { group: string };
/** Someone from the cast, or anyone by staffId and nick (staffId '' for someone outside the organisation). */
export type DtUserRef = DtCastName | { staffId: string; nick: string };

/** One message that reached DingTalk, whichever way it went. */
export interface DtDelivery {
  /** The conversation's sessionWebhook, a one-to-one message (batchSend), or a group message (groupMessages/send). */
  via: 'session' | 'batchSend' | 'groupSend';
  /** The conversation it reached (session and groupSend). */
  conversationId?: string;
  /** The person it reached (batchSend). */
  staffId?: string;
  /** What a person reads: the markdown undone (see `plainText`). */
  text: string;
  /** The uploaded file's name, for a file or picture message. */
  file?: string;
  /** The uploaded file's bytes. */
  data?: Uint8Array;
  /** A picture shown in the chat (sampleImageMsg), not a file to download. */
  image?: true;
  /** An ActionCard's buttons, with the command each sends. */
  buttons?: Array<{ title: string; command?: string }>;
}

const FULL_WIDTH: Readonly<Record<string, string>> = { '＊': '*', '＿': '_', '｀': '`', '［': '[', '］': ']', '＜': '<', '＞': '>', '＃': '#', '～': '~', '｜': '|' };

/** What a person reads of the adapter's markdown: the title's bold marks, line-end spaces and markup escapes undone. */
export function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/ {2}$/, '').replace(/^\u00a0+/, (s) => ' '.repeat(s.length)))
    .join('\n')
    .replace(/^\*\*([\s\S]*?)\*\*(?=\n|$)/, '$1')
    .replace(/[＊＿｀［］＜＞＃～｜]/g, (ch) => FULL_WIDTH[ch]!);
}

/** The command a button's dtmd:// link sends. */
function commandOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const content = /^dtmd:\/\/dingtalkclient\/sendMessage\?content=(.*)$/.exec(url)?.[1];
  return content === undefined ? undefined : decodeURIComponent(content);
}

type Content = Pick<DtDelivery, 'text' | 'file' | 'data' | 'image' | 'buttons'>;

/**
 * A message's text and buttons, from a sessionWebhook body or a send API's msgKey and msgParam; a file or
 * picture as the upload its media id names.
 */
function contentOf(call: DingTalkCall, media: (mediaId: string) => UploadedMedia | undefined): Content {
  if (call.api === 'session') {
    const body = call.body as { markdown?: { text?: string }; actionCard?: { text?: string; singleTitle?: string; singleURL?: string; btns?: Array<{ title?: string; actionURL?: string }> }; text?: { content?: string } };
    if (body.markdown) return { text: plainText(body.markdown.text ?? '') };
    if (body.actionCard) {
      const card = body.actionCard;
      const buttons = card.btns ? card.btns.map((b) => ({ title: b.title ?? '', command: commandOf(b.actionURL) })) : [{ title: card.singleTitle ?? '', command: commandOf(card.singleURL) }];
      return { text: plainText(card.text ?? ''), buttons };
    }
    return { text: body.text?.content ?? '' };
  }
  const param = JSON.parse(String(call.body.msgParam ?? '{}')) as Record<string, string>;
  const key = String(call.body.msgKey);
  if (key === 'sampleFile') {
    const data = media(param.mediaId ?? '')?.data;
    return { text: '', file: param.fileName, ...(data && { data }) };
  }
  if (key === 'sampleImageMsg') {
    const picture = media(param.photoURL ?? '');
    return { text: '', image: true, ...(picture && { file: picture.name, data: picture.data }) };
  }
  if (key === 'sampleText') return { text: param.content ?? '' };
  const text = plainText(param.text ?? '');
  if (key === 'sampleActionCard') return { text, buttons: [{ title: param.singleTitle ?? '', command: commandOf(param.singleURL) }] };
  if (key.startsWith('sampleActionCard')) {
    const buttons: NonNullable<DtDelivery['buttons']> = [];
    for (let i = 1; param[`actionTitle${i}`] !== undefined; i++) buttons.push({ title: param[`actionTitle${i}`]!, command: commandOf(param[`actionURL${i}`]) });
    return { text, buttons };
  }
  return { text };
}

/** Whether a call delivered its message: answered 200 with errcode 0 (where there is one), and its one user not held back or unknown. */
function delivered(call: DingTalkCall): boolean {
  if (call.status !== 200) return false;
  if (typeof call.answer.errcode === 'number' && call.answer.errcode !== 0) return false;
  if (call.api !== 'batchSend') return true;
  const users = call.body.userIds as string[];
  const refused = [...((call.answer.invalidStaffIdList as string[]) ?? []), ...((call.answer.flowControlledStaffIdList as string[]) ?? [])];
  return users.some((u) => !refused.includes(u));
}

export interface DingTalkHarnessOptions {
  mode?: 'http' | 'stream';
  /** Extra environment; admins default to dingtalk:manager0001. */
  env?: Record<string, string>;
  /** The bot's fixed clock (default 2026-11-25T09:00+08:00). */
  now?: string;
  adapter?: DingTalkAdapterOptions;
}

export interface DingTalkHarness {
  h: Harness;
  api: DingTalkStandIn;
  adapter: DingTalkAdapter;
  /** Base URL of our HTTP server (HTTP mode): `${url}/dingtalk/events`. */
  url: string;
  /** The robot message DingTalk sends when `user` writes `text` in `chat` (a group's with the robot's @ removed, as DingTalk does). */
  message(user: DtUserRef, chat: DtChatRef, text: string): Record<string, unknown>;
  /** Deliver a robot message as DingTalk would in this mode; returns once acknowledged (not yet answered). */
  deliver(message: Record<string, unknown>): Promise<void>;
  /** `user` writes `text` in `chat`: message + deliver + settle. Returns the message sent. */
  send(user: DtUserRef, chat: DtChatRef, text: string): Promise<Record<string, unknown>>;
  /** POST a body to /dingtalk/events with these headers (HTTP mode). */
  post(body: string, headers: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Signed headers for a callback at `timestampMs` (default now). */
  signed(timestampMs?: number): Record<string, string>;
  /** Wait for the adapter's work, then for the outbox it may have started. */
  settle(): Promise<void>;
  /** The messages that reached DingTalk since `since` (an index into api.calls). */
  deliveries(since?: number): DtDelivery[];
  close(): Promise<void>;
}

/** Start the stand-in, a bot configured for DingTalk over it, and the adapter in the mode asked for. */
export async function createDingTalkHarness(options: DingTalkHarnessOptions = {}): Promise<DingTalkHarness> {
  const mode = options.mode ?? 'http';
  const api = await startDingTalkStandIn();
  const { clientId, clientSecret } = api.credentials;
  const h = await createHarness({
    env: {
      XC_ADMINS: `dingtalk:${DT_USERS.admin.staffId}`,
      DINGTALK_CLIENT_ID: clientId,
      DINGTALK_CLIENT_SECRET: clientSecret,
      DINGTALK_MODE: mode,
      DINGTALK_API_URL: api.url,
      DINGTALK_OAPI_URL: api.url,
      ...options.env,
    },
    ...(options.now && { now: options.now }),
  }).catch(async (err: unknown) => {
    await api.close();
    throw err;
  });
  const families = [...new Set(allCommands.map((c) => c.family))];
  const adapter = createDingTalkAdapter({ bot: h.bot, config: h.config, log: h.log, families }, { throttle: false, sleep: async () => undefined, ...options.adapter });
  h.bot.connect(adapter);
  let server: Server | undefined;
  let url = '';
  if (mode === 'http') {
    server = createHttpServer([adapter.route!]);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  } else {
    await adapter.start();
    await api.stream.waitForConnections(1);
  }
  let seq = 0;

  const userOf = (ref: DtUserRef) => (typeof ref === 'string' ? DT_USERS[ref] : ref);
  function conversationOf(user: { staffId: string }, chat: DtChatRef): { id: string; type: '1' | '2' } {
    if (chat === 'dm') return { id: dmConversation(user.staffId), type: '1' };
    return { id: chat === 'group' ? TEAM_GROUP : chat === 'other' ? OTHER_GROUP : chat.group, type: '2' };
  }

  function message(ref: DtUserRef, chat: DtChatRef, text: string): Record<string, unknown> {
    const user = userOf(ref);
    const conversation = conversationOf(user, chat);
    const group = conversation.type === '2';
    // Those the text @-mentions by nick, as DingTalk lists them; in a group, the robot first.
    const mentioned = Object.values(DT_USERS).filter((u) => text.includes(`@${u.nick}`));
    const atUsers = [...(group ? [{ dingtalkId: ROBOT_ID }] : []), ...mentioned.map((u) => ({ dingtalkId: `$:LWCP_v1:$${u.staffId}`, staffId: u.staffId }))];
    const now = Date.now();
    return {
      msgId: `msg${String(++seq).padStart(6, '0')}${now.toString(36)}`,
      msgtype: 'text',
      // In a group DingTalk removes the @robot and leaves the space after it (protocol.md's sample).
      text: { content: group ? ` ${text}` : text },
      conversationType: conversation.type,
      conversationId: conversation.id,
      ...(group && { conversationTitle: conversation.id === TEAM_GROUP ? '第一巡察组工作群' : '县委办闲聊群', isInAtList: true }),
      ...(atUsers.length && { atUsers }),
      senderStaffId: user.staffId,
      senderId: `$:LWCP_v1:$${user.staffId || 'ext'}`,
      senderNick: user.nick,
      senderCorpId: 'dingcorp',
      chatbotCorpId: 'dingcorp',
      chatbotUserId: ROBOT_ID,
      robotCode: api.credentials.robotCode,
      isAdmin: false,
      createAt: now,
      sessionWebhook: api.sessionUrl(conversation.id),
      sessionWebhookExpiredTime: now + 5_400_000,
    };
  }

  const signed = (timestampMs = Date.now()): Record<string, string> => ({ timestamp: String(timestampMs), sign: callbackSignature(String(timestampMs), clientSecret) });

  async function post(body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    const res = await fetch(`${url}/dingtalk/events`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body });
    return { status: res.status, body: await res.text() };
  }

  async function deliver(msg: Record<string, unknown>): Promise<void> {
    if (mode === 'http') {
      const res = await post(JSON.stringify(msg), signed());
      if (res.status !== 200) throw new Error(`the callback answered ${res.status}`);
      return;
    }
    await api.stream.replyTo(api.stream.push(msg));
  }

  async function settle(): Promise<void> {
    await adapter.idle();
    await h.bot.flush();
  }

  let closed = false;
  return {
    h,
    api,
    adapter,
    url,
    message,
    deliver,
    async send(user, chat, text) {
      const msg = message(user, chat, text);
      await deliver(msg);
      await settle();
      return msg;
    },
    post,
    signed,
    settle,
    deliveries(since = 0) {
      return api.calls.slice(since).flatMap((c): DtDelivery[] => {
        if (!['session', 'batchSend', 'groupSend'].includes(c.api) || !delivered(c)) return [];
        const where =
          c.api === 'session'
            ? { via: 'session' as const, conversationId: api.conversationOf(c.session ?? '') }
            : c.api === 'groupSend'
              ? { via: 'groupSend' as const, conversationId: String(c.body.openConversationId) }
              : { via: 'batchSend' as const, staffId: (c.body.userIds as string[])[0] };
        const content = contentOf(c, api.media);
        return [{ ...where, ...content }];
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await adapter.stop();
      await h.bot.flush();
      await h.dispose();
      await api.close();
    },
  };
}
