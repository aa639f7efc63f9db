import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One message that reached Slack: a Web API call, a `response_url` post or a file upload made to the
 * stand-in, or (method `ack`) the answer a slash command's HTTP response carried, as a test reports it.
 */
export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  token?: string;
  /** The `<id>` of `/respond/<id>` (also for an `ack`, the interaction's) or the file id of `/upload/<id>`. */
  id?: string;
  /** Set when the call was answered with a failure queued by `failNext`. */
  failed?: true;
}

/** The names `users.info` reports for a user. */
export interface SlackUserNames {
  name: string;
  real_name: string;
  display_name: string;
}

/** A failure for `failNext`: HTTP 429 with `Retry-After` (seconds), or `{ ok: false, error }`. */
export type SlackFailure = { status: 429; retryAfter: number } | { error: string };

/** A local HTTP server standing in for Slack's Web API, response_url and upload host. */
export interface SlackStandIn {
  /** Base URL for `slackApiUrl` (ends with `/`, WebClient appends the method name). */
  url: string;
  /** Every recorded call, in arrival order. */
  calls: SlackCall[];
  /** Users known to `users.info`, by id. */
  users: Map<string, SlackUserNames>;
  /** A `response_url` on this server; posts to it are recorded as method `respond` with this id. */
  responseUrl(id: string): string;
  /**
   * Record the answer our server put in its HTTP response to the interaction with response_url `id`,
   * as method `ack` at index `at` of the calls (their count when the interaction was posted): Slack
   * shows it before anything the server sends once it has acknowledged.
   */
  acknowledged(id: string, body: Record<string, unknown>, at: number): void;
  /** Give `users.info` names for a user id. */
  setUser(id: string, names: SlackUserNames): void;
  /**
   * Let `apps.connections.open` answer `{ ok: true, url }` with a URL from `issueUrl` (a Socket Mode
   * stand-in's); without it the method answers no URL.
   */
  useSocket(issueUrl: () => string): void;
  /** Make the next call of `method` fail once (also works for `respond` and `upload`). */
  failNext(method: string, failure: SlackFailure): void;
  /** Resolve with the first call, past or future, matching `predicate`. */
  waitFor(predicate: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  /** The recorded calls of one method. */
  callsOf(method: string): SlackCall[];
  close(): Promise<void>;
}

/** Form fields that WebClient JSON-encodes (it stringifies every non-scalar argument). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata']);

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/** Start a stand-in on 127.0.0.1 with a random free port. */
export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: SlackCall[] = [];
  const users = new Map<string, SlackUserNames>();
  const failures = new Map<string, SlackFailure[]>();
  const waiters = new Set<{ predicate: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }>();
  let seq = 0;
  let base = '';
  let socketUrl: (() => string) | undefined;

  const record = (call: SlackCall, at = calls.length): void => {
    calls.splice(at, 0, call);
    for (const w of waiters) {
      if (w.predicate(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };

  const nextTs = (): string => `1700000000.${String(++seq).padStart(6, '0')}`;

  const userInfo = (id: string) => {
    const names = users.get(id) ?? { name: `user-${id.toLowerCase()}`, real_name: `User ${id}`, display_name: '' };
    return {
      id,
      team_id: 'T0001',
      name: names.name,
      real_name: names.real_name,
      deleted: false,
      is_bot: false,
      tz: 'Asia/Shanghai',
      profile: {
        display_name: names.display_name,
        display_name_normalized: names.display_name,
        real_name: names.real_name,
        real_name_normalized: names.real_name,
      },
    };
  };

  /** The canned `ok: true` answer of a Web API method. */
  const answerApi = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'apps.connections.open':
        return socketUrl ? { url: socketUrl() } : {};
      case 'auth.test':
        return { url: 'https://xuncha-test.slack.com/', team: 'Xuncha Test', user: 'xuncha', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT', is_enterprise_install: false };
      case 'users.info':
        return { user: userInfo(String(body.user ?? '')) };
      case 'conversations.open': {
        // `users` is a comma-separated list; a DM with one user gets a stable D-id derived from it.
        const first = String(body.users ?? body.channel ?? '').split(',')[0] ?? '';
        return { channel: { id: first.startsWith('D') ? first : `D${first.replace(/^U/, '')}` } };
      }
      case 'chat.postMessage': {
        const ts = nextTs();
        return { channel: body.channel, ts, message: { type: 'message', text: body.text, user: 'UBOT', bot_id: 'BBOT', ts } };
      }
      case 'chat.update':
        return { channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { message_ts: nextTs() };
      case 'views.open':
      case 'views.update':
      case 'views.push': {
        const view = typeof body.view === 'object' && body.view !== null ? body.view : {};
        return { view: { ...view, id: 'V1', team_id: 'T0001', app_id: 'A0001', bot_id: 'BBOT', state: { values: {} }, hash: `h${++seq}` } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        return { upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? (body.files as { id: string; title?: string }[]) : [];
        return { files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      default:
        return {};
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readAll(req);
    const path = new URL(req.url ?? '/', base).pathname;
    const contentType = req.headers['content-type'] ?? '';
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    let call: SlackCall;
    if (path.startsWith('/api/')) {
      const body = await parseBody(raw, contentType);
      const token = typeof body.token === 'string' ? body.token : auth;
      call = { method: path.slice('/api/'.length), body, ...(token ? { token } : {}) };
    } else if (path.startsWith('/respond/')) {
      call = { method: 'respond', id: decodeURIComponent(path.slice('/respond/'.length)), body: await parseBody(raw, contentType) };
    } else if (path.startsWith('/upload/')) {
      call = { method: 'upload', id: path.slice('/upload/'.length), body: await uploadBody(raw, contentType), ...(auth ? { token: auth } : {}) };
    } else {
      send(res, { status: 404, body: 'not found' });
      return;
    }

    const failure = failures.get(call.method)?.shift();
    if (failure) {
      record({ ...call, failed: true });
      if ('status' in failure) {
        send(res, { status: 429, headers: { 'Retry-After': String(failure.retryAfter) }, body: { ok: false, error: 'ratelimited' } });
      } else if (call.method === 'respond' || call.method === 'upload') {
        // These hosts are not the Web API: only a non-2xx status makes Bolt/WebClient notice a failure.
        send(res, { status: 404, body: failure.error });
      } else {
        send(res, { status: 200, body: { ok: false, error: failure.error } });
      }
      return;
    }

    record(call);
    if (call.method === 'respond') send(res, { status: 200, body: 'ok' });
    else if (call.method === 'upload') send(res, { status: 200, body: `OK - ${String(call.body.length)}` });
    else send(res, { status: 200, body: { ok: true, ...answerApi(call.method, call.body) } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, { status: 500, body: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api/`,
    calls,
    users,
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    acknowledged: (id, body, at) => record({ method: 'ack', id, body }, at),
    setUser: (id, names) => void users.set(id, names),
    useSocket: (issueUrl) => {
      socketUrl = issueUrl;
    },
    failNext: (method, failure) => {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    waitFor: (predicate, timeoutMs = 5000) => {
      const past = calls.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise<SlackCall>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (c: SlackCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching Slack call within ${timeoutMs} ms; recorded: [${calls.map((c) => c.method).join(', ')}]`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // WebClient's fetch keeps connections alive; drop them or close() waits for their idle timeout.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, answer: Answer): void {
  const isText = typeof answer.body === 'string';
  res.writeHead(answer.status, {
    'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...answer.headers,
  });
  res.end(isText ? answer.body : JSON.stringify(answer.body));
}

/** Parse a JSON, urlencoded or multipart body into fields, decoding WebClient's JSON-string fields. */
async function parseBody(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  if (contentType.startsWith('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  if (contentType.startsWith('multipart/form-data')) {
    for (const [key, value] of await multipart(raw, contentType)) {
      body[key] = typeof value === 'string' ? decodeField(key, value) : Buffer.from(await value.arrayBuffer());
    }
    return body;
  }
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) body[key] = decodeField(key, value);
  return body;
}

/** An upload's bytes: the file part of a multipart body (what WebClient sends), else the raw body. */
async function uploadBody(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  if (contentType.startsWith('multipart/form-data')) {
    for (const [, value] of await multipart(raw, contentType)) {
      if (typeof value !== 'string') {
        const bytes = Buffer.from(await value.arrayBuffer());
        return { length: bytes.length, bytes, filename: value.name };
      }
    }
  }
  return { length: raw.length, bytes: raw };
}

/** Let undici's Request parse multipart/form-data rather than hand-rolling a parser. */
function multipart(raw: Buffer, contentType: string): Promise<FormData> {
  return new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: Uint8Array.from(raw) }).formData();
}

function decodeField(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
