import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { App, Receiver } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import { answer, header, readBody, Refusal } from '../http.ts';

/** Slack's requests are a few KB (a modal's state the largest); anything bigger is refused unread. */
const BODY_LIMIT = 1 << 20;
/** Slack signs a timestamp: a request further from our clock than this is a replay (Slack's own rule). */
const MAX_SKEW_S = 5 * 60;
/** Slack gives up after 3 s; a request nobody acknowledged by then is answered 404, as Bolt does. */
const ACK_TIMEOUT_MS = 3001;

export interface SlackReceiverOptions {
  signingSecret: string;
  log: Logger;
}

/**
 * Bolt's transport for Slack's HTTP requests, served by our own HTTP server (adapters/http.ts): verify
 * the signature, parse the body, hand Bolt a ReceiverEvent whose ack writes the HTTP response.
 *
 * It does what Bolt's HTTPReceiver does for the requests this bot gets (slash commands, buttons,
 * modals, ssl_check, url_verification) at a fraction of the cost per request: the signature is compared
 * with crypto.timingSafeEqual (HTTPReceiver's tsscmp draws random bytes and computes two more HMACs
 * for every request), and there is no OAuth, custom route or Express layer to pass through.
 */
export class SlackReceiver implements Receiver {
  private app?: App;

  constructor(private readonly options: SlackReceiverOptions) {
    if (!options.signingSecret) throw new Error('SlackReceiver needs the app’s signing secret (SLACK_SIGNING_SECRET).');
  }

  init(app: App): void {
    this.app = app;
  }

  /** Nothing to start or stop: the bot's HTTP server serves requestListener. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((err: unknown) => {
      this.options.log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'slack request failed');
      answer(res, 500);
    });
  };

  /** `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret, within MAX_SKEW_S of now. */
  private verify(req: IncomingMessage, raw: Buffer): void {
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature) throw new Refusal(401);
    // Wall-clock time, not the bot's clock: XC_NOW may pin that to another day.
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_S) throw new Refusal(401);
    const expected = Buffer.from(`v0=${createHmac('sha256', this.options.signingSecret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Refusal(401);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return answer(res, 405);
    let body: Record<string, unknown>;
    try {
      const raw = await readBody(req, BODY_LIMIT);
      const form = header(req, 'content-type')?.split(';')[0]?.trim() === 'application/x-www-form-urlencoded';
      const fields = form ? parseQuery(raw.toString('utf8')) : undefined;
      // Slack checks the certificate with an unsigned ssl_check; nothing in it is read.
      if (fields?.ssl_check === '1') return answer(res, 200);
      this.verify(req, raw);
      body = fields
        ? typeof fields.payload === 'string'
          ? (JSON.parse(fields.payload) as Record<string, unknown>)
          : (fields as Record<string, unknown>)
        : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
      if (typeof body !== 'object' || body === null) throw new Refusal(400);
    } catch (err) {
      const status = err instanceof Refusal ? err.status : 400;
      // Which check failed, never what was sent: a forged request may carry anything.
      this.options.log.warn({ status }, 'slack request refused');
      return answer(res, status);
    }
    if (body.type === 'url_verification') return answer(res, 200, JSON.stringify({ challenge: body.challenge }), 'application/json');

    // The HTTP response is written once: by the first ack, or by whichever refusal comes first.
    let acked = false;
    const settle = (status: number, body?: string, type?: string) => {
      acked = true;
      clearTimeout(timer);
      answer(res, status, body, type);
    };
    const timer = setTimeout(() => {
      this.options.log.error('a Slack request was not acknowledged within 3 seconds');
      settle(404);
    }, ACK_TIMEOUT_MS);
    // An ack's message is JSON (a slash command's answer, a modal's errors); a string goes as it is.
    const ack = async (response?: string | Record<string, unknown>): Promise<void> => {
      if (acked) return;
      if (response && typeof response === 'object') settle(200, JSON.stringify(response), 'application/json');
      else settle(200, response || undefined);
    };
    const retry = header(req, 'x-slack-retry-num');
    const retryReason = header(req, 'x-slack-retry-reason');
    try {
      await this.app!.processEvent({ body, ack, ...(retry !== undefined && { retryNum: Number(retry) }), ...(retryReason !== undefined && { retryReason }) });
    } catch (err) {
      // Bolt hands listener errors to app.error; what reaches here failed before any listener ran.
      this.options.log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'slack event failed');
      if (!acked) settle(500);
    }
    // Every listener has finished: an event none of them acknowledged is answered now, not in 3 s.
    if (!acked) settle(404);
  }
}
