import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { createWaiter } from './waiter.ts';

/**
 * DingTalk's far side on 127.0.0.1, one port for both of its hosts (their paths do not overlap), as the
 * research notes (§6) and DingTalk's docs describe it:
 * - api.dingtalk.com: POST /v1.0/oauth2/accessToken, /v1.0/robot/oToMessages/batchSend,
 *   /v1.0/robot/groupMessages/send, and the Stream gateway /v1.0/gateway/connections/open, which hands
 *   out single-use tickets for the WebSocket at /connect;
 * - oapi.dingtalk.com: POST /media/upload (multipart, errcode in a 200 answer; type file, or image for
 *   a picture in a format DingTalk shows), GET /gettoken;
 * - the sessionWebhook a robot message carries: POST /robot/sendBySession?session=<id>.
 * The WebSocket speaks Stream frames (developerpedia docs/learn/stream/protocol.md): CALLBACK frames
 * with a robot message as their `data` string, SYSTEM ping and disconnect; it records every frame the
 * client sends back (acks, ping echoes).
 */

/** Which API a call was made to. */
export type DingTalkApiName = 'token' | 'batchSend' | 'groupSend' | 'upload' | 'session' | 'gateway' | 'gettoken';

/** One call as the stand-in received it. */
export interface DingTalkCall {
  api: DingTalkApiName;
  /** The JSON body (for an upload: the form's fields, the file as `{ name, size }` under `media`). */
  body: Record<string, unknown>;
  /** The access token it carried (header or query). */
  token?: string;
  /** A sessionWebhook post: the session's id. */
  session?: string;
  /** The status and body the stand-in answered with. */
  status: number;
  answer: Record<string, unknown>;
}

/** A failure for `failNext`: the HTTP status and body to answer with once. */
export interface DingTalkFailure {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Ready-made failures, as DingTalk answers them (notes §3.6). */
export const DT_FAILURES = {
  tooManyRequests: (retryAfterS = 1): DingTalkFailure => ({ status: 429, body: { code: 'Throttling', message: 'too many requests' }, headers: { 'retry-after': String(retryAfterS) } }),
  invalidToken: { status: 400, body: { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: 'req-x' } },
  serverError: { status: 500, body: { code: 'ServiceUnavailable', message: 'busy' } },
  oapiRateLimited: { status: 200, body: { errcode: 90018, errmsg: '当前企业调用该接口的QPS超过上限' } },
  sessionExpired: { status: 200, body: { errcode: 300001, errmsg: 'session expired' } },
} as const satisfies Record<string, DingTalkFailure | ((n?: number) => DingTalkFailure)>;

/** A file /media/upload took, by its media_id. */
export interface UploadedMedia {
  type: 'file' | 'image';
  name: string;
  data: Uint8Array;
}

/** The formats an upload of type image may be (the upload doc's table): a chart is a PNG. */
const IMAGE_NAME = /\.(?:jpe?g|png|gif|bmp)$/i;

/** A frame the client sent on the Stream, with the connection (1, 2, …) it came on. */
export interface StreamReply {
  code?: number;
  headers?: { messageId?: string; topic?: string; [key: string]: unknown };
  message?: string;
  data?: string;
  connection: number;
}

export interface DingTalkStandIn {
  /** Base URL (no trailing slash): DINGTALK_API_URL and DINGTALK_OAPI_URL both. */
  url: string;
  /** Every call, in arrival order. */
  calls: DingTalkCall[];
  /** The calls to one API. */
  callsOf(api: DingTalkApiName): DingTalkCall[];
  /** A sessionWebhook URL for a conversation; the stand-in remembers which conversation each session is. */
  sessionUrl(conversationId: string): string;
  /** The conversation a session id was handed out for. */
  conversationOf(session: string): string | undefined;
  /** Make the session's webhook refuse from now on (errcode 300001), as an expired one would. */
  expireSession(session: string): void;
  /** What was uploaded under a media_id: its type (file, image), name and bytes. */
  media(mediaId: string): UploadedMedia | undefined;
  /** Tokens handed out, in order. */
  tokens: string[];
  /** The lifetime, in seconds, the token API reports for new tokens. */
  expireIn: number;
  /** Make a token no longer valid (revoked): the APIs refuse it as DingTalk does an expired one. */
  revoke(token: string): void;
  /** The next call of `api` is answered with `failure`, once. */
  failNext(api: DingTalkApiName, failure: DingTalkFailure): void;
  /** userIds batchSend reports in `invalidStaffIdList` (no such user in the app's range). */
  invalidStaff: Set<string>;
  /** Report `staffId` in `flowControlledStaffIdList` for the next `times` batchSends to them (0: no more). */
  flowControl(staffId: string, times?: number): void;
  /** The robot's credentials the token API and the gateway accept, and its robotCode. */
  credentials: { clientId: string; clientSecret: string; robotCode: string };
  stream: {
    /** Connections ever made, and those open now. */
    readonly connections: number;
    readonly open: number;
    /** What the gateway was asked to subscribe to, on each open. */
    subscriptions: unknown[][];
    /** Every frame the client sent back. */
    replies: StreamReply[];
    /** Push a robot message as a CALLBACK frame on the newest connection; returns the frame's messageId. */
    push(message: Record<string, unknown>, messageId?: string): string;
    /** A SYSTEM ping with `opaque`; the client echoes it. */
    ping(opaque: string): string;
    /** A SYSTEM disconnect, then the socket closed, as DingTalk does before it moves a connection. */
    disconnect(): void;
    /** The client's answer to frame `messageId`. */
    replyTo(messageId: string, timeoutMs?: number): Promise<StreamReply>;
    waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  };
  close(): Promise<void>;
}

const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

/** Start the stand-in on a random free port. */
export async function startDingTalkStandIn(credentials = { clientId: 'dingtestclientid', clientSecret: 'test-client-secret', robotCode: 'dingtestclientid' }): Promise<DingTalkStandIn> {
  const calls: DingTalkCall[] = [];
  const failures: Array<{ api: DingTalkApiName; failure: DingTalkFailure }> = [];
  const valid = new Set<string>();
  const tokens: string[] = [];
  const sessions = new Map<string, { conversation: string; expired: boolean }>();
  const flow = new Map<string, number>();
  const tickets = new Set<string>();
  const sockets: Array<{ ws: WebSocket; n: number }> = [];
  const replies: StreamReply[] = [];
  const subscriptions: unknown[][] = [];
  const uploads = new Map<string, UploadedMedia>();
  let connections = 0;
  let seq = 0;
  let base = '';

  const { changed, until } = createWaiter('DingTalk stand-in', () => `connections ${connections}, open ${sockets.length}, replies ${replies.length}`);

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  const json = (raw: Buffer): Record<string, unknown> => {
    try {
      const data: unknown = JSON.parse(raw.toString('utf8'));
      return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };

  function failureFor(api: DingTalkApiName): DingTalkFailure | undefined {
    const at = failures.findIndex((f) => f.api === api);
    return at < 0 ? undefined : failures.splice(at, 1)[0]!.failure;
  }

  /** The new API's answer to a request without a valid token, as DingTalk gives it. */
  const unauthenticated = { status: 400, body: { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: 'req-auth' } };
  const badParameter = (what: string) => ({ status: 400, body: { code: 'InvalidParameter', message: what, requestid: 'req-param' } });

  /**
   * A msgParam must be a string holding a JSON object (the send docs): an object is refused. A picture
   * (sampleImageMsg) needs its photoURL; one that names an upload must name an image, not a file.
   */
  function checkMessage(body: Record<string, unknown>): DingTalkFailure | undefined {
    if (body.robotCode !== credentials.robotCode) return badParameter('robotCode');
    if (typeof body.msgKey !== 'string') return badParameter('msgKey');
    if (typeof body.msgParam !== 'string') return badParameter('msgParam');
    let param: Record<string, unknown>;
    try {
      param = JSON.parse(body.msgParam) as Record<string, unknown>;
    } catch {
      return badParameter('msgParam');
    }
    if (body.msgKey === 'sampleImageMsg') {
      const photo = param.photoURL;
      if (typeof photo !== 'string' || !photo) return badParameter('photoURL');
      if (photo.startsWith('@') && uploads.get(photo)?.type !== 'image') return badParameter('photoURL');
    }
    return undefined;
  }

  async function route(req: IncomingMessage, url: URL, raw: Buffer): Promise<{ api: DingTalkApiName; status: number; answer: Record<string, unknown>; body: Record<string, unknown>; token?: string; session?: string; headers?: Record<string, string> }> {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1.0/oauth2/accessToken') {
      const body = json(raw);
      if (body.appKey !== credentials.clientId || body.appSecret !== credentials.clientSecret) {
        return { api: 'token', body, status: 400, answer: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: 'req-cred' } };
      }
      const token = `tok-${tokens.length + 1}`;
      tokens.push(token);
      valid.add(token);
      return { api: 'token', body, status: 200, answer: { accessToken: token, expireIn: stand.expireIn } };
    }
    if (req.method === 'GET' && path === '/gettoken') {
      const ok = url.searchParams.get('appkey') === credentials.clientId && url.searchParams.get('appsecret') === credentials.clientSecret;
      const token = `legacy-${tokens.length + 1}`;
      if (ok) {
        tokens.push(token);
        valid.add(token);
      }
      return { api: 'gettoken', body: {}, status: 200, answer: ok ? { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 } : { errcode: 40089, errmsg: '不合法的corpid或corpsecret' } };
    }
    if (req.method === 'POST' && path === '/v1.0/gateway/connections/open') {
      const body = json(raw);
      if (!String(req.headers.accept ?? '').includes('application/json')) {
        // Without Accept: application/json the gateway answers XML (the SDK's client.ts comment).
        return { api: 'gateway', body, status: 200, answer: { xml: true } };
      }
      if (body.clientId !== credentials.clientId || body.clientSecret !== credentials.clientSecret) {
        return { api: 'gateway', body, status: 401, answer: { code: 'InvalidAuthentication', message: 'clientId or clientSecret is wrong' } };
      }
      subscriptions.push(Array.isArray(body.subscriptions) ? body.subscriptions : []);
      const ticket = randomUUID();
      tickets.add(ticket);
      return { api: 'gateway', body: { ...body, clientSecret: '[checked]' }, status: 200, answer: { endpoint: `${base.replace(/^http/, 'ws')}/connect`, ticket } };
    }
    if (req.method === 'POST' && (path === '/v1.0/robot/oToMessages/batchSend' || path === '/v1.0/robot/groupMessages/send')) {
      const api = path.endsWith('batchSend') ? 'batchSend' : 'groupSend';
      const body = json(raw);
      const token = String(req.headers['x-acs-dingtalk-access-token'] ?? '');
      const failed = failureFor(api) ?? (valid.has(token) ? undefined : unauthenticated) ?? checkMessage(body);
      if (failed) return { api, body, token, status: failed.status, answer: failed.body, ...('headers' in failed && { headers: failed.headers }) };
      if (api === 'groupSend') {
        if (typeof body.openConversationId !== 'string' || !body.openConversationId) return { api, body, token, ...badAnswer('openConversationId') };
        return { api, body, token, status: 200, answer: { processQueryKey: `pqk-${++seq}` } };
      }
      const users = Array.isArray(body.userIds) ? (body.userIds as unknown[]) : [];
      if (users.length < 1 || users.length > 20 || users.some((u) => typeof u !== 'string')) return { api, body, token, ...badAnswer('userIds') };
      const invalid = (users as string[]).filter((u) => stand.invalidStaff.has(u));
      const held = (users as string[]).filter((u) => !invalid.includes(u) && (flow.get(u) ?? 0) > 0);
      for (const u of held) flow.set(u, flow.get(u)! - 1);
      return { api, body, token, status: 200, answer: { processQueryKey: `pqk-${++seq}`, invalidStaffIdList: invalid, flowControlledStaffIdList: held } };
    }
    if (req.method === 'POST' && path === '/media/upload') {
      const token = url.searchParams.get('access_token') ?? '';
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData().catch(() => undefined);
      const media = form?.get('media');
      const body: Record<string, unknown> = { type: url.searchParams.get('type') ?? form?.get('type'), ...(media instanceof File && { media: { name: media.name, size: media.size } }) };
      const failed = failureFor('upload');
      if (failed) return { api: 'upload', body, token, status: failed.status, answer: failed.body };
      if (!valid.has(token)) return { api: 'upload', body, token, status: 200, answer: { errcode: 40014, errmsg: '不合法的access_token' } };
      const type = body.type;
      const fits = media instanceof File && (type === 'file' || (type === 'image' && IMAGE_NAME.test(media.name)));
      if (!fits) return { api: 'upload', body, token, status: 200, answer: { errcode: 40004, errmsg: '不合法的媒体文件类型' } };
      const mediaId = `@media-${++seq}`;
      uploads.set(mediaId, { type, name: media.name, data: new Uint8Array(await media.arrayBuffer()) });
      return { api: 'upload', body, token, status: 200, answer: { errcode: 0, errmsg: 'ok', type, media_id: mediaId, created_at: Math.floor(Date.now() / 1000) } };
    }
    if (req.method === 'POST' && path === '/robot/sendBySession') {
      const session = url.searchParams.get('session') ?? '';
      const body = json(raw);
      const failed = failureFor('session');
      if (failed) return { api: 'session', body, session, status: failed.status, answer: failed.body };
      const known = sessions.get(session);
      if (!known || known.expired) return { api: 'session', body, session, status: 200, answer: DT_FAILURES.sessionExpired.body };
      if (body.msgtype !== 'markdown' && body.msgtype !== 'actionCard' && body.msgtype !== 'text') return { api: 'session', body, session, status: 200, answer: { errcode: 40035, errmsg: '缺少参数 msgtype' } };
      return { api: 'session', body, session, status: 200, answer: { errcode: 0, errmsg: 'ok' } };
    }
    return { api: 'gateway', body: { path }, status: 404, answer: { code: 'NotFound' } };
  }

  function badAnswer(what: string) {
    const failure = badParameter(what);
    return { status: failure.status, answer: failure.body };
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const raw = await readBody(req);
    const { api, status, answer, body, token, session, headers } = await route(req, url, raw);
    if (status !== 404) calls.push({ api, body, status, answer, ...(token !== undefined && { token }), ...(session !== undefined && { session }) });
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(answer));
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => res.writeHead(500).end());
  });
  const wss = new WebSocketServer({
    server,
    path: '/connect',
    // A ticket opens one connection, once (protocol.md: "只能用来建立一条连接").
    verifyClient: ({ req }: { req: IncomingMessage }) => tickets.delete(new URL(req.url ?? '/', 'ws://local').searchParams.get('ticket') ?? ''),
  });
  wss.on('connection', (ws) => {
    const entry = { ws, n: ++connections };
    sockets.push(entry);
    ws.on('message', (data) => {
      try {
        replies.push({ ...(JSON.parse(String(data)) as Omit<StreamReply, 'connection'>), connection: entry.n });
      } catch {
        replies.push({ message: String(data), connection: entry.n });
      }
      changed();
    });
    ws.on('close', () => {
      sockets.splice(sockets.indexOf(entry), 1);
      changed();
    });
    changed();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const newest = (): WebSocket => {
    const entry = sockets.at(-1);
    if (!entry || entry.ws.readyState !== WebSocket.OPEN) throw new Error('DingTalk stand-in: no open Stream connection');
    return entry.ws;
  };
  const frameHeaders = (topic: string, messageId: string) => ({
    appId: 'app-standin', connectionId: `conn-${connections}`, contentType: 'application/json', messageId, time: String(Date.now()), topic,
  });

  const stand: DingTalkStandIn = {
    url: base,
    calls,
    callsOf: (api) => calls.filter((c) => c.api === api),
    sessionUrl(conversationId) {
      const id = `s${++seq}`;
      sessions.set(id, { conversation: conversationId, expired: false });
      return `${base}/robot/sendBySession?session=${id}`;
    },
    conversationOf: (session) => sessions.get(session)?.conversation,
    media: (mediaId) => uploads.get(mediaId),
    expireSession(session) {
      const known = sessions.get(session);
      if (known) known.expired = true;
    },
    tokens,
    expireIn: 7200,
    revoke: (token) => void valid.delete(token),
    failNext: (api, failure) => void failures.push({ api, failure }),
    invalidStaff: new Set(),
    flowControl: (staffId, times = 1) => void flow.set(staffId, times),
    credentials,
    stream: {
      get connections() {
        return connections;
      },
      get open() {
        return sockets.length;
      },
      subscriptions,
      replies,
      push(message, messageId = `${randomUUID().slice(0, 8)}_${++seq}`) {
        newest().send(JSON.stringify({ specVersion: '1.0', type: 'CALLBACK', headers: frameHeaders(ROBOT_TOPIC, messageId), data: JSON.stringify(message) }));
        return messageId;
      },
      ping(opaque) {
        const messageId = `ping-${++seq}`;
        newest().send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: frameHeaders('ping', messageId), data: JSON.stringify({ opaque }) }));
        return messageId;
      },
      disconnect() {
        const ws = newest();
        ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: frameHeaders('disconnect', `disc-${++seq}`), data: JSON.stringify({ reason: 'connection is expired' }) }));
        // DingTalk closes 10 s after a disconnect; nothing is sent in between, so closing now is the same.
        ws.close();
      },
      async replyTo(messageId, timeoutMs = 5000) {
        await until(() => replies.some((r) => r.headers?.messageId === messageId), `no reply to frame ${messageId}`, timeoutMs);
        return replies.find((r) => r.headers?.messageId === messageId)!;
      },
      waitForConnections: (n, timeoutMs = 5000) => until(() => connections >= n && sockets.some((s) => s.n >= n), `no connection #${n}`, timeoutMs),
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { ws } of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return stand;
}
