import type { Clock } from '../../src/clock.ts';
import type { DingTalkMessage } from './render.ts';
import { toRobotMessage, toSessionBody } from './render.ts';

/** A call DingTalk does not answer within this long is abandoned; the outbox (or the asker) tries again. */
const REQUEST_TIMEOUT_MS = 15_000;
/**
 * A token is used until this long before DingTalk says it expires, as the official Python SDK does
 * (dingtalk_stream/stream.py: `expireIn - 300`): a call in flight never carries one that just ran out.
 */
const TOKEN_MARGIN_MS = 5 * 60_000;
/**
 * The per-process throttle: DingTalk limits calls per app and API but publishes no figure for an
 * internal app's robot (notes §3.7, §8.5); the lowest figure reported, 20 per second per app (an
 * answer on developer.aliyun.com/ask/585193, unofficial), is kept to over all calls together.
 */
const THROTTLE = { limit: 20, windowMs: 1000 };
/**
 * oapi errcodes: 40014 and 42001, an invalid or expired access_token (then fetched again once); 90002,
 * 90005, 90006 and 90018, call-frequency limits (the call-frequency-limit doc and the legacy codes,
 * notes §3.6-3.7), retried later.
 */
const OAPI_BAD_TOKEN = new Set([40014, 42001]);
const OAPI_RATE_LIMITED = new Set([90002, 90005, 90006, 90018]);
/** New-API error codes that name a limit (`Throttling…`, `send.too.fast`, flow control): retried later. */
const RATE_LIMITED_CODE = /throttl|too\.?fast|flow|limit|qps/i;

/**
 * A call to DingTalk that failed. The message names the API and DingTalk's code only: never a token,
 * the app's secret, a URL (oapi's carry the token) or anything the message carried.
 */
export class DingTalkApiError extends Error {
  override name = 'DingTalkApiError';
  constructor(
    /** The API's path, such as /v1.0/robot/oToMessages/batchSend. */
    readonly api: string,
    /** DingTalk's code (`InvalidAuthentication`, an oapi errcode), HTTP_<status>, NETWORK, FLOW_CONTROLLED or INVALID_RECIPIENT. */
    readonly code: string,
    /** Whether the same call may succeed later (a limit, a time-out, DingTalk's own failure). */
    readonly retryable: boolean,
    /** How long DingTalk asked to wait (a 429's Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`DingTalk ${api}: ${code}`);
  }
}

/** Where DingTalk is and who the robot is. */
export interface DingTalkApiOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** Base URL of api.dingtalk.com (no trailing slash). */
  apiUrl: string;
  /** Base URL of oapi.dingtalk.com (no trailing slash). */
  oapiUrl: string;
  /** The bot's clock: a token's lifetime is measured on it. */
  clock: Clock;
  /** The per-process limit on calls, or false (tests). */
  throttle?: false | { limit: number; windowMs: number };
}

/**
 * At most `limit` calls in any `windowMs`, in order of asking: a caller past the limit waits for the
 * oldest call to leave the window.
 */
export function createThrottle(limit: number, windowMs: number, now: () => number = Date.now): () => Promise<void> {
  const stamps: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  return () => {
    const turn = queue.then(async () => {
      for (;;) {
        const at = now();
        while (stamps.length && stamps[0]! <= at - windowMs) stamps.shift();
        if (stamps.length < limit) {
          stamps.push(at);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, stamps[0]! + windowMs - at));
      }
    });
    queue = turn;
    return turn;
  };
}

/** A JSON answer, or {} for a body that is not JSON (a gateway's HTML page). */
async function jsonOf(res: Response): Promise<Record<string, unknown>> {
  const body = await res.text();
  try {
    const data: unknown = JSON.parse(body);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A 429's Retry-After in milliseconds (seconds, as HTTP says), when given. */
function retryAfterOf(res: Response): number | undefined {
  const seconds = Number(res.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** `fetch`, with a time-out; a network failure becomes a retryable DingTalkApiError that names no URL. */
async function post(api: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    throw new DingTalkApiError(api, 'NETWORK', true);
  }
}

/** The token and its lifetime in seconds from the token API's answer, if it has them. */
function tokenOf(data: Record<string, unknown>): { accessToken: string; expireIn: number } | undefined {
  return typeof data.accessToken === 'string' && typeof data.expireIn === 'number' ? { accessToken: data.accessToken, expireIn: data.expireIn } : undefined;
}

/**
 * The robot's side of DingTalk's APIs: the app's access token (cached), one-to-one and group messages,
 * file uploads and posts to a conversation's sessionWebhook.
 */
export function createDingTalkApi(options: DingTalkApiOptions) {
  const { clientId, clientSecret, robotCode, apiUrl, oapiUrl, clock } = options;
  const limits = options.throttle === false ? undefined : (options.throttle ?? THROTTLE);
  const throttle = limits ? createThrottle(limits.limit, limits.windowMs) : async () => undefined;
  let cached: { token: string; until: number } | undefined;
  let fetching: Promise<string> | undefined;

  /**
   * An internal app's access token: POST /v1.0/oauth2/accessToken with {appKey, appSecret} answers
   * {accessToken, expireIn} in seconds (the official @alicloud/dingtalk oauth2_1_0 client, "获取企业
   * accessToken(企业内部应用)"; the Python Stream SDK's get_access_token). Concurrent callers share one request.
   */
  async function fetchToken(): Promise<string> {
    const api = '/v1.0/oauth2/accessToken';
    await throttle();
    const res = await post(api, `${apiUrl}${api}`, {
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ appKey: clientId, appSecret: clientSecret }),
    });
    const data = await jsonOf(res);
    const token = res.ok ? tokenOf(data) : undefined;
    if (!token) throw new DingTalkApiError(api, typeof data.code === 'string' ? data.code : `HTTP_${res.status}`, res.status === 429 || res.status >= 500, retryAfterOf(res));
    cached = { token: token.accessToken, until: clock.now().getTime() + token.expireIn * 1000 - TOKEN_MARGIN_MS };
    return token.accessToken;
  }

  function token(): Promise<string> {
    if (cached && clock.now().getTime() < cached.until) return Promise.resolve(cached.token);
    fetching ??= fetchToken().finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  /** Forget the token: DingTalk refused it (revoked, or expired early). */
  function dropToken(used: string): void {
    if (cached?.token === used) cached = undefined;
  }

  /**
   * A call to the new API (api.dingtalk.com) with the token in `x-acs-dingtalk-access-token`. Refused as
   * unauthenticated (400/401 InvalidAuthentication: notes §3.6), the token is fetched again and the call
   * made once more, as the Python SDK does ("reset token if open api return 401").
   */
  async function callApi(api: string, body: unknown, retried = false): Promise<Record<string, unknown>> {
    const used = await token();
    await throttle();
    const res = await post(api, `${apiUrl}${api}`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-acs-dingtalk-access-token': used },
      body: JSON.stringify(body),
    });
    const data = await jsonOf(res);
    if (res.ok) return data;
    const code = typeof data.code === 'string' ? data.code : `HTTP_${res.status}`;
    if ((res.status === 401 || code === 'InvalidAuthentication') && !retried) {
      dropToken(used);
      return callApi(api, body, true);
    }
    const retryable = res.status === 429 || res.status >= 500 || RATE_LIMITED_CODE.test(code);
    throw new DingTalkApiError(api, code, retryable, retryAfterOf(res));
  }

  /**
   * A message to one person, in their one-to-one chat with the robot: POST
   * /v1.0/robot/oToMessages/batchSend {robotCode, userIds (at most 20), msgKey, msgParam as a JSON
   * string} (the batch-send doc; @alicloud/dingtalk robot_1_0 BatchSendOTORequest). A 200 may still
   * not have reached them: the answer lists userIds that are no one's (`invalidStaffIdList`) and those
   * held back by flow control (`flowControlledStaffIdList`). Sent one person at a time, so that either
   * list says exactly whom a failure is about; each fails the call, and the caller (the outbox) tries again.
   */
  async function batchSend(staffId: string, msgKey: string, msgParam: string): Promise<void> {
    const api = '/v1.0/robot/oToMessages/batchSend';
    const data = await callApi(api, { robotCode, userIds: [staffId], msgKey, msgParam });
    const listed = (name: string) => Array.isArray(data[name]) && (data[name] as unknown[]).includes(staffId);
    if (listed('invalidStaffIdList')) throw new DingTalkApiError(api, 'INVALID_RECIPIENT', false);
    if (listed('flowControlledStaffIdList')) throw new DingTalkApiError(api, 'FLOW_CONTROLLED', true);
  }

  /**
   * A message to a group: POST /v1.0/robot/groupMessages/send {robotCode, openConversationId, msgKey,
   * msgParam} (the robot-sends-a-group-message doc). The group is the `conversationId` the robot was
   * written to from: the two are the same id in DingTalk's own tutorials and in common use, though no
   * doc sentence says so (notes §8.2).
   */
  async function groupSend(conversationId: string, msgKey: string, msgParam: string): Promise<void> {
    await callApi('/v1.0/robot/groupMessages/send', { robotCode, openConversationId: conversationId, msgKey, msgParam });
  }

  /** A message to one person, in their one-to-one chat with the robot. */
  function sendToUser(staffId: string, message: DingTalkMessage): Promise<void> {
    const { msgKey, msgParam } = toRobotMessage(message);
    return batchSend(staffId, msgKey, JSON.stringify(msgParam));
  }

  /** A message to a group the robot is in. */
  function sendToGroup(conversationId: string, message: DingTalkMessage): Promise<void> {
    const { msgKey, msgParam } = toRobotMessage(message);
    return groupSend(conversationId, msgKey, JSON.stringify(msgParam));
  }

  /**
   * Upload a file for a sampleFile message: POST oapi /media/upload?access_token=…&type=file, multipart
   * with the file in `media`; the answer's `media_id` names it (the Python Stream SDK's upload_to_dingtalk).
   * The oapi host answers failures with HTTP 200 and a non-zero `errcode`. It takes the same token as
   * the new API, as the official Python SDK passes it (no doc sentence says so: notes §8.3).
   */
  async function upload(file: { name: string; mime: string; data: Uint8Array }, type: 'file' | 'image', retried = false): Promise<string> {
    const api = '/media/upload';
    const used = await token();
    await throttle();
    const form = new FormData();
    form.append('media', new Blob([Buffer.from(file.data)], { type: file.mime }), file.name);
    const res = await post(api, `${oapiUrl}${api}?access_token=${encodeURIComponent(used)}&type=${type}`, { body: form });
    const data = await jsonOf(res);
    const errcode = typeof data.errcode === 'number' ? data.errcode : res.ok ? 0 : -1;
    if (errcode === 0 && typeof data.media_id === 'string') return data.media_id;
    if (OAPI_BAD_TOKEN.has(errcode) && !retried) {
      dropToken(used);
      return upload(file, type, true);
    }
    throw new DingTalkApiError(api, errcode === -1 ? `HTTP_${res.status}` : String(errcode), OAPI_RATE_LIMITED.has(errcode) || res.status === 429 || res.status >= 500);
  }

  /**
   * A file to one person (`staffId`) or a group: uploaded, then sent as sampleFile {mediaId, fileName,
   * fileType}, fileType one of those `fileTypeOf` knows.
   */
  async function sendFile(to: { staffId: string } | { conversationId: string }, file: { name: string; mime: string; data: Uint8Array }, fileType: string): Promise<void> {
    const mediaId = await upload(file, 'file');
    const msgParam = JSON.stringify({ mediaId, fileName: file.name, fileType });
    if ('staffId' in to) await batchSend(to.staffId, 'sampleFile', msgParam);
    else await groupSend(to.conversationId, 'sampleFile', msgParam);
  }

  /**
   * A picture (a chart), shown in the chat: uploaded with type=image, then sent as sampleImageMsg
   * {photoURL}. The message-type doc names photoURL only; that it takes the media_id of an upload is
   * how open DingTalk connectors send a local image (a public URL is what a county network lacks).
   */
  async function sendImage(to: { staffId: string } | { conversationId: string }, file: { name: string; mime: string; data: Uint8Array }): Promise<void> {
    const photoURL = await upload(file, 'image');
    const msgParam = JSON.stringify({ photoURL });
    if ('staffId' in to) await batchSend(to.staffId, 'sampleImageMsg', msgParam);
    else await groupSend(to.conversationId, 'sampleImageMsg', msgParam);
  }

  /**
   * A message into the conversation a robot message came from, through its sessionWebhook: no token, the
   * custom robot's body (`toSessionBody`), `{"errcode":0}` when taken (the Python SDK's reply_markdown;
   * the error shape is the custom robot's, assumed here: notes §8.8).
   */
  async function postToSession(webhook: string, message: DingTalkMessage): Promise<void> {
    const api = '/robot/sendBySession';
    await throttle();
    const res = await post(api, webhook, {
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(toSessionBody(message)),
    });
    const data = await jsonOf(res);
    const errcode = typeof data.errcode === 'number' ? data.errcode : res.ok ? 0 : -1;
    if (errcode !== 0) throw new DingTalkApiError(api, errcode === -1 ? `HTTP_${res.status}` : String(errcode), res.status === 429 || res.status >= 500 || OAPI_RATE_LIMITED.has(errcode));
  }

  return { sendToUser, sendToGroup, sendFile, sendImage, postToSession };
}
export type DingTalkApi = ReturnType<typeof createDingTalkApi>;
