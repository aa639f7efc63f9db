import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../src/adapter.ts';
import { answer, header, readBody, Refusal } from '../http.ts';
import type { Logger } from '../../src/logger.ts';
import { checkCallbackSignature } from './sign.ts';

/** Where DingTalk posts the robot's messages in HTTP mode (the URL set as the robot's 消息接收地址). */
export const CALLBACK_PATH = '/dingtalk/events';
/**
 * A robot message is a few KB (a text of at most a few thousand characters and its metadata); anything
 * far bigger is refused unread.
 */
const BODY_LIMIT = 256 * 1024;

export interface CallbackOptions {
  /** The app's Client Secret, the signature's key. */
  secret: string;
  log: Logger;
  /** The wall clock in milliseconds (tests pin it). */
  now?: () => number;
  /** A verified message, parsed from JSON: run in the background, its failures the caller's to log. */
  onMessage(data: unknown): void;
}

/**
 * The robot's HTTP callback (DINGTALK_MODE=http), served by the bot's HTTP server on PORT. A request
 * runs nothing unless it is a POST whose `timestamp` is within an hour of our clock and whose `sign`
 * is DingTalk's (sign.ts); it is answered 200 at once, before its command runs, so that DingTalk never
 * waits on the store or on our answers to it (they go out through the sessionWebhook and the send APIs,
 * not in this response). What the response body may carry is not documented (notes §8.9): `{}` says
 * only that it was taken.
 */
export function createCallbackRoute(options: CallbackOptions): Route {
  const { secret, log, now = Date.now } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return answer(res, 405);
    let data: unknown;
    try {
      // The headers first: a request that is not DingTalk's is refused without reading its body.
      const problem = checkCallbackSignature({ timestamp: header(req, 'timestamp'), sign: header(req, 'sign') }, secret, now());
      if (problem) {
        // Which check failed, never what was sent: a forged request may carry anything.
        log.warn({ problem }, 'dingtalk callback refused');
        req.resume();
        return answer(res, 401);
      }
      const raw = await readBody(req, BODY_LIMIT);
      data = JSON.parse(raw.toString('utf8'));
      if (typeof data !== 'object' || data === null) throw new Refusal(400);
    } catch (err) {
      const status = err instanceof Refusal ? err.status : 400;
      log.warn({ status }, 'dingtalk callback refused');
      return answer(res, status);
    }
    answer(res, 200, '{}', 'application/json');
    options.onMessage(data);
  }

  return {
    path: CALLBACK_PATH,
    handle(req, res) {
      handle(req, res).catch((err: unknown) => {
        log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'dingtalk callback failed');
        answer(res, 500);
      });
    },
  };
}
