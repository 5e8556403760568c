import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../lib/errors';
import { setLogSink } from '../lib/log';
import { PlumeDatabase } from './db';
import { toStorageError, withStorage } from './storageErrors';

function named(name: string, inner?: unknown): Error {
  return Object.assign(new Error(name), { name, inner });
}

describe('toStorageError', () => {
  it('maps DOM and Dexie error names to reasons', () => {
    expect(toStorageError(named('QuotaExceededError')).reason).toBe('quota');
    expect(toStorageError(new Dexie.MissingAPIError()).reason).toBe('unavailable');
    expect(toStorageError(new Dexie.DatabaseClosedError()).reason).toBe('closed');
    expect(toStorageError(named('VersionError')).reason).toBe('versionConflict');
    expect(toStorageError(named('ConstraintError')).reason).toBe('failed');
    expect(toStorageError('weird').reason).toBe('failed');
  });

  it('finds a quota error inside an abort (the usual shape of a full disk)', () => {
    const abort = new Dexie.AbortError('Transaction aborted', named('QuotaExceededError'));
    expect(toStorageError(abort).reason).toBe('quota');
    expect(toStorageError(named('AbortError')).reason).toBe('aborted');
    expect(toStorageError(named('OpenFailedError', named('InvalidStateError'))).reason).toBe(
      'unavailable',
    );
  });

  it('keeps the cause and passes StorageErrors through', () => {
    const cause = named('QuotaExceededError');
    expect(toStorageError(cause).cause).toBe(cause);
    const mine = new StorageError('blocked');
    expect(toStorageError(mine)).toBe(mine);
  });
});

describe('withStorage', () => {
  it('rejects with StorageError when the operation fails', async () => {
    const db = new PlumeDatabase(`test-errors-${crypto.randomUUID()}`);
    // A function cannot be structured-cloned: IndexedDB throws DataCloneError.
    const failing = withStorage(db, (d) => d.settings.put({ key: 'k', value: () => 1 }));
    await expect(failing).rejects.toBeInstanceOf(StorageError);
    db.close();
  });

  it('settles with reason blocked when an upgrade is held up by another connection', async () => {
    const restore = setLogSink(() => undefined);
    const name = `test-blocked-${crypto.randomUUID()}`;
    // An old-version connection that ignores versionchange, like a stale tab.
    const stale = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const db = new PlumeDatabase(name);
    await expect(withStorage(db, (d) => d.settings.toArray(), 50)).rejects.toMatchObject({
      name: 'StorageError',
      reason: 'blocked',
    });
    stale.close();
    db.close();
    restore();
  });
});
