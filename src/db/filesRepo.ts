/**
 * File records and their bytes (schema v4). A file's bytes are Blobs, one
 * row per chunk, so nothing is ever held whole in memory and `open` composes
 * `new Blob(chunks)` without reading them. A received file is stored as a
 * verified prefix: chunks [0, next) plus the SHA-256 state after them, written
 * in one transaction, so a crash or a full disk never leaves the two out of
 * step. Every function rejects with StorageError only ('quota' when full).
 * Spec: docs/protocol.md [FILE-*].
 */
import type { FileBody } from '../lib/chatEvent';
import type { ConversationId, EventId, PeerId } from '../lib/ids';
import type { FileError, FileState } from '../lib/fileState';
import { prefixBytes } from '../lib/fileChunks';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** Which side of a file this device is. */
export type FileDirection = 'send' | 'receive';

/** One file event as this device holds it. */
export interface FileRow {
  /** The file event's id. */
  id: EventId;
  conv: ConversationId;
  /** The other side: the author (receive) or the conversation's peer (send). */
  peer: PeerId;
  direction: FileDirection;
  /** Storage key of the chunks and manifest pages (a fresh random string per copy). */
  key: string;
  /** The event's body (name, size, hashes, chunk size …). */
  body: FileBody;
  /** Number of chunks: ceil(size / chunkSize). */
  count: number;
  /** Chunks [0, next) are stored and verified (the sender's own file: count). */
  next: number;
  /** Saved SHA-256 state after chunk next − 1 (receive; null at 0 and once complete). */
  hasher: Uint8Array | null;
  /** The manifest (per-chunk digests) is stored and matched the event's `chunks`. */
  manifest: boolean;
  state: FileState;
  error: FileError | null;
  /** Who cancelled (the state is 'cancelled'). */
  cancelledBy: 'me' | 'peer' | null;
  /** Sender: bytes the peer acknowledged as stored. */
  acked: number;
  updatedAt: number;
}

/**
 * Bytes of chunk `index`, or of chunks [index, index + count) when `count`
 * is set: a receiver stores each batch it writes as one Blob (one Blob made,
 * one file written); the sender stores one row per chunk, since it reads them
 * one by one.
 */
export interface FileChunkRow {
  key: string;
  index: number;
  count?: number;
  data: Blob;
}

/** Chunks in a row. */
export function chunksIn(row: Pick<FileChunkRow, 'count'>): number {
  return row.count ?? 1;
}

/** One page of the manifest: the SHA-256 digests of DIGESTS_PER_PAGE chunks, concatenated. */
export interface FileHashRow {
  key: string;
  page: number;
  digests: Uint8Array;
}

/** A file being prepared (no event yet); `at` is touched with every batch. */
export interface FileUploadRow {
  key: string;
  at: number;
}

/** How far an author's log in a conversation was searched for file events. */
export interface FileScanRow {
  conv: ConversationId;
  author: PeerId;
  seq: number;
}

/** Bytes of `row`'s file stored on this device. */
export function storedBytes(row: FileRow): number {
  return row.state === 'freed' ? 0 : prefixBytes(row.body, row.next);
}

function chunkRange(key: string): [[string, number], [string, number]] {
  return [
    [key, 0],
    [key, Infinity],
  ];
}

/** The chunk rows stored under `key`, in order. */
function chunksOf(d: PlumeDatabase, key: string) {
  const [from, to] = chunkRange(key);
  return d.fileChunks.where('[key+index]').between(from, to, true, true);
}

/** The manifest pages stored under `key`, in order. */
function pagesOf(d: PlumeDatabase, key: string) {
  const [from, to] = chunkRange(key);
  return d.fileHashes.where('[key+page]').between(from, to, true, true);
}

/** One record, or null. */
export async function getFile(db: PlumeDatabase, id: EventId): Promise<FileRow | null> {
  return (await withStorage(db, (d) => d.files.get(id))) ?? null;
}

/** Create the record unless one exists; resolves to the stored one. */
export function ensureFile(db: PlumeDatabase, row: FileRow): Promise<FileRow> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.files, async () => {
      const existing = await d.files.get(row.id);
      if (existing) return existing;
      await d.files.add(row);
      return row;
    }),
  );
}

/**
 * Change one record in a transaction; `change` returns false to leave it.
 * Resolves to the record after the change (null when unknown).
 */
export function updateFile(
  db: PlumeDatabase,
  id: EventId,
  change: (row: FileRow) => boolean,
): Promise<FileRow | null> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.files, async () => {
      const row = await d.files.get(id);
      if (!row) return null;
      if (change(row)) await d.files.put(row);
      return row;
    }),
  );
}

/** Records of files with `peer` in `state` (the pull queue). */
export function filesWith(db: PlumeDatabase, peer: PeerId, state: FileState): Promise<FileRow[]> {
  return withStorage(db, (d) => d.files.where('[peer+state]').equals([peer, state]).toArray());
}

/** Records of one conversation. */
export function filesOfConv(db: PlumeDatabase, conv: ConversationId): Promise<FileRow[]> {
  return withStorage(db, (d) => d.files.where('conv').equals(conv).toArray());
}

/** Every record (usage, start-up). */
export function allFiles(db: PlumeDatabase): Promise<FileRow[]> {
  return withStorage(db, (d) => d.files.toArray());
}

// ---- preparing a file to send ------------------------------------------------

/** Mark `key` as being prepared, so a tab closed halfway leaves nothing behind. */
export function beginUpload(db: PlumeDatabase, key: string, now: number): Promise<void> {
  return withStorage(db, async (d) => {
    await d.fileUploads.put({ key, at: now });
  });
}

/** Store prepared chunks (and full manifest pages) of `key` in one transaction. */
export function storePrepared(
  db: PlumeDatabase,
  key: string,
  chunks: readonly FileChunkRow[],
  pages: readonly FileHashRow[],
  now: number,
): Promise<void> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.fileChunks, d.fileHashes, d.fileUploads], async () => {
      if (chunks.length > 0) await d.fileChunks.bulkPut(chunks);
      if (pages.length > 0) await d.fileHashes.bulkPut(pages);
      await d.fileUploads.put({ key, at: now });
    }),
  );
}

/**
 * Copy every stored chunk and manifest page of `from` under `to` in one transaction, marked as
 * an upload until its record is stored (finishUpload). Chunk rows stay Blob handles: a row that
 * holds several chunks (a received batch) is cut into one row per chunk with `Blob.slice`, the
 * form the sender reads from. Resolves to the number of chunks copied. [CHAT-FWD-4]
 */
export function copyStored(
  db: PlumeDatabase,
  from: string,
  to: string,
  chunkSize: number,
  now: number,
): Promise<number> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.fileChunks, d.fileHashes, d.fileUploads], async () => {
      const chunks: FileChunkRow[] = [];
      for (const row of await chunksOf(d, from).toArray()) {
        for (let i = 0; i < chunksIn(row); i++) {
          const data =
            row.count === undefined ? row.data : row.data.slice(i * chunkSize, (i + 1) * chunkSize);
          chunks.push({ key: to, index: row.index + i, data });
        }
      }
      const pages = (await pagesOf(d, from).toArray()).map((p) => ({ ...p, key: to }));
      await d.fileUploads.put({ key: to, at: now });
      if (chunks.length > 0) await d.fileChunks.bulkPut(chunks);
      if (pages.length > 0) await d.fileHashes.bulkPut(pages);
      return chunks.length;
    }),
  );
}

/** The prepared file has its event: store its record and forget the upload. */
export function finishUpload(db: PlumeDatabase, row: FileRow): Promise<void> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.files, d.fileUploads], async () => {
      await d.files.put(row);
      await d.fileUploads.delete(row.key);
    }),
  );
}

/** Delete everything stored under `key`: chunks, manifest pages, the upload mark. */
export function deleteBytes(db: PlumeDatabase, key: string): Promise<void> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.fileChunks, d.fileHashes, d.fileUploads], async () => {
      await chunksOf(d, key).delete();
      await pagesOf(d, key).delete();
      await d.fileUploads.delete(key);
    }),
  );
}

/**
 * Drop a record's bytes and start its prefix over, in one transaction (so a
 * batch being stored meanwhile cannot leave orphans): chunks and manifest
 * deleted, `next` 0, then `change` (e.g. state 'freed'). Resolves to the
 * bytes that were stored (0 when the record is unknown).
 */
export function clearFile(
  db: PlumeDatabase,
  id: EventId,
  change: (row: FileRow) => void,
): Promise<number> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.files, d.fileChunks, d.fileHashes], async () => {
      const row = await d.files.get(id);
      if (!row) return 0;
      const bytes = storedBytes(row);
      await chunksOf(d, row.key).delete();
      await pagesOf(d, row.key).delete();
      row.next = 0;
      row.hasher = null;
      row.manifest = false;
      change(row);
      await d.files.put(row);
      return bytes;
    }),
  );
}

/** Keys of prepares last touched before `before` (their tab is gone). */
export async function staleUploads(db: PlumeDatabase, before: number): Promise<string[]> {
  const rows = await withStorage(db, (d) => d.fileUploads.toArray());
  return rows.filter((r) => r.at < before).map((r) => r.key);
}

// ---- receiving ----------------------------------------------------------------

/** What a batch of received chunks moves the record to. */
export interface ReceivedBatch {
  id: EventId;
  key: string;
  /** `next` before the batch: the batch holds the chunks right after it. */
  from: number;
  chunks: readonly FileChunkRow[];
  /** SHA-256 state after the batch's last chunk. */
  hasher: Uint8Array | null;
  now: number;
}

/**
 * Store verified chunks and advance the record's prefix in one transaction.
 * False (nothing written) when the record moved meanwhile: freed, or its
 * prefix is no longer where the batch starts.
 */
export function storeReceived(db: PlumeDatabase, batch: ReceivedBatch): Promise<boolean> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.files, d.fileChunks], async () => {
      const row = await d.files.get(batch.id);
      if (!row || row.key !== batch.key || row.state === 'freed' || row.next !== batch.from) {
        return false;
      }
      if (batch.chunks.length > 0) await d.fileChunks.bulkPut(batch.chunks);
      row.next = batch.from + batch.chunks.reduce((n, c) => n + chunksIn(c), 0);
      row.hasher = batch.hasher;
      row.updatedAt = batch.now;
      await d.files.put(row);
      return true;
    }),
  );
}

/** Store one manifest page. */
export function putManifestPage(db: PlumeDatabase, page: FileHashRow): Promise<void> {
  return withStorage(db, async (d) => {
    await d.fileHashes.put(page);
  });
}

/** One manifest page, or null. */
export async function getManifestPage(
  db: PlumeDatabase,
  key: string,
  page: number,
): Promise<Uint8Array | null> {
  const row = await withStorage(db, (d) => d.fileHashes.get([key, page]));
  return row?.digests ?? null;
}

/** Delete the manifest pages of `key` (they did not match). */
export function deleteManifest(db: PlumeDatabase, key: string): Promise<void> {
  return withStorage(db, async (d) => {
    await pagesOf(d, key).delete();
  });
}

// ---- reading --------------------------------------------------------------------

/**
 * Chunks [from, from + n) of `key` (missing ones as null), in one request. The author stores
 * one row per chunk; a receiver stores batches of up to `span` chunks in one row, whose chunks
 * are cut out with `Blob.slice` (a handle, no bytes read), so a member who received a file can
 * serve it too.
 */
export async function readChunks(
  db: PlumeDatabase,
  key: string,
  from: number,
  n: number,
  chunkSize: number,
  span = 1,
): Promise<(Blob | null)[]> {
  const rows = await withStorage(db, (d) =>
    d.transaction('r', d.fileChunks, async () => {
      const within = await d.fileChunks
        .where('[key+index]')
        .between([key, from], [key, from + n], true, false)
        .toArray();
      if (span <= 1 || within[0]?.index === from) return within;
      // Chunk `from` lies inside a batch that starts before it: that one row, no more.
      const low = Math.max(0, from - span + 1);
      const before = await d.fileChunks
        .where('[key+index]')
        .between([key, low], [key, from], true, false)
        .last();
      return before ? [before, ...within] : within;
    }),
  );
  const out: (Blob | null)[] = new Array<Blob | null>(n).fill(null);
  for (const row of rows) {
    const inRow = chunksIn(row);
    for (let j = 0; j < inRow; j++) {
      const index = row.index + j;
      if (index < from || index >= from + n) continue;
      out[index - from] =
        inRow === 1 ? row.data : row.data.slice(j * chunkSize, (j + 1) * chunkSize);
    }
  }
  return out;
}

/** Every chunk row of `key` in order (Blob handles, not their bytes). */
export function allChunks(db: PlumeDatabase, key: string): Promise<FileChunkRow[]> {
  return withStorage(db, (d) => chunksOf(d, key).toArray());
}

// ---- scanning the logs for file events -------------------------------------------

/** Highest seq of `author` in `conv` already searched for file events (0: none). */
export async function getScanned(
  db: PlumeDatabase,
  conv: ConversationId,
  author: PeerId,
): Promise<number> {
  const row = await withStorage(db, (d) => d.fileScan.get([conv, author]));
  return row?.seq ?? 0;
}

/** Record that `author`'s log in `conv` was searched up to `seq` (never lowers it). */
export function setScanned(
  db: PlumeDatabase,
  conv: ConversationId,
  author: PeerId,
  seq: number,
): Promise<void> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.fileScan, async () => {
      const row = await d.fileScan.get([conv, author]);
      if (!row || row.seq < seq) await d.fileScan.put({ conv, author, seq });
    }),
  );
}
