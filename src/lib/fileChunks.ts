/**
 * How a file event's bytes split into chunks: what the chunk numbers in every
 * file frame and stored row refer to. Pure functions over a file body.
 * Spec: docs/protocol.md [FILE-1].
 */
import type { FileBody } from './chatEvent';

/** [FILE-1] Number of chunks: ceil(size / chunkSize); 0 for an empty file. */
export function chunkCount(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize);
}

/** [FILE-1] Byte length of chunk `index` (the last one may be short); 0 beyond the end. */
export function chunkLength(body: Pick<FileBody, 'size' | 'chunkSize'>, index: number): number {
  const start = index * body.chunkSize;
  if (index < 0 || start >= body.size) return 0;
  return Math.min(body.chunkSize, body.size - start);
}

/** Bytes of the first `next` chunks. */
export function prefixBytes(body: Pick<FileBody, 'size' | 'chunkSize'>, next: number): number {
  return Math.min(body.size, Math.max(0, next) * body.chunkSize);
}
