/** The store's failures, in a module of their own: the backends, the owner lock and the store all raise them. */
import { startupEn, type Words } from '../i18n/startup.ts';
import { FenceError } from './redis.ts';

/**
 * Why the store failed, as the user and the operator need to know it: unreachable (nothing was saved),
 * too slow to answer (whether it was saved is unknown), out of space or read-only (the operator's to
 * fix), a write refused because its lock was lost meanwhile (nothing was saved), a lock held too long
 * by another command; and the start-up failures: a corrupt record, an unsupported URL, the wrong key.
 */
export type StoreErrorCode =
  | 'STORE_CORRUPT' | 'STORE_UNSUPPORTED' | 'STORE_UNAVAILABLE' | 'STORE_KEY'
  | 'STORE_TIMEOUT' | 'STORE_FULL' | 'STORE_READONLY' | 'STORE_CONFLICT' | 'STORE_BUSY'
  // Not a fault: a platform delivered again what an earlier delivery already changed (Store.marking).
  | 'STORE_REDELIVERED';

/**
 * A stored record failed validation or the backend failed; the message never carries the value. A
 * failure that stops the start has its words in the start-up texts too, for the configured language.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly words?: Words,
  ) {
    super(message);
  }

  /** A failure that stops the start: its message is its English words. */
  static worded(code: StoreErrorCode, words: Words): StoreError {
    return new StoreError(code, words(startupEn), words);
  }
}

/**
 * How long one store operation may take before the command gives up on it: Redis unreachable or
 * paused, a disk that hangs. A few seconds: the user gets an answer while Slack still waits for one.
 */
export const STORE_DEADLINE_MS = 4000;

/** A failure of the backend as a StoreError that says what it was; anything else is left as it is. */
export function storeFailure(err: unknown): unknown {
  if (err instanceof StoreError) return err;
  if (err instanceof FenceError) return new StoreError('STORE_CONFLICT', `A write was refused: ${err.message}.`);
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const text = `${typeof e?.name === 'string' ? e.name : 'Error'}: ${typeof e?.message === 'string' ? e.message : String(err)}`;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new StoreError('STORE_FULL', `The store's disk is full (${text}).`);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES') return new StoreError('STORE_READONLY', `The store is read-only (${text}).`);
  if (code.startsWith('SQLITE_BUSY')) return new StoreError('STORE_BUSY', `The store is locked by another connection (${text}).`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return new StoreError('STORE_UNAVAILABLE', `The store's disk failed (${text}).`);
  // node-redis: the connection is gone or closed; with no offline queue, a command fails at once.
  // Its errors keep the name "Error" ("Error: The client is offline"): only their class names them, so
  // the class is matched too. Without it, every command during a Redis outage got "处理时出错了"
  // instead of the unavailable sentence (test/fault-suite.test.ts, Redis stopped and restarted).
  const kind = typeof (err as object | null)?.constructor?.name === 'string' ? (err as object).constructor.name : '';
  if (/ClientClosed|ClientOffline|SocketClosed|ConnectionTimeout|Reconnect|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN/.test(`${code} ${kind} ${text}`)) {
    return new StoreError('STORE_UNAVAILABLE', `The store cannot be reached (${text}).`);
  }
  return err;
}

/**
 * `work`, or a STORE_TIMEOUT once `ms` have passed without an answer. Time this process itself was
 * stalled (SIGSTOP, a frozen VM, a long GC) is not the store's: a deadline whose timer fires more than
 * half its span late gives the operation a quarter of its span more, counted from now. Without that
 * grace the store was blamed for our own stall: a lock holder paused past its lease woke with its
 * timers due before it had read, or even sent (node-redis writes on the next turn), a request that
 * Redis answers in a millisecond, and its user was told "not confirmed whether saved"
 * (STORE_TIMEOUT) instead of meeting the fence (STORE_CONFLICT, nothing saved): 6 of 21 real SIGSTOPs
 * in test/fault-suite.test.ts.
 */
export async function withDeadline<T>(work: Promise<T>, ms = STORE_DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    const expire = (due: number) => {
      const now = Date.now();
      if (now - due > ms / 2) timer = setTimeout(expire, ms / 4, now + ms / 4);
      else reject(new StoreError('STORE_TIMEOUT', `The store did not answer within ${ms} ms.`));
    };
    timer = setTimeout(expire, ms, Date.now() + ms);
  });
  try {
    return await Promise.race([work, late]);
  } catch (err) {
    throw storeFailure(err);
  } finally {
    clearTimeout(timer);
  }
}

