/**
 * Waiting in a stand-in server for something its clients do: `changed()` after every event, and
 * `until(done, what, ms)` resolves once `done()` holds, or rejects after `ms` with `what` and the
 * stand-in's state (`state()`), so a timed-out test says what it was waiting for and what it saw.
 */
export function createWaiter(name: string, state: () => string) {
  const changes = new Set<() => void>();
  return {
    changed(): void {
      for (const check of [...changes]) check();
    },
    until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done()) return;
          changes.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          changes.delete(check);
          reject(new Error(`${name}: ${what} within ${timeoutMs} ms (${state()})`));
        }, timeoutMs);
        changes.add(check);
        check();
      });
    },
  };
}
