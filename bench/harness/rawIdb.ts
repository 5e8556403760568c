/**
 * Baseline for sync: the same number of event-shaped records written with plain IndexedDB in one
 * readwrite transaction (primary key [conv, author, seq] plus one [conv, lamport, author] index),
 * in a throwaway database of the same origin. No signature checks, no app code.
 */

/** A request's result. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** A transaction's end (rejects on error or abort). */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export interface RawRecord {
  conv: string;
  author: string;
  seq: number;
  lamport: number;
  ts: number;
  type: 'text';
  body: { text: string };
  sig: string;
}

/** Put `records` in one transaction; returns ms from the first put to commit. */
export async function rawBulkPut(records: RawRecord[]): Promise<number> {
  const name = `plume-bench-raw-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('events', { keyPath: ['conv', 'author', 'seq'] });
    store.createIndex('order', ['conv', 'lamport', 'author']);
  };
  const db = await request(open);
  try {
    const started = performance.now();
    const tx = db.transaction('events', 'readwrite', { durability: 'default' });
    const store = tx.objectStore('events');
    for (const record of records) store.put(record);
    await done(tx);
    return performance.now() - started;
  } finally {
    db.close();
    await request(indexedDB.deleteDatabase(name)).catch(() => undefined);
  }
}
