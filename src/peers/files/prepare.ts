/**
 * Preparing a file to send: the Blob is read chunk by chunk (`blob.slice`),
 * each chunk hashed and stored in IndexedDB as a Blob of its own, while the
 * whole-file SHA-256 and the manifest hash run incrementally. At most one
 * batch is being written while the next is read, so memory stays bounded
 * whatever the file's size. Spec: docs/protocol.md [FILE-1], [CHAT-13].
 */
import type { PlumeDatabase } from '../../db/db';
import {
  beginUpload,
  deleteBytes,
  storePrepared,
  type FileChunkRow,
  type FileHashRow,
} from '../../db/filesRepo';
import type { FileBody } from '../../lib/chatEvent';
import { base64urlEncode } from '../../lib/base64url';
import { describeError } from '../../lib/errors';
import { normalizeMime, safeFileName } from '../../lib/fileNames';
import { chunkCount } from '../../lib/fileChunks';
import { log } from '../../lib/log';
import type { FileExtras } from './api';
import { digestSlot, pageLength } from './chunks';
import { DIGESTS_PER_PAGE, DIGEST_BYTES, PREPARE_BATCH_CHUNKS } from './constants';
import { chunkDigest, newHasher } from './hashing';

const logger = log('peers:files:prepare');

/** What preparing produced: where the bytes are and what checks them. */
export interface Prepared {
  key: string;
  size: number;
  chunkSize: number;
  count: number;
  sha256: string;
  chunks: string;
}

/** A fresh storage key for one copy of a file's bytes. */
export function newStorageKey(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Store `blob` under a new key, hashing as it goes. `onPrepare` gets the bytes
 * stored so far after each batch. On any failure everything stored under the
 * key is deleted before the error is rethrown (StorageError from IndexedDB,
 * or whatever reading the Blob threw).
 */
export async function prepareFile(
  db: PlumeDatabase,
  blob: Blob,
  chunkSize: number,
  now: () => number,
  onPrepare?: (bytes: number) => void,
): Promise<Prepared> {
  const key = newStorageKey();
  await beginUpload(db, key, now());
  try {
    return await hashAndStore(db, key, blob, chunkSize, now, onPrepare);
  } catch (err) {
    await deleteBytes(db, key).catch((cleanup: unknown) =>
      logger.warn('could not delete a half-prepared file', describeError(cleanup)),
    );
    throw err;
  }
}

async function hashAndStore(
  db: PlumeDatabase,
  key: string,
  blob: Blob,
  chunkSize: number,
  now: () => number,
  onPrepare?: (bytes: number) => void,
): Promise<Prepared> {
  const size = blob.size;
  const count = chunkCount(size, chunkSize);
  const [whole, manifest] = await Promise.all([newHasher(), newHasher()]);
  let page = new Uint8Array(pageLength(count, 0));
  let chunks: FileChunkRow[] = [];
  let pages: FileHashRow[] = [];
  let stored = 0;
  // One batch is written while the next is read and hashed.
  let writing: Promise<void> = Promise.resolve();
  for (let index = 0; index < count; index++) {
    const start = index * chunkSize;
    const slice = blob.slice(start, start + chunkSize);
    const bytes = new Uint8Array(await slice.arrayBuffer());
    const digest = await chunkDigest(bytes);
    whole.update(bytes);
    manifest.update(digest);
    const { page: p, slot } = digestSlot(index);
    page.set(digest, slot * DIGEST_BYTES);
    if (slot === DIGESTS_PER_PAGE - 1 || index === count - 1) {
      pages.push({ key, page: p, digests: page });
      page = new Uint8Array(pageLength(count, p + 1));
    }
    // The slice itself is stored: IndexedDB copies it, no Blob of our own is made.
    chunks.push({ key, index, data: slice });
    if (chunks.length >= PREPARE_BATCH_CHUNKS || index === count - 1) {
      await writing;
      const batch = chunks;
      const batchPages = pages;
      const bytesInBatch = batch.reduce((n, c) => n + c.data.size, 0);
      chunks = [];
      pages = [];
      writing = storePrepared(db, key, batch, batchPages, now()).then(() => {
        stored += bytesInBatch;
        onPrepare?.(stored);
      });
      // Awaited below; until then a rejection must not count as unhandled.
      writing.catch(() => undefined);
    }
  }
  await writing;
  if (count === 0) onPrepare?.(0);
  return {
    key,
    size,
    chunkSize,
    count,
    sha256: whole.digest('hex'),
    chunks: manifest.digest('hex'),
  };
}

/** [CHAT-13] The event body of a prepared file. */
export function fileBodyOf(
  prepared: Prepared,
  name: string,
  mime: string,
  extras: FileExtras = {},
): FileBody {
  const body: FileBody = {
    name: safeFileName(name),
    size: prepared.size,
    mime: normalizeMime(mime),
    sha256: prepared.sha256,
    chunkSize: prepared.chunkSize,
    chunks: prepared.chunks,
  };
  if (extras.thumb !== undefined) body.thumb = extras.thumb;
  // [CHAT-13] wants whole numbers; a recorder's duration is fractional.
  if (extras.width !== undefined) body.width = Math.round(extras.width);
  if (extras.height !== undefined) body.height = Math.round(extras.height);
  if (extras.duration !== undefined) body.duration = Math.round(extras.duration);
  if (extras.voice !== undefined) body.voice = extras.voice;
  if (extras.replyTo !== undefined) body.replyTo = extras.replyTo;
  return body;
}
