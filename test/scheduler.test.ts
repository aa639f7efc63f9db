import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/clock.ts';
import { createLogger } from '../src/logger.ts';
import { createScheduler, type Job } from '../src/scheduler.ts';

describe('scheduler', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((s) => s()));
  });

  it('ticks every minute with node-cron in the configured zone, and once at start to catch up', async () => {
    const seen: Date[] = [];
    const clock = fixedClock('2026-11-26T10:00:00+08:00');
    const scheduler = createScheduler({ clock, timeZone: 'Asia/Shanghai', log: createLogger('silent'), jobs: [{ name: 'x', run: async (now) => void seen.push(now) }] });
    stops.push(scheduler.stop);
    await scheduler.start();
    expect(seen.map((d) => d.toISOString())).toEqual(['2026-11-26T02:00:00.000Z']);
    const next = scheduler.nextRun();
    expect(next).not.toBeNull();
    expect(next!.getSeconds()).toBe(0);
    expect(next!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('runs the other jobs when one fails, and logs the failure', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const { Writable } = await import('node:stream');
    const log = createLogger('info', undefined, new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));
    const jobs: Job[] = [
      { name: 'broken', run: async () => { throw new Error('boom'); } },
      { name: 'fine', run: async () => void ran.push('fine') },
    ];
    await createScheduler({ clock: fixedClock('2026-11-26T10:00:00Z'), timeZone: 'Asia/Shanghai', log, jobs }).tick();
    expect(ran).toEqual(['fine']);
    expect(lines.join('')).toContain('"job":"broken"');
  });
});
