import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * DingTalk signs each HTTP callback with a timestamp the robot must check against its clock: further
 * than an hour either way and the request is not DingTalk's ("timestamp 与系统当前时间戳如果相差1小时以上，
 * 则认为是非法的请求", the receive-message doc, open.dingtalk.com/document/isvapp/receive-message).
 */
export const MAX_SKEW_MS = 60 * 60 * 1000;

/** Why a callback's signature was refused; each is answered 401 and nothing in the request is read. */
export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/**
 * The `sign` header DingTalk sends with `timestamp`: Base64 of HMAC-SHA256 over `timestamp + "\n" +
 * secret`, keyed with the app's Client Secret (same doc). Unlike the custom robot's outgoing signature
 * there is no URL-encoding step.
 */
export function callbackSignature(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/**
 * Check a callback's `timestamp` (milliseconds) and `sign` headers against `nowMs`, the wall clock (not
 * the bot's, which XC_NOW may pin to another day). Both must pass. The signature covers the timestamp
 * only, not the body: what protects the body is TLS between DingTalk and us, and a replayed request is
 * dropped by its msgId.
 */
export function checkCallbackSignature(headers: { timestamp?: string; sign?: string }, secret: string, nowMs: number): SignatureProblem | undefined {
  const { timestamp, sign } = headers;
  if (!timestamp || !/^\d{1,15}$/.test(timestamp) || !sign) return 'missing';
  if (Math.abs(nowMs - Number(timestamp)) > MAX_SKEW_MS) return 'stale';
  const expected = Buffer.from(callbackSignature(timestamp, secret));
  const given = Buffer.from(sign);
  // timingSafeEqual needs equal lengths; a length that differs is a mismatch already.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
  return undefined;
}
