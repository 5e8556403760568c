/**
 * The wake directory: what the service worker needs to name a wake push while the app is
 * closed. One entry per friend who may wake us, keyed by the slot a push carries (the hash of the
 * reach token we gave that friend), and the language to speak. A database of its own, read and
 * written with plain IndexedDB, so the service worker needs neither Dexie nor the app's schema.
 * Every promise settles, on success, error, abort or a blocked open. Spec: docs/protocol.md
 * [WAKE-10], [WAKE-15].
 */
import type { ConversationId } from '../lib/ids';
import type { Language } from '../lib/language';
import type { ReachHash } from '../lib/reach';

/** The database's name in the browser (tests pass their own). */
export const WAKE_DB_NAME = 'plume-wake';
const VERSION = 1;
const ENTRIES = 'entries';
const META = 'meta';
const LANGUAGE_KEY = 'language';

/** One friend who may wake us. */
export interface WakeEntry {
  /** The hash of the reach token we gave them: what a wake push from them carries. */
  slot: ReachHash;
  /** How we name them (remark, else their name). */
  name: string;
  /** Our chat with them, which a tap on the notification opens. */
  conv: ConversationId;
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
      if (!db.objectStoreNames.contains(ENTRIES))
        db.createObjectStore(ENTRIES, { keyPath: 'slot' });
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('could not open the wake directory'));
    request.onblocked = () =>
      reject(new Error('the wake directory is blocked by an older version'));
  });
}

/** Run `work` in one transaction over `stores` and resolve with its result once it committed. */
async function inTransaction<T>(
  name: string,
  stores: string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  const db = await open(name);
  try {
    const tx = db.transaction(stores, mode);
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('wake directory transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('wake directory transaction aborted'));
    });
    const [result] = await Promise.all([work(tx), committed]);
    return result;
  } finally {
    db.close();
  }
}

function isEntry(value: unknown): value is WakeEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.slot === 'string' && typeof v.name === 'string' && typeof v.conv === 'string';
}

/** Replace every entry with `entries`, in one transaction. */
export function replaceWakeEntries(
  entries: readonly WakeEntry[],
  name: string = WAKE_DB_NAME,
): Promise<void> {
  return inTransaction(name, [ENTRIES], 'readwrite', async (tx) => {
    const store = tx.objectStore(ENTRIES);
    await settle(store.clear());
    await Promise.all(entries.map((entry) => settle(store.put({ ...entry }))));
  });
}

/** Every entry (for the app to compare before writing). */
export function listWakeEntries(name: string = WAKE_DB_NAME): Promise<WakeEntry[]> {
  return inTransaction(name, [ENTRIES], 'readonly', async (tx) =>
    (await settle(tx.objectStore(ENTRIES).getAll())).filter(isEntry),
  );
}

/** The entry for `slot`, or null. */
export function readWakeEntry(
  slot: string,
  name: string = WAKE_DB_NAME,
): Promise<WakeEntry | null> {
  return inTransaction(name, [ENTRIES], 'readonly', async (tx) => {
    const value: unknown = await settle(tx.objectStore(ENTRIES).get(slot));
    return isEntry(value) ? value : null;
  });
}

/** Remember the language the notifications speak. */
export function setWakeLanguage(language: Language, name: string = WAKE_DB_NAME): Promise<void> {
  return inTransaction(name, [META], 'readwrite', async (tx) => {
    await settle(tx.objectStore(META).put(language, LANGUAGE_KEY));
  });
}

/** The language the notifications speak, or null when the app never said. */
export function readWakeLanguage(name: string = WAKE_DB_NAME): Promise<Language | null> {
  return inTransaction(name, [META], 'readonly', async (tx) => {
    const value: unknown = await settle(tx.objectStore(META).get(LANGUAGE_KEY));
    return value === 'en' || value === 'zh' ? value : null;
  });
}

/** Forget everything: wake is off, nobody is named any more. */
export function clearWakeDirectory(name: string = WAKE_DB_NAME): Promise<void> {
  return inTransaction(name, [ENTRIES, META], 'readwrite', async (tx) => {
    await Promise.all([
      settle(tx.objectStore(ENTRIES).clear()),
      settle(tx.objectStore(META).clear()),
    ]);
  });
}
