/**
 * One process owns a SQLite store. Its locks are in-process mutexes, which hold only if no other
 * process writes the same file: a second bot on it would interleave its read-then-write with ours and
 * lose updates. So the owner leaves its pid beside the file, and a second bot is refused at start-up
 * with a sentence; a pid left by a process that died (SIGKILL, a power cut) is taken over. Several
 * processes on one store need Redis, whose locks hold across processes. A backup reads beside the
 * owner (it takes no part in this).
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StoreError } from './errors.ts';

/** The file that names the owner of `db`. */
export const ownerFile = (db: string) => `${db}-xuncha.pid`;

/** Whether a process with this pid runs (a stopped one, SIGSTOP, runs: it will wake and write). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Become the owner of `db`, or refuse; returns how to give it up (at close). */
export function claimOwnership(db: string): () => void {
  const file = ownerFile(db);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // Gone already: nothing to give up.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
      throw StoreError.worded('STORE_BUSY', (t) => t.store.inUse(db, pid, file));
    }
    // Left by a process that is gone: take it over.
    unlinkSync(file);
  }
  throw StoreError.worded('STORE_BUSY', (t) => t.store.unclaimable(db, file));
}
