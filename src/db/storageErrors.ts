/**
 * Every IndexedDB promise settles, and every failure becomes a StorageError
 * with a reason the UI can act on (a full disk needs a different sentence from
 * a private-mode browser). Dexie wraps the DOM errors, sometimes twice
 * (AbortError with an inner QuotaExceededError), so the chain is searched.
 */
import { StorageError, type StorageErrorReasonKey } from '../lib/errors';
import type { PlumeDatabase } from './db';

/** How long opening may take before we give up (an upgrade blocked by another tab). */
export const STORAGE_OPEN_TIMEOUT_MS = 10_000;

const REASON_BY_NAME: Readonly<Record<string, StorageErrorReasonKey>> = {
  QuotaExceededError: 'quota',
  AbortError: 'aborted',
  TransactionInactiveError: 'aborted',
  MissingAPIError: 'unavailable',
  InvalidStateError: 'unavailable',
  SecurityError: 'unavailable',
  VersionError: 'versionConflict',
  VersionChangeError: 'versionConflict',
  DatabaseClosedError: 'closed',
  TimeoutError: 'blocked',
};

/** Names that are only wrappers: look inside for the real cause first. */
const WRAPPERS = new Set(['AbortError', 'OpenFailedError', 'UnknownError', 'DatabaseClosedError']);

function errorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

function inner(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { inner?: unknown; cause?: unknown };
  return e.inner ?? e.cause;
}

/** Map anything IndexedDB or Dexie throws to a StorageError. Pure. */
export function toStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  let reason: StorageErrorReasonKey | undefined;
  // Walk the wrapper chain (bounded, in case of a cycle) and keep the most specific reason.
  let cursor: unknown = err;
  for (let depth = 0; depth < 5 && cursor !== undefined; depth++) {
    const name = errorName(cursor);
    const mapped = name === undefined ? undefined : REASON_BY_NAME[name];
    if (mapped === 'quota') {
      reason = 'quota';
      break;
    }
    reason ??= mapped;
    if (name !== undefined && !WRAPPERS.has(name) && mapped !== undefined) break;
    cursor = inner(cursor);
  }
  const detail = err instanceof Error ? err.message : undefined;
  return new StorageError(reason ?? 'failed', { cause: err, ...(detail ? { detail } : {}) });
}

function openWithTimeout(db: PlumeDatabase, timeoutMs: number): Promise<void> {
  if (db.isOpen()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StorageError('blocked')), timeoutMs);
    db.open().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(toStorageError(err));
      },
    );
  });
}

/**
 * Run a storage operation: open first (bounded by STORAGE_OPEN_TIMEOUT_MS, so a
 * blocked upgrade cannot hang the app), then map any failure to StorageError.
 */
export async function withStorage<T>(
  db: PlumeDatabase,
  op: (db: PlumeDatabase) => PromiseLike<T>,
  openTimeoutMs = STORAGE_OPEN_TIMEOUT_MS,
): Promise<T> {
  await openWithTimeout(db, openTimeoutMs);
  try {
    return await op(db);
  } catch (err) {
    throw toStorageError(err);
  }
}
