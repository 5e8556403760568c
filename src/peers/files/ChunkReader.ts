/**
 * The sender's read-ahead: the next chunks are read from IndexedDB
 * in small batches before they are needed, so the channel never waits on
 * storage. Bounded by READ_AHEAD_CHUNKS. [FILE-7]
 */
import type { PlumeDatabase } from '../../db/db';
import { readChunks } from '../../db/filesRepo';
import type { FileBody } from '../../lib/chatEvent';
import { chunkLength } from '../../lib/fileChunks';
import { READ_AHEAD_CHUNKS, READ_BATCH_CHUNKS, STORE_BATCH_CHUNKS } from './constants';
import type { Bytes } from './frames';

/** A chunk the store no longer holds (freed meanwhile). */
export class MissingChunkError extends Error {
  override readonly name = 'MissingChunkError';
}

/**
 * Bytes of chunks [from, from + blobs.length) from their stored Blobs: each
 * read on its own (a Blob built of other Blobs costs a round trip to the
 * browser's blob store per part, far more than copying the bytes in JS).
 */
function bytesOf(body: FileBody, from: number, blobs: (Blob | null)[]): Promise<Bytes[]> {
  return Promise.all(
    blobs.map(async (blob, i) => {
      const index = from + i;
      if (!blob || blob.size !== chunkLength(body, index)) {
        throw new MissingChunkError(`chunk ${index}`);
      }
      return new Uint8Array(await blob.arrayBuffer());
    }),
  );
}

/** Reads chunks ahead of the sender. */
export class ChunkReader {
  readonly #db: PlumeDatabase;
  readonly #key: string;
  readonly #body: FileBody;
  readonly #count: number;
  /** IndexedDB requests made (tests, debug). */
  reads = 0;
  #ahead = new Map<number, Promise<Bytes>>();
  /** The first chunk not being read yet. */
  #end = 0;

  constructor(db: PlumeDatabase, key: string, body: FileBody, count: number) {
    this.#db = db;
    this.#key = key;
    this.#body = body;
    this.#count = count;
  }

  /**
   * Start reading ahead from chunk `index` (before the channel is ready to
   * take it). Reads go in whole batches of READ_BATCH_CHUNKS (one IndexedDB
   * request each) once READ_AHEAD_CHUNKS are in flight: sliding the window by
   * one chunk does not cost a request of one chunk.
   */
  prime(index: number): void {
    for (const at of this.#ahead.keys()) if (at < index) this.#ahead.delete(at);
    // Chunks [index, #end) are being read, unless this is a jump (start, FROM, reset).
    let at = this.#ahead.has(index) ? this.#end : index;
    const limit = Math.min(this.#count, index + READ_AHEAD_CHUNKS);
    while (at < limit) {
      const n = Math.min(READ_BATCH_CHUNKS, limit - at);
      // A short batch only for the chunk asked for or the file's last chunks.
      if (n < READ_BATCH_CHUNKS && at > index && limit < this.#count) break;
      this.#readBatch(at, n);
      at += n;
    }
    this.#end = at;
  }

  /** The bytes of chunk `index`; reading ahead from there. */
  chunk(index: number): Promise<Bytes> {
    this.prime(index);
    const bytes = this.#ahead.get(index);
    if (!bytes) return Promise.reject(new MissingChunkError(`chunk ${index} out of range`));
    this.#ahead.delete(index);
    return bytes;
  }

  /** Forget what was read ahead (the receiver asked to start elsewhere). */
  reset(): void {
    this.#ahead.clear();
  }

  #readBatch(from: number, n: number): void {
    this.reads++;
    const { chunkSize } = this.#body;
    const batch = readChunks(this.#db, this.#key, from, n, chunkSize, STORE_BATCH_CHUNKS).then(
      (blobs) => bytesOf(this.#body, from, blobs),
    );
    for (let i = 0; i < n; i++) {
      const bytes = batch.then((all) => all[i]!);
      // Read ahead and maybe never asked for (reset, end): not an unhandled rejection.
      bytes.catch(() => undefined);
      this.#ahead.set(from + i, bytes);
    }
  }
}
