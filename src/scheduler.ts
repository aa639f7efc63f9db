import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

/** A scheduled job: data plus a function of the clock's now, run on every tick. */
export interface Job {
  name: string;
  run(now: Date): Promise<void>;
}

/**
 * node-cron lives here only. One tick a minute runs every job with the injected clock's time; each
 * job decides from its own records whether today's work is due and not yet done. So a bot that was
 * down at 08:30 still sends when it comes back, and a restart never sends twice.
 */
export function createScheduler(options: { clock: Clock; timeZone: string; jobs: readonly Job[]; log: Logger }) {
  const { clock, jobs, log } = options;
  let task: ScheduledTask | undefined;

  async function tick(): Promise<void> {
    const now = clock.now();
    for (const job of jobs) {
      try {
        await job.run(now);
      } catch (err) {
        log.error({ job: job.name, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'job failed');
      }
    }
  }

  return {
    tick,
    /** Start ticking every minute (and once now, to catch up after downtime). */
    async start(): Promise<void> {
      task = cron.schedule('* * * * *', tick, { name: 'xuncha-tick', timezone: options.timeZone, noOverlap: true });
      await tick();
    },
    /** When the next tick fires. */
    nextRun: (): Date | null => task?.getNextRun() ?? null,
    async stop(): Promise<void> {
      await task?.destroy();
      task = undefined;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
