import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../src/logger.ts';

/** The console's typed lines across sessions: what the last session left, and where this one keeps its own. */
export interface ConsoleHistory {
  load(): string[];
  save(lines: string[]): void;
}

/**
 * The console's history file. Typed lines carry clue subjects and finding text, so with an encryption
 * key nothing is kept (a plain file would undo the key) and a file left from before is removed; without
 * one the file is readable by its owner only, like the store and the backups.
 */
export function consoleHistory(file: string, options: { encrypted: boolean; log: Logger }): ConsoleHistory {
  if (options.encrypted) {
    if (existsSync(file)) {
      rmSync(file, { force: true });
      options.log.info({ file }, 'console history removed: XC_ENCRYPTION_KEY is set, so typed lines are not kept on disk');
    }
    return { load: () => [], save: () => undefined };
  }
  // A file written by an earlier version got the default mode (often 0644): narrowed before it is read.
  if (existsSync(file)) chmodSync(file, 0o600);
  return {
    load: () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []),
    save(lines) {
      mkdirSync(dirname(file), { recursive: true });
      // The mode applies when the file is created; an existing one was narrowed above.
      writeFileSync(file, lines.join('\n'), { mode: 0o600 });
    },
  };
}
