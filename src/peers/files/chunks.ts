/**
 * Manifest and frame bookkeeping: where a chunk's digest sits in the manifest,
 * and how a chunk is cut into frames (how a file splits into chunks is in
 * lib/fileChunks.ts). Pure functions. Spec: docs/protocol.md [FILE-7].
 */
import { DIGESTS_PER_PAGE, DIGEST_BYTES, MAX_PIECE_BYTES } from './constants';

/** [FILE-7] Number of manifest pages for `count` chunks. */
export function pageCount(count: number): number {
  return Math.ceil(count / DIGESTS_PER_PAGE);
}

/** [FILE-7] Byte length of manifest page `page` for `count` chunks; 0 beyond the end. */
export function pageLength(count: number, page: number): number {
  const first = page * DIGESTS_PER_PAGE;
  if (page < 0 || first >= count) return 0;
  return Math.min(DIGESTS_PER_PAGE, count - first) * DIGEST_BYTES;
}

/** The page holding chunk `index`'s digest, and its slot in that page. */
export function digestSlot(index: number): { page: number; slot: number } {
  return { page: Math.floor(index / DIGESTS_PER_PAGE), slot: index % DIGESTS_PER_PAGE };
}

/**
 * [FILE-7] How a chunk of `length` bytes is cut into frame payloads: pieces of
 * at most MAX_PIECE_BYTES, in order (one piece for the chunk sizes we send).
 */
export function pieceBounds(length: number): [number, number][] {
  if (length === 0) return [[0, 0]];
  const out: [number, number][] = [];
  for (let at = 0; at < length; at += MAX_PIECE_BYTES) {
    out.push([at, Math.min(length, at + MAX_PIECE_BYTES)]);
  }
  return out;
}
