/** The store's failures, in a module of their own: the backends, the owner lock and the store all raise them. */
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

/** A stored record failed validation or the backend failed; the message never carries the value. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
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
  if (/ClientClosed|ClientOffline|SocketClosed|ConnectionTimeout|Reconnect|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN/.test(`${code} ${text}`)) {
    return new StoreError('STORE_UNAVAILABLE', `The store cannot be reached (${text}).`);
  }
  return err;
}

/** `work`, or a STORE_TIMEOUT once `ms` have passed without an answer. */
export async function withDeadline<T>(work: Promise<T>, ms = STORE_DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreError('STORE_TIMEOUT', `The store did not answer within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } catch (err) {
    throw storeFailure(err);
  } finally {
    clearTimeout(timer);
  }
}

