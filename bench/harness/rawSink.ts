/**
 * What the issue requires of any receiver, and nothing else: every message gets a SHA-256 of its
 * own (WebCrypto), goes into one streaming SHA-256 of the whole (hash-wasm), and is stored in
 * IndexedDB in batches (one Blob of STORE_BATCH_CHUNKS messages, Plume's number, written while the
 * next gathers). The baseline channel runs it once to measure the ceiling Plume's protocol works
 * under on this machine. No Plume code.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { STORE_BATCH_CHUNKS } from '../../src/peers/files/constants';
import { done, request } from './rawIdb';

const DB_NAME = 'bench-raw-sink';

async function freshDb(): Promise<IDBDatabase> {
  await request(indexedDB.deleteDatabase(DB_NAME));
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('chunks');
  return request(open);
}

function put(db: IDBDatabase, key: number, blob: Blob): Promise<void> {
  const tx = db.transaction('chunks', 'readwrite');
  tx.objectStore('chunks').put(blob, key);
  return done(tx);
}

/** A receiver doing the required work on every message it is given. */
export class RawSink {
  readonly #db: IDBDatabase;
  readonly #hasher: IHasher;
  #batch: Uint8Array<ArrayBuffer>[] = [];
  #writing: Promise<void> | null = null;
  #failed: Error | null = null;
  #rows = 0;
  #digests: Promise<ArrayBuffer>[] = [];

  private constructor(db: IDBDatabase, hasher: IHasher) {
    this.#db = db;
    this.#hasher = hasher;
  }

  static async open(): Promise<RawSink> {
    return new RawSink(await freshDb(), await createSHA256());
  }

  take(bytes: Uint8Array<ArrayBuffer>): void {
    this.#digests.push(crypto.subtle.digest('SHA-256', bytes));
    this.#hasher.update(bytes);
    this.#batch.push(bytes);
    if (this.#batch.length >= STORE_BATCH_CHUNKS) this.#flush();
  }

  /** Every message hashed and stored: the whole SHA-256 (hex). */
  async finish(): Promise<string> {
    while (this.#writing || this.#batch.length > 0) {
      this.#flush();
      await this.#writing;
    }
    if (this.#failed) throw this.#failed;
    await Promise.all(this.#digests);
    this.#digests = [];
    const sha256 = this.#hasher.digest('hex');
    this.#db.close();
    return sha256;
  }

  #flush(): void {
    if (this.#writing || this.#batch.length === 0) return;
    const blob = new Blob(this.#batch);
    this.#batch = [];
    this.#writing = put(this.#db, this.#rows++, blob).then(
      () => {
        this.#writing = null;
        if (this.#batch.length >= STORE_BATCH_CHUNKS) this.#flush();
      },
      (err: unknown) => {
        this.#failed = err instanceof Error ? err : new Error(String(err));
        this.#writing = null;
      },
    );
  }
}
