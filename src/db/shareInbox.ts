/**
 * The share inbox ([SHARE-3]): what was shared into Plume, kept from the moment the service
 * worker receives it until it is sent or dismissed, so closing the app loses nothing. At most
 * one share waits: a newer one replaces it. A database of its own, read and written with plain
 * IndexedDB, so the service worker needs neither Dexie nor the app's schema. Every promise
 * settles, on success, error, abort or a blocked open.
 */
import type { ConversationId } from '../lib/ids';
import type { SharedFile, SharedItems } from '../lib/share';

/** The database's name in the browser (tests pass their own). */
export const SHARE_DB_NAME = 'plume-share';
const VERSION = 1;
const PENDING = 'pending';
const KEY = 'share';

/** A share waiting to be sent. */
export interface PendingShare extends SharedItems {
  /** Random, so a tab clearing a share it sent never clears a newer one. */
  id: string;
  at: number;
  /** The chat picked for it; null until one is. */
  conv: ConversationId | null;
}

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(PENDING)) db.createObjectStore(PENDING);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('could not open the share inbox'));
    request.onblocked = () => reject(new Error('the share inbox is blocked by an older version'));
  });
}

/** Run `work` in one transaction and resolve with its result once it committed. */
async function inTransaction<T>(
  name: string,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => Promise<T>,
): Promise<T> {
  const db = await open(name);
  try {
    const tx = db.transaction([PENDING], mode);
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('share inbox transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('share inbox transaction aborted'));
    });
    const [result] = await Promise.all([work(tx.objectStore(PENDING)), committed]);
    return result;
  } finally {
    db.close();
  }
}

function isSharedFile(value: unknown): value is SharedFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.type === 'string' && v.blob instanceof Blob;
}

function isPending(value: unknown): value is PendingShare {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.at === 'number' &&
    typeof v.text === 'string' &&
    (v.conv === null || typeof v.conv === 'string') &&
    Array.isArray(v.files) &&
    v.files.every(isSharedFile)
  );
}

/** Keep `items` as the waiting share (replacing any other); resolves once it is stored. */
export function putShare(
  items: SharedItems,
  at: number,
  name: string = SHARE_DB_NAME,
): Promise<PendingShare> {
  const share: PendingShare = { ...items, id: crypto.randomUUID(), at, conv: null };
  return inTransaction(name, 'readwrite', async (store) => {
    await settle(store.put(share, KEY));
    return share;
  });
}

/** The waiting share, or null. */
export function readShare(name: string = SHARE_DB_NAME): Promise<PendingShare | null> {
  return inTransaction(name, 'readonly', async (store) => {
    const value: unknown = await settle(store.get(KEY));
    return isPending(value) ? value : null;
  });
}

/** Note the chat picked for share `id`; resolves to the share, or null when it is gone. */
export function chooseShareChat(
  id: string,
  conv: ConversationId,
  name: string = SHARE_DB_NAME,
): Promise<PendingShare | null> {
  return inTransaction(name, 'readwrite', async (store) => {
    const value: unknown = await settle(store.get(KEY));
    if (!isPending(value) || value.id !== id) return null;
    const next = { ...value, conv };
    await settle(store.put(next, KEY));
    return next;
  });
}

/** Forget share `id` (sent or dismissed); a newer share stays. */
export function clearShare(id: string, name: string = SHARE_DB_NAME): Promise<void> {
  return inTransaction(name, 'readwrite', async (store) => {
    const value: unknown = await settle(store.get(KEY));
    if (isPending(value) && value.id === id) await settle(store.delete(KEY));
  });
}
