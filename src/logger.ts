import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Callers log outcomes, references and timings only: never tokens, a finding's
 * or a clue's text; the redact list is a second guard for fields that must never be written.
 */
export function createLogger(level: string, file?: string, stream?: Writable): Logger {
  const redact = { paths: ['token', '*.token', 'text', '*.text', 'args', '*.args'], censor: '[redacted]' };
  if (level === 'silent') return pino({ level });
  const destination = stream ?? pino.destination({ fd: file ? openLogFile(file) : 2, sync: false });
  return pino({ level, redact, base: { app: 'xuncha' } }, destination);
}

/**
 * Opened before the first line, not by pino in the background: a process that stops within
 * milliseconds (a piped console session) must still be able to flush its log on exit.
 */
function openLogFile(file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  return openSync(file, 'a', 0o600);
}
