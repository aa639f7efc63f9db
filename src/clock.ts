/** The bot's clock, injected everywhere so that "today", deadlines and schedules are testable. */
export interface Clock {
  now(): Date;
}

/** The system clock, or one that starts at `startAt` and runs on from there (`XC_NOW`). */
export function createClock(startAt?: Date): Clock {
  if (!startAt) return { now: () => new Date() };
  const offset = startAt.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock standing still at one instant, for tests. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set(next) {
      current = new Date(next);
    },
  };
}
