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
  const destination = stream ?? (file ? pino.destination({ dest: file, mkdir: true, sync: false }) : pino.destination(2));
  return pino({ level, redact, base: { app: 'xuncha' } }, destination);
}
