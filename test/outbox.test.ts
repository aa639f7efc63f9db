import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outgoing } from '../src/types.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const message = (text: string): Outgoing => ({ to: { user: 'console:张三' }, reply: { text, visibility: 'dm', quotes: [] } });

describe('outbox', () => {
  let h: Harness;
  let attempts: number;
  let fail: boolean;
  const delivered: string[] = [];
  beforeEach(async () => {
    h = await createHarness({ now: '2026-11-25T09:00:00Z' });
    attempts = 0;
    fail = true;
    delivered.length = 0;
    h.bot.services.outbox.register('console', {
      send: async (o) => {
        attempts++;
        if (fail) throw new Error('unreachable');
        delivered.push(o.reply.text);
      },
    });
  });
  afterEach(() => h.dispose());

  it('enqueues an id once only', async () => {
    const { outbox } = h.bot.services;
    expect(await outbox.enqueue('digest:T1:2026-11-25', [message('a')], h.clock.now().toISOString())).toBe(true);
    expect(await outbox.enqueue('digest:T1:2026-11-25', [message('b')], h.clock.now().toISOString())).toBe(false);
    fail = false;
    await h.bot.flush();
    expect(delivered).toEqual(['a']);
  });

  it('retries a failing message at once, then backs off 1, 2, 4 … minutes, and never loses it', async () => {
    const { outbox } = h.bot.services;
    await outbox.enqueue('notice:1', [message('hello')], h.clock.now().toISOString());
    await h.bot.flush(); // attempt 1 fails
    await h.bot.flush(); // attempt 2 at once, fails: next in 1 minute
    expect(attempts).toBe(2);
    await h.bot.flush();
    expect(attempts).toBe(2);
    h.clock.set('2026-11-25T09:01:00Z');
    await h.bot.flush(); // attempt 3 fails: next in 2 minutes
    expect(attempts).toBe(3);
    h.clock.set('2026-11-25T09:02:30Z');
    await h.bot.flush();
    expect(attempts).toBe(3);
    fail = false;
    h.clock.set('2026-11-25T09:03:00Z');
    await h.bot.flush();
    expect(delivered).toEqual(['hello']);
    await h.bot.flush();
    expect(delivered).toEqual(['hello']);
  });

  it('retries without waiting once woken (someone became reachable)', async () => {
    const { outbox } = h.bot.services;
    await outbox.enqueue('notice:2', [message('queued')], h.clock.now().toISOString());
    await h.bot.flush();
    await h.bot.flush();
    fail = false;
    await h.bot.flush();
    expect(delivered).toEqual([]);
    await outbox.wake();
    await h.bot.flush();
    expect(delivered).toEqual(['queued']);
  });

  it('keeps what it holds across a restart', async () => {
    await h.bot.services.outbox.enqueue('notice:3', [message('survives')], h.clock.now().toISOString());
    await h.close();
    const again = await createHarness({ file: h.file });
    const got: string[] = [];
    again.bot.services.outbox.register('console', { send: async (o) => void got.push(o.reply.text) });
    await again.bot.flush();
    expect(got).toEqual(['survives']);
    await again.dispose();
  });
});
