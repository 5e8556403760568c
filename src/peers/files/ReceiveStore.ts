/**
 * The receiver's half of the chunk stream: it takes the first missing chunk
 * (in one or more pieces), checks it against its manifest digest, feeds it to
 * the whole-file SHA-256 (in a worker, see wholeHash.ts, which also makes each
 * batch's Blob), and stores verified chunks in batches of STORE_BATCH_CHUNKS
 * (fewer at the end, or after STORE_IDLE_MS with no write in flight): one batch is written
 * while the next gathers, and each write carries the hasher state after its
 * last chunk, so the stored prefix and the hash never disagree.
 * Spec: docs/protocol.md [FILE-7], [FILE-8], [FILE-9].
 */
import type { PlumeDatabase } from '../../db/db';
import {
  getManifestPage,
  storeReceived,
  updateFile,
  type FileChunkRow,
  type FileRow,
} from '../../db/filesRepo';
import { describeError } from '../../lib/errors';
import { chunkLength } from '../../lib/fileChunks';
import { log } from '../../lib/log';
import { digestSlot } from './chunks';
import { STORE_BATCH_CHUNKS, STORE_IDLE_MS } from './constants';
import type { Bytes, DataFrame } from './frames';
import { chunkDigest, digestAt } from './hashing';
import type { WholeHash } from './wholeHash';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:files:store');

/** What taking one frame did. */
export type Taken =
  /** Not the first missing chunk (in flight behind a corrupt one): dropped. */
  | 'ignored'
  /** A piece of a chunk that has more. */
  | 'partial'
  /** The chunk was verified and is being stored. */
  | 'accepted'
  /** The chunk failed its check (length or digest): it must come again. */
  | 'corrupt'
  /** The manifest page for it is gone: the manifest must come again. */
  | 'noManifest';

/** What the store tells its pull. */
export interface ReceiveStoreEvents {
  /** Chunks [0, committed) are stored. */
  stored: (committed: number) => void;
  /** A write failed (the StorageError), or null: the record moved (freed). */
  failed: (err: unknown) => void;
}

/** Verified, stored prefix of one file being received. */
export class ReceiveStore {
  readonly #db: PlumeDatabase;
  readonly #row: FileRow;
  readonly #now: () => number;
  readonly #env: Clock;
  readonly #whole: WholeHash;
  readonly #events: ReceiveStoreEvents;
  #page: { index: number; digests: Uint8Array } | null = null;
  #pieces: Bytes[] = [];
  #pieceIndex = -1;
  /** Chunks [0, next) verified; [0, committed) stored. */
  #next: number;
  #committed: number;
  /** Verified chunks not yet being stored: [committed + writing, next). */
  #pending = 0;
  #writing: Promise<void> | null = null;
  /** Stores a short batch after STORE_IDLE_MS with no write in flight (a slow link). */
  #idle: TimerHandle | null = null;
  #closed = false;

  constructor(
    db: PlumeDatabase,
    row: FileRow,
    clock: { now: () => number; env: Clock },
    hashers: { whole: WholeHash; next: number },
    events: ReceiveStoreEvents,
  ) {
    this.#db = db;
    this.#row = row;
    this.#now = clock.now;
    this.#env = clock.env;
    this.#whole = hashers.whole;
    this.#next = hashers.next;
    this.#committed = hashers.next;
    this.#events = events;
  }

  /** The first missing chunk. */
  get next(): number {
    return this.#next;
  }

  /**
   * Take one chunk frame. `early` is the payload's digest, started when the
   * frame arrived (a chunk in one piece), so hashing overlaps the queue.
   */
  async take(frame: DataFrame, early: Promise<Uint8Array> | null = null): Promise<Taken> {
    if (this.#closed || frame.index !== this.#next) return 'ignored';
    if (frame.index !== this.#pieceIndex) {
      this.#pieces = [];
      this.#pieceIndex = frame.index;
    }
    this.#pieces.push(frame.payload);
    const expected = chunkLength(this.#row.body, frame.index);
    const got = this.#pieces.reduce((n, p) => n + p.byteLength, 0);
    if (got > expected || (frame.last && got !== expected)) return this.#drop();
    if (!frame.last) return 'partial';
    const whole = this.#pieces.length === 1;
    const bytes = whole ? this.#pieces[0]! : join(this.#pieces, got);
    this.#pieces = [];
    this.#pieceIndex = -1;
    const digest = whole && early ? early : chunkDigest(bytes);
    const ok = await this.#digestOk(frame.index, digest);
    if (ok === null) return 'noManifest';
    if (this.#closed || frame.index !== this.#next) return 'ignored';
    if (!ok) return this.#drop();
    // Handed over (not copied): nothing here touches these bytes again.
    this.#whole.update(bytes);
    this.#pending++;
    this.#next++;
    this.#flush();
    return 'accepted';
  }

  /** [FILE-8] The whole-file SHA-256 (lowercase hex), once every chunk was taken. */
  digest(): Promise<string> {
    return this.#whole.digest();
  }

  /**
   * Stop taking frames; wait for the write in flight, then store what is
   * verified and not yet stored (unless `keep` is false). Frees the hasher.
   */
  async close(keep: boolean): Promise<void> {
    this.#closed = true;
    this.#quiet();
    while (this.#writing) await this.#writing;
    if (keep && this.#pending > 0) {
      const count = this.#pending;
      this.#pending = 0;
      const ok = await this.#write(count).catch((err: unknown) => {
        logger.warn('could not store the last chunks of', this.#row.id, describeError(err));
        return false;
      });
      if (ok) this.#committed += count;
    }
    this.#whole.close();
  }

  #drop(): Taken {
    this.#pieces = [];
    this.#pieceIndex = -1;
    return 'corrupt';
  }

  /** Chunk `index`'s digest against its manifest; null when the page is gone. */
  async #digestOk(index: number, digest: Promise<Uint8Array>): Promise<boolean | null> {
    const { page, slot } = digestSlot(index);
    if (this.#page?.index !== page) {
      const digests = await getManifestPage(this.#db, this.#row.key, page);
      if (!digests) {
        logger.warn('manifest page', page, 'of', this.#row.id, 'is missing');
        await updateFile(this.#db, this.#row.id, (row) => {
          row.manifest = false;
          return true;
        });
        return null;
      }
      this.#page = { index: page, digests };
    }
    return digestAt(this.#page.digests, slot, await digest);
  }

  /**
   * Write what is verified, one batch at a time; the next batch gathers
   * meanwhile. A batch short of STORE_BATCH_CHUNKS waits for more, unless it
   * ends the file or `now` (it waited STORE_IDLE_MS with no write in flight).
   */
  #flush(now = false): void {
    if (this.#writing || this.#pending === 0 || this.#closed) return;
    if (!now && this.#pending < STORE_BATCH_CHUNKS && this.#next < this.#row.count) {
      this.#idle ??= this.#env.setTimeout(() => {
        this.#idle = null;
        this.#flush(true);
      }, STORE_IDLE_MS);
      return;
    }
    this.#quiet();
    const count = this.#pending;
    this.#pending = 0;
    this.#writing = this.#write(count).then(
      (ok) => {
        this.#writing = null;
        if (!ok) {
          // Freed or reset meanwhile: what we hold belongs to nothing.
          this.#pending = 0;
          this.#closed = true;
          return this.#events.failed(null);
        }
        this.#committed += count;
        this.#events.stored(this.#committed);
        this.#flush();
      },
      (err: unknown) => {
        this.#writing = null;
        this.#pending = 0;
        this.#closed = true;
        this.#events.failed(err);
      },
    );
  }

  #quiet(): void {
    if (this.#idle !== null) this.#env.clearTimeout(this.#idle);
    this.#idle = null;
  }

  /** Store the next `count` chunks after the committed prefix, with the hasher state after them. */
  async #write(count: number): Promise<boolean> {
    const from = this.#committed;
    // Asked now, before any later chunk is added: the cut covers exactly these chunks.
    const cut = await this.#whole.cut();
    const rows: FileChunkRow[] = [{ key: this.#row.key, index: from, count, data: cut.data }];
    return storeReceived(this.#db, {
      id: this.#row.id,
      key: this.#row.key,
      from,
      chunks: rows,
      hasher: cut.state,
      now: this.#now(),
    });
  }
}

function join(pieces: Bytes[], length: number): Bytes {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}
