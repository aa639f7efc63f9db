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
