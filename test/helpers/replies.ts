import { expect } from 'vitest';
import type { ChatRef, Outgoing, Reply } from '../../src/types.ts';
import type { Harness } from './harness.ts';

/** Run a line and insist on exactly one reply. */
export async function one(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<Reply> {
  const replies = await h.say(user, line, chat);
  expect(replies, line).toHaveLength(1);
  return replies[0]!;
}

/** Run a line that must succeed; returns its single reply. */
export async function ok(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<Reply> {
  const r = await one(h, user, line, chat);
  expect(r.error, `${line} → ${r.text}`).toBeUndefined();
  return r;
}

/** Run a line that must be refused: one reply, only for the asker, with no trace of internals. */
export async function refused(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<Reply> {
  const r = await one(h, user, line, chat);
  expect(r.error, `${line} → ${r.text}`).toBe(true);
  expect(r.visibility).toBe('asker');
  expect(r.text).not.toMatch(/undefined|Error|at .*\.ts/);
  return r;
}

/** Record what the bot sends through the console platform (the far side of the outbox). */
export function recordSent(h: Harness): Outgoing[] {
  const sent: Outgoing[] = [];
  h.bot.services.outbox.register('console', { send: async (o) => void sent.push(o) });
  return sent;
}

/** The first bytes of every PNG file. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Run a line that answers with figures and, when there is anything to draw, a chart after them: the
 * chart a PNG for the same audience, with no words of its own. Returns the figures' reply and the picture.
 */
export async function figures(h: Harness, user: string, line: string, chat?: ChatRef | string): Promise<Reply & { picture?: Uint8Array }> {
  const replies = await h.say(user, line, chat);
  expect(replies.length, line).toBeGreaterThanOrEqual(1);
  expect(replies.length, line).toBeLessThanOrEqual(2);
  const [text, chart] = replies as [Reply, Reply | undefined];
  expect(text.error, `${line} → ${text.text}`).toBeUndefined();
  if (!chart) return text;
  expect(chart.text).toBe('');
  expect(chart.visibility).toBe(text.visibility);
  expect(chart.file?.mime).toBe('image/png');
  expect([...chart.file!.data.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  return { ...text, picture: chart.file!.data };
}
